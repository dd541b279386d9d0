import { compareScored, cosineSimilarity, decodeEntryKey, matchesClauses, vectorNorm, type MemErrorContext, type PreparedSearch, type SearchHit } from '@mem/core';
import { COLUMNS } from './arrow.js';
import { entryFromRow, filterViewOfRow, type EntryRow } from './entry-rows.js';
import type { LanceStore } from './lance-store.js';
import type { ResolvedLanceDbOptions } from './lancedb-backend-options.js';
import { rowsFromArrow } from './row-codec.js';
import { allOf, livePredicate, namespacePrefixPredicate, sqlIn, timestampClausesPredicate } from './sql.js';

/** How the search runs: exact flat scan, or the ANN index with its tuning. */
export interface SearchPlan {
  /** Whether a vector index exists on the table. */
  readonly indexed: boolean;
  /** Tuning options. */
  readonly options: Pick<ResolvedLanceDbOptions, 'indexThreshold' | 'nprobes' | 'refineFactor' | 'ef'>;
}

// Extra rows fetched beyond k, so near-ties at the cut are re-ranked with core's exact cosine.
const SLACK = 16;
const TIE_EPSILON = 1e-6;
const TIMESTAMP_FIELDS = new Set(['createdAt', 'updatedAt']);
const IN_LIST_MAX = 5000;

/**
 * Top-k by cosine similarity with prefix and filter applied before top-k (LanceDB prefilter).
 * Metadata clauses are evaluated with `matchesClauses` first and become an exact `ek IN (...)`
 * prefilter, or past `IN_LIST_MAX` matches a key set applied to widening top-N rounds. Scores are recomputed with core's `cosineSimilarity` so they equal the oracle's.
 */
export async function vectorSearch(store: LanceStore, search: PreparedSearch, plan: SearchPlan, context: MemErrorContext): Promise<SearchHit[]> {
  const dimension = await store.refreshDimension();
  if (dimension === undefined || dimension !== search.vector.length) return [];
  const now = Date.now();
  // No `vec IS NOT NULL`: LanceDB's vector search skips null vectors itself, and that predicate
  // would read the whole vector column just to filter.
  let where = allOf(livePredicate(now), namespacePrefixPredicate(search.prefix), timestampClausesPredicate(search.clauses));
  let candidates: number | undefined;
  // Many matches: a huge `ek IN (...)` costs more than it saves, so fetch in widening top-N rounds
  // and keep the allowed rows until k of them are in hand: the same result as the prefilter.
  let allowed: Set<string> | undefined;
  if (search.clauses.some((c) => !TIMESTAMP_FIELDS.has(c.field))) {
    const rows = await store.select(where, { columns: [COLUMNS.entryKey, COLUMNS.metadata, COLUMNS.createdAt, COLUMNS.updatedAt] });
    const keys = rows.filter((row) => matchesClauses(filterViewOfRow(row, context), search.clauses)).map((row) => row.ek);
    if (keys.length === 0) return [];
    if (keys.length <= IN_LIST_MAX) where = allOf(where, sqlIn(COLUMNS.entryKey, keys));
    else allowed = new Set(keys);
    candidates = keys.length;
  }
  // Few candidates: an exact scan is cheap and cannot miss; the index only pays off on many.
  let exact = !plan.indexed;
  if (!exact) exact = (candidates ?? (search.prefix.length > 0 || search.clauses.length > 0 ? await store.count(where) : Infinity)) < plan.options.indexThreshold;
  const queryNorm = vectorNorm(search.vector);
  let limit = (allowed === undefined ? search.k : search.k * 4) + SLACK;
  for (;;) {
    let query = store.table.vectorSearch(search.vector).column(COLUMNS.vector).distanceType('cosine').limit(limit);
    if (where !== undefined) query = query.where(where);
    if (exact) query = query.bypassVectorIndex();
    else {
      const { nprobes, refineFactor, ef } = plan.options;
      // HNSW needs ef >= the candidates it returns, which the refine stage multiplies.
      query = query.maximumNprobes(Math.max(nprobes * 8, 256)).minimumNprobes(nprobes).refineFactor(refineFactor).ef(Math.max(ef, limit * refineFactor));
    }
    const rows = rowsFromArrow(await query.toArrow());
    const exhausted = rows.length < limit;
    const all = rows.map((row) => ({ item: { ...decodeEntryKey(row.ek), row }, score: cosineSimilarity(search.vector, row.vec!, queryNorm) }));
    const lowest = all.reduce((min, s) => Math.min(min, s.score), Infinity);
    const scored = (allowed === undefined ? all : all.filter((s) => allowed.has(s.item.row.ek))).sort(compareScored);
    const enough = scored.length >= search.k;
    // Rows tied with the k-th beyond the fetched ones would be missed: fetch more until the cut is clear.
    const tiedAtCut = exact && enough && lowest >= scored[search.k - 1]!.score - TIE_EPSILON;
    if (!exhausted && (!enough || tiedAtCut)) {
      limit *= 4;
      continue;
    }
    return scored
      .filter((s) => s.score >= search.minScore)
      .slice(0, search.k)
      .map((s) => ({ entry: entryFromRow(s.item.row as EntryRow, context), score: s.score }));
  }
}
