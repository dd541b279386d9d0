import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { ConfigError } from '@mem/core';
import { assertSchemaKnown, migrateSchema, readSchemaVersion, SCHEMA_VERSION } from './schema-migrations.js';
import type { ResolvedSqliteOptions } from './sqlite-backend-options.js';
import { translateSqliteError } from './sqlite-errors.js';

/** An open, migrated database and what was learnt while opening it. */
export interface OpenedDatabase {
  /** The connection. */
  readonly db: Database;
  /** Absolute path, or `:memory:`. */
  readonly path: string;
  /** Whether writes are refused. */
  readonly readonly: boolean;
  /** The embedding dimension persisted in the file, if any. */
  readonly storedDimension: number | undefined;
}

const CONTEXT = { backend: 'sqlite', operation: 'open' } as const;

function isWritable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Opens (creating if needed) and migrates the database. Nothing is written before the file is
 * known to be a SQLite database with a schema this code understands, so a foreign file or a
 * newer schema fails with a typed error and is left byte-for-byte untouched.
 */
export function openDatabase(options: ResolvedSqliteOptions): OpenedDatabase {
  const memory = options.path === ':memory:';
  const path = memory ? ':memory:' : resolve(options.path);
  const exists = !memory && existsSync(path);
  const readonly = !memory && (options.readonly || (exists && !isWritable(path)));
  if (readonly && !exists) throw new ConfigError(`${path} does not exist and cannot be created read-only`, CONTEXT);
  if (!memory && !exists) {
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (cause) {
      throw translateSqliteError(Object.assign(new Error(`cannot create the folder of ${path}`, { cause }), { code: 'SQLITE_CANTOPEN' }), CONTEXT);
    }
  }
  let db: Database | undefined;
  try {
    db = new BetterSqlite3(path, { readonly, fileMustExist: readonly, timeout: options.busyTimeoutMs });
    // The first read fails with SQLITE_NOTADB on a foreign file; it writes nothing.
    const version = readSchemaVersion(db);
    assertSchemaKnown(version, path);
    if (readonly && version < SCHEMA_VERSION) {
      throw new ConfigError(`${path} has schema version ${version} and needs a migration, but it is read-only`, CONTEXT);
    }
    if (!readonly) configureConnection(db, options, memory);
    sqliteVec.load(db);
    if (!readonly) migrateSchema(db, path);
    if (!readonly) createFieldIndexes(db, options.indexedFields);
    const storedDimension = readonly ? readDimension(db) : settleDimension(db, options.dimension);
    if (options.dimension !== undefined && storedDimension !== undefined && options.dimension !== storedDimension) {
      throw new ConfigError(`option dimension is ${options.dimension} but ${path} stores embeddings of dimension ${storedDimension}`, CONTEXT);
    }
    return { db, path, readonly, storedDimension };
  } catch (error) {
    db?.close();
    throw translateSqliteError(error, CONTEXT);
  }
}

function configureConnection(db: Database, options: ResolvedSqliteOptions, memory: boolean): void {
  if (!memory) {
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new ConfigError(`could not switch ${db.name} to WAL mode (got ${String(mode)})`, CONTEXT);
  }
  // In WAL, NORMAL syncs at checkpoints only (crash-safe, not power-loss-safe); FULL syncs every commit.
  db.pragma(`synchronous = ${options.durability === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma(`wal_autocheckpoint = ${options.walAutocheckpointPages}`);
  db.pragma(`journal_size_limit = ${options.walSizeLimitBytes}`);
  if (options.maxDatabaseBytes !== undefined) {
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    db.pragma(`max_page_count = ${Math.max(1, Math.floor(options.maxDatabaseBytes / pageSize))}`);
  }
}

function readDimension(db: Database): number | undefined {
  const row = db.prepare("SELECT value FROM mem_meta WHERE name = 'dimension'").get() as { value: string } | undefined;
  return row === undefined ? undefined : Number(row.value);
}

/** The file's dimension; a configured one is persisted first when the file has none, so a later open without the option still enforces it. */
function settleDimension(db: Database, configured: number | undefined): number | undefined {
  if (configured === undefined) return readDimension(db);
  return db.transaction(() => {
    const stored = readDimension(db);
    if (stored === undefined) db.prepare("INSERT INTO mem_meta (name, value) VALUES ('dimension', ?)").run(String(configured));
    return stored ?? configured;
  }).immediate();
}

/** Expression indexes for `indexedFields`; names were checked against a strict identifier rule. */
function createFieldIndexes(db: Database, fields: readonly string[]): void {
  for (const field of fields) db.exec(`CREATE INDEX IF NOT EXISTS "mem_field_${field}" ON mem_entries (${indexedFieldExpression(field)})`);
}

/** The indexed expression of a metadata field; queries must spell it identically to use the index. */
export function indexedFieldExpression(field: string): string {
  return `json_extract(metadata, '$."${field}"')`;
}
