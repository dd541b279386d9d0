import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { ConfigError, CorruptDataError, MemError, StorageError, ValidationError, type MemErrorContext } from '@mem/core';
import { COLUMNS, entrySchema, schemaDimension, vectorField } from './arrow.js';
import type { EntryRow } from './entry-rows.js';
import type { ResolvedLanceDbOptions } from './lancedb-backend-options.js';
import { rowsFromArrow, rowsToArrow } from './row-codec.js';

const PRIMARY_KEY_METADATA = 'lance-schema:unenforced-primary-key:position';

/** Turns a native LanceDB failure into a typed error naming backend and operation. */
export function storageFailure(cause: unknown, context: MemErrorContext): Error {
  if (cause instanceof MemError) return cause;
  const message = cause instanceof Error ? cause.message : String(cause);
  return new StorageError(`LanceDB failed: ${message.split('\n')[0]}`, { ...context, cause });
}

/**
 * The LanceDB table behind one backend instance: typed rows in, typed rows out. Knows nothing of
 * versions or TTL; `LanceDbBackend` decides what to write.
 */
export class LanceStore {
  private constructor(
    private readonly db: lancedb.Connection,
    readonly table: lancedb.Table,
    private dimensionValue: number | undefined,
  ) {}

  /** Opens (creating when missing) the table at `options.path`. @throws ConfigError, CorruptDataError, StorageError */
  static async open(options: ResolvedLanceDbOptions, context: MemErrorContext): Promise<LanceStore> {
    preparePath(options.path, context);
    let db: lancedb.Connection;
    try {
      db = await lancedb.connect(options.path, { readConsistencyInterval: options.readConsistencyIntervalMs / 1000 });
    } catch (cause) {
      throw new StorageError(`cannot open LanceDB database at ${options.path}`, { ...context, cause });
    }
    let store: LanceStore | undefined;
    try {
      store = new LanceStore(db, await openOrCreateTable(db, options, context), undefined);
      await store.checkSchema(options, context);
      return store;
    } catch (error) {
      // A store that cannot be used must not keep native handles open.
      if (store !== undefined) store.close();
      else db.close();
      throw error;
    }
  }

  /** The embedding dimension of the store, once known (persisted as the vector column's size). */
  get dimension(): number | undefined {
    return this.dimensionValue;
  }

  private async checkSchema(options: ResolvedLanceDbOptions, context: MemErrorContext): Promise<void> {
    const schema = await this.table.schema();
    const names = new Set(schema.fields.map((f) => f.name));
    const missing = Object.values(COLUMNS).filter((c) => c !== COLUMNS.vector && !names.has(c));
    if (missing.length > 0) throw new ConfigError(`table ${options.table} at ${options.path} is not a mem entries table (missing columns ${missing.join(', ')})`, context);
    const ek = schema.fields.find((f) => f.name === COLUMNS.entryKey);
    if (!ek?.metadata.has(PRIMARY_KEY_METADATA)) {
      // The primary key makes LanceDB detect concurrent inserts of one key across processes.
      await this.table.setUnenforcedPrimaryKey(COLUMNS.entryKey).catch((cause: unknown) => {
        if (!String(cause).includes('already set')) throw storageFailure(cause, context);
      });
    }
    this.dimensionValue = schemaDimension(schema);
    if (options.dimension !== undefined) {
      if (this.dimensionValue !== undefined && this.dimensionValue !== options.dimension) {
        throw new ConfigError(`option dimension is ${options.dimension}, but the store at ${options.path} holds ${this.dimensionValue}-dimensional embeddings`, context);
      }
      await this.ensureDimension(options.dimension, context);
    }
  }

  /**
   * Adds the vector column when the first embedding arrives. Another process may add it first;
   * then its dimension wins and a different one is a `ValidationError`.
   */
  async ensureDimension(dimension: number, context: MemErrorContext): Promise<void> {
    if (this.dimensionValue === undefined) {
      this.dimensionValue = schemaDimension(await this.table.schema());
      if (this.dimensionValue === undefined) {
        try {
          await this.table.addColumns([vectorField(dimension)]);
        } catch (cause) {
          this.dimensionValue = schemaDimension(await this.table.schema());
          if (this.dimensionValue === undefined) throw storageFailure(cause, context);
        }
        this.dimensionValue ??= dimension;
      }
    }
    if (this.dimensionValue !== dimension) throw new ValidationError(`embedding has dimension ${dimension}, this store uses ${this.dimensionValue}`, context);
  }

  /** Re-reads the dimension (another process may have fixed it). */
  async refreshDimension(): Promise<number | undefined> {
    this.dimensionValue ??= schemaDimension(await this.table.schema());
    return this.dimensionValue;
  }

  /** Rows matching `where`, optionally ordered by entry key and limited. */
  async select(where: string | undefined, options: { columns?: readonly string[]; orderByKey?: boolean; limit?: number } = {}): Promise<EntryRow[]> {
    let query = this.table.query();
    if (where !== undefined) query = query.where(where);
    if (options.columns !== undefined) query = query.select([...options.columns]);
    if (options.orderByKey === true) query = query.orderBy({ columnName: COLUMNS.entryKey, ascending: true });
    if (options.limit !== undefined) query = query.limit(options.limit);
    return rowsFromArrow(await query.toArrow());
  }

  /** Upserts rows: a row whose `pwid` is set replaces only the stored row with that `wid`; one whose `pwid` is null is inserted only when absent. */
  async merge(rows: readonly EntryRow[]): Promise<{ written: number }> {
    const replacing = rows.some((r) => r.pwid !== null);
    const inserting = rows.some((r) => r.pwid === null);
    let builder = this.table.mergeInsert(COLUMNS.entryKey);
    if (replacing) builder = builder.whenMatchedUpdateAll({ where: `target.${COLUMNS.writeId} = source.${COLUMNS.previousWriteId}` });
    if (inserting) builder = builder.whenNotMatchedInsertAll();
    const result = await builder.execute(rowsToArrow(rows, this.dimensionValue));
    return { written: result.numInsertedRows + result.numUpdatedRows };
  }

  /** Deletes rows matching `where`; returns how many. */
  async delete(where: string): Promise<number> {
    return (await this.table.delete(where)).numDeletedRows;
  }

  /** Rows matching `where`. */
  async count(where?: string): Promise<number> {
    return this.table.countRows(where);
  }

  /** Releases the native handle. */
  close(): void {
    if (this.table.isOpen()) this.table.close();
    if (this.db.isOpen()) this.db.close();
  }
}

function preparePath(path: string, context: MemErrorContext): void {
  try {
    makeDirectories(resolve(path));
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') throw new ConfigError(`${path} is not a directory, so it cannot hold a LanceDB database`, { ...context, cause });
    throw new StorageError(`cannot create the LanceDB directory ${path} (${code ?? 'error'})`, { ...context, cause });
  }
  if (!statSync(path).isDirectory()) throw new ConfigError(`${path} is not a directory, so it cannot hold a LanceDB database`, context);
}

// Node's recursive mkdirSync spins forever under /proc; creating one level at a time fails cleanly.
function makeDirectories(path: string): void {
  if (existsSync(path)) return;
  const parent = dirname(path);
  if (parent !== path) makeDirectories(parent);
  mkdirSync(path);
}

async function openOrCreateTable(db: lancedb.Connection, options: ResolvedLanceDbOptions, context: MemErrorContext): Promise<lancedb.Table> {
  const open = async (): Promise<lancedb.Table> => {
    try {
      return await db.openTable(options.table);
    } catch (cause) {
      throw new CorruptDataError(`${options.path}/${options.table}.lance exists but is not a readable LanceDB dataset`, { ...context, cause });
    }
  };
  let names: string[];
  try {
    names = await db.tableNames();
  } catch (cause) {
    throw new StorageError(`cannot list tables of ${options.path}`, { ...context, cause });
  }
  if (names.includes(options.table)) return open();
  try {
    return await db.createEmptyTable(options.table, entrySchema(options.dimension));
  } catch (cause) {
    // Another process created it between our look and our create.
    if (String(cause).includes('already exists')) return open();
    throw new StorageError(`cannot create table ${options.table} in ${options.path}`, { ...context, cause });
  }
}
