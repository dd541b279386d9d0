import type { StorageBackend } from '@mem/core';
import { benchKey } from '../data/bench-values.js';
import { bruteForceTopK, rowNorms } from '../data/brute-force-top-k.js';
import { recallAt10, vectorDataset, type VectorDataset } from '../data/vector-dataset.js';
import { summarizeSamples } from '../measure/latency-summary.js';
import { langGraphVectorPeer } from '../subjects/langgraph-vector-peer.js';
import { BENCH_NAMESPACE } from '../subjects/ours-subject.js';
import type { Workload, WorkloadContext } from './workload.js';

const LOAD_BATCH = 1000;

// Queries run until all are done or this many measuring budgets have passed (min 3 queries).
const QUERY_BUDGETS = 4;

async function timeQueries(ctx: WorkloadContext, ds: VectorDataset, search: (q: Float32Array, index: number) => Promise<string[]> | string[]) {
  await search(ds.queries[0]!, 0);
  const times: number[] = [];
  let recall = 0;
  const stopAt = performance.now() + ctx.scale.durationMs * QUERY_BUDGETS;
  for (let q = 0; q < ds.queries.length && (q < 3 || performance.now() < stopAt); q++) {
    const t = performance.now();
    const keys = await search(ds.queries[q]!, q);
    times.push(performance.now() - t);
    recall += recallAt10(keys, ds.truth[q]!);
  }
  return { ...summarizeSamples(Float64Array.from(times)), recall: recall / times.length, queries: times.length };
}

async function loadVectors(backend: StorageBackend, ds: VectorDataset): Promise<number> {
  const { base } = ds;
  const t = performance.now();
  for (let start = 0; start < base.count; start += LOAD_BATCH) {
    const items = [];
    for (let i = start; i < Math.min(base.count, start + LOAD_BATCH); i++) {
      items.push({ namespace: BENCH_NAMESPACE, key: benchKey(i), value: { i }, embedding: base.data.slice(i * base.dimension, (i + 1) * base.dimension) });
    }
    await backend.putMany(items);
  }
  return (base.count / (performance.now() - t)) * 1000;
}

function vectorWorkload(id: string): Workload {
  return {
    id,
    title: `top-10 cosine search over ${id.slice('vector-'.length)} × 384 clustered vectors (figure: p50 ms per query; recall@10 vs exactTopK)`,
    shared: async (ctx) => {
      const count = ctx.scale.vectorCounts[id];
      if (count === undefined) return;
      ctx.status(`building ${count} × ${ctx.scale.dimension} data set`);
      const ds = vectorDataset(count, ctx.scale.dimension, ctx.scale.queries);
      const norms = rowNorms(ds.base);
      ctx.status('plain JS brute force');
      const r = await timeQueries(ctx, ds, (q) => bruteForceTopK(ds.base, norms, q, 10).map(benchKey));
      ctx.record({ family: 'vectors', subject: 'plain JS brute force', role: 'raw', value: r.p50Ms, unit: 'ms', better: 'lower', p50Ms: r.p50Ms, p99Ms: r.p99Ms, ops: r.queries, extra: { vectors: count, recallAt10: r.recall } });
      ctx.status('LangGraph InMemoryStore: loading');
      const t = performance.now();
      const peer = await langGraphVectorPeer(ds.base, ds.queries);
      const loadRowsPerSec = (count / (performance.now() - t)) * 1000;
      ctx.status('LangGraph InMemoryStore: searching');
      const p = await timeQueries(ctx, ds, (_q, index) => peer.search(index));
      ctx.record({ family: 'vectors', subject: peer.name, role: 'peer', value: p.p50Ms, unit: 'ms', better: 'lower', p50Ms: p.p50Ms, p99Ms: p.p99Ms, ops: p.queries, extra: { vectors: count, recallAt10: p.recall, loadRowsPerSec } });
    },
    run: async (ctx) => {
      const count = ctx.scale.vectorCounts[id];
      if (count === undefined) return ctx.skip(`not part of this run's scale (--quick runs ${Object.keys(ctx.scale.vectorCounts).join(', ')})`);
      const limit = ctx.family.vectorLimit;
      if (limit && count > limit.count) return ctx.skip(limit.reason);
      const backend = await ctx.family.openBackend('default', ctx.family.vectorOptions);
      const name = `mem ${ctx.family.name}`;
      try {
        if (backend.capabilities.vectorSearch === 'none') return ctx.skip('declares vectorSearch: none', name);
        const ds = vectorDataset(count, ctx.scale.dimension, ctx.scale.queries);
        ctx.status(`${name}: loading ${count} vectors`);
        const loadRowsPerSec = await loadVectors(backend, ds);
        // A backend with an index to build (LanceDB) builds it now, as an operator would after a bulk load.
        const optimize = (backend as { optimize?: () => Promise<unknown> }).optimize;
        let indexBuildMs: number | undefined;
        if (typeof optimize === 'function') {
          ctx.status(`${name}: optimize() (index build)`);
          const t = performance.now();
          await optimize.call(backend);
          indexBuildMs = performance.now() - t;
        }
        ctx.status(`${name}: searching`);
        const r = await timeQueries(ctx, ds, async (vector) => (await backend.search({ vector, k: 10, prefix: BENCH_NAMESPACE })).map((h) => h.entry.key));
        ctx.record({
          subject: name,
          role: 'ours',
          value: r.p50Ms,
          unit: 'ms',
          better: 'lower',
          p50Ms: r.p50Ms,
          p99Ms: r.p99Ms,
          ops: r.queries,
          extra: { vectors: count, recallAt10: r.recall, mode: backend.capabilities.vectorSearch, loadRowsPerSec, ...(indexBuildMs === undefined ? {} : { indexBuildMs }) },
        });
      } finally {
        await backend.close();
      }
    },
  };
}

/** `vector-10k`: top-10 over 10k × 384. */
export const vector10kWorkload = vectorWorkload('vector-10k');
/** `vector-100k`: top-10 over 100k × 384. */
export const vector100kWorkload = vectorWorkload('vector-100k');
