import { compareCodePoints } from '@mem/core';
import type { StoredEntry } from './stored-entry.js';

/**
 * The store's entries by `ref`, kept in code-point order of `ref` (= list order = file order).
 * A sorted array with binary search: the file is rewritten whole on every flush anyway, so an
 * O(n) splice per insert is never the bottleneck at the sizes this backend is meant for.
 */
export class EntryTable {
  private readonly byRef = new Map<string, StoredEntry>();
  private sorted: StoredEntry[] = [];

  /** Builds a table from entries already sorted by `ref` with no duplicates. */
  static fromSorted(entries: StoredEntry[]): EntryTable {
    const table = new EntryTable();
    for (const entry of entries) table.byRef.set(entry.ref, entry);
    table.sorted = entries;
    return table;
  }

  get size(): number {
    return this.sorted.length;
  }

  get(ref: string): StoredEntry | undefined {
    return this.byRef.get(ref);
  }

  set(entry: StoredEntry): void {
    const i = this.lowerBound(entry.ref, true);
    if (this.byRef.has(entry.ref)) this.sorted[i] = entry;
    else this.sorted.splice(i, 0, entry);
    this.byRef.set(entry.ref, entry);
  }

  delete(ref: string): boolean {
    if (!this.byRef.delete(ref)) return false;
    this.sorted.splice(this.lowerBound(ref, true), 1);
    return true;
  }

  /** Removes every entry whose ref starts with `refPrefix`; returns them. */
  deletePrefix(refPrefix: string): StoredEntry[] {
    const start = this.lowerBound(refPrefix, true);
    let end = start;
    while (end < this.sorted.length && this.sorted[end]!.ref.startsWith(refPrefix)) end++;
    const removed = this.sorted.splice(start, end - start);
    for (const entry of removed) this.byRef.delete(entry.ref);
    return removed;
  }

  /** Entries whose ref starts with `refPrefix`, strictly after `after` when given, in order. */
  *range(refPrefix: string, after: string | undefined): Generator<StoredEntry> {
    const sorted = this.sorted;
    let i = this.lowerBound(refPrefix, true);
    if (after !== undefined && compareCodePoints(after, refPrefix) >= 0) i = Math.max(i, this.lowerBound(after, false));
    for (; i < sorted.length; i++) {
      const entry = sorted[i]!;
      if (!entry.ref.startsWith(refPrefix)) return;
      yield entry;
    }
  }

  /** Every entry, in order; a live view that the next change alters, so copy it before changing the table. */
  all(): readonly StoredEntry[] {
    return this.sorted;
  }

  private lowerBound(ref: string, inclusive: boolean): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = compareCodePoints(this.sorted[mid]!.ref, ref);
      if (c < 0 || (c === 0 && !inclusive)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
