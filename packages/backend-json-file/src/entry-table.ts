import { compareCodePoints } from '@mem/core';
import type { StoredEntry } from './stored-entry.js';

/**
 * The store's entries by `ref`, kept in code-point order of `ref` (= list order = file order).
 * A sorted array with binary search: the file is rewritten whole on every flush anyway, so an
 * O(n) splice per insert is never the bottleneck at the sizes this backend is meant for.
 */
export class EntryTable {
  private readonly byRef = new Map<string, StoredEntry>();
  private refs: string[] = [];

  /** Builds a table from entries already sorted by `ref` with no duplicates. */
  static fromSorted(entries: readonly StoredEntry[]): EntryTable {
    const table = new EntryTable();
    for (const entry of entries) table.byRef.set(entry.ref, entry);
    table.refs = entries.map((e) => e.ref);
    return table;
  }

  get size(): number {
    return this.byRef.size;
  }

  get(ref: string): StoredEntry | undefined {
    return this.byRef.get(ref);
  }

  set(entry: StoredEntry): void {
    if (!this.byRef.has(entry.ref)) this.refs.splice(this.lowerBound(entry.ref, true), 0, entry.ref);
    this.byRef.set(entry.ref, entry);
  }

  delete(ref: string): boolean {
    if (!this.byRef.delete(ref)) return false;
    this.refs.splice(this.lowerBound(ref, true), 1);
    return true;
  }

  /** Removes every entry whose ref starts with `refPrefix`; returns them. */
  deletePrefix(refPrefix: string): StoredEntry[] {
    const removed = [...this.range(refPrefix, undefined)];
    for (const entry of removed) this.byRef.delete(entry.ref);
    if (removed.length > 0) {
      const start = this.lowerBound(refPrefix, true);
      this.refs.splice(start, removed.length);
    }
    return removed;
  }

  /** Entries whose ref starts with `refPrefix`, strictly after `after` when given, in order. */
  *range(refPrefix: string, after: string | undefined): Generator<StoredEntry> {
    const refs = this.refs;
    let i = this.lowerBound(refPrefix, true);
    if (after !== undefined && compareCodePoints(after, refPrefix) >= 0) i = Math.max(i, this.lowerBound(after, false));
    for (; i < refs.length; i++) {
      const ref = refs[i]!;
      if (!ref.startsWith(refPrefix)) return;
      yield this.byRef.get(ref)!;
    }
  }

  /** Every entry, in order. */
  values(): Generator<StoredEntry> {
    return this.range('', undefined);
  }

  private lowerBound(ref: string, inclusive: boolean): number {
    let lo = 0;
    let hi = this.refs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = compareCodePoints(this.refs[mid]!, ref);
      if (c < 0 || (c === 0 && !inclusive)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
