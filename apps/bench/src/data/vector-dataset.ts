import { BENCH_NAMESPACE } from '../subjects/ours-subject.js';
import { exactTopK } from '@mem/core';
import { benchKey } from './bench-values.js';
import { gaussianMixture, vectorAt, type VectorSet } from './gaussian-mixture.js';

/** Stored vectors, held-out queries from the same mixture, and the exact top-10 of each query. */
export interface VectorDataset {
  /** The stored vectors; row `i` is key `benchKey(i)`. */
  readonly base: VectorSet;
  /** Query vectors (standalone copies). */
  readonly queries: readonly Float32Array[];
  /** Keys of the exact top-10 of each query, by core's `exactTopK` (the conformance oracle). */
  readonly truth: readonly (readonly string[])[];
}

const cache = new Map<string, VectorDataset>();

/** The data set of `count` vectors (built once per run and shared by every backend). */
export function vectorDataset(count: number, dimension: number, queries: number): VectorDataset {
  const id = `${count}x${dimension}x${queries}`;
  const hit = cache.get(id);
  if (hit) return hit;
  // One mixture for base and queries, so queries fall near the same clusters as real questions would.
  const all = gaussianMixture({ count: count + queries, dimension });
  const base: VectorSet = { count, dimension, data: all.data.subarray(0, count * dimension) };
  const qs = Array.from({ length: queries }, (_, q) => vectorAt(all, count + q));
  const candidates = Array.from({ length: count }, (_, i) => ({ namespace: BENCH_NAMESPACE, key: benchKey(i), embedding: base.data.subarray(i * dimension, (i + 1) * dimension) }));
  const truth = qs.map((q) => exactTopK(q, candidates, 10).map((s) => s.item.key));
  const dataset = { base, queries: qs, truth };
  cache.set(id, dataset);
  return dataset;
}

/** Fraction of the true top-10 keys found in `keys`. */
export function recallAt10(keys: readonly string[], truth: readonly string[]): number {
  const want = new Set(truth);
  return keys.filter((k) => want.has(k)).length / truth.length;
}
