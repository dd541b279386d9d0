import { existsSync, writeFileSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ConfigError, CorruptDataError, encodeNamespace, escapeSegment } from '@mem/core';
import { createSqliteBackend, SCHEMA_MIGRATIONS, SCHEMA_VERSION } from '../src/index.js';
import { snapshot } from './file-snapshot.js';
import { tempFolder } from './temp-store.js';

const folder = tempFolder('schema');

// Schema version 1 exactly as the first release wrote it (frozen here on purpose: if the
// migration code changes what version 1 means, this test still opens a genuine old file).
const V1_DDL = `
  CREATE TABLE mem_schema_version (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL);
  CREATE TABLE mem_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE mem_entries (
    id INTEGER PRIMARY KEY, ns TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, metadata TEXT, embedding BLOB,
    version INTEGER NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, expires_at INTEGER, UNIQUE (ns, key));
  INSERT INTO mem_schema_version VALUES (1, 1700000000000);`;

function writeV1File(path: string): void {
  const raw = new BetterSqlite3(path);
  raw.pragma('journal_mode = WAL');
  raw.exec(V1_DDL);
  raw.prepare("INSERT INTO mem_meta VALUES ('dimension', '2')").run();
  const insert = raw.prepare('INSERT INTO mem_entries (ns, key, value, metadata, embedding, version, created_at, updated_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  insert.run(encodeNamespace(['old', 'ns']), escapeSegment('k1'), '{"hello":"world"}', '{"tag":"a"}', Buffer.from(new Float32Array([1, 0]).buffer), 3, 1700000000000, 1700000001000, null);
  insert.run(encodeNamespace(['old']), escapeSegment('k\u00002'), '{"$mem":"date","v":1700000000000}', null, null, 1, 1700000000000, 1700000000000, null);
  raw.close();
}

describe('schema versions and migrations', () => {
  it(`migrates a version-1 file forward to ${SCHEMA_VERSION} and keeps its data`, async () => {
    const path = folder.file('v1.db');
    writeV1File(path);
    const store = createSqliteBackend({ path });
    expect(await store.get(['old', 'ns'], 'k1')).toMatchObject({ value: { hello: 'world' }, metadata: { tag: 'a' }, version: 3, createdAt: 1700000000000 });
    expect((await store.get(['old'], 'k\u00002'))?.value).toEqual(new Date(1700000000000));
    expect((await store.search({ vector: [1, 0.1], k: 1 }))[0]?.entry.key).toBe('k1');
    expect((await store.put(['old', 'ns'], 'k1', 2)).version).toBe(4);
    await expect(store.put(['old'], 'v', 1, { embedding: [1, 2, 3] })).rejects.toThrow(/dimension 3, this store uses 2/);
    await store.close();

    const raw = new BetterSqlite3(path, { readonly: true });
    expect(raw.prepare('SELECT version FROM mem_schema_version ORDER BY version').all()).toEqual(SCHEMA_MIGRATIONS.map((m) => ({ version: m.version })));
    const indexes = (raw.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'mem_entries'").all() as { name: string }[]).map((r) => r.name);
    expect(indexes).toEqual(expect.arrayContaining(['mem_entries_expiry', 'mem_entries_embedded']));
    raw.close();
  });

  it('a fresh file runs every migration once; reopening runs none', async () => {
    const path = folder.file('fresh.db');
    await createSqliteBackend({ path }).close();
    await createSqliteBackend({ path }).close();
    const raw = new BetterSqlite3(path, { readonly: true });
    expect((raw.prepare('SELECT count(*) AS n FROM mem_schema_version').get() as { n: number }).n).toBe(SCHEMA_VERSION);
    raw.close();
  });

  it('refuses a schema newer than the code with ConfigError and leaves the file untouched', async () => {
    const path = folder.file('newer.db');
    const store = createSqliteBackend({ path });
    await store.put(['a'], 'k', 1);
    await store.close();
    const raw = new BetterSqlite3(path);
    raw.prepare('INSERT INTO mem_schema_version VALUES (?, 0)').run(SCHEMA_VERSION + 7);
    raw.close();
    const before = snapshot(path);
    await new Promise((r) => setTimeout(r, 20));
    expect(() => createSqliteBackend({ path })).toThrow(ConfigError);
    expect(() => createSqliteBackend({ path })).toThrow(new RegExp(`schema version ${SCHEMA_VERSION + 7}, newer`));
    expect(snapshot(path)).toEqual(before);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it.each([
    ['text', Buffer.from('this is not a database\n'.repeat(300))],
    ['random bytes', Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919 + 13) % 256))],
    ['a truncated SQLite header', Buffer.concat([Buffer.from('SQLite format 3\u0000'), Buffer.alloc(84, 0xff)])],
  ])('refuses a non-SQLite file (%s) with a typed error and leaves it untouched', async (_name, bytes) => {
    const path = folder.file('foreign.db');
    writeFileSync(path, bytes);
    const before = snapshot(path);
    const error = (() => {
      try {
        createSqliteBackend({ path });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(CorruptDataError);
    expect(error).toMatchObject({ backend: 'sqlite', operation: 'open' });
    expect(snapshot(path)).toEqual(before);
  });
});
