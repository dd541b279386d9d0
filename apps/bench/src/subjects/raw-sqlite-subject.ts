import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { BenchValue } from '../data/bench-values.js';
import type { BenchItem, KvSubject } from './kv-subject.js';

/** Options of {@link rawSqliteSubject}. */
export interface RawSqliteOptions {
  /** Database file. */
  readonly file: string;
  /**
   * `PRAGMA synchronous`: `NORMAL` (WAL, fsync at checkpoints) or `FULL` (fsync every commit).
   * @default 'NORMAL'
   */
  readonly synchronous?: 'NORMAL' | 'FULL';
}

const fileBytes = (file: string): number => {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
};

/** better-sqlite3 with prepared statements, WAL, one autocommit per write: the physical limit of the sqlite backend. */
export function rawSqliteSubject(options: RawSqliteOptions): KvSubject {
  const db = new Database(options.file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
  db.exec('CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, version INTEGER NOT NULL) WITHOUT ROWID');
  const upsert = db.prepare('INSERT INTO kv (key, value, version) VALUES (?, ?, 1) ON CONFLICT(key) DO UPDATE SET value = excluded.value, version = version + 1');
  const select = db.prepare<[string], { value: string; version: number }>('SELECT value, version FROM kv WHERE key = ?');
  const scan = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM kv ORDER BY key');
  const putMany = db.transaction((items: readonly BenchItem[]) => {
    for (const { key, value } of items) upsert.run(key, JSON.stringify(value));
  });
  const read = (key: string): unknown => {
    const row = select.get(key);
    return row === undefined ? undefined : JSON.parse(row.value);
  };
  // One process, synchronous calls: a read-then-write in a transaction can never conflict.
  const increment = db.transaction((key: string) => {
    const n = (read(key) as { n: number } | undefined)?.n ?? 0;
    upsert.run(key, JSON.stringify({ n: n + 1 }));
  });
  return {
    name: options.synchronous === 'FULL' ? 'better-sqlite3 (sync=FULL)' : 'better-sqlite3',
    role: 'raw',
    put: (key: string, value: BenchValue) => upsert.run(key, JSON.stringify(value)),
    get: read,
    getMany: (keys: readonly string[]) => keys.map(read),
    putMany: (items: readonly BenchItem[]) => putMany(items),
    scanAll: () => {
      let count = 0;
      for (const row of scan.iterate()) {
        JSON.parse(row.value);
        count++;
      }
      return count;
    },
    casIncrement: async (key: string) => {
      increment(key);
      return 0;
    },
    readCounter: (key: string) => (read(key) as { n: number } | undefined)?.n ?? 0,
    footprint: () => ({ value: fileBytes(options.file) + fileBytes(`${options.file}-wal`), unit: 'file bytes' }),
    reset: () => {
      db.exec('DELETE FROM kv');
    },
    close: () => {
      db.close();
    },
  };
}
