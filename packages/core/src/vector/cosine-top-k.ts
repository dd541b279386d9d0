import { compareEntryRefs } from '../namespace/code-point-order.js';
import type { EntryRef } from '../types/entry.js';

/** Euclidean norm. */
export function vectorNorm(v: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  return Math.sqrt(sum);
}

/** Cosine similarity of two vectors of one dimension; `normA`/`normB` may be passed when known. */
export function cosineSimilarity(a: Float32Array, b: Float32Array, normA = vectorNorm(a), normB = vectorNorm(b)): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot / (normA * normB);
}

/** One scored candidate. */
export interface Scored<T extends EntryRef> {
  readonly item: T;
  readonly score: number;
}

/** Result order of vector search: score descending, ties by (namespace, key). */
export function compareScored<T extends EntryRef>(a: Scored<T>, b: Scored<T>): number {
  return b.score - a.score || compareEntryRefs(a.item, b.item);
}

/**
 * Keeps the best `k` of a stream of scored items in a bounded binary heap (O(n log k)), in the
 * order of `compareScored`. The brute-force oracle of the conformance suite and the exact kernel of
 * backends without a native one.
 */
export class TopK<T extends EntryRef> {
  // Worst kept item at the root, so a better newcomer replaces it in O(log k).
  private readonly heap: Scored<T>[] = [];

  constructor(private readonly k: number) {}

  /** The score a newcomer must beat to enter once the heap is full. */
  get threshold(): number {
    // With k = 0 nothing can ever enter.
    return this.heap.length < this.k ? -Infinity : (this.heap[0]?.score ?? Infinity);
  }

  offer(item: T, score: number): void {
    const candidate = { item, score };
    if (this.heap.length < this.k) {
      this.heap.push(candidate);
      this.siftUp(this.heap.length - 1);
    } else if (this.heap.length > 0 && compareScored(candidate, this.heap[0]!) < 0) {
      this.heap[0] = candidate;
      this.siftDown(0);
    }
  }

  /** The kept items, best first. */
  result(): Scored<T>[] {
    return [...this.heap].sort(compareScored);
  }

  // The heap is ordered so the root is the *worst* kept item (largest by compareScored).
  private worse(i: number, j: number): boolean {
    return compareScored(this.heap[i]!, this.heap[j]!) > 0;
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.worse(i, parent)) return;
      [this.heap[i], this.heap[parent]] = [this.heap[parent]!, this.heap[i]!];
      i = parent;
    }
  }

  private siftDown(i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < this.heap.length && this.worse(l, worst)) worst = l;
      if (r < this.heap.length && this.worse(r, worst)) worst = r;
      if (worst === i) return;
      [this.heap[i], this.heap[worst]] = [this.heap[worst]!, this.heap[i]!];
      i = worst;
    }
  }
}

/** Exact cosine top-k over candidates: the oracle every `exact` backend must equal. */
export function exactTopK<T extends EntryRef & { embedding?: Float32Array }>(
  query: Float32Array,
  candidates: Iterable<T>,
  k: number,
  minScore = -Infinity,
): Scored<T>[] {
  const queryNorm = vectorNorm(query);
  const top = new TopK<T>(k);
  for (const candidate of candidates) {
    if (candidate.embedding === undefined || candidate.embedding.length !== query.length) continue;
    const score = cosineSimilarity(query, candidate.embedding, queryNorm);
    if (score >= minScore) top.offer(candidate, score);
  }
  return top.result();
}
