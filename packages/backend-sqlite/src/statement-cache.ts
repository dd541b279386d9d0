import type { Database, Statement } from 'better-sqlite3';
import { ENTRY_COLUMNS } from './entry-row.js';

/**
 * Prepared statements keyed by SQL text, for queries whose shape varies (filters, prefixes).
 * The text is built only from operator shapes, never from keys or values, so the set of shapes is
 * small; the bound keeps memory flat when callers use many distinct filter shapes.
 */
export class StatementCache {
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly db: Database,
    private readonly capacity = 256,
  ) {}

  /** The prepared statement for `sql`, prepared on first use. */
  get(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      if (this.statements.size >= this.capacity) this.statements.delete(this.statements.keys().next().value!);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

/** The fixed statements of the hot paths, prepared once per connection. */
export function prepareFixedStatements(db: Database): Record<FixedStatementName, Statement> {
  const live = '(expires_at IS NULL OR expires_at > ?)';
  return {
    // The caller knows the address: NULL placeholders keep the EntryRow layout without building two strings.
    get: db.prepare(`SELECT NULL, NULL, ${ENTRY_COLUMNS.split(', ').slice(2).join(', ')} FROM mem_entries WHERE ns = ? AND key = ? AND ${live}`).raw(true),
    current: db.prepare('SELECT version, expires_at FROM mem_entries WHERE ns = ? AND key = ?'),
    // One statement: an autocommit write takes the write lock up front (retrying through the busy
    // handler), so it never hits SQLITE_BUSY_SNAPSHOT. A row that had expired restarts at version 1.
    upsert: db.prepare(`
      INSERT INTO mem_entries (ns, key, value, metadata, embedding, version, created_at, updated_at, expires_at)
      VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)
      ON CONFLICT (ns, key) DO UPDATE SET
        value = excluded.value,
        metadata = excluded.metadata,
        embedding = excluded.embedding,
        version = CASE WHEN expires_at IS NOT NULL AND expires_at <= excluded.updated_at THEN 1 ELSE version + 1 END,
        created_at = CASE WHEN expires_at IS NOT NULL AND expires_at <= excluded.updated_at THEN excluded.created_at ELSE created_at END,
        updated_at = excluded.updated_at,
        expires_at = excluded.expires_at
      RETURNING version, created_at`).raw(true),
    delete: db.prepare('DELETE FROM mem_entries WHERE ns = ? AND key = ? RETURNING expires_at'),
    readDimension: db.prepare("SELECT value FROM mem_meta WHERE name = 'dimension'"),
    writeDimension: db.prepare("INSERT INTO mem_meta (name, value) VALUES ('dimension', ?)"),
    countLive: db.prepare(`SELECT count(*) AS n, count(DISTINCT ns) AS namespaces FROM mem_entries WHERE ${live}`),
    sweep: db.prepare('DELETE FROM mem_entries WHERE id IN (SELECT id FROM mem_entries WHERE expires_at <= ? LIMIT ?)'),
    byId: db.prepare(`SELECT ${ENTRY_COLUMNS} FROM mem_entries WHERE id = ?`).raw(true),
  };
}

/** Names of the fixed statements. */
export type FixedStatementName = 'get' | 'current' | 'upsert' | 'delete' | 'readDimension' | 'writeDimension' | 'countLive' | 'sweep' | 'byId';

/** The statements of {@link prepareFixedStatements}. */
export type FixedStatements = Record<FixedStatementName, Statement>;
