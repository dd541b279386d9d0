// Recall@10 and latency of LanceDB search, exact scan vs ANN index, on clustered data.
// Usage: node --conditions=@mem/source --import tsx scripts/measure-ann.ts <points> <dimension> [index=ivf_pq|hnsw_sq] [nprobes,refine;...] [spread=0.35]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exactTopK } from '@mem/core';
import { gaussianMixture } from '@mem/conformance';
import { createLanceDbBackend, type LanceDbIndexType } from '../src/index.js';

const points = Number(process.argv[2] ?? 10_000);
const dimension = Number(process.argv[3] ?? 384);
const indexType = (process.argv[4] ?? 'ivf_pq') as LanceDbIndexType;
const settings = (process.argv[5] ?? '8,10;16,10;32,20;64,20').split(';').map((s) => s.split(',').map(Number) as [number, number]);
const queriesCount = 100;
const k = 10;
const data = gaussianMixture({ points, queries: queriesCount, dimension, clusters: Math.max(16, Math.round(points / 250)), spread: Number(process.argv[6] ?? 0.35), seed: 7 });
const refs = data.points.map((embedding, i) => ({ namespace: ['m', String(i % 8)], key: `p${i}`, embedding }));
const truth = data.queries.map((q) => exactTopK(q, refs, k).map((s) => s.item.key));
const dir = mkdtempSync(join(tmpdir(), 'mem-lancedb-ann-'));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measure(label: string, backend: Awaited<ReturnType<typeof createLanceDbBackend>>): Promise<void> {
  const times: number[] = [];
  let found = 0;
  for (let q = 0; q < queriesCount; q++) {
    const start = performance.now();
    const hits = await backend.search({ vector: data.queries[q]!, k });
    times.push(performance.now() - start);
    const want = new Set(truth[q]);
    found += hits.filter((h) => want.has(h.entry.key)).length;
  }
  console.log(`${label}: recall@10 ${(found / (queriesCount * k)).toFixed(3)}, median ${median(times).toFixed(1)} ms, p95 ${[...times].sort((a, b) => a - b)[Math.floor(queriesCount * 0.95)]!.toFixed(1)} ms`);
}

try {
  let start = performance.now();
  const loader = await createLanceDbBackend({ path: dir, indexThreshold: Number.MAX_SAFE_INTEGER, optimizeEveryWrites: Number.MAX_SAFE_INTEGER });
  for (let i = 0; i < refs.length; i += 5000) {
    await loader.putMany(refs.slice(i, i + 5000).map((r) => ({ ...r, value: { i: r.key } })));
  }
  console.log(`${points} x ${dimension}: load ${((performance.now() - start) / 1000).toFixed(1)} s`);
  await loader.optimize();
  await measure('exact (flat scan)', loader);
  await loader.close();
  start = performance.now();
  const indexer = await createLanceDbBackend({ path: dir, indexThreshold: 1, indexType });
  const report = await indexer.optimize();
  console.log(`${indexType} build (${report.indexesCreated.join(', ')}): ${((performance.now() - start) / 1000).toFixed(1)} s, bytes on disk ${(await indexer.stats()).bytes}`);
  await indexer.close();
  for (const [nprobes, refineFactor] of settings) {
    const backend = await createLanceDbBackend({ path: dir, indexThreshold: 1, indexType, nprobes, refineFactor, ef: nprobes * 4 });
    // The backend raises ef to cover (k + 16) x refineFactor candidates; report what was used.
    const ef = Math.max(nprobes * 4, (k + 16) * refineFactor);
    await measure(`${indexType} nprobes=${nprobes} refine=${refineFactor}${indexType === 'hnsw_sq' ? ` ef=${ef}` : ''}`, backend);
    await backend.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
