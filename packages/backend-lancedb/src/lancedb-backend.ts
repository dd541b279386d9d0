import {
  assertOpen,
  collectNamespaces,
  decodeNamespace,
  encodeEntryKey,
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
  DEFAULT_MAX_K,
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
  type PutItem,
  type PutOptions,
  type SearchHit,
  type SearchOptions,
  type StorageBackend,
  type WriteResult,
} from '@mem/core';
import { COLUMNS } from './arrow.js';
import { entryFromRow, isLive } from './entry-rows.js';
import { LanceStore, storageFailure } from './lance-store.js';
import { resolveLanceDbOptions, type LanceDbBackendOptions, type ResolvedLanceDbOptions } from './lancedb-backend-options.js';
import { listPage } from './list-query.js';
import { Maintenance, type OptimizeReport } from './maintenance.js';
import { SerialQueue } from './serial-queue.js';
import { allOf, livePredicate, namespacePrefixPredicate } from './sql.js';
import { vectorSearch } from './vector-search.js';
import { WriteEngine } from './write-engine.js';

const NAME = 'lancedb';

/** Opens (creating when missing) a LanceDB-backed store. @throws ConfigError, CorruptDataError, StorageError */
export async function createLanceDbBackend(options: LanceDbBackendOptions): Promise<LanceDbBackend> {
  const resolved = resolveLanceDbOptions(options as unknown as Record<string, unknown>);
  const store = await LanceStore.open(resolved, operationContext(NAME, 'open'));
  return new LanceDbBackend(store, resolved);
}

/** A `StorageBackend` on one LanceDB table: persistent, shared across processes, approximate (ANN) vector search. */
export class LanceDbBackend implements StorageBackend {
  readonly name = NAME;
  readonly capabilities: BackendCapabilities;
  private closed = false;
  private readonly queue = new SerialQueue();
  private readonly maintenance: Maintenance;
  private readonly writes: WriteEngine;
  private readonly timers: NodeJS.Timeout[] = [];
  private writesSinceOptimize = 0;
  private readonly inFlight = new Set<Promise<void>>();

  /** Use `createLanceDbBackend`. @internal */
  constructor(
    private readonly store: LanceStore,
    private readonly options: ResolvedLanceDbOptions,
  ) {
    const dimension = options.dimension ?? store.dimension;
    this.capabilities = Object.freeze({
      persistent: true,
      crossProcess: true,
      vectorSearch: 'approximate',
      // One putMany is one commit in this process, but a concurrent writer elsewhere can make a retry split it.
      atomicBatch: false,
      maxValueBytes: options.maxValueBytes,
      maxK: DEFAULT_MAX_K,
      ...(dimension === undefined ? {} : { dimension }),
    });
    this.maintenance = new Maintenance(store, options);
    this.writes = new WriteEngine(store, (n) => this.noteWrites(n));
    const sweep = setInterval(() => void this.background((c) => this.maintenance.sweep(c), 'sweep'), options.sweepIntervalMs);
    const optimize = setInterval(() => void this.background((c) => this.maintenance.optimize(c), 'optimize'), options.optimizeIntervalMs);
    for (const timer of [sweep, optimize]) timer.unref();
    this.timers.push(sweep, optimize);
  }

  /** The database directory. */
  get path(): string {
    return this.options.path;
  }

  async get(namespace: Namespace, key: string): Promise<Entry | undefined> {
    const context = this.open('get');
    const ek = encodeEntryKey(validateNamespace(namespace, context), validateKey(key, context));
    const row = await this.native(context, () => this.writes.readRow(ek));
    return row !== undefined && isLive(row, Date.now()) ? entryFromRow(row, context) : undefined;
  }

  async getMany(refs: readonly EntryRef[]): Promise<(Entry | undefined)[]> {
    const context = this.open('getMany');
    const keys = prepareRefs(refs, context).map((ref) => encodeEntryKey(ref.namespace, ref.key));
    const rows = await this.native(context, () => this.writes.readRows(keys));
    const now = Date.now();
    return keys.map((ek) => {
      const row = rows.get(ek);
      return row !== undefined && isLive(row, now) ? entryFromRow(row, context) : undefined;
    });
  }

  async put(namespace: Namespace, key: string, value: unknown, options?: PutOptions): Promise<WriteResult> {
    const context = this.open('put');
    // The cached dimension suffices here: the write re-checks against the table before it lands.
    const write = preparePut(namespace, key, value, options, { valueForm: 'encode', capabilities: this.capabilities, dimension: this.store.dimension }, context);
    return this.queue.run(() => this.native(context, () => this.writes.putOne(write, context)));
  }

  async putMany(items: readonly PutItem[]): Promise<WriteResult[]> {
    const context = this.open('putMany');
    const writes = preparePutMany(items, { valueForm: 'encode', capabilities: this.capabilities, dimension: this.store.dimension }, context);
    if (writes.length === 0) return [];
    return this.queue.run(() => this.native(context, () => this.writes.putMany(writes, context)));
  }

  async delete(namespace: Namespace, key: string, options?: DeleteOptions): Promise<boolean> {
    const context = this.open('delete');
    const target = prepareDelete(namespace, key, options, context);
    return this.queue.run(() => this.native(context, () => this.writes.deleteOne(encodeEntryKey(target.namespace, target.key), target.ifVersion, context)));
  }

  async deleteMany(refs: readonly EntryRef[]): Promise<number> {
    const context = this.open('deleteMany');
    const keys = [...new Set(prepareRefs(refs, context).map((ref) => encodeEntryKey(ref.namespace, ref.key)))];
    return this.queue.run(() => this.native(context, () => this.writes.deleteKeys(keys)));
  }

  async list(options?: ListOptions): Promise<ListPage> {
    const context = this.open('list');
    const prepared = prepareList(options, context);
    return this.native(context, () => listPage(this.store, prepared, context));
  }

  async search(options: SearchOptions): Promise<SearchHit[]> {
    const context = this.open('search');
    const prepared = prepareSearch(options, this.capabilities, await this.dimension(), context);
    return this.native(context, async () => vectorSearch(this.store, prepared, { indexed: await this.maintenance.hasVectorIndex(), options: this.options }, context));
  }

  async listNamespaces(options?: ListNamespacesOptions): Promise<Namespace[]> {
    const context = this.open('listNamespaces');
    const { prefix, maxDepth } = prepareListNamespaces(options, context);
    const encoded = await this.native(context, () => this.liveNamespaces(namespacePrefixPredicate(prefix)));
    return collectNamespaces([...encoded].map(decodeNamespace), prefix, maxDepth);
  }

  async clear(prefix?: Namespace): Promise<number> {
    const context = this.open('clear');
    const range = namespacePrefixPredicate(prepareClear(prefix, context));
    return this.queue.run(() => this.native(context, () => this.writes.clearRange(range)));
  }

  async stats(): Promise<BackendStats> {
    const context = this.open('stats');
    return this.native(context, async () => {
      const namespaces = await this.liveNamespaces(undefined);
      const entries = await this.store.count(livePredicate(Date.now()));
      const table = await this.store.table.stats();
      const details: Record<string, number | string | boolean> = {
        tableVersion: await this.store.table.version(),
        fragments: table.fragmentStats.numFragments,
        storedRows: table.numRows,
        indexes: table.numIndices,
        vectorIndex: await this.maintenance.hasVectorIndex(),
        sweeps: this.maintenance.sweeps,
        optimizations: this.maintenance.optimizations,
      };
      if (this.maintenance.lastError !== undefined) details['lastMaintenanceError'] = this.maintenance.lastError;
      return { backend: NAME, entries, namespaces: namespaces.size, bytes: table.totalBytes, details };
    });
  }

  /**
   * Deletes expired rows, builds the ANN index once `indexThreshold` embeddings exist (and the key
   * index), compacts small fragments, refreshes indexes with new rows and deletes table versions
   * older than `versionRetentionMs`. Runs on a timer too; call it after bulk loads.
   */
  async optimize(): Promise<OptimizeReport> {
    const context = this.open('optimize');
    const report = await this.maintenance.optimize(context);
    this.writesSinceOptimize = 0;
    return report;
  }

  /** Deletes expired rows now (the sweeper does it every `sweepIntervalMs`); returns how many. */
  async sweepExpired(): Promise<number> {
    return this.maintenance.sweep(this.open('sweepExpired'));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    await this.queue.idle();
    await Promise.all([...this.inFlight]);
    await this.maintenance.settle();
    this.store.close();
  }

  private open(operation: string): MemErrorContext {
    const context = operationContext(NAME, operation);
    assertOpen(this.closed, context);
    return context;
  }

  private async dimension(): Promise<number | undefined> {
    return this.store.dimension ?? (await this.store.refreshDimension());
  }

  private async native<T>(context: MemErrorContext, task: () => Promise<T>): Promise<T> {
    try {
      return await task();
    } catch (cause) {
      throw storageFailure(cause, context);
    }
  }

  private async liveNamespaces(range: string | undefined): Promise<Set<string>> {
    const rows = await this.store.select(allOf(range, livePredicate(Date.now())), { columns: [COLUMNS.namespace] });
    return new Set(rows.map((row) => row.ns));
  }

  private noteWrites(count: number): void {
    this.writesSinceOptimize += count;
    if (this.writesSinceOptimize < this.options.optimizeEveryWrites) return;
    this.writesSinceOptimize = 0;
    void this.background((c) => this.maintenance.optimize(c), 'optimize');
  }

  private background(task: (context: MemErrorContext) => Promise<unknown>, operation: string): Promise<void> {
    if (this.closed) return Promise.resolve();
    const run = task(operationContext(NAME, operation)).then(
      () => undefined,
      (error: unknown) => {
        // Timers have no caller to throw to; the failure shows in stats() and the next run retries.
        this.maintenance.lastError = error instanceof Error ? error.message : String(error);
      },
    );
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
    return run;
  }
}

