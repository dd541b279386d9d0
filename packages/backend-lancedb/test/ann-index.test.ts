import { exactTopK } from '@mem/core';
import { gaussianMixture } from '@mem/conformance';
import { afterAll, describe, expect, it } from 'vitest';
import { createLanceDbBackend } from '../src/index.js';
import { removeTempStores, tempStorePath } from './support/temp-store.js';

afterAll(removeTempStores);

// Small enough to build in seconds on 2 cores; clustered like real embeddings (uniform random
// vectors are a worst case no ANN index handles well).
const DATA = { points: 6000, queries: 40, dimension: 32, clusters: 30, spread: 0.35, seed: 11 } as const;

describe.each(['ivf_pq', 'hnsw_sq'] as const)('lancedb backend: %s index', (indexType) => {
  it('optimize() builds it past indexThreshold; recall@10 >= 0.95 with and without a prefix prefilter', async () => {
    const { points, queries } = gaussianMixture(DATA);
    const items = points.map((embedding, i) => ({ namespace: ['ann', i % 3 === 0 ? 'a' : 'b'], key: `p${i}`, value: i, embedding }));
    const backend = await createLanceDbBackend({ path: tempStorePath('ann'), indexThreshold: 5000, numPartitions: 16, indexType, optimizeEveryWrites: 1_000_000 });
    for (let i = 0; i < 4000; i += 2000) await backend.putMany(items.slice(i, i + 2000));
    expect((await backend.optimize()).indexesCreated).not.toContain('vec_idx');
    for (let i = 4000; i < items.length; i += 2000) await backend.putMany(items.slice(i, i + 2000));
    expect((await backend.optimize()).indexesCreated).toContain('vec_idx');
    expect((await backend.stats()).details?.['vectorIndex']).toBe(true);
    // Rows written after the build are not in the index yet; LanceDB scans them alongside it.
    const late = new Float32Array(DATA.dimension).fill(0.5);
    await backend.put(['ann', 'late'], 'late', 'late', { embedding: late });
    expect((await backend.search({ vector: late, k: 1 }))[0]?.entry.key).toBe('late');

    let found = 0;
    let foundInA = 0;
    for (const query of queries) {
      const want = new Set(exactTopK(query, items, 10).map((s) => s.item.key));
      found += (await backend.search({ vector: query, k: 10 })).filter((h) => want.has(h.entry.key)).length;
      const wantA = new Set(exactTopK(query, items.filter((it) => it.namespace[1] === 'a'), 10).map((s) => s.item.key));
      const hitsA = await backend.search({ vector: query, k: 10, prefix: ['ann', 'a'] });
      expect(hitsA.every((h) => h.entry.namespace[1] === 'a')).toBe(true);
      foundInA += hitsA.filter((h) => wantA.has(h.entry.key)).length;
    }
    if (process.env['MEM_LANCEDB_VERBOSE']) console.log(indexType, found / (queries.length * 10), foundInA / (queries.length * 10));
    expect(found / (queries.length * 10)).toBeGreaterThanOrEqual(0.95);
    expect(foundInA / (queries.length * 10)).toBeGreaterThanOrEqual(0.95);
    await backend.close();
  }, 120_000);

  it('builds it for dimensions that 8 does not divide (PQ sub-vectors must divide the dimension)', async () => {
    for (const dimension of [3, 12, 100]) {
      const { points } = gaussianMixture({ points: 600, queries: 1, dimension, clusters: 4, spread: 0.3, seed: dimension });
      const backend = await createLanceDbBackend({ path: tempStorePath('pq'), indexThreshold: 500, numPartitions: 2, indexType });
      await backend.putMany(points.map((embedding, i) => ({ namespace: ['pq'], key: `p${i}`, value: i, embedding })));
      expect((await backend.optimize()).indexesCreated, `dimension ${dimension}`).toContain('vec_idx');
      expect((await backend.search({ vector: points[0]!, k: 1 }))[0]?.entry.key).toBe('p0');
      await backend.close();
    }
  }, 60_000);
});
