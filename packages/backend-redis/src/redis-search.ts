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
import { findNamespaces, type RedisStore } from './namespace-scan.js';

/** Index members fetched per round of pipelined `HMGET`s. */
const FETCH_CHUNK = 512;

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
    let min = '-';
    for (;;) {
      const members = await store.client.zrangebylex(keys.index, min, '+', 'LIMIT', 0, FETCH_CHUNK);
      if (members.length === 0) break;
      const rows = await Promise.all(members.map((m) => store.client.hmgetBuffer(keys.entryPrefix + m, ...CANDIDATE_FIELDS)));
      for (let i = 0; i < members.length; i++) {
        const candidate = decodeCandidate(rows[i]!, now, context);
        if (candidate?.embedding === undefined || candidate.embedding.length !== s.vector.length) continue;
        if (!matchesClauses(candidate, s.clauses)) continue;
        const score = cosineSimilarity(s.vector, candidate.embedding, queryNorm);
        if (score >= s.minScore) top.offer({ namespace, key: members[i]! }, score);
      }
      if (members.length < FETCH_CHUNK) break;
      min = `(${members[members.length - 1]!}`;
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
