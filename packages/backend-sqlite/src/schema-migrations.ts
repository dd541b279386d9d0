import type { Database } from 'better-sqlite3';
import { ConfigError } from '@mem/core';

/** One forward step of the schema; `sql` runs inside the migrating transaction. */
export interface SchemaMigration {
  /** The schema version this step produces. */
  readonly version: number;
  /** Why the step exists. */
  readonly description: string;
  /** DDL (and data moves) of the step. */
  readonly sql: string;
}

/**
 * Every schema version in order. Never edit a released step: add one. A fresh file runs them all,
 * so the upgrade path is the one every store takes.
 */
export const SCHEMA_MIGRATIONS: readonly SchemaMigration[] = [
  {
    version: 1,
    description: 'entries keyed by (encoded namespace, escaped key), metadata JSON, float32 embedding blob',
    sql: `
      CREATE TABLE mem_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE mem_entries (
        id INTEGER PRIMARY KEY,
        ns TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        metadata TEXT,
        embedding BLOB,
        version INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        expires_at INTEGER,
        UNIQUE (ns, key)
      );`,
  },
  {
    version: 2,
    description: 'index-driven TTL sweeps and vector candidates (partial indexes)',
    sql: `
      CREATE INDEX mem_entries_expiry ON mem_entries (expires_at) WHERE expires_at IS NOT NULL;
      CREATE INDEX mem_entries_embedded ON mem_entries (ns, key) WHERE embedding IS NOT NULL;`,
  },
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = SCHEMA_MIGRATIONS[SCHEMA_MIGRATIONS.length - 1]!.version;

const CONTEXT = { backend: 'sqlite', operation: 'open' } as const;

/** The schema version of an open file; 0 for a file mem never wrote. Reads only. */
export function readSchemaVersion(db: Database): number {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'mem_schema_version'").get();
  if (table === undefined) return 0;
  const row = db.prepare('SELECT max(version) AS v FROM mem_schema_version').get() as { v: number | null };
  return row.v ?? 0;
}

/** @throws ConfigError when the file was written by a newer mem; call before anything writes. */
export function assertSchemaKnown(version: number, path: string): void {
  if (version > SCHEMA_VERSION) {
    throw new ConfigError(
      `${path} has schema version ${version}, newer than this @mem/backend-sqlite knows (${SCHEMA_VERSION}); upgrade the package. The file was not touched.`,
      CONTEXT,
    );
  }
}

/**
 * Brings the file to {@link SCHEMA_VERSION} in one `BEGIN IMMEDIATE` transaction, so processes that
 * open one file at once migrate it exactly once. Returns the steps applied.
 */
export function migrateSchema(db: Database, path: string, now: number = Date.now()): number[] {
  const applied: number[] = [];
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS mem_schema_version (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
    // Re-read inside the write lock: another process may have migrated since we looked.
    const current = readSchemaVersion(db);
    assertSchemaKnown(current, path);
    const record = db.prepare('INSERT INTO mem_schema_version (version, applied_at) VALUES (?, ?)');
    for (const step of SCHEMA_MIGRATIONS) {
      if (step.version <= current) continue;
      db.exec(step.sql);
      record.run(step.version, now);
      applied.push(step.version);
    }
  }).immediate();
  return applied;
}
