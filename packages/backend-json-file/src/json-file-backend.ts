import { realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import {
  DEFAULT_MAX_K,
  VersionConflictError,
  assertOpen,
  encodeEntryKey,
  encodeNamespace,
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
import { registerExitFlush, unregisterExitFlush, type ExitFlushTarget } from './exit-flush.js';
import { resolveJsonFileOptions, type JsonFileBackendOptions, type ResolvedJsonFileOptions } from './json-file-backend-options.js';
import { JsonFileStore } from './json-file-store.js';
import { countLive, liveNamespaces, listPage, searchHits } from './store-queries.js';
import { checkDimension, isExpired, nextStoredEntry, toEntry, writeResultOf, type StoredEntry } from './stored-entry.js';

const NAME = 'json';

/** Opens (or prepares to create) the store file; a corrupt file fails here with `CorruptDataError`. */
export async function createJsonFileBackend(options: JsonFileBackendOptions): Promise<StorageBackend> {
  const backend = new JsonFileBackend(resolveJsonFileOptions(options as unknown as Record<string, unknown>));
  await backend.open();
  return backend;
}

// One lock per file even when it is reached through symlinks (of the file or of its directory).
function canonicalPath(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch {
    try {
      return join(realpathSync(dirname(absolute)), basename(absolute));
    } catch {
      return absolute;
    }
  }
}

/** One queued change of a group commit. */
interface WriteJob {
  readonly apply: () => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
}

class JsonFileBackend implements StorageBackend, ExitFlushTarget {
  readonly name = NAME;
  readonly capabilities: BackendCapabilities;
  private readonly store: JsonFileStore;
  private closed = false;
  private queue: Promise<unknown> = Promise.resolve();
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly sweepTimer: NodeJS.Timeout;
  private lastFlushError: string | undefined;
  // The group the next write joins while it waits for its turn; taken when the group starts.
  private nextGroup: WriteJob[] | undefined;

  constructor(private readonly options: ResolvedJsonFileOptions) {
    const file = canonicalPath(options.path);
    this.store = new JsonFileStore(file, options, { lockPath: `${file}.lock`, staleMs: options.lockStaleMs, timeoutMs: options.lockTimeoutMs });
    this.capabilities = Object.freeze({
      persistent: true,
      // Batched writes live in one process's memory until a flush, so other processes cannot see
      // them and CAS is only checked locally: only immediate durability keeps the cross-process contract.
      crossProcess: options.durability === 'immediate',
      vectorSearch: 'exact',
      atomicBatch: true,
      maxValueBytes: options.maxValueBytes,
      maxK: DEFAULT_MAX_K,
      ...(options.dimension === undefined ? {} : { dimension: options.dimension }),
    });
    this.sweepTimer = setInterval(() => this.sweep(), options.sweepIntervalMs).unref();
  }

  async open(): Promise<void> {
    try {
      await this.store.open(operationContext(NAME, 'open'));
    } catch (error) {
      clearInterval(this.sweepTimer);
      this.closed = true;
      throw error;
    }
    if (this.options.durability === 'batched') registerExitFlush(this);
  }

  get(namespace: Namespace, key: string): Promise<Entry | undefined> {
    return this.read('get', (context) => {
      const ref = encodeEntryKey(validateNamespace(namespace, context), validateKey(key, context));
      const found = this.live(ref, Date.now());
      return found && toEntry(found, context);
    });
  }

  getMany(refs: readonly EntryRef[]): Promise<(Entry | undefined)[]> {
    return this.read('getMany', (context) => {
      const valid = prepareRefs(refs, context);
      const now = Date.now();
      return valid.map((r) => {
        const found = this.live(encodeEntryKey(r.namespace, r.key), now);
        return found && toEntry(found, context);
      });
    });
  }

  put(namespace: Namespace, key: string, value: unknown, options?: PutOptions): Promise<WriteResult> {
    return this.write('put', (context) => preparePut(namespace, key, value, options, this.prepareOptions(), context), (write, context) => {
      checkDimension([write], this.store.dimension, context);
      const now = Date.now();
      const ref = encodeEntryKey(write.namespace, write.key);
      const current = this.live(ref, now);
      if (write.ifVersion !== undefined && (current?.version ?? 0) !== write.ifVersion) {
        throw new VersionConflictError(write.ifVersion, current?.version ?? 0, context);
      }
      return this.apply(ref, write, current, now);
    });
  }

  putMany(items: readonly PutItem[]): Promise<WriteResult[]> {
    return this.write('putMany', (context) => preparePutMany(items, this.prepareOptions(), context), (writes, context) => {
      checkDimension(writes, this.store.dimension, context);
      const now = Date.now();
      return writes.map((write) => {
        const ref = encodeEntryKey(write.namespace, write.key);
        return this.apply(ref, write, this.live(ref, now), now);
      });
    });
  }

  delete(namespace: Namespace, key: string, options?: DeleteOptions): Promise<boolean> {
    return this.write('delete', (context) => prepareDelete(namespace, key, options, context), (target, context) => {
      const ref = encodeEntryKey(target.namespace, target.key);
      const current = this.live(ref, Date.now());
      if (target.ifVersion !== undefined && (current?.version ?? 0) !== target.ifVersion) {
        throw new VersionConflictError(target.ifVersion, current?.version ?? 0, context);
      }
      if (current) this.store.delete(ref);
      return current !== undefined;
    });
  }

  deleteMany(refs: readonly EntryRef[]): Promise<number> {
    return this.write('deleteMany', (context) => prepareRefs(refs, context), (valid) => {
      const now = Date.now();
      let removed = 0;
      for (const r of valid) {
        const ref = encodeEntryKey(r.namespace, r.key);
        if (this.live(ref, now) === undefined) continue;
        this.store.delete(ref);
        removed++;
      }
      return removed;
    });
  }

  list(options?: ListOptions): Promise<ListPage> {
    return this.read('list', (context) => listPage(this.store.table, prepareList(options, context), Date.now(), context));
  }

  search(options: SearchOptions): Promise<SearchHit[]> {
    return this.read('search', (context) => searchHits(this.store.table, prepareSearch(options, this.capabilities, this.store.dimension, context), Date.now(), context));
  }

  listNamespaces(options?: ListNamespacesOptions): Promise<Namespace[]> {
    return this.read('listNamespaces', (context) => {
      const q = prepareListNamespaces(options, context);
      return liveNamespaces(this.store.table, q.prefix, q.maxDepth, Date.now());
    });
  }

  clear(prefix?: Namespace): Promise<number> {
    return this.write('clear', (context) => prepareClear(prefix, context), (valid) => {
      const now = Date.now();
      return this.store.clear(encodeNamespace(valid)).filter((e) => !isExpired(e, now)).length;
    });
  }

  stats(): Promise<BackendStats> {
    return this.read('stats', () => {
      const details: Record<string, number | string | boolean> = { file: this.store.file, durability: this.options.durability, pendingWrites: this.store.pendingChanges, ...this.store.counters };
      if (this.lastFlushError !== undefined) details['lastFlushError'] = this.lastFlushError;
      return { backend: NAME, ...countLive(this.store.table, Date.now()), bytes: this.store.fileBytes, details };
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.sweepTimer);
    clearTimeout(this.flushTimer);
    try {
      await this.queue.catch(() => undefined);
      await this.store.flush(operationContext(NAME, 'close'));
    } finally {
      unregisterExitFlush(this);
    }
  }

  /** @internal exit hook */
  async flushBeforeExit(): Promise<void> {
    await this.exclusive(() => this.store.flush(operationContext(NAME, 'flush')));
  }

  /** @internal exit hook */
  flushOnExit(): void {
    this.store.flushSync(operationContext(NAME, 'flush'));
  }

  private prepareOptions() {
    return { valueForm: 'encode', capabilities: this.capabilities, dimension: this.store.dimension } as const;
  }

  private live(ref: string, now: number): StoredEntry | undefined {
    const found = this.store.table.get(ref);
    return found === undefined || isExpired(found, now) ? undefined : found;
  }

  private apply(ref: string, write: PreparedWrite, current: StoredEntry | undefined, now: number): WriteResult {
    if (write.embedding !== undefined) this.store.dimension ??= write.embedding.length;
    const entry = nextStoredEntry(ref, write, current, now);
    this.store.set(entry);
    return writeResultOf(entry);
  }

  // One operation at a time per instance: a reload replaces the image, so nothing may interleave with it.
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async read<T>(operation: string, fn: (context: MemErrorContext) => T): Promise<T> {
    const context = operationContext(NAME, operation);
    assertOpen(this.closed, context);
    return this.exclusive(async () => {
      await this.store.refresh(context);
      return fn(context);
    });
  }

  /**
   * Validates at once, then queues the change. Changes queued while an earlier operation runs are
   * applied together, in call order, and written with one file replace (group commit), so N
   * concurrent puts cost about one write of the file, not N.
   */
  private async write<P, T>(operation: string, prepare: (context: MemErrorContext) => P, apply: (prepared: P, context: MemErrorContext) => T): Promise<T> {
    const context = operationContext(NAME, operation);
    assertOpen(this.closed, context);
    const prepared = prepare(context);
    return new Promise<T>((resolve, reject) => {
      const job: WriteJob = { apply: () => apply(prepared, context), resolve: resolve as (value: unknown) => void, reject };
      if (this.nextGroup !== undefined) {
        this.nextGroup.push(job);
        return;
      }
      const group = (this.nextGroup = [job]);
      void this.exclusive(async () => {
        this.nextGroup = undefined;
        try {
          const results = await this.store.mutateAll(context, group.map((j) => j.apply));
          results.forEach((r, i) => (r.status === 'fulfilled' ? group[i]!.resolve(r.value) : group[i]!.reject(r.reason)));
        } catch (error) {
          for (const j of group) j.reject(error);
        }
        if (this.store.pendingChanges > 0) this.scheduleFlush();
      });
    });
  }

  private scheduleFlush(): void {
    if (this.flushTimer !== undefined || this.closed) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.exclusive(() => this.store.flush(operationContext(NAME, 'flush'))).then(
        () => (this.lastFlushError = undefined),
        (error: Error) => {
          // Kept pending and retried; stats() reports the failure, close() throws it.
          this.lastFlushError = error.message;
          this.scheduleFlush();
        },
      );
    }, this.options.flushIntervalMs).unref();
  }

  private sweep(): void {
    if (this.closed || !this.store.hasExpired(Date.now())) return;
    this.exclusive(() => this.store.flush(operationContext(NAME, 'sweep'), true)).catch((error: Error) => (this.lastFlushError = error.message));
  }
}
