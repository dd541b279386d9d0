import { exactTopK, type Entry, type StorageBackend } from '@mem/core';
import { expect } from 'vitest';
import type { ConformanceCase, ConformanceGroup } from '../conformance-case.js';
import { expectMemError } from '../support/expectations.js';
import { gaussianMixture } from '../support/gaussian-mixture.js';

const NS = ['vec'];
const SCORE_TOLERANCE = 1e-5;

/** The data set of the oracle and recall cases: 2000 points in 24 clusters of dimension 32. */
export const RECALL_DATA = { points: 2000, queries: 40, dimension: 32, clusters: 24, spread: 0.35, seed: 7 } as const;

async function loadMixture(backend: StorageBackend): Promise<{ entries: Entry[]; queries: Float32Array[] }> {
  const { points, queries } = gaussianMixture(RECALL_DATA);
  const items = points.map((embedding, i) => ({ namespace: i % 2 ? ['vec', 'odd'] : ['vec', 'even'], key: `p${String(i).padStart(4, '0')}`, value: i, embedding, metadata: { i, mod3: i % 3 } }));
  for (let i = 0; i < items.length; i += 500) await backend.putMany(items.slice(i, i + 500));
  const entries: Entry[] = items.map((item) => ({ ...item, version: 1, createdAt: 0, updatedAt: 0 }));
  return { entries, queries };
}

function keyOf(e: { namespace: readonly string[]; key: string }): string {
  return `${e.namespace.join('/')}#${e.key}`;
}

// Compares hits with the oracle: same scores rank by rank; same entries except where scores tie within float error.
function expectMatchesOracle(hits: { entry: Entry; score: number }[], oracle: { item: Entry; score: number }[], what: string): void {
  expect(hits.length, `${what}: hit count`).toBe(oracle.length);
  hits.forEach((hit, i) => {
    expect(Math.abs(hit.score - oracle[i]!.score), `${what}: score at rank ${i}`).toBeLessThan(SCORE_TOLERANCE);
    if (keyOf(hit.entry) !== keyOf(oracle[i]!.item)) {
      const tied = oracle.some((o) => keyOf(o.item) === keyOf(hit.entry) && Math.abs(o.score - hit.score) < SCORE_TOLERANCE);
      expect(tied, `${what}: rank ${i} is ${keyOf(hit.entry)}, oracle says ${keyOf(oracle[i]!.item)}`).toBe(true);
    }
  });
}

function recallAt(hits: { entry: Entry }[], oracle: { item: Entry }[]): number {
  const truth = new Set(oracle.map((o) => keyOf(o.item)));
  return hits.filter((h) => truth.has(keyOf(h.entry))).length / Math.max(1, truth.size);
}

const unsupported: ConformanceCase[] = [
  {
    title: "vectorSearch 'none': search fails with UnsupportedCapabilityError",
    run: async ({ backend }) => {
      await expectMemError(backend, () => backend.search({ vector: [1, 0] }), { code: 'UNSUPPORTED_CAPABILITY', operation: 'search' });
    },
  },
];

function oracleCase(exact: boolean): ConformanceCase {
  return exact
    ? {
        title: 'exact search equals the brute-force top-k (oracle) on a clustered data set, with and without filters',
        timeoutFactor: 2,
        run: async ({ backend }) => {
          const { entries, queries } = await loadMixture(backend);
          for (const [q, query] of queries.slice(0, 20).entries()) {
            expectMatchesOracle(await backend.search({ vector: query, k: 10 }), exactTopK(query, entries, 10), `query ${q}`);
            const filtered = entries.filter((e) => e.metadata!.mod3 === 1 && e.namespace[1] === 'odd');
            expectMatchesOracle(await backend.search({ vector: query, k: 7, prefix: ['vec', 'odd'], filter: { mod3: 1 } }), exactTopK(query, filtered, 7), `filtered query ${q}`);
          }
        },
      }
    : {
        title: 'approximate search reaches recall@10 >= 0.95 on a clustered Gaussian-mixture data set',
        timeoutFactor: 2,
        run: async ({ backend }) => {
          const { entries, queries } = await loadMixture(backend);
          let recall = 0;
          for (const query of queries) recall += recallAt(await backend.search({ vector: query, k: 10 }), exactTopK(query, entries, 10));
          expect(recall / queries.length).toBeGreaterThanOrEqual(0.95);
        },
      };
}

/** Cosine top-k: scores, order, ties, prefix and filter before top-k, minScore, dimension rules. */
export const vectorGroup: ConformanceGroup = {
  id: 'vector',
  title: 'vector search',
  select: (capabilities) =>
    capabilities.dimension === undefined || capabilities.vectorSearch === 'none'
      ? { kind: 'run' }
      : { kind: 'misconfigured', reason: `create() fixed the embedding dimension at ${capabilities.dimension}; the suite writes embeddings of several dimensions, so create stores without one` },
  cases: (capabilities) => (capabilities.vectorSearch === 'none' ? unsupported : vectorCases(capabilities.vectorSearch === 'exact')),
};

function vectorCases(exact: boolean): ConformanceCase[] {
  return [
    oracleCase(exact),
    {
      title: 'scores are cosine similarities and hits are sorted by score, best first',
      run: async ({ backend }) => {
        await backend.put(NS, 'same', 1, { embedding: [2, 0, 0] });
        await backend.put(NS, 'diag', 1, { embedding: [1, 1, 0] });
        await backend.put(NS, 'ortho', 1, { embedding: [0, 0, 3] });
        await backend.put(NS, 'opposite', 1, { embedding: [-1, 0, 0] });
        const hits = await backend.search({ vector: [1, 0, 0], k: 4 });
        expect(hits.map((h) => h.entry.key)).toEqual(['same', 'diag', 'ortho', 'opposite']);
        expect(hits[0]!.score).toBeCloseTo(1, 5);
        expect(hits[1]!.score).toBeCloseTo(Math.SQRT1_2, 5);
        expect(hits[2]!.score).toBeCloseTo(0, 5);
        expect(hits[3]!.score).toBeCloseTo(-1, 5);
      },
    },
    {
      title: 'equal scores are ordered by (namespace, key) in code-point order',
      run: async ({ backend }) => {
        const refs: [string[], string][] = [[['b'], 'a'], [['a', 'z'], 'b'], [['a'], '\u{1F600}'], [['a'], '\uFFFF'], [['a'], 'b']];
        for (const [ns, key] of refs) await backend.put(ns, key, 1, { embedding: [1, 2, 3] });
        const hits = await backend.search({ vector: [1, 2, 3], k: 5 });
        expect(hits.map((h) => [h.entry.namespace, h.entry.key])).toEqual([[['a'], 'b'], [['a'], '\uFFFF'], [['a'], '\u{1F600}'], [['a', 'z'], 'b'], [['b'], 'a']]);
      },
    },
    {
      title: 'k larger than the candidates returns every candidate; k cuts otherwise',
      run: async ({ backend }) => {
        for (let i = 1; i <= 5; i++) await backend.put(NS, `k${i}`, i, { embedding: [1, i] });
        expect(await backend.search({ vector: [1, 0], k: 50 })).toHaveLength(5);
        expect((await backend.search({ vector: [1, 0], k: 2 })).map((h) => h.entry.key)).toEqual(['k1', 'k2']);
        expect(await backend.search({ vector: [1, 0] })).toHaveLength(5);
      },
    },
    {
      title: "the namespace prefix applies before top-k and per segment (['acme'] never sees ['acme-corp'])",
      run: async ({ backend }) => {
        for (let i = 0; i < 20; i++) await backend.put(['acme-corp'], `best${i}`, i, { embedding: [1, i / 100] });
        for (let i = 0; i < 3; i++) await backend.put(['acme', 'x'], `worse${i}`, i, { embedding: [0.2, 1 + i] });
        const hits = await backend.search({ vector: [1, 0], k: 3, prefix: ['acme'] });
        expect(hits.map((h) => h.entry.key)).toEqual(['worse0', 'worse1', 'worse2']);
      },
    },
    {
      title: 'the filter applies before top-k (never top-k then filter)',
      run: async ({ backend }) => {
        for (let i = 0; i < 30; i++) await backend.put(NS, `near${i}`, i, { embedding: [1, i / 1000], metadata: { kind: 'near' } });
        for (let i = 0; i < 4; i++) await backend.put(NS, `far${i}`, i, { embedding: [i + 1, 10], metadata: { kind: 'far' } });
        const hits = await backend.search({ vector: [1, 0], k: 4, filter: { kind: 'far' } });
        expect(hits.map((h) => h.entry.key)).toEqual(['far3', 'far2', 'far1', 'far0']);
      },
    },
    {
      title: 'minScore drops hits that score below it',
      run: async ({ backend }) => {
        await backend.put(NS, 'a', 1, { embedding: [1, 0] });
        await backend.put(NS, 'b', 1, { embedding: [1, 1] });
        await backend.put(NS, 'c', 1, { embedding: [0, 1] });
        const hits = await backend.search({ vector: [1, 0], k: 10, minScore: 0.5 });
        expect(hits.map((h) => h.entry.key)).toEqual(['a', 'b']);
        for (const hit of hits) expect(hit.score).toBeGreaterThanOrEqual(0.5);
      },
    },
    {
      title: 'entries without an embedding are never hits; a put without embedding removes it',
      run: async ({ backend }) => {
        await backend.put(NS, 'plain', 1);
        await backend.put(NS, 'had', 1, { embedding: [1, 0] });
        await backend.put(NS, 'kept', 1, { embedding: [0, 1] });
        await backend.put(NS, 'had', 2);
        expect((await backend.get(NS, 'had'))!.embedding).toBeUndefined();
        expect((await backend.search({ vector: [1, 0], k: 10 })).map((h) => h.entry.key)).toEqual(['kept']);
      },
    },
    {
      title: 'deleted and cleared entries are never hits',
      run: async ({ backend }) => {
        await backend.put(['a'], 'gone', 1, { embedding: [1, 0] });
        await backend.put(['b'], 'cleared', 1, { embedding: [1, 0.1] });
        await backend.put(['c'], 'kept', 1, { embedding: [1, 0.2] });
        await backend.delete(['a'], 'gone');
        await backend.clear(['b']);
        expect((await backend.search({ vector: [1, 0], k: 10 })).map((h) => h.entry.key)).toEqual(['kept']);
      },
    },
    {
      title: 'an overwritten embedding is searched by its new value',
      run: async ({ backend }) => {
        await backend.put(NS, 'moving', 1, { embedding: [1, 0] });
        await backend.put(NS, 'still', 1, { embedding: [0.8, 0.6] });
        await backend.put(NS, 'moving', 2, { embedding: [0, 1] });
        const [best] = await backend.search({ vector: [1, 0], k: 1 });
        expect(best!.entry.key).toBe('still');
        const [top] = await backend.search({ vector: [0, 1], k: 1 });
        expect([top!.entry.key, top!.entry.value, top!.score]).toEqual(['moving', 2, expect.closeTo(1, 5)]);
      },
    },
    {
      title: 'hits carry full entries with a Float32Array embedding; number[] embeddings are accepted',
      run: async ({ backend }) => {
        await backend.put(NS, 'k', { v: 1 }, { embedding: [0.5, -0.25, 2], metadata: { m: 'x' } });
        const [hit] = await backend.search({ vector: new Float32Array([0.5, -0.25, 2]), k: 1 });
        expect(hit!.entry).toMatchObject({ namespace: NS, key: 'k', value: { v: 1 }, metadata: { m: 'x' }, version: 1 });
        expect(hit!.entry.embedding).toBeInstanceOf(Float32Array);
        expect(Array.from(hit!.entry.embedding!)).toEqual([0.5, -0.25, 2]);
        expect(Array.from((await backend.get(NS, 'k'))!.embedding!)).toEqual([0.5, -0.25, 2]);
      },
    },
    {
      title: 'the first embedding fixes the dimension: others are a ValidationError and store nothing',
      run: async ({ backend }) => {
        const ok = [1, 2, 3];
        await backend.put(NS, 'first', 1, { embedding: ok });
        await expectMemError(backend, () => backend.put(NS, 'wrong', 1, { embedding: [...ok, 1] }), { code: 'VALIDATION', operation: 'put' });
        await expectMemError(backend, () => backend.putMany([{ namespace: NS, key: 'wrong', value: 1, embedding: [1, 2] }]), { code: 'VALIDATION' });
        await expectMemError(backend, () => backend.search({ vector: [...ok, 1] }), { code: 'VALIDATION', operation: 'search' });
        expect(await backend.get(NS, 'wrong')).toBeUndefined();
      },
    },
    {
      title: 'search on a store with no embeddings returns no hits',
      run: async ({ backend }) => {
        await backend.put(NS, 'plain', 1);
        expect(await backend.search({ vector: [1, 0, 0], k: 3 })).toEqual([]);
      },
    },
    {
      title: 'search of k = maxK is accepted',
      run: async ({ backend, capabilities }) => {
        await backend.put(NS, 'k', 1, { embedding: [1, 1] });
        expect(await backend.search({ vector: [1, 1], k: capabilities.maxK })).toHaveLength(1);
      },
    },
  ];
}
