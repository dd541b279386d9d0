import { compareScored, cosineSimilarity, decodeNamespace, unescapeSegment, vectorNorm, type MemErrorContext, type PreparedSearch, type SearchHit } from '@mem/core';
import { blobToEmbedding, embeddingToBlob, rowToEntry, type EntryRow } from './entry-row.js';
import type { StatementCache } from './statement-cache.js';
import { namespaceRange, SqlConditions } from './sql-conditions.js';
import { compileSqlFilter } from './sql-filter.js';
import type { Statement } from 'better-sqlite3';

/**
 * sqlite-vec computes cosine distance in float32 (measured error below 2e-7 at 384 dimensions);
 * mem scores in float64. Every row whose float32 distance is within this margin of the k-th is
 * re-scored, which makes the result exactly the float64 oracle's (the margin covers twice the error).
 */
const DISTANCE_MARGIN = 5e-5;

/**
 * Exact top-k: prefix, TTL and filter restrict the candidate rows inside SQL, sqlite-vec ranks
 * them by `vec_distance_cosine`, and the rows near the cut are re-scored in float64 and ordered by
 * (score desc, namespace, key) — the same order and scores as core's `exactTopK`.
 */
export function searchExact(statements: StatementCache, byId: Statement, search: PreparedSearch, now: number, context: MemErrorContext, indexedFields?: ReadonlySet<string>): SearchHit[] {
  const where = new SqlConditions();
  where.add('embedding IS NOT NULL');
  namespaceRange(where, search.prefix);
  where.add('(expires_at IS NULL OR expires_at > ?)', now);
  const filter = compileSqlFilter(search.clauses, indexedFields);
  where.add(filter.sql, ...filter.params);
  const query = embeddingToBlob(search.vector);
  if (search.minScore > -Infinity) where.add('vec_distance_cosine(embedding, ?) <= ?', query, 1 - search.minScore + DISTANCE_MARGIN);

  // Without a prefix a sequential table scan is ~3x faster than walking an index and looking up
  // every row; with one, the (ns, key) range skips everything outside it.
  const table = search.prefix.length === 0 ? 'mem_entries NOT INDEXED' : 'mem_entries';
  const base = `SELECT id, vec_distance_cosine(embedding, ?) AS d FROM ${table} WHERE ${where.sql()}`;
  const firstCut = Math.max(search.k * 2, search.k + 16);
  let ranked = statements.get(`${base} ORDER BY d LIMIT ?`).all(query, ...where.params, firstCut) as { id: number; d: number }[];
  if (ranked.length === firstCut && ranked[firstCut - 1]!.d - ranked[search.k - 1]!.d <= DISTANCE_MARGIN) {
    // Rows beyond the first cut may still be within float32 error of the k-th: take them all.
    const bound = ranked[search.k - 1]!.d + DISTANCE_MARGIN;
    ranked = statements.get(`${base} AND d <= ?`).all(query, ...where.params, bound) as { id: number; d: number }[];
  }

  const queryNorm = vectorNorm(search.vector);
  const scored: { item: { namespace: string[]; key: string; row: EntryRow }; score: number }[] = [];
  for (const { id } of ranked) {
    const row = byId.get(id) as EntryRow;
    const score = cosineSimilarity(search.vector, blobToEmbedding(row[4]!), queryNorm);
    if (score >= search.minScore) scored.push({ item: { namespace: decodeNamespace(row[0]), key: unescapeSegment(row[1]), row }, score });
  }
  scored.sort(compareScored);
  // Values are decoded for the kept hits only.
  return scored.slice(0, search.k).map(({ item, score }) => ({ entry: rowToEntry(item.row, context, item), score }));
}
