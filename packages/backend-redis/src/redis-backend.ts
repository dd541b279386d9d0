import {
  ConfigError,
  DEFAULT_MAX_K,
  DEFAULT_MAX_VALUE_BYTES,
  operationContext,
  prepareClear,
  prepareDelete,
  prepareList,
  prepareListNamespaces,
  preparePut,
  preparePutMany,
  prepareRefs,
  prepareSearch,
  ValidationError,
  type BackendCapabilities,
  type BackendStats,
  type DeleteOptions,
  type Entry,
  type EntryRef,
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
import { Cluster } from 'ioredis';
import { decodeEntry, ENTRY_FIELDS } from './entry-codec.js';
import { KeyLayout } from './key-layout.js';
import { defineScripts } from './lua-scripts.js';
import { fetchFields, type RedisStore } from './namespace-scan.js';
import { REDIS_DEFAULTS, type RedisBackendOptions } from './redis-backend-options.js';
import { openConnection, type RedisConnection } from './redis-connection.js';
import { CallRunner } from './call-runner.js';
import { GetBatcher } from './get-batcher.js';
import { deleteEntries, namespaceChunks, writeEntries } from './entry-writes.js';
import { toMemError } from './redis-errors.js';
import { clearPrefix, listLiveNamespaces, listPage, liveCounts, sweepExpired } from './redis-listing.js';
import { searchExact } from './redis-search.js';

const NAME = 'redis';
function positive(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new ConfigError(`${name} must be a positive number`, operationContext(NAME, 'connect'));
  return value;
}

/** Redis and Redis Cluster storage. Create with {@link createRedisBackend}. */
export class RedisBackend implements StorageBackend {
  readonly name = NAME;
  readonly capabilities: BackendCapabilities;
  private readonly store: RedisStore;
  private readonly runner: CallRunner;
  private readonly gets: GetBatcher;
  private dimension: number | undefined;
  private readonly sweeper: NodeJS.Timeout | undefined;
  private sweeps = { runs: 0, pruned: 0, failures: 0 };

  private constructor(
    private readonly connection: RedisConnection,
    layout: KeyLayout,
    options: RedisBackendOptions,
    storedDimension: number | undefined,
  ) {
    this.store = { client: defineScripts(connection.client), layout, registry: connection.client instanceof Cluster ? '' : layout.registryKey };
    this.runner = new CallRunner(connection.client, connection.owned, positive(options.commandTimeoutMs, 'commandTimeoutMs', REDIS_DEFAULTS.commandTimeoutMs));
    this.dimension = storedDimension;
    this.gets = new GetBatcher(this.store, this.runner);
    this.capabilities = Object.freeze({
      persistent: true,
      crossProcess: true,
      vectorSearch: 'exact',
      atomicBatch: false,
      maxValueBytes: options.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES,
      maxK: DEFAULT_MAX_K,
      ...(options.dimension === undefined ? {} : { dimension: options.dimension }),
    });
    const interval = options.sweepIntervalMs ?? REDIS_DEFAULTS.sweepIntervalMs;
    if (interval > 0) {
      this.sweeper = setInterval(() => void this.sweep(), interval);
      this.sweeper.unref();
    }
  }

  /** Connects (bounded by `connectTimeoutMs`) and reads the store's embedding dimension. */
  static async open(options: RedisBackendOptions): Promise<RedisBackend> {
    const layout = new KeyLayout(options.keyPrefix ?? REDIS_DEFAULTS.keyPrefix);
    const connectTimeoutMs = positive(options.connectTimeoutMs, 'connectTimeoutMs', REDIS_DEFAULTS.connectTimeoutMs);
    const commandTimeoutMs = positive(options.commandTimeoutMs, 'commandTimeoutMs', REDIS_DEFAULTS.commandTimeoutMs);
    if (options.dimension !== undefined && !(Number.isInteger(options.dimension) && options.dimension > 0)) {
      throw new ConfigError('dimension must be a positive integer', operationContext(NAME, 'connect'));
    }
    const connection = await openConnection(options, connectTimeoutMs, commandTimeoutMs);
    try {
      const context = operationContext(NAME, 'connect');
      let stored = await connection.client.get(layout.dimensionKey).catch((e: unknown) => Promise.reject(toMemError(e, context)));
      if (options.dimension !== undefined) {
        if (stored === null) {
          await connection.client.set(layout.dimensionKey, String(options.dimension), 'NX');
          stored = await connection.client.get(layout.dimensionKey);
        }
        if (Number(stored) !== options.dimension) throw new ConfigError(`dimension ${options.dimension} does not match the store's ${stored}`, context);
      }
      return new RedisBackend(connection, layout, options, stored === null ? undefined : Number(stored));
    } catch (error) {
      if (connection.owned) connection.client.disconnect();
      throw error;
    }
  }

  private run<T>(context: MemErrorContext, work: () => Promise<T>): Promise<T> {
    return this.runner.run(context, work);
  }

  private context(operation: string): MemErrorContext {
    const context = operationContext(NAME, operation);
    this.runner.assertOpen(context);
    return context;
  }

  /** Fixes the store's dimension before the first embedding is written (first writer wins). */
  private async settleDimension(writes: readonly PreparedWrite[], context: MemErrorContext): Promise<void> {
    const first = writes.find((w) => w.embedding !== undefined)?.embedding;
    if (first === undefined || this.dimension !== undefined) return;
    const stored = await this.run(context, async () => {
      await this.store.client.set(this.store.layout.dimensionKey, String(first.length), 'NX');
      return this.store.client.get(this.store.layout.dimensionKey);
    });
    this.dimension = Number(stored);
    if (this.dimension !== first.length) throw new ValidationError(`embedding has dimension ${first.length}, this store uses ${this.dimension}`, context);
  }

  get(namespace: Namespace, key: string): Promise<Entry | undefined> {
    // The hot path: gets of one tick and namespace share one fetch (see GetBatcher).
    let context: MemErrorContext;
    let ref: EntryRef;
    try {
      context = this.context('get');
      ref = prepareRefs([{ namespace, key }], context)[0]!;
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return this.gets.get(ref.namespace as string[], ref.key, this.store.layout.namespace(ref.namespace).entryPrefix, context);
  }

  async getMany(refs: readonly EntryRef[]): Promise<(Entry | undefined)[]> {
    return this.readMany(refs, this.context('getMany'));
  }

  private async readMany(refs: readonly EntryRef[], context: MemErrorContext): Promise<(Entry | undefined)[]> {
    const valid = prepareRefs(refs, context);
    const { layout } = this.store;
    // One fetch per namespace (one slot), all in flight together.
    const chunks = namespaceChunks(valid);
    const fetched = await this.run(context, () =>
      Promise.all(
        chunks.map((at) => {
          const { entryPrefix } = layout.namespace(valid[at[0]!]!.namespace);
          return fetchFields(
            this.store,
            at.map((j) => entryPrefix + valid[j]!.key),
            ENTRY_FIELDS,
          );
        }),
      ),
    );
    const now = Date.now();
    const out = new Array<Entry | undefined>(valid.length);
    chunks.forEach((at, c) => at.forEach((j, n) => (out[j] = decodeEntry(valid[j]!.namespace, valid[j]!.key, fetched[c]![n]!, now, context))));
    return out;
  }

  async put(namespace: Namespace, key: string, value: unknown, options?: PutOptions): Promise<WriteResult> {
    const context = this.context('put');
    const write = preparePut(namespace, key, value, options, { valueForm: 'encode', capabilities: this.capabilities, dimension: this.dimension }, context);
    await this.settleDimension([write], context);
    const [result] = await writeEntries(this.store, this.runner, [write], write.ifVersion, context);
    return result!;
  }

  async putMany(items: readonly PutItem[]): Promise<WriteResult[]> {
    const context = this.context('putMany');
    const writes = preparePutMany(items, { valueForm: 'encode', capabilities: this.capabilities, dimension: this.dimension }, context);
    await this.settleDimension(writes, context);
    const results: WriteResult[] = new Array<WriteResult>(writes.length);
    await Promise.all(
      namespaceChunks(writes).map(async (at) => {
        const out = await writeEntries(this.store, this.runner, at.map((j) => writes[j]!), undefined, context);
        at.forEach((j, n) => (results[j] = out[n]!));
      }),
    );
    return results;
  }

  async delete(namespace: Namespace, key: string, options?: DeleteOptions): Promise<boolean> {
    const context = this.context('delete');
    const d = prepareDelete(namespace, key, options, context);
    return (await deleteEntries(this.store, this.runner, [d], d.ifVersion, context)) === 1;
  }

  async deleteMany(refs: readonly EntryRef[]): Promise<number> {
    const context = this.context('deleteMany');
    const valid = prepareRefs(refs, context);
    const removed = await Promise.all(namespaceChunks(valid).map((at) => deleteEntries(this.store, this.runner, at.map((j) => valid[j]!), undefined, context)));
    return removed.reduce((a, b) => a + b, 0);
  }

  async list(options?: ListOptions): Promise<ListPage> {
    const context = this.context('list');
    const prepared = prepareList(options, context);
    return this.run(context, () => listPage(this.store, prepared, context));
  }

  async search(options: SearchOptions): Promise<SearchHit[]> {
    const context = this.context('search');
    const prepared = prepareSearch(options, this.capabilities, this.dimension, context);
    return this.run(context, () => searchExact(this.store, prepared, context));
  }

  async listNamespaces(options?: { prefix?: Namespace; maxDepth?: number }): Promise<Namespace[]> {
    const context = this.context('listNamespaces');
    const { prefix, maxDepth } = prepareListNamespaces(options, context);
    return this.run(context, () => listLiveNamespaces(this.store, prefix, maxDepth));
  }

  async clear(prefix?: Namespace): Promise<number> {
    const context = this.context('clear');
    const valid = prepareClear(prefix, context);
    return this.run(context, () => clearPrefix(this.store, valid));
  }

  async stats(): Promise<BackendStats> {
    const context = this.context('stats');
    const counts = await this.run(context, () => liveCounts(this.store, []));
    return {
      backend: NAME,
      entries: counts.reduce((sum, c) => sum + c.live, 0),
      namespaces: counts.filter((c) => c.live > 0).length,
      details: { mode: this.connection.client instanceof Cluster ? 'cluster' : 'standalone', sweepRuns: this.sweeps.runs, sweepPruned: this.sweeps.pruned, sweepFailures: this.sweeps.failures, retries: this.runner.retries },
    };
  }

  /**
   * Drops index members of entries Redis has expired, in every namespace; returns how many.
   * Runs every `sweepIntervalMs`; callable directly (e.g. from a maintenance job).
   */
  async sweep(): Promise<number> {
    if (this.runner.isClosed) return 0;
    try {
      const pruned = await sweepExpired(this.store);
      this.sweeps = { ...this.sweeps, runs: this.sweeps.runs + 1, pruned: this.sweeps.pruned + pruned };
      return pruned;
    } catch {
      // A sweep is best effort; the next one (or any read of the namespace) catches up.
      this.sweeps = { ...this.sweeps, failures: this.sweeps.failures + 1 };
      return 0;
    }
  }

  async close(): Promise<void> {
    if (this.runner.isClosed) return;
    this.runner.close();
    if (this.sweeper !== undefined) clearInterval(this.sweeper);
    if (!this.connection.owned) return;
    try {
      await this.connection.client.quit();
    } catch {
      this.connection.client.disconnect();
    }
  }
}

/** Connects to Redis (standalone, TLS or Cluster) and returns a backend. */
export async function createRedisBackend(options: RedisBackendOptions): Promise<RedisBackend> {
  return RedisBackend.open(options);
}
