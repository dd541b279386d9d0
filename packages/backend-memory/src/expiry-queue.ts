/**
 * Min-heap of (expiresAt, key): the sweeper pops only what has expired, so reclaiming N expired
 * entries costs O(N log n) and never reads live ones. Rewritten entries leave stale heap items
 * behind; the caller checks each popped item against the entry's current expiry.
 */
export class ExpiryQueue {
  private readonly at: number[] = [];
  private readonly keys: string[] = [];

  get size(): number {
    return this.at.length;
  }

  push(expiresAt: number, key: string): void {
    this.at.push(expiresAt);
    this.keys.push(key);
    let i = this.at.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.at[parent]! <= this.at[i]!) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** Pops every item with `expiresAt <= now`. */
  *popExpired(now: number): Generator<{ expiresAt: number; key: string }> {
    while (this.at.length > 0 && this.at[0]! <= now) {
      const item = { expiresAt: this.at[0]!, key: this.keys[0]! };
      const lastAt = this.at.pop()!;
      const lastKey = this.keys.pop()!;
      if (this.at.length > 0) {
        this.at[0] = lastAt;
        this.keys[0] = lastKey;
        this.siftDown(0);
      }
      yield item;
    }
  }

  clear(): void {
    this.at.length = 0;
    this.keys.length = 0;
  }

  private siftDown(i: number): void {
    const n = this.at.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let min = i;
      if (l < n && this.at[l]! < this.at[min]!) min = l;
      if (r < n && this.at[r]! < this.at[min]!) min = r;
      if (min === i) return;
      this.swap(i, min);
      i = min;
    }
  }

  private swap(i: number, j: number): void {
    [this.at[i], this.at[j]] = [this.at[j]!, this.at[i]!];
    [this.keys[i], this.keys[j]] = [this.keys[j]!, this.keys[i]!];
  }
}
