import {
  DEFAULT_MAX_K,
  DEFAULT_MAX_VALUE_BYTES,
  TopK,
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
import { resolveMemoryOptions, type MemoryBackendOptions } from './memory-backend-options.js';
import { MemoryEntryStore } from './memory-entry-store.js';
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
  private readonly store: MemoryEntryStore;
  private readonly sweeper: NodeJS.Timeout;
  private dimension: number | undefined;
  private closed = false;

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
    this.store = new MemoryEntryStore(options);
    this.sweeper = setInterval(() => this.sweep(Date.now()), options.sweepIntervalMs ?? 1000);
    this.sweeper.unref();
  }

  async get(namespace: Namespace, key: string): Promise<Entry | undefined> {
    const context = operationContext(NAME, 'get');
    assertOpen(this.closed, context);
    const id = encodeEntryKey(validateNamespace(namespace, context), validateKey(key, context));
    const stored = this.store.live(id, Date.now(), true);
    return stored && toEntry(stored);
  }

  async getMany(refs: readonly EntryRef[]): Promise<(Entry | undefined)[]> {
    const context = operationContext(NAME, 'getMany');
    assertOpen(this.closed, context);
    const now = Date.now();
    return prepareRefs(refs, context).map((ref) => {
      const stored = this.store.live(encodeEntryKey(ref.namespace, ref.key), now, true);
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
    const current = this.store.live(id, now, false);
    if (write.ifVersion !== undefined && (current?.version ?? 0) !== write.ifVersion) {
      throw new VersionConflictError(write.ifVersion, current?.version ?? 0, context);
    }
    if (write.embedding !== undefined) this.dimension ??= write.embedding.length;
    return this.store.write(id, write, bytes, current, now);
  }

  async putMany(items: readonly PutItem[]): Promise<WriteResult[]> {
    const context = operationContext(NAME, 'putMany');
    assertOpen(this.closed, context);
    const writes = preparePutMany(items, this.prepareOptions(), context);
    const sizes = writes.map((write) => this.measure(write, context));
    const now = Date.now();
    return writes.map((write, i) => {
      const id = encodeEntryKey(write.namespace, write.key);
      if (write.embedding !== undefined) this.dimension ??= write.embedding.length;
      return this.store.write(id, write, sizes[i]!, this.store.live(id, now, false), now);
    });
  }

  async delete(namespace: Namespace, key: string, options?: DeleteOptions): Promise<boolean> {
    const context = operationContext(NAME, 'delete');
    assertOpen(this.closed, context);
    const target = prepareDelete(namespace, key, options, context);
    const id = encodeEntryKey(target.namespace, target.key);
    const current = this.store.live(id, Date.now(), false);
    if (target.ifVersion !== undefined && (current?.version ?? 0) !== target.ifVersion) {
      throw new VersionConflictError(target.ifVersion, current?.version ?? 0, context);
    }
    if (current === undefined) return false;
    this.store.remove(id, current);
    return true;
  }

  async deleteMany(refs: readonly EntryRef[]): Promise<number> {
    const context = operationContext(NAME, 'deleteMany');
    assertOpen(this.closed, context);
    const now = Date.now();
    let removed = 0;
    for (const ref of prepareRefs(refs, context)) {
      const id = encodeEntryKey(ref.namespace, ref.key);
      const current = this.store.live(id, now, false);
      if (current !== undefined) {
        this.store.remove(id, current);
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
    for (const stored of this.store.scan(query.prefix, query.after, now)) {
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
    const prefixId = query.prefix.length === 0 ? undefined : encodeNamespace(query.prefix);
    // Float32 SIMD scores pick finalists with a safety margin (float32 is ~1e-6 off); re-scoring
    // them in float64 makes the result equal the brute-force oracle.
    const finalists = this.store.nearest(query.vector, query.k + FINALIST_MARGIN, query.minScore - 1e-4, prefixId, query.clauses, Date.now());
    const queryNorm = vectorNorm(query.vector);
    const top = new TopK<StoredEntry>(query.k);
    for (const item of finalists) {
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
      this.store.namespaceList(),
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
      const count = this.store.size;
      this.store.clear();
      return count;
    }
    const doomed = [...this.store.scan(scope, undefined, now)];
    for (const stored of doomed) this.store.remove(encodeEntryKey(stored.namespace, stored.key), stored);
    return doomed.length;
  }

  async stats(): Promise<BackendStats> {
    assertOpen(this.closed, operationContext(NAME, 'stats'));
    this.sweep(Date.now());
    return {
      backend: NAME,
      entries: this.store.size,
      namespaces: this.store.namespaceCount,
      bytes: this.store.bytes,
      details: { expiredSwept: this.store.swept, pendingExpiries: this.store.pendingExpiries },
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.sweeper);
    this.store.clear();
  }

  /**
   * Entries physically held right now, expired ones the sweeper has not reached included. For
   * diagnostics and tests of the sweeper: unlike `stats()`, it does not sweep first.
   */
  heldEntries(): number {
    return this.store.size;
  }

  /** Physically removes entries whose expiry has passed; runs on a timer and before counting reads. */
  sweep(now: number): number {
    return this.store.sweep(now);
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
}
