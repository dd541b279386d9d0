import { afterAll, describe, expect, it } from 'vitest';
import { compileFilter, exactTopK, matchesClauses, namespaceStartsWith, type Entry, type Filter, type PutItem } from '@mem/core';
import { createSqliteBackend } from '../src/index.js';

const DIM = 48;
const store = createSqliteBackend({ path: ':memory:' });
afterAll(() => store.close());

// Deterministic PRNG so failures reproduce.
function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(42);
const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const centers = Array.from({ length: 8 }, () => Float32Array.from({ length: DIM }, gaussian));
const near = (c: Float32Array, spread: number) => Float32Array.from(c, (x) => x + spread * gaussian());
const NAMESPACES = [['p', 'x'], ['p', 'y'], ['q'], ['p-q']];

let all: Entry[] = [];

describe('exact vector search', () => {
  it('loads clustered vectors with duplicates (exact ties)', async () => {
    const items: PutItem[] = [];
    const duplicate = near(centers[0]!, 0.3);
    for (let i = 0; i < 3000; i++) {
      const embedding = i % 50 === 0 ? duplicate : near(centers[i % centers.length]!, 0.4);
      items.push({ namespace: NAMESPACES[i % NAMESPACES.length]!, key: `k${i}`, value: i, embedding, metadata: { bucket: i % 5, even: i % 2 === 0 } });
    }
    await store.putMany(items);
    all = (await store.list({ limit: 100_000 })).entries;
    expect(all).toHaveLength(3000);
  });

  const cases: { name: string; prefix?: string[]; filter?: Filter; k: number; minScore?: number }[] = [
    { name: 'everything', k: 10 },
    { name: 'k cuts through a block of identical vectors', k: 25 },
    { name: 'namespace prefix before top-k', prefix: ['p'], k: 40 },
    { name: 'prefix is per segment', prefix: ['p-q'], k: 7 },
    { name: 'filter before top-k', filter: { bucket: { $in: [1, 3] }, even: false }, k: 30 },
    { name: 'prefix + filter + minScore', prefix: ['q'], filter: { bucket: { $gte: 2 } }, k: 100, minScore: 0.2 },
    { name: 'k larger than the candidates', filter: { bucket: 4 }, prefix: ['p', 'y'], k: 1000 },
  ];

  it.each(cases)('equals the brute-force oracle: $name', async ({ prefix, filter, k, minScore }) => {
    const clauses = compileFilter(filter);
    const candidates = all.filter((e) => namespaceStartsWith(e.namespace, prefix ?? []) && matchesClauses(e, clauses));
    for (let q = 0; q < 6; q++) {
      const query = q === 0 ? all[0]!.embedding! : near(centers[q % centers.length]!, 0.8);
      const oracle = exactTopK(query, candidates, k, minScore);
      const hits = await store.search({ vector: query, k, ...(prefix ? { prefix } : {}), ...(filter ? { filter } : {}), ...(minScore === undefined ? {} : { minScore }) });
      expect(hits.map((h) => `${h.entry.namespace.join('/')}|${h.entry.key}`)).toEqual(oracle.map((o) => `${o.item.namespace.join('/')}|${o.item.key}`));
      hits.forEach((h, i) => expect(Math.abs(h.score - oracle[i]!.score)).toBeLessThan(1e-12));
    }
  });

  it('orders near-ties below float32 resolution exactly like the float64 oracle', async () => {
    const base = Float32Array.from({ length: DIM }, () => 1 + random());
    const items: PutItem[] = Array.from({ length: 300 }, (_, i) => ({
      namespace: ['near'],
      key: `n${i}`,
      value: i,
      // A few ulps apart: sqlite-vec's float32 distances cannot tell these apart reliably.
      embedding: Float32Array.from(base, (x) => x * (1 + 4e-7 * (random() - 0.5))),
    }));
    await store.putMany(items);
    const stored = (await store.list({ prefix: ['near'], limit: 1000 })).entries;
    for (const k of [1, 5, 20]) {
      const query = Float32Array.from(base, (x) => x + 0.01 * gaussian());
      const oracle = exactTopK(query, stored, k).map((o) => o.item.key);
      expect((await store.search({ vector: query, k, prefix: ['near'] })).map((h) => h.entry.key)).toEqual(oracle);
    }
  });

  it('returns fresh entries with their value, metadata and a fresh embedding', async () => {
    const target = all.find((e) => (e.value as number) % 50 !== 0)!;
    const [a] = await store.search({ vector: target.embedding!, k: 1 });
    const [b] = await store.search({ vector: target.embedding!, k: 1 });
    expect(a!.entry).toEqual(target);
    expect(a!.entry.embedding).not.toBe(b!.entry.embedding);
    a!.entry.embedding![0] = 99;
    expect(b!.entry.embedding![0]).not.toBe(99);
  });

  it('never returns expired entries', async () => {
    const query = Float32Array.from({ length: DIM }, (_, i) => (i === 0 ? 1 : 0));
    await store.put(['ttl'], 'soon', 1, { embedding: query, ttlMs: 30 });
    expect((await store.search({ vector: query, k: 1, prefix: ['ttl'] })).map((h) => h.entry.key)).toEqual(['soon']);
    await new Promise((r) => setTimeout(r, 60));
    expect(await store.search({ vector: query, k: 1, prefix: ['ttl'] })).toEqual([]);
  });
});
