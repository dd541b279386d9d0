import {
  compareCodePoints,
  DEFAULT_MAX_K,
  DEFAULT_MAX_VALUE_BYTES,
  TopK,
  VectorSlab,
  ValidationError,
  VersionConflictError,
  assertOpen,
  collectNamespaces,
  cosineSimilarity,
  encodeCursor,
  encodeEntryKey,
  encodeNamespace,
  matchesClauses,
  operationContext,
  prefixSuccessor,
  prepareClear,
  prepareDelete,
  prepareList,
  prepareListNamespaces,
  preparePut,
  preparePutMany,
  prepareRefs,
  prepareSearch,
  validateKey,
  validateNamespace,
  vectorNorm,
  type BackendCapabilities,
  type BackendStats,
  type DeleteOptions,
  type Entry,
  type EntryRef,
  type ListNamespacesOptions,
  type ListOptions,
  type ListPage,
  type MemErrorContext,
  type Namespace,
  type PreparedWrite,
  type PutItem,
  type PutOptions,
  type SearchHit,
  type SearchOptions,
  type StorageBackend,
  type WriteResult,
} from '@mem/core';
import { LRUCache } from 'lru-cache';
import { ExpiryQueue } from './expiry-queue.js';
import { resolveMemoryOptions, type MemoryBackendOptions } from './memory-backend-options.js';
import { SortedKeyIndex } from './sorted-key-index.js';
import { toEntry, type StoredEntry } from './stored-entry.js';

const NAME = 'memory';
// Finalists beyond k re-scored in float64: float32 scores are ~1e-6 off, far below this many ranks.
const FINALIST_MARGIN = 8;
// Per-entry bookkeeping (object, index slots) counted towards maxBytes besides the data itself.
const ENTRY_OVERHEAD_BYTES = 200;

/** Creates a process-memory backend. Every value is deep-copied in and out, so callers never share state with the store. */
export function createMemoryBackend(options: MemoryBackendOptions = {}): MemoryBackend {
  return new MemoryBackend(resolveMemoryOptions(options as Record<string, unknown>));
}

/** Process memory on lru-cache: exact vector search, active TTL sweeping, optional entry/byte bounds. */
export class MemoryBackend implements StorageBackend {
  readonly name = NAME;
  readonly capabilities: BackendCapabilities;
  private readonly cache: LRUCache<string, StoredEntry>;
  private readonly index = new SortedKeyIndex((id) => this.cache.has(id));
  private readonly expiries = new ExpiryQueue();
  private readonly namespaces = new Map<string, { namespace: readonly string[]; count: number }>();
  private readonly sweeper: NodeJS.Timeout;
  private dimension: number | undefined;
  private slab: VectorSlab | undefined;
  private slotOwners: (StoredEntry | undefined)[] = [];
  private closed = false;
  private swept = 0;

  constructor(private readonly options: MemoryBackendOptions) {
    this.dimension = options.dimension;
    this.capabilities = Object.freeze({
      persistent: false,
      crossProcess: false,
      vectorSearch: 'exact',
      atomicBatch: true,
      maxValueBytes: options.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES,
      maxK: DEFAULT_MAX_K,
      ...(options.dimension === undefined ? {} : { dimension: options.dimension }),
    });
    this.cache = new LRUCache<string, StoredEntry>({
      ...(options.maxEntries === undefined ? {} : { max: options.maxEntries }),
      // lru-cache needs some bound; a byte bound does not preallocate, unlike `max`.
      maxSize: options.maxBytes ?? Number.MAX_SAFE_INTEGER,
      dispose: (stored, _id, reason) => {
        if (reason === 'evict') this.forget(stored);
      },
    });
    this.sweeper = setInterval(() => this.sweep(Date.now()), options.sweepIntervalMs ?? 1000);
    this.sweeper.unref();
  }

  async get(namespace: Namespace, key: string): Promise<Entry | undefined> {
    const context = operationContext(NAME, 'get');
    assertOpen(this.closed, context);
    const id = encodeEntryKey(validateNamespace(namespace, context), validateKey(key, context));
    const stored = this.live(id, Date.now(), true);
    return stored && toEntry(stored);
  }

  async getMany(refs: readonly EntryRef[]): Promise<(Entry | undefined)[]> {
    const context = operationContext(NAME, 'getMany');
    assertOpen(this.closed, context);
    const now = Date.now();
    return prepareRefs(refs, context).map((ref) => {
      const stored = this.live(encodeEntryKey(ref.namespace, ref.key), now, true);
      return stored && toEntry(stored);
    });
  }

  async put(namespace: Namespace, key: string, value: unknown, options?: PutOptions): Promise<WriteResult> {
    const context = operationContext(NAME, 'put');
    assertOpen(this.closed, context);
    const write = preparePut(namespace, key, value, options, this.prepareOptions(), context);
    const bytes = this.measure(write, context);
    const id = encodeEntryKey(write.namespace, write.key);
    const now = Date.now();
    const current = this.live(id, now, false);
    if (write.ifVersion !== undefined && (current?.version ?? 0) !== write.ifVersion) {
      throw new VersionConflictError(write.ifVersion, current?.version ?? 0, context);
    }
    return this.write(id, write, bytes, current, now);
  }

  async putMany(items: readonly PutItem[]): Promise<WriteResult[]> {
    const context = operationContext(NAME, 'putMany');
    assertOpen(this.closed, context);
    const writes = preparePutMany(items, this.prepareOptions(), context);
    const sizes = writes.map((write) => this.measure(write, context));
    const now = Date.now();
    return writes.map((write, i) => {
      const id = encodeEntryKey(write.namespace, write.key);
      return this.write(id, write, sizes[i]!, this.live(id, now, false), now);
    });
  }

  async delete(namespace: Namespace, key: string, options?: DeleteOptions): Promise<boolean> {
    const context = operationContext(NAME, 'delete');
    assertOpen(this.closed, context);
    const target = prepareDelete(namespace, key, options, context);
    const id = encodeEntryKey(target.namespace, target.key);
    const current = this.live(id, Date.now(), false);
    if (target.ifVersion !== undefined && (current?.version ?? 0) !== target.ifVersion) {
      throw new VersionConflictError(target.ifVersion, current?.version ?? 0, context);
    }
    if (current === undefined) return false;
    this.remove(id, current);
    return true;
  }

  async deleteMany(refs: readonly EntryRef[]): Promise<number> {
    const context = operationContext(NAME, 'deleteMany');
    assertOpen(this.closed, context);
    const now = Date.now();
    let removed = 0;
    for (const ref of prepareRefs(refs, context)) {
      const id = encodeEntryKey(ref.namespace, ref.key);
      const current = this.live(id, now, false);
      if (current !== undefined) {
        this.remove(id, current);
        removed++;
      }
    }
    return removed;
  }

  async list(options?: ListOptions): Promise<ListPage> {
    const context = operationContext(NAME, 'list');
    assertOpen(this.closed, context);
    const query = prepareList(options, context);
    const now = Date.now();
    const entries: Entry[] = [];
    let hasMore = false;
    for (const stored of this.scan(query.prefix, query.after, now)) {
      if (query.keyPrefix !== undefined && !stored.key.startsWith(query.keyPrefix)) continue;
      if (query.clauses.length > 0 && !matchesClauses(stored, query.clauses)) continue;
      if (entries.length === query.limit) {
        hasMore = true;
        break;
      }
      entries.push(toEntry(stored));
    }
    const last = entries[entries.length - 1];
    return hasMore && last ? { entries, hasMore, cursor: encodeCursor(last) } : { entries, hasMore };
  }

  async search(options: SearchOptions): Promise<SearchHit[]> {
    const context = operationContext(NAME, 'search');
    assertOpen(this.closed, context);
    const query = prepareSearch(options, this.capabilities, this.dimension, context);
    if (this.slab === undefined) return [];
    const now = Date.now();
    const prefixId = query.prefix.length === 0 ? undefined : encodeNamespace(query.prefix);
    // Pass 1: float32 SIMD scores over the whole slab pick finalists with a safety margin (float32
    // is ~1e-6 off); pass 2 re-scores them in float64, so results equal the brute-force oracle.
    const scores = this.slab.scoreAll(query.vector);
    const finalists = new TopK<StoredEntry>(query.k + FINALIST_MARGIN);
    const floor = query.minScore - 1e-4;
    for (let slot = 0; slot < scores.length; slot++) {
      const score = scores[slot]!;
      if (score < floor || score < finalists.threshold) continue;
      const stored = this.slotOwners[slot];
      if (stored === undefined || (stored.expiresAt !== undefined && stored.expiresAt <= now)) continue;
      if (prefixId !== undefined && !stored.namespaceId.startsWith(prefixId)) continue;
      if (query.clauses.length > 0 && !matchesClauses(stored, query.clauses)) continue;
      finalists.offer(stored, score);
    }
    const queryNorm = vectorNorm(query.vector);
    const top = new TopK<StoredEntry>(query.k);
    for (const { item } of finalists.result()) {
      const score = cosineSimilarity(query.vector, item.embedding!, queryNorm, item.norm);
      if (score >= query.minScore) top.offer(item, score);
    }
    return top.result().map(({ item, score }) => ({ entry: toEntry(item), score }));
  }

  async listNamespaces(options?: ListNamespacesOptions): Promise<Namespace[]> {
    const context = operationContext(NAME, 'listNamespaces');
    assertOpen(this.closed, context);
    const query = prepareListNamespaces(options, context);
    this.sweep(Date.now());
    return collectNamespaces(
      Array.from(this.namespaces.values(), (n) => n.namespace),
      query.prefix,
      query.maxDepth,
    );
  }

  async clear(prefix?: Namespace): Promise<number> {
    const context = operationContext(NAME, 'clear');
    assertOpen(this.closed, context);
    const scope = prepareClear(prefix, context);
    const now = Date.now();
    if (scope.length === 0) {
      this.sweep(now);
      const count = this.cache.size;
      this.cache.clear();
      this.index.clear();
      this.expiries.clear();
      this.namespaces.clear();
      this.slab?.clear();
      this.slotOwners = [];
      return count;
    }
    const doomed = [...this.scan(scope, undefined, now)];
    for (const stored of doomed) this.remove(encodeEntryKey(stored.namespace, stored.key), stored);
    return doomed.length;
  }

  async stats(): Promise<BackendStats> {
    assertOpen(this.closed, operationContext(NAME, 'stats'));
    this.sweep(Date.now());
    return {
      backend: NAME,
      entries: this.cache.size,
      namespaces: this.namespaces.size,
      bytes: this.cache.calculatedSize,
      details: { expiredSwept: this.swept, pendingExpiries: this.expiries.size },
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.sweeper);
    this.cache.clear();
    this.index.clear();
    this.expiries.clear();
    this.namespaces.clear();
  }

  /** Physically removes entries whose expiry has passed; runs on a timer and before counting reads. */
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

  private prepareOptions() {
    return { valueForm: 'clone', capabilities: this.capabilities, dimension: this.dimension } as const;
  }

  private measure(write: PreparedWrite, context: MemErrorContext): number {
    const bytes = write.approxBytes + write.key.length * 2 + (write.embedding?.byteLength ?? 0) + ENTRY_OVERHEAD_BYTES;
    // lru-cache silently refuses an item larger than maxSize, which would lose the write.
    if (this.options.maxBytes !== undefined && bytes > this.options.maxBytes) {
      throw new ValidationError(`entry needs about ${bytes} bytes, over this store's maxBytes ${this.options.maxBytes}`, context);
    }
    return bytes;
  }

  private write(id: string, write: PreparedWrite, bytes: number, current: StoredEntry | undefined, now: number): WriteResult {
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

  /** Puts a new embedding in the slab, reusing the slot of the entry it replaces. */
  private placeEmbedding(embedding: Float32Array | undefined, current: StoredEntry | undefined): number {
    const previous = current?.slot ?? -1;
    if (embedding === undefined) {
      if (previous >= 0) this.releaseSlot(previous);
      return -1;
    }
    this.dimension ??= embedding.length;
    this.slab ??= new VectorSlab(embedding.length);
    if (previous < 0) return this.slab.add(embedding);
    this.slab.set(previous, embedding);
    return previous;
  }

  private releaseSlot(slot: number): void {
    this.slab?.remove(slot);
    this.slotOwners[slot] = undefined;
  }

  /** The entry if present and unexpired; an expired one is removed on the spot. */
  private live(id: string, now: number, touch: boolean): StoredEntry | undefined {
    const stored = touch ? this.cache.get(id) : this.cache.peek(id);
    if (stored === undefined) return undefined;
    if (stored.expiresAt !== undefined && stored.expiresAt <= now) {
      this.remove(id, stored);
      return undefined;
    }
    return stored;
  }

  /** Live entries under `prefix`, in list order, strictly after `after` when given. */
  private *scan(prefix: readonly string[], after: EntryRef | undefined, now: number): Generator<StoredEntry> {
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

  private remove(id: string, stored: StoredEntry): void {
    this.cache.delete(id);
    this.forget(stored);
  }

  private forget(stored: StoredEntry): void {
    const ns = this.namespaces.get(stored.namespaceId);
    if (ns && --ns.count === 0) this.namespaces.delete(stored.namespaceId);
    if (stored.slot >= 0) this.releaseSlot(stored.slot);
    this.index.markRemoved();
  }
}
