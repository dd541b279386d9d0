import { randomUUID } from 'node:crypto';
import {
  assertOpen,
  BackendUnavailableError,
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
  VersionConflictError,
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
import { decodeEntry, embeddingToBytes, ENTRY_FIELDS } from './entry-codec.js';
import { KeyLayout } from './key-layout.js';
import { defineScripts } from './lua-scripts.js';
import type { RedisStore } from './namespace-scan.js';
import { REDIS_DEFAULTS, type RedisBackendOptions } from './redis-backend-options.js';
import { openConnection, withDeadline, type RedisConnection } from './redis-connection.js';
import { isRedirection, toMemError } from './redis-errors.js';
import { clearPrefix, listLiveNamespaces, listPage, liveCounts, sweepExpired } from './redis-listing.js';
import { searchExact } from './redis-search.js';

const NAME = 'redis';
/** Entries per script call in batches: atomic per namespace chunk, short enough not to stall Redis. */
const SCRIPT_BATCH = 500;

function positive(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new ConfigError(`${name} must be a positive number`, operationContext(NAME, 'connect'));
  return value;
}

function groupByNamespace<T extends { namespace: readonly string[] }>(items: readonly T[]): Map<string, { namespace: readonly string[]; at: number[] }> {
  const groups = new Map<string, { namespace: readonly string[]; at: number[] }>();
  items.forEach((item, i) => {
    const id = JSON.stringify(item.namespace);
    const group = groups.get(id) ?? { namespace: item.namespace, at: [] };
    group.at.push(i);
    groups.set(id, group);
  });
  return groups;
}

/** Redis and Redis Cluster storage. Create with {@link createRedisBackend}. */
export class RedisBackend implements StorageBackend {
  readonly name = NAME;
  readonly capabilities: BackendCapabilities;
  private readonly store: RedisStore;
  private readonly commandTimeoutMs: number;
  private dimension: number | undefined;
  private closed = false;
  private readonly sweeper: NodeJS.Timeout | undefined;
  private sweeps = { runs: 0, pruned: 0, failures: 0 };
  private retries = 0;
  private readonly queues: boolean;

  private constructor(
    private readonly connection: RedisConnection,
    layout: KeyLayout,
    options: RedisBackendOptions,
    storedDimension: number | undefined,
  ) {
    this.store = { client: defineScripts(connection.client), layout };
    this.commandTimeoutMs = positive(options.commandTimeoutMs, 'commandTimeoutMs', REDIS_DEFAULTS.commandTimeoutMs);
    this.dimension = storedDimension;
    // A client passed in may have its offline queue on; only one we built is known not to.
    this.queues = connection.client instanceof Cluster || !connection.owned;
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

  /**
   * Runs one operation; connection failures are retried until `commandTimeoutMs` has passed since
   * the call began (writes carry an operation id, so a retry never applies one twice).
   */
  private async run<T>(context: MemErrorContext, work: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + this.commandTimeoutMs;
    for (let attempt = 1; ; attempt++) {
      assertOpen(this.closed, context);
      try {
        // A single client never queues offline and times out each command itself; the cluster
        // client queues while it reconnects, so its wait needs a bound of its own.
        if (!this.queues) return await work();
        return await withDeadline(work(), Math.max(1, deadline - Date.now()), () => new BackendUnavailableError(`no reply within ${this.commandTimeoutMs} ms; the operation may or may not have been applied`, context));
      } catch (error) {
        const mapped = toMemError(error, context);
        const pause = Math.min(25 * attempt, 250);
        if (!(mapped instanceof BackendUnavailableError) || this.closed || Date.now() + pause >= deadline) throw mapped;
        this.retries++;
        if (isRedirection(error) && this.connection.client instanceof Cluster) void this.connection.client.refreshSlotsCache();
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }

  private context(operation: string): MemErrorContext {
    const context = operationContext(NAME, operation);
    assertOpen(this.closed, context);
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

  async get(namespace: Namespace, key: string): Promise<Entry | undefined> {
    const [entry] = await this.readMany([{ namespace, key }], this.context('get'));
    return entry;
  }

  async getMany(refs: readonly EntryRef[]): Promise<(Entry | undefined)[]> {
    return this.readMany(refs, this.context('getMany'));
  }

  private async readMany(refs: readonly EntryRef[], context: MemErrorContext): Promise<(Entry | undefined)[]> {
    const valid = prepareRefs(refs, context);
    const { layout, client } = this.store;
    return this.run(context, async () => {
      const rows = await Promise.all(valid.map((r) => client.hmgetBuffer(layout.namespace(r.namespace).entryPrefix + r.key, ...ENTRY_FIELDS)));
      const now = Date.now();
      return rows.map((row, i) => decodeEntry(valid[i]!.namespace, valid[i]!.key, row, now, context));
    });
  }

  async put(namespace: Namespace, key: string, value: unknown, options?: PutOptions): Promise<WriteResult> {
    const context = this.context('put');
    const write = preparePut(namespace, key, value, options, { valueForm: 'encode', capabilities: this.capabilities, dimension: this.dimension }, context);
    await this.settleDimension([write], context);
    const [result] = await this.writeGroup([write], write.ifVersion, context);
    return result!;
  }

  async putMany(items: readonly PutItem[]): Promise<WriteResult[]> {
    const context = this.context('putMany');
    const writes = preparePutMany(items, { valueForm: 'encode', capabilities: this.capabilities, dimension: this.dimension }, context);
    await this.settleDimension(writes, context);
    const results: WriteResult[] = new Array<WriteResult>(writes.length);
    const jobs: Promise<void>[] = [];
    for (const { at } of groupByNamespace(writes).values()) {
      for (let i = 0; i < at.length; i += SCRIPT_BATCH) {
        const slice = at.slice(i, i + SCRIPT_BATCH);
        jobs.push(
          this.writeGroup(
            slice.map((j) => writes[j]!),
            undefined,
            context,
          ).then((out) => slice.forEach((j, n) => (results[j] = out[n]!))),
        );
      }
    }
    await Promise.all(jobs);
    return results;
  }

  /** Writes entries of one namespace in one script call. */
  private async writeGroup(writes: readonly PreparedWrite[], ifVersion: number | undefined, context: MemErrorContext): Promise<WriteResult[]> {
    const keys = this.store.layout.namespace(writes[0]!.namespace);
    const now = Date.now();
    const expiries = writes.map((w) => (w.ttlMs === undefined ? undefined : now + Math.max(1, Math.ceil(w.ttlMs))));
    const args: (string | Buffer)[] = [String(now), randomUUID(), ifVersion === undefined ? '' : String(ifVersion)];
    writes.forEach((w, i) => {
      const expiry = expiries[i];
      args.push(w.key, expiry === undefined ? '' : String(expiry), w.encodedValue, w.metadata === undefined ? '' : JSON.stringify(w.metadata), w.embedding === undefined ? '' : embeddingToBytes(w.embedding));
    });
    const redisKeys = [keys.index, keys.expiry, ...writes.map((w) => keys.entryPrefix + w.key)];
    const reply = await this.run(context, () => this.store.client.memPut(redisKeys, args));
    const first = reply[0]!;
    if (first[0] === -1) throw new VersionConflictError(ifVersion ?? 0, first[1], context);
    return reply.map(([version, createdAt], i) => {
      const expiresAt = expiries[i];
      return expiresAt === undefined ? { version, createdAt, updatedAt: now } : { version, createdAt, updatedAt: now, expiresAt };
    });
  }

  async delete(namespace: Namespace, key: string, options?: DeleteOptions): Promise<boolean> {
    const context = this.context('delete');
    const d = prepareDelete(namespace, key, options, context);
    return (await this.deleteGroup([d], d.ifVersion, context)) === 1;
  }

  async deleteMany(refs: readonly EntryRef[]): Promise<number> {
    const context = this.context('deleteMany');
    const valid = prepareRefs(refs, context);
    const jobs: Promise<number>[] = [];
    for (const { at } of groupByNamespace(valid).values()) {
      for (let i = 0; i < at.length; i += SCRIPT_BATCH) jobs.push(this.deleteGroup(at.slice(i, i + SCRIPT_BATCH).map((j) => valid[j]!), undefined, context));
    }
    return (await Promise.all(jobs)).reduce((a, b) => a + b, 0);
  }

  private async deleteGroup(refs: readonly EntryRef[], ifVersion: number | undefined, context: MemErrorContext): Promise<number> {
    const keys = this.store.layout.namespace(refs[0]!.namespace);
    const redisKeys = [keys.index, keys.expiry, ...refs.map((r) => keys.entryPrefix + r.key)];
    const args = [String(Date.now()), ifVersion === undefined ? '' : String(ifVersion), ...refs.map((r) => r.key)];
    const [removed, actual] = await this.run(context, () => this.store.client.memDelete(redisKeys, args));
    if (removed === -1) throw new VersionConflictError(ifVersion ?? 0, actual, context);
    return removed;
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
      details: { mode: this.connection.client instanceof Cluster ? 'cluster' : 'standalone', sweepRuns: this.sweeps.runs, sweepPruned: this.sweeps.pruned, sweepFailures: this.sweeps.failures, retries: this.retries },
    };
  }

  /**
   * Drops index members of entries Redis has expired, in every namespace; returns how many.
   * Runs every `sweepIntervalMs`; callable directly (e.g. from a maintenance job).
   */
  async sweep(): Promise<number> {
    if (this.closed) return 0;
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
    if (this.closed) return;
    this.closed = true;
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
