import type { VectorSet } from './gaussian-mixture.js';

/**
 * Plain JS exact cosine top-k over one contiguous Float32Array with precomputed norms: the
 * baseline "no library, no index" search every backend must beat.
 */
export function bruteForceTopK(set: VectorSet, norms: Float32Array, query: Float32Array, k: number): number[] {
  const { data, dimension, count } = set;
  let qn = 0;
  for (let d = 0; d < dimension; d++) qn += query[d]! * query[d]!;
  qn = Math.sqrt(qn);
  const bestScore = new Float64Array(k).fill(-Infinity);
  const bestRow = new Int32Array(k).fill(-1);
  for (let row = 0, o = 0; row < count; row++, o += dimension) {
    let dot = 0;
    for (let d = 0; d < dimension; d++) dot += data[o + d]! * query[d]!;
    const score = dot / (norms[row]! * qn);
    if (score <= bestScore[k - 1]!) continue;
    let j = k - 1;
    while (j > 0 && bestScore[j - 1]! < score) {
      bestScore[j] = bestScore[j - 1]!;
      bestRow[j] = bestRow[j - 1]!;
      j--;
    }
    bestScore[j] = score;
    bestRow[j] = row;
  }
  return [...bestRow];
}

/** Euclidean norm of every row. */
export function rowNorms(set: VectorSet): Float32Array {
  const norms = new Float32Array(set.count);
  for (let row = 0; row < set.count; row++) {
    let sum = 0;
    for (let d = 0, o = row * set.dimension; d < set.dimension; d++) sum += set.data[o + d]! * set.data[o + d]!;
    norms[row] = Math.sqrt(sum);
  }
  return norms;
}
