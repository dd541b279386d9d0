import { compareCodePoints } from '@mem/core';

// Below this many stale keys compaction waits for the next read: tiny stores need no sweeping.
const MIN_COMPACTION = 256;

/**
 * Encoded entry keys in code-point order, for `list` ranges and cursors. Inserts are buffered
 * and merged on the next read, deletes are lazy (readers skip keys `isLive` rejects), so a burst of
 * writes costs one sort instead of one array splice per write.
 */
export class SortedKeyIndex {
  private sorted: string[] = [];
  private pending: string[] = [];
  private readonly indexed = new Set<string>();
  private stale = 0;

  constructor(private readonly isLive: (key: string) => boolean) {}

  add(key: string): void {
    if (this.indexed.has(key)) return;
    this.indexed.add(key);
    this.pending.push(key);
  }

  /** Keys held, including removed ones not yet compacted away. */
  get size(): number {
    return this.indexed.size;
  }

  /**
   * Notes that a key left the store. Once a quarter of the index is stale it is compacted here,
   * not only on the next read: a store that is written and expired but never listed must not grow
   * (amortized O(1) per removal).
   */
  markRemoved(): void {
    this.stale++;
    if (this.stale >= MIN_COMPACTION && this.stale * 4 > this.indexed.size) this.compact();
  }

  clear(): void {
    this.sorted = [];
    this.pending = [];
    this.indexed.clear();
    this.stale = 0;
  }

  /** Live keys `k` with `from < k` (or `<=` when `inclusive`) and `k < to` (no bound when undefined), in order. */
  *range(from: string, inclusive: boolean, to: string | undefined): Generator<string> {
    this.settle();
    const keys = this.sorted;
    for (let i = this.lowerBound(from, inclusive); i < keys.length; i++) {
      const key = keys[i]!;
      if (to !== undefined && compareCodePoints(key, to) >= 0) return;
      if (this.isLive(key)) yield key;
    }
  }

  private compact(): void {
    const keep = (key: string): boolean => {
      if (this.isLive(key)) return true;
      this.indexed.delete(key);
      return false;
    };
    this.sorted = this.sorted.filter(keep);
    this.pending = this.pending.filter(keep);
    this.stale = 0;
  }

  private settle(): void {
    if (this.stale > 0 && this.stale * 4 > this.indexed.size) this.compact();
    if (this.pending.length === 0) return;
    const added = this.pending.sort(compareCodePoints);
    this.pending = [];
    this.sorted = this.sorted.length === 0 ? added : merge(this.sorted, added);
  }

  private lowerBound(from: string, inclusive: boolean): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = compareCodePoints(this.sorted[mid]!, from);
      if (c < 0 || (c === 0 && !inclusive)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function merge(a: string[], b: string[]): string[] {
  const out = new Array<string>(a.length + b.length);
  let i = 0;
  let j = 0;
  let o = 0;
  while (i < a.length && j < b.length) out[o++] = compareCodePoints(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!;
  while (i < a.length) out[o++] = a[i++]!;
  while (j < b.length) out[o++] = b[j++]!;
  return out;
}
