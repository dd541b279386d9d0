import { existsSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { BackendUnavailableError, ConfigError, createBackend, ValidationError, VersionConflictError, type StorageBackend } from '@mem/core';
import { backendFactory, createSqliteBackend } from '../src/index.js';
import { openStore, tempFolder } from './temp-store.js';

const folder = tempFolder('basic');
const opened: StorageBackend[] = [];
afterEach(async () => {
  for (const b of opened.splice(0)) await b.close();
});
function store(options = {}) {
  const b = openStore(folder, options);
  opened.push(b);
  return b;
}

describe('sqlite backend basics', () => {
  it('versions, keeps createdAt, clears expiry on a put without ttlMs', async () => {
    const b = store();
    const first = await b.put(['a'], 'k', { n: 1 }, { ttlMs: 60_000 });
    expect(first.version).toBe(1);
    expect(first.expiresAt).toBeGreaterThan(Date.now());
    const second = await b.put(['a'], 'k', { n: 2 });
    expect(second).toMatchObject({ version: 2, createdAt: first.createdAt });
    const entry = await b.get(['a'], 'k');
    expect(entry).toMatchObject({ value: { n: 2 }, version: 2 });
    expect(entry?.expiresAt).toBeUndefined();
    expect(await b.delete(['a'], 'k')).toBe(true);
    expect((await b.put(['a'], 'k', 1)).version).toBe(1);
  });

  it('stores keys and values with quotes, ;, --, NUL and Unicode literally', async () => {
    const b = store();
    const nasty = ["'; DROP TABLE mem_entries; --", 'a\u0000b', '"quoted"', '😀\u{10FFFF}', 'é\u0001\u0002'];
    for (const text of nasty) await b.put([text, 'ns'], text, { text, [text]: text }, { metadata: { m: text } });
    for (const text of nasty) {
      const entry = await b.get([text, 'ns'], text);
      expect(entry?.value).toEqual({ text, [text]: text });
      expect(entry?.metadata).toEqual({ m: text });
      expect((await b.list({ prefix: [text], filter: { m: text } })).entries.map((e) => e.key)).toEqual([text]);
    }
    expect((await b.stats()).entries).toBe(nasty.length);
  });

  it('CAS: ifVersion 0 means must not exist; a mismatch names both versions', async () => {
    const b = store();
    await b.put(['c'], 'k', 1, { ifVersion: 0 });
    const error = await b.put(['c'], 'k', 2, { ifVersion: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VersionConflictError);
    expect(error).toMatchObject({ expectedVersion: 0, actualVersion: 1, backend: 'sqlite', operation: 'put' });
    await expect(b.delete(['c'], 'k', { ifVersion: 2 })).rejects.toBeInstanceOf(VersionConflictError);
    expect(await b.delete(['c'], 'k', { ifVersion: 1 })).toBe(true);
  });

  it('lists in code-point order with cursors across namespaces of different depths', async () => {
    const b = store();
    const refs = [
      [['a'], '\u{10000}'],
      [['a'], '\uFFFF'],
      [['a', 'b'], 'x'],
      [['a:b'], 'y'],
      [['acme-corp'], 'z'],
      [['acme'], 'w'],
    ] as const;
    for (const [ns, key] of refs) await b.put(ns, key, key);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await b.list({ limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.entries.map((e) => `${e.namespace.join('/')}|${e.key}`));
      cursor = page.cursor;
      expect(page.hasMore).toBe(cursor !== undefined);
    } while (cursor);
    expect(seen).toEqual(['a|\uFFFF', 'a|\u{10000}', 'a/b|x', 'a:b|y', 'acme|w', 'acme-corp|z']);
    expect((await b.list({ prefix: ['acme'] })).entries.map((e) => e.key)).toEqual(['w']);
    expect(await b.listNamespaces()).toEqual([['a'], ['a', 'b'], ['a:b'], ['acme'], ['acme-corp']]);
    expect(await b.listNamespaces({ prefix: ['a'], maxDepth: 1 })).toEqual([['a']]);
    expect(await b.clear(['a'])).toBe(3);
    expect((await b.stats()).entries).toBe(3);
  });

  it('pages a key prefix through the prefix namespace and deeper ones without skips or repeats', async () => {
    const b = store();
    const namespaces = [['t'], ['t', 'a'], ['t', 'a', 'b'], ['t', 'b'], ['t-u'], ['s']];
    const keys = ['m', 'm1', 'm2', 'ma', 'mz', 'n', 'l', 'm\u{10000}', 'm\uFFFF'];
    for (const ns of namespaces) for (const key of keys) await b.put(ns, key, `${ns.join('/')}|${key}`, { metadata: { odd: key.length % 2 === 1 } });
    const all = (await b.list({ limit: 1000 })).entries;
    for (const [prefix, keyPrefix, filter] of [[['t'], 'm', undefined], [['t', 'a'], 'm', { odd: true }], [['t'], 'ma', undefined], [['t'], 'x', undefined]] as const) {
      const expected = all.filter((e) => e.namespace[0] === prefix[0] && (prefix.length < 2 || e.namespace[1] === prefix[1]) && e.key.startsWith(keyPrefix) && (filter === undefined || e.metadata?.['odd'] === true)).map((e) => e.value);
      for (const limit of [1, 2, 3, 7, 100]) {
        const seen: unknown[] = [];
        let cursor: string | undefined;
        do {
          const page = await b.list({ prefix: [...prefix], keyPrefix, limit, ...(filter ? { filter } : {}), ...(cursor ? { cursor } : {}) });
          seen.push(...page.entries.map((e) => e.value));
          cursor = page.cursor;
        } while (cursor);
        expect(seen, `${prefix.join('/')} ${keyPrefix} limit ${limit}`).toEqual(expected);
      }
    }
    // Every query a prefixed list runs is an index search, never a table scan.
    const internals = b as unknown as { db: BetterSqlite3.Database; shapes: { get(sql: string): unknown } };
    const sqls: string[] = [];
    const original = internals.shapes.get.bind(internals.shapes);
    internals.shapes.get = (sql: string) => (sqls.push(sql), original(sql));
    await b.list({ prefix: ['t'], keyPrefix: 'm', limit: 2, cursor: (await b.list({ prefix: ['t'], keyPrefix: 'm', limit: 2 })).cursor! });
    await b.list({ prefix: ['t', 'a'], limit: 2, cursor: (await b.list({ prefix: ['t', 'a'], limit: 2 })).cursor! });
    expect(sqls.length).toBeGreaterThanOrEqual(4);
    for (const sql of sqls) {
      const plan = (internals.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array.from(sql.matchAll(/\?/g), () => null)) as { detail: string }[]).map((p) => p.detail);
      expect(plan.join(' | '), sql).toMatch(/^SEARCH mem_entries USING INDEX sqlite_autoindex_mem_entries_1 \((ns=\? AND key>\? AND key<\?|\(ns,key\)>\(\?,\?\) AND ns<\?|ns>\? AND ns<\?)\)$/);
    }
  });

  it('fixes and persists the embedding dimension from the first embedding', async () => {
    const path = folder.file('dim.db');
    const b = createSqliteBackend({ path });
    await b.put(['v'], 'a', 1, { embedding: [1, 0, 0] });
    await expect(b.put(['v'], 'b', 1, { embedding: [1, 0] })).rejects.toBeInstanceOf(ValidationError);
    await b.close();
    const again = createSqliteBackend({ path });
    opened.push(again);
    await expect(again.put(['v'], 'b', 1, { embedding: [1, 0] })).rejects.toBeInstanceOf(ValidationError);
    expect(() => createSqliteBackend({ path, dimension: 4 })).toThrow(ConfigError);
    const hit = await again.search({ vector: [1, 0.1, 0], k: 1 });
    expect(hit[0]?.entry.embedding).toEqual(new Float32Array([1, 0, 0]));
  });

  it('persists a configured dimension, so reopening without the option still enforces it', async () => {
    const path = folder.file('dim-option.db');
    await createSqliteBackend({ path, dimension: 3 }).close();
    const again = createSqliteBackend({ path });
    opened.push(again);
    await expect(again.put(['v'], 'a', 1, { embedding: [1, 0] })).rejects.toBeInstanceOf(ValidationError);
    await again.put(['v'], 'a', 1, { embedding: [1, 0, 0] });
  });

  it('putMany validates every item before writing any', async () => {
    const b = store();
    await expect(b.putMany([{ namespace: ['p'], key: 'ok', value: 1 }, { namespace: ['p'], key: 'bad', value: () => 1 }])).rejects.toBeInstanceOf(ValidationError);
    expect((await b.stats()).entries).toBe(0);
  });

  it('a write lock held past busyTimeoutMs is a BackendUnavailableError in bounded time; reads still work', async () => {
    const b = store({ busyTimeoutMs: 150 });
    await b.put(['lock'], 'k', 1);
    const holder = new BetterSqlite3(b.path);
    holder.prepare('BEGIN IMMEDIATE').run();
    try {
      const started = Date.now();
      const error = await b.put(['lock'], 'k', 2).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BackendUnavailableError);
      expect(error).toMatchObject({ backend: 'sqlite', operation: 'put' });
      expect(Date.now() - started).toBeLessThan(5000);
      expect((await b.get(['lock'], 'k'))?.value).toBe(1);
    } finally {
      holder.prepare('ROLLBACK').run();
      holder.close();
    }
    expect((await b.put(['lock'], 'k', 3)).version).toBe(2);
  });

  it('close() makes later calls fail with BackendUnavailableError', async () => {
    const b = createSqliteBackend({ path: folder.file('closed.db') });
    await b.close();
    await expect(b.get(['a'], 'k')).rejects.toBeInstanceOf(BackendUnavailableError);
    await expect(b.put(['a'], 'k', 1)).rejects.toBeInstanceOf(BackendUnavailableError);
  });
});

describe('sqlite URLs', () => {
  it('creates parent folders for sqlite:./relative and sqlite:///absolute paths', async () => {
    const absolute = join(folder.dir, 'deep', 'er', 'abs.db');
    const b = await createBackend(`sqlite://${absolute}?durability=full&busyTimeoutMs=100`);
    opened.push(b);
    expect(existsSync(absolute)).toBe(true);
    const raw = new BetterSqlite3(absolute, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
    const cwd = process.cwd();
    process.chdir(folder.dir);
    try {
      const rel = await backendFactory({ url: 'sqlite:./rel/x.db', scheme: 'sqlite', location: './rel/x.db', params: {}, options: {} });
      opened.push(rel);
      expect(existsSync(join(folder.dir, 'rel', 'x.db'))).toBe(true);
      const fallback = await createBackend('sqlite:');
      opened.push(fallback);
      expect(existsSync(join(folder.dir, '.mem', 'memory.db'))).toBe(true);
    } finally {
      process.chdir(cwd);
    }
  });

  it('sqlite::memory: is neither persistent nor cross-process', async () => {
    const b = await createBackend('sqlite::memory:');
    opened.push(b);
    expect(b.capabilities).toMatchObject({ persistent: false, crossProcess: false, vectorSearch: 'exact' });
    await b.put(['m'], 'k', 1);
    expect((await b.get(['m'], 'k'))?.value).toBe(1);
  });

  it('rejects unknown or malformed options with ConfigError', async () => {
    await expect(createBackend('sqlite::memory:?durability=sometimes')).rejects.toBeInstanceOf(ConfigError);
    await expect(createBackend('sqlite::memory:?busyTimeout=5')).rejects.toBeInstanceOf(ConfigError);
    await expect(createBackend({ url: 'sqlite::memory:', options: { maxK: -1 } })).rejects.toBeInstanceOf(ConfigError);
  });
});
