import type { Database } from 'better-sqlite3';
import {
  assertOpen,
  encodeNamespace,
  escapeSegment,
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
  type PutItem,
  type PutOptions,
  type SearchHit,
  type SearchOptions,
  type StorageBackend,
  type WriteResult,
} from '@mem/core';
import { rowToEntry, type EntryRow } from './entry-row.js';
import { assertLiveVersion, claimDimension, deleteEntry, readStoredDimension, upsertEntry } from './entry-writes.js';
import { listLiveNamespaces, listPage } from './list-query.js';
import { openDatabase } from './open-database.js';
import { SCHEMA_VERSION } from './schema-migrations.js';
import { resolveSqliteOptions, type ResolvedSqliteOptions, type SqliteBackendOptions } from './sqlite-backend-options.js';
import { translateSqliteError } from './sqlite-errors.js';
import { SqliteMaintenance } from './sqlite-maintenance.js';
import { namespaceRange, SqlConditions } from './sql-conditions.js';
import { prepareFixedStatements, StatementCache, type FixedStatements } from './statement-cache.js';
import { searchExact } from './vector-search.js';

const NAME = 'sqlite';
const ctx = (operation: string): MemErrorContext => ({ backend: NAME, operation });
const GET = ctx('get');
const GET_MANY = ctx('getMany');
const PUT = ctx('put');
const PUT_MANY = ctx('putMany');
const DELETE = ctx('delete');
const DELETE_MANY = ctx('deleteMany');
const LIST = ctx('list');
const SEARCH = ctx('search');
const LIST_NAMESPACES = ctx('listNamespaces');
const CLEAR = ctx('clear');
const STATS = ctx('stats');
const LIVE = '(expires_at IS NULL OR expires_at > ?)';

/**
 * mem on one SQLite file (better-sqlite3, WAL). Every call runs synchronously inside the async
 * method, so there is no await between a read and the write that depends on it; several processes
 * coordinate through SQLite's locks (`BEGIN IMMEDIATE`, `busy_timeout`).
 */
export class SqliteBackend implements StorageBackend {
  readonly name = NAME;
  readonly capabilities: BackendCapabilities;
  /** The absolute path of the file, or `:memory:`. */
  readonly path: string;
  private readonly db: Database;
  private readonly statements: FixedStatements;
  private readonly shapes: StatementCache;
  private readonly maintenance: SqliteMaintenance;
  private readonly indexedFields: ReadonlySet<string>;
  private dimension: number | undefined;
  private closed = false;

  constructor(private readonly options: ResolvedSqliteOptions) {
    const opened = openDatabase(options);
    this.db = opened.db;
    this.path = opened.path;
    this.dimension = opened.storedDimension ?? options.dimension;
    this.indexedFields = new Set(options.indexedFields);
    this.capabilities = Object.freeze({
      persistent: opened.path !== ':memory:',
      crossProcess: opened.path !== ':memory:',
      vectorSearch: 'exact',
      atomicBatch: true,
      maxValueBytes: options.maxValueBytes,
      maxK: options.maxK,
      ...(options.dimension === undefined ? {} : { dimension: options.dimension }),
    } as const);
    this.statements = prepareFixedStatements(this.db);
    this.shapes = new StatementCache(this.db);
    this.maintenance = new SqliteMaintenance(this.db, this.statements, {
      sweepIntervalMs: options.sweepIntervalMs,
      sweepBatchSize: options.sweepBatchSize,
      checkpointIntervalMs: opened.path === ':memory:' || opened.readonly ? 0 : options.checkpointIntervalMs,
      writable: !opened.readonly,
    }, options.busyTimeoutMs);
    this.maintenance.start();
  }

  async get(namespace: Namespace, key: string): Promise<Entry | undefined> {
    assertOpen(this.closed, GET);
    // A fresh copy: it becomes the returned entry's namespace.
    const ns = validateNamespace(namespace, GET);
    const k = validateKey(key, GET);
    try {
      const row = this.statements.get.get(encodeNamespace(ns), escapeSegment(k), Date.now()) as EntryRow | undefined;
      return row === undefined ? undefined : rowToEntry(row, GET, { namespace: ns, key: k });
    } catch (error) {
      throw translateSqliteError(error, GET);
    }
  }

  async getMany(refs: readonly EntryRef[]): Promise<(Entry | undefined)[]> {
    assertOpen(this.closed, GET_MANY);
    const checked = prepareRefs(refs, GET_MANY);
    try {
      const now = Date.now();
      // One read transaction: every result comes from the same snapshot.
      return this.db.transaction(() =>
        checked.map((ref) => {
          const row = this.statements.get.get(encodeNamespace(ref.namespace), escapeSegment(ref.key), now) as EntryRow | undefined;
          return row === undefined ? undefined : rowToEntry(row, GET_MANY, ref as { namespace: string[]; key: string });
        }),
      )();
    } catch (error) {
      throw translateSqliteError(error, GET_MANY);
    }
  }

  async put(namespace: Namespace, key: string, value: unknown, options?: PutOptions): Promise<WriteResult> {
    assertOpen(this.closed, PUT);
    const write = preparePut(namespace, key, value, options, this.writeForm(), PUT);
    try {
      if (write.ifVersion === undefined && (write.embedding === undefined || this.dimension !== undefined)) return upsertEntry(this.statements, write, Date.now());
      const result = this.db.transaction(() => {
        const now = Date.now();
        claimDimension(this.statements, [write], PUT);
        if (write.ifVersion !== undefined) assertLiveVersion(this.statements, write.namespace, write.key, write.ifVersion, now, PUT);
        return upsertEntry(this.statements, write, now);
      }).immediate();
      this.dimension ??= write.embedding?.length;
      return result;
    } catch (error) {
      throw translateSqliteError(error, PUT);
    }
  }

  async putMany(items: readonly PutItem[]): Promise<WriteResult[]> {
    assertOpen(this.closed, PUT_MANY);
    const writes = preparePutMany(items, this.writeForm(), PUT_MANY);
    try {
      const results = this.db.transaction(() => {
        const now = Date.now();
        claimDimension(this.statements, writes, PUT_MANY);
        return writes.map((write) => upsertEntry(this.statements, write, now));
      }).immediate();
      this.dimension ??= writes.find((w) => w.embedding !== undefined)?.embedding?.length;
      return results;
    } catch (error) {
      throw translateSqliteError(error, PUT_MANY);
    }
  }

  async delete(namespace: Namespace, key: string, options?: DeleteOptions): Promise<boolean> {
    assertOpen(this.closed, DELETE);
    const target = prepareDelete(namespace, key, options, DELETE);
    try {
      if (target.ifVersion === undefined) return deleteEntry(this.statements, target.namespace, target.key, Date.now());
      return this.db.transaction(() => {
        const now = Date.now();
        assertLiveVersion(this.statements, target.namespace, target.key, target.ifVersion!, now, DELETE);
        return deleteEntry(this.statements, target.namespace, target.key, now);
      }).immediate();
    } catch (error) {
      throw translateSqliteError(error, DELETE);
    }
  }

  async deleteMany(refs: readonly EntryRef[]): Promise<number> {
    assertOpen(this.closed, DELETE_MANY);
    const checked = prepareRefs(refs, DELETE_MANY);
    try {
      return this.db.transaction(() => {
        const now = Date.now();
        let existed = 0;
        for (const ref of checked) if (deleteEntry(this.statements, ref.namespace, ref.key, now)) existed++;
        return existed;
      }).immediate();
    } catch (error) {
      throw translateSqliteError(error, DELETE_MANY);
    }
  }

  async list(options?: ListOptions): Promise<ListPage> {
    assertOpen(this.closed, LIST);
    const list = prepareList(options, LIST);
    try {
      return listPage(this.shapes, list, Date.now(), LIST, this.indexedFields);
    } catch (error) {
      throw translateSqliteError(error, LIST);
    }
  }

  async search(options: SearchOptions): Promise<SearchHit[]> {
    assertOpen(this.closed, SEARCH);
    try {
      // Another process may have fixed the dimension since this one opened.
      this.dimension ??= readStoredDimension(this.statements);
      const search = prepareSearch(options, this.capabilities, this.dimension, SEARCH);
      if (this.dimension === undefined) return [];
      return this.db.transaction(() => searchExact(this.shapes, this.statements.byId, search, Date.now(), SEARCH, this.indexedFields))();
    } catch (error) {
      throw translateSqliteError(error, SEARCH);
    }
  }

  async listNamespaces(options?: ListNamespacesOptions): Promise<Namespace[]> {
    assertOpen(this.closed, LIST_NAMESPACES);
    const { prefix, maxDepth } = prepareListNamespaces(options, LIST_NAMESPACES);
    try {
      return this.db.transaction(() => listLiveNamespaces(this.shapes, prefix, maxDepth, Date.now()))();
    } catch (error) {
      throw translateSqliteError(error, LIST_NAMESPACES);
    }
  }

  async clear(prefix?: Namespace): Promise<number> {
    assertOpen(this.closed, CLEAR);
    const checked = prepareClear(prefix, CLEAR);
    try {
      const where = new SqlConditions();
      namespaceRange(where, checked);
      const count = this.shapes.get(`SELECT count(*) AS n FROM mem_entries WHERE ${where.sql()} AND ${LIVE}`);
      const remove = this.shapes.get(`DELETE FROM mem_entries WHERE ${where.sql()}`);
      return this.db.transaction(() => {
        const { n } = count.get(...where.params, Date.now()) as { n: number };
        remove.run(...where.params);
        return n;
      }).immediate();
    } catch (error) {
      throw translateSqliteError(error, CLEAR);
    }
  }

  async stats(): Promise<BackendStats> {
    assertOpen(this.closed, STATS);
    try {
      const { n, namespaces } = this.statements.countLive.get(Date.now()) as { n: number; namespaces: number };
      const pages = this.db.pragma('page_count', { simple: true }) as number;
      const pageSize = this.db.pragma('page_size', { simple: true }) as number;
      const { lastError, ...counters } = this.maintenance.counters;
      return {
        backend: NAME,
        entries: n,
        namespaces,
        bytes: pages * pageSize,
        details: { path: this.path, durability: this.options.durability, schemaVersion: SCHEMA_VERSION, ...counters, ...(lastError ? { lastError } : {}) },
      };
    } catch (error) {
      throw translateSqliteError(error, STATS);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.maintenance.stop();
    this.db.close();
  }

  /** Runs one TTL sweep now; returns the rows removed. The timer calls the same code. */
  sweepExpired(): number {
    assertOpen(this.closed, ctx('sweep'));
    return this.maintenance.sweep();
  }

  /** Runs one checkpoint now (passive, then truncate when complete). The timer calls the same code. */
  checkpoint(): { walFrames: number; truncated: boolean } {
    assertOpen(this.closed, ctx('checkpoint'));
    return this.maintenance.checkpoint();
  }

  private writeForm() {
    return { valueForm: 'encode', capabilities: this.capabilities, dimension: this.dimension } as const;
  }
}

/** Opens (creating if needed) a SQLite store. @throws ConfigError, CorruptDataError, StorageError */
export function createSqliteBackend(options: SqliteBackendOptions = {}): SqliteBackend {
  return new SqliteBackend(resolveSqliteOptions(options as Readonly<Record<string, unknown>>));
}
