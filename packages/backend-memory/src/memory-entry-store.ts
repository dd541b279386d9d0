import {
  compareCodePoints,
  encodeEntryKey,
  encodeNamespace,
  matchesClauses,
  prefixSuccessor,
  TopK,
  VectorSlab,
  vectorNorm,
  type EntryRef,
  type FilterClause,
  type PreparedWrite,
  type WriteResult,
} from '@mem/core';
import { LRUCache } from 'lru-cache';
import { ExpiryQueue } from './expiry-queue.js';
import { SortedKeyIndex } from './sorted-key-index.js';
import type { StoredEntry } from './stored-entry.js';

/**
 * The data structures behind the memory backend and the invariants that tie them together: the
 * LRU map of entries, the ordered key index, the expiry heap, namespace reference counts and the
 * vector slab. Inputs are already validated; every method runs synchronously, which is what makes
 * the backend's compare-and-set atomic.
 */
export class MemoryEntryStore {
  private readonly cache: LRUCache<string, StoredEntry>;
  private readonly index = new SortedKeyIndex((id) => this.cache.has(id));
  private readonly expiries = new ExpiryQueue();
  private readonly namespaces = new Map<string, { namespace: readonly string[]; count: number }>();
  private slab: VectorSlab | undefined;
  private slotOwners: (StoredEntry | undefined)[] = [];
  /** Expired entries physically removed so far. */
  swept = 0;

  constructor(limits: { maxEntries?: number | undefined; maxBytes?: number | undefined }) {
    this.cache = new LRUCache<string, StoredEntry>({
      ...(limits.maxEntries === undefined ? {} : { max: limits.maxEntries }),
      // lru-cache needs some bound; a byte bound does not preallocate, unlike `max`.
      maxSize: limits.maxBytes ?? Number.MAX_SAFE_INTEGER,
      dispose: (stored, _id, reason) => {
        if (reason === 'evict') this.forget(stored);
      },
    });
  }

  get size(): number {
    return this.cache.size;
  }

  get bytes(): number {
    return this.cache.calculatedSize;
  }

  get pendingExpiries(): number {
    return this.expiries.size;
  }

  get namespaceCount(): number {
    return this.namespaces.size;
  }

  /** Namespaces holding at least one entry (sweep first for an exact answer). */
  namespaceList(): (readonly string[])[] {
    return Array.from(this.namespaces.values(), (n) => n.namespace);
  }

  /** The entry if present and unexpired (`touch` counts as a use for LRU); an expired one is removed on the spot. */
  live(id: string, now: number, touch: boolean): StoredEntry | undefined {
    const stored = touch ? this.cache.get(id) : this.cache.peek(id);
    if (stored === undefined) return undefined;
    if (stored.expiresAt !== undefined && stored.expiresAt <= now) {
      this.remove(id, stored);
      return undefined;
    }
    return stored;
  }

  write(id: string, write: PreparedWrite, bytes: number, current: StoredEntry | undefined, now: number): WriteResult {
    const expiresAt = write.ttlMs === undefined ? undefined : now + write.ttlMs;
    const namespaceId = current?.namespaceId ?? encodeNamespace(write.namespace);
    const slot = this.placeEmbedding(write.embedding, current);
    const stored: StoredEntry = {
      namespace: write.namespace,
      namespaceId,
      key: write.key,
      value: write.value,
      metadata: write.metadata,
      embedding: write.embedding,
      norm: write.embedding === undefined ? 0 : vectorNorm(write.embedding),
      slot,
      version: (current?.version ?? 0) + 1,
      createdAt: current?.createdAt ?? now,
      updatedAt: now,
      expiresAt,
    };
    if (slot >= 0) this.slotOwners[slot] = stored;
    if (current === undefined) {
      const ns = this.namespaces.get(namespaceId);
      if (ns) ns.count++;
      else this.namespaces.set(namespaceId, { namespace: write.namespace, count: 1 });
      this.index.add(id);
    }
    this.cache.set(id, stored, { size: bytes });
    if (expiresAt !== undefined) this.expiries.push(expiresAt, id);
    const result = { version: stored.version, createdAt: stored.createdAt, updatedAt: now };
    return expiresAt === undefined ? result : { ...result, expiresAt };
  }

  remove(id: string, stored: StoredEntry): void {
    this.cache.delete(id);
    this.forget(stored);
  }

  /** Live entries under `prefix`, in list order, strictly after `after` when given. */
  *scan(prefix: readonly string[], after: EntryRef | undefined, now: number): Generator<StoredEntry> {
    const start = encodeNamespace(prefix);
    const end = prefix.length === 0 ? undefined : prefixSuccessor(start);
    const afterId = after === undefined ? undefined : encodeEntryKey(after.namespace, after.key);
    const exclusive = afterId !== undefined && compareCodePoints(afterId, start) >= 0;
    for (const id of this.index.range(exclusive ? afterId : start, !exclusive, end)) {
      const stored = this.cache.peek(id);
      if (stored === undefined || (stored.expiresAt !== undefined && stored.expiresAt <= now)) continue;
      yield stored;
    }
  }

  /**
   * The best `size` live entries by float32 cosine (the SIMD pass over the whole slab) among those
   * under `prefixId` that pass `clauses`: candidates for an exact re-score.
   */
  nearest(vector: Float32Array, size: number, floor: number, prefixId: string | undefined, clauses: readonly FilterClause[], now: number): StoredEntry[] {
    if (this.slab === undefined) return [];
    const scores = this.slab.scoreAll(vector);
    const finalists = new TopK<StoredEntry>(size);
    for (let slot = 0; slot < scores.length; slot++) {
      const score = scores[slot]!;
      if (score < floor || score < finalists.threshold) continue;
      const stored = this.slotOwners[slot];
      if (stored === undefined || (stored.expiresAt !== undefined && stored.expiresAt <= now)) continue;
      if (prefixId !== undefined && !stored.namespaceId.startsWith(prefixId)) continue;
      if (clauses.length > 0 && !matchesClauses(stored, clauses)) continue;
      finalists.offer(stored, score);
    }
    return finalists.result().map(({ item }) => item);
  }

  /** Physically removes entries whose expiry has passed; returns how many. */
  sweep(now: number): number {
    let removed = 0;
    for (const { expiresAt, key } of this.expiries.popExpired(now)) {
      const stored = this.cache.peek(key);
      if (stored !== undefined && stored.expiresAt === expiresAt) {
        this.remove(key, stored);
        removed++;
      }
    }
    this.swept += removed;
    return removed;
  }

  clear(): void {
    this.cache.clear();
    this.index.clear();
    this.expiries.clear();
    this.namespaces.clear();
    this.slab?.clear();
    this.slotOwners = [];
  }

  /** Puts a new embedding in the slab, reusing the slot of the entry it replaces. */
  private placeEmbedding(embedding: Float32Array | undefined, current: StoredEntry | undefined): number {
    const previous = current?.slot ?? -1;
    if (embedding === undefined) {
      if (previous >= 0) this.releaseSlot(previous);
      return -1;
    }
    this.slab ??= new VectorSlab(embedding.length);
    if (previous < 0) return this.slab.add(embedding);
    this.slab.set(previous, embedding);
    return previous;
  }

  private releaseSlot(slot: number): void {
    this.slab?.remove(slot);
    this.slotOwners[slot] = undefined;
  }

  private forget(stored: StoredEntry): void {
    const ns = this.namespaces.get(stored.namespaceId);
    if (ns && --ns.count === 0) this.namespaces.delete(stored.namespaceId);
    if (stored.slot >= 0) this.releaseSlot(stored.slot);
    this.index.markRemoved();
  }
}
