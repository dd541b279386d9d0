/**
 * When each memory was last used (stored, read, updated, found), in this process. Recency is not
 * persisted because writing it on every read would turn reads into writes and bump the version
 * callers use for compare-and-set; memories not seen in this process fall back to their
 * `updatedAt`. Bounded: the least recently touched ids are forgotten first.
 */
export class AccessTracker {
  // A Map iterates in insertion order, so re-inserting on touch keeps the oldest first.
  private readonly times = new Map<string, number>();

  /**
   * @param capacity how many ids to remember
   */
  constructor(private readonly capacity = 100_000) {}

  /** Records a use of `id` at `now`. */
  touch(id: string, now = Date.now()): void {
    this.times.delete(id);
    this.times.set(id, now);
    if (this.times.size > this.capacity) this.times.delete(this.times.keys().next().value!);
  }

  /** The last use recorded in this process, else `fallback`. */
  lastUsed(id: string, fallback: number): number {
    return this.times.get(id) ?? fallback;
  }

  /** Forgets `id` (it was deleted). */
  forget(id: string): void {
    this.times.delete(id);
  }
}
