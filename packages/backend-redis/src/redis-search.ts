import {
  compareScored,
  cosineSimilarity,
  matchesClauses,
  TopK,
  vectorNorm,
  type EntryRef,
  type MemErrorContext,
  type PreparedSearch,
  type SearchHit,
} from '@mem/core';
import { CANDIDATE_FIELDS, decodeCandidate, decodeEntry, ENTRY_FIELDS } from './entry-codec.js';
import { fetchFields, findNamespaces, type RedisStore } from './namespace-scan.js';

/** Index members fetched per round of pipelined `HMGET`s. */
const FETCH_CHUNK = 1000;

/**
 * Exact top-k computed here, not in Redis: every entry under the prefix has its embedding,
 * metadata and timestamps fetched (pipelined, no values), filters apply first, then cosine feeds
 * a bounded heap; only the winners' full entries are fetched afterwards.
 */
export async function searchExact(store: RedisStore, s: PreparedSearch, context: MemErrorContext): Promise<SearchHit[]> {
  const now = Date.now();
  const queryNorm = vectorNorm(s.vector);
  const top = new TopK<EntryRef>(s.k);
  for (const namespace of await findNamespaces(store, s.prefix)) {
    const keys = store.layout.namespace(namespace);
    const members = await store.client.zrange(keys.index, 0, -1);
    const fetchChunk = (from: number): Promise<(Buffer | null)[][]> =>
      fetchFields(
        store,
        members.slice(from, from + FETCH_CHUNK).map((m) => keys.entryPrefix + m),
        CANDIDATE_FIELDS,
      );
    // Keep the next chunk in flight while this one is scored.
    let next = members.length > 0 ? fetchChunk(0) : undefined;
    for (let from = 0; next !== undefined; from += FETCH_CHUNK) {
      const rows = await next;
      next = from + FETCH_CHUNK < members.length ? fetchChunk(from + FETCH_CHUNK) : undefined;
      for (let i = 0; i < rows.length; i++) {
        const candidate = decodeCandidate(rows[i]!, now, context);
        if (candidate?.embedding === undefined || candidate.embedding.length !== s.vector.length) continue;
        if (!matchesClauses(candidate, s.clauses)) continue;
        const score = cosineSimilarity(s.vector, candidate.embedding, queryNorm);
        if (score >= s.minScore) top.offer({ namespace, key: members[from + i]! }, score);
      }
    }
  }
  const winners = top.result();
  const rows = await Promise.all(winners.map((w) => store.client.hmgetBuffer(store.layout.namespace(w.item.namespace).entryPrefix + w.item.key, ...ENTRY_FIELDS)));
  const hits: SearchHit[] = [];
  winners.forEach((w, i) => {
    // The entry may have changed since it was scored: score what is returned, or drop it.
    const entry = decodeEntry(w.item.namespace, w.item.key, rows[i]!, now, context);
    if (entry?.embedding === undefined || entry.embedding.length !== s.vector.length || !matchesClauses(entry, s.clauses)) return;
    const score = cosineSimilarity(s.vector, entry.embedding, queryNorm);
    if (score >= s.minScore) hits.push({ entry, score });
  });
  return hits.map((h) => ({ item: h.entry, score: h.score })).sort(compareScored).map((h) => ({ entry: h.item, score: h.score }));
}
