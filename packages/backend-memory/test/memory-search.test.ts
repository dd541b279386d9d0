import { encodeNamespace, exactTopK, compileFilter, matchesClauses, type Entry, type Filter } from '@mem/core';
import { describe, expect, it } from 'vitest';
import { createMemoryBackend } from '../src/index.js';

// Deterministic clustered vectors: the SIMD pre-pass must still return exactly the oracle's top-k.
function rng(seed: number): () => number {
  return () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('memory backend: exact search through the SIMD slab', () => {
  it('equals the brute-force oracle with prefix, filter, minScore, overwrites and deletes', async () => {
    const random = rng(7);
    const dim = 37;
    const centers = Array.from({ length: 5 }, () => Float32Array.from({ length: dim }, () => random() * 2 - 1));
    const b = createMemoryBackend();
    const entries: Entry[] = [];
    for (let i = 0; i < 2000; i++) {
      const center = centers[i % centers.length]!;
      const embedding = center.map((x) => x + (random() - 0.5) * 0.4);
      const namespace = i % 3 === 0 ? ['team', 'a'] : i % 3 === 1 ? ['team', 'a-b'] : ['other'];
      const metadata = { n: i % 10, kind: i % 2 === 0 ? 'even' : 'odd' };
      await b.put(namespace, `k${i}`, i, { embedding, metadata });
      entries.push({ namespace, key: `k${i}`, value: i, embedding, metadata, version: 1, createdAt: 0, updatedAt: 0 });
    }
    // Overwrite some embeddings and delete others: slots are reused and freed.
    for (let i = 0; i < 2000; i += 7) {
      const embedding = centers[(i + 1) % centers.length]!.map((x) => x + (random() - 0.5) * 0.1);
      await b.put(entries[i]!.namespace, entries[i]!.key, i, { embedding, metadata: entries[i]!.metadata! });
      entries[i] = { ...entries[i]!, embedding };
    }
    for (let i = 3; i < 2000; i += 11) {
      await b.delete(entries[i]!.namespace, entries[i]!.key);
    }
    const live = entries.filter((_, i) => !(i >= 3 && (i - 3) % 11 === 0));
    const cases: { prefix: string[]; filter: Filter | undefined; minScore: number | undefined }[] = [
      { prefix: [], filter: undefined, minScore: undefined },
      { prefix: ['team', 'a'], filter: undefined, minScore: undefined },
      { prefix: ['team'], filter: { kind: 'odd', n: { $gte: 5 } }, minScore: undefined },
      { prefix: [], filter: { n: { $in: [1, 2] } }, minScore: 0.5 },
    ];
    for (const c of cases) {
      for (let q = 0; q < 5; q++) {
        const query = centers[q]!.map((x) => x + (random() - 0.5) * 0.3);
        const clauses = compileFilter(c.filter);
        const prefixId = encodeNamespace(c.prefix);
        const candidates = live.filter((e) => encodeNamespace(e.namespace).startsWith(prefixId) && matchesClauses(e, clauses));
        const oracle = exactTopK(query, candidates, 10, c.minScore);
        const hits = await b.search({ vector: query, k: 10, prefix: c.prefix, ...(c.filter ? { filter: c.filter } : {}), ...(c.minScore === undefined ? {} : { minScore: c.minScore }) });
        expect(hits.map((h) => [h.entry.namespace.join('/'), h.entry.key])).toEqual(oracle.map((o) => [o.item.namespace.join('/'), o.item.key]));
        hits.forEach((h, i) => expect(h.score).toBe(oracle[i]!.score));
      }
    }
    await b.close();
  });
});
