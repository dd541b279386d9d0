import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileFilter, createBackend, exactTopK, matchesClauses, ConfigError, CorruptDataError, StorageError, ValidationError, VersionConflictError, type Entry, type Filter } from '@mem/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createLanceDbBackend, lanceDbPathFromLocation } from '../src/index.js';
import { openTempBackend, removeTempStores, tempStorePath } from './support/temp-store.js';

afterAll(removeTempStores);

describe('lancedb backend: entries', () => {
  it('versions, createdAt, expiry clearing and CAS follow the contract', async () => {
    const b = await openTempBackend();
    const first = await b.put(['a'], 'k', { n: 1 }, { ttlMs: 60_000 });
    expect(first.version).toBe(1);
    expect(first.expiresAt).toBeGreaterThan(Date.now());
    const second = await b.put(['a'], 'k', { n: 2 });
    expect(second).toMatchObject({ version: 2, createdAt: first.createdAt });
    expect((await b.get(['a'], 'k'))?.expiresAt).toBeUndefined();
    await expect(b.put(['a'], 'k', 3, { ifVersion: 1 })).rejects.toBeInstanceOf(VersionConflictError);
    await expect(b.put(['a'], 'k', 3, { ifVersion: 0 })).rejects.toMatchObject({ actualVersion: 2 });
    expect((await b.put(['a'], 'k', 3, { ifVersion: 2 })).version).toBe(3);
    await expect(b.delete(['a'], 'k', { ifVersion: 2 })).rejects.toBeInstanceOf(VersionConflictError);
    expect(await b.delete(['a'], 'k', { ifVersion: 3 })).toBe(true);
    expect((await b.put(['a'], 'k', 4, { ifVersion: 0 })).version).toBe(1);
    await b.close();
  });

  it('stores namespaces and keys with quotes, control characters and astral code points verbatim', async () => {
    const b = await openTempBackend();
    const odd = ["it's", "'; DROP TABLE entries; --", '\u0000\u0001\u0002', 'a\\b', '😀\uFFFF', "''"];
    for (const s of odd) await b.put([s, s], s, s);
    for (const s of odd) expect((await b.get([s, s], s))?.value).toBe(s);
    const listed = (await b.list()).entries.map((e) => e.key);
    expect(listed).toHaveLength(odd.length);
    expect(await b.clear(["it's"])).toBe(1);
    expect((await b.stats()).entries).toBe(odd.length - 1);
    await b.close();
  });

  it('expired entries are invisible to every read and the sweeper removes them', async () => {
    const b = await openTempBackend();
    await b.put(['t'], 'short', 1, { ttlMs: 30, embedding: [1, 0] });
    await b.put(['t'], 'long', 2, { embedding: [1, 0.1] });
    await new Promise((r) => setTimeout(r, 60));
    expect(await b.get(['t'], 'short')).toBeUndefined();
    expect((await b.getMany([{ namespace: ['t'], key: 'short' }]))[0]).toBeUndefined();
    expect((await b.list()).entries.map((e) => e.key)).toEqual(['long']);
    expect((await b.search({ vector: [1, 0], k: 5 })).map((h) => h.entry.key)).toEqual(['long']);
    expect((await b.stats()).entries).toBe(1);
    expect(await b.delete(['t'], 'short')).toBe(false);
    expect((await b.put(['t'], 'short', 3)).version).toBe(1);
    await b.put(['t'], 'gone', 4, { ttlMs: 20 });
    await new Promise((r) => setTimeout(r, 40));
    expect(await b.sweepExpired()).toBe(1);
    expect((await b.stats()).details?.['storedRows']).toBe(2);
    await b.close();
  });
});

describe('lancedb backend: filters and search agree with core', () => {
  const colors = ['red', 'blue', null, 'Red', 'é', '😀'];
  const filters: Filter[] = [
    { color: 'red' },
    { color: { $ne: 'red' } },
    { color: { $in: ['blue', null] } },
    { color: { $nin: ['blue', null] } },
    { color: { $exists: false } },
    { color: { $exists: true } },
    { color: { $gt: 'blue' } },
    { n: { $gte: 3, $lt: 7 } },
    { n: { $lt: '5' } },
    { flag: true, n: { $ne: 4 } },
    { createdAt: { $gt: 0 }, updatedAt: { $lte: Number.MAX_SAFE_INTEGER } },
    { createdAt: { $lt: 'x' } },
    { updatedAt: { $in: ['a', true] } },
  ];

  it('list with each filter returns exactly what matchesClauses accepts, in order, across pages', async () => {
    const b = await openTempBackend();
    const all: Entry[] = [];
    for (let i = 0; i < 40; i++) {
      const metadata: Record<string, string | number | boolean | null> = { n: i % 10, flag: i % 3 === 0 };
      const color = colors[i % 7];
      if (color !== undefined) metadata['color'] = color;
      await b.put(['f', String(i % 4)], `k${i}`, i, { metadata, embedding: [1, i / 40, (i % 5) / 5] });
    }
    let cursor: string | undefined;
    do {
      const page = await b.list({ limit: 7, ...(cursor === undefined ? {} : { cursor }) });
      all.push(...page.entries);
      cursor = page.cursor;
    } while (cursor !== undefined);
    expect(all).toHaveLength(40);
    for (const filter of filters) {
      const clauses = compileFilter(filter);
      const expected = all.filter((e) => matchesClauses(e, clauses)).map((e) => `${e.namespace.join('/')}:${e.key}`);
      const got: string[] = [];
      cursor = undefined;
      do {
        const page = await b.list({ filter, limit: 3, ...(cursor === undefined ? {} : { cursor }) });
        got.push(...page.entries.map((e) => `${e.namespace.join('/')}:${e.key}`));
        cursor = page.cursor;
      } while (cursor !== undefined);
      expect(got, JSON.stringify(filter)).toEqual(expected);
      const query = new Float32Array([1, 0.5, 0.2]);
      const oracle = exactTopK(query, all.filter((e) => matchesClauses(e, clauses) && e.namespace[1] !== '0'), 5).map((s) => s.item.key);
      const hits = await b.search({ vector: query, k: 5, filter, prefix: ['f'] });
      const hitsNot0 = hits.filter((h) => h.entry.namespace[1] !== '0');
      expect(hitsNot0.length).toBeLessThanOrEqual(oracle.length);
      const scoped = await Promise.all(['1', '2', '3'].map((s) => b.search({ vector: query, k: 5, filter, prefix: ['f', s] })));
      const merged = exactTopK(query, scoped.flat().map((h) => h.entry), 5).map((s) => s.item.key);
      expect(merged, JSON.stringify(filter)).toEqual(oracle);
    }
    await b.close();
  });

  it('search scores equal core cosine and ties break by (namespace, key)', async () => {
    const b = await openTempBackend();
    for (let i = 0; i < 30; i++) await b.put(['s'], `k${String(i).padStart(2, '0')}`, i, { embedding: [1, 1, 0] });
    await b.put(['s'], 'best', 0, { embedding: [1, 0.9, 0] });
    const hits = await b.search({ vector: [1, 0.9, 0], k: 25 });
    expect(hits[0]!.entry.key).toBe('best');
    expect(hits.slice(1).map((h) => h.entry.key)).toEqual(Array.from({ length: 24 }, (_, i) => `k${String(i).padStart(2, '0')}`));
    const minScored = await b.search({ vector: [1, 0.9, 0], k: 25, minScore: 0.9999 });
    expect(minScored.map((h) => h.entry.key)).toEqual(['best']);
    await b.close();
  });
});

describe('lancedb backend: metadata-filtered search at scale', () => {
  it('selective filters (IN prefilter) and unselective ones (widening rounds) both equal the oracle', async () => {
    const b = await openTempBackend({ optimizeEveryWrites: 1_000_000 });
    const items = Array.from({ length: 6000 }, (_, i) => ({
      namespace: ['big'],
      key: `k${i}`,
      value: i,
      metadata: { m: i % 2, rare: i % 500 === 0 },
      embedding: Float32Array.from({ length: 8 }, (_, d) => Math.sin(i * (d + 1) * 0.37) + (d === 0 ? 1.5 : 0)),
    }));
    for (let i = 0; i < items.length; i += 3000) await b.putMany(items.slice(i, i + 3000));
    const query = Float32Array.from({ length: 8 }, (_, d) => Math.cos(d * 0.9) + 0.3);
    for (const filter of [{ m: 0 }, { m: { $ne: 9 } }, { rare: true }, { m: 1, rare: { $ne: true } }] as Filter[]) {
      const clauses = compileFilter(filter);
      const oracle = exactTopK(query, items.filter((it) => matchesClauses({ ...it, createdAt: 0, updatedAt: 0 }, clauses)), 10).map((s) => s.item.key);
      expect((await b.search({ vector: query, k: 10, filter })).map((h) => h.entry.key), JSON.stringify(filter)).toEqual(oracle);
    }
    await b.close();
  }, 60_000);
});

describe('lancedb backend: dimension and bad input', () => {
  it('persists the dimension fixed by the first embedding and rejects others without writing', async () => {
    const path = tempStorePath();
    const b = await createLanceDbBackend({ path });
    await b.put(['d'], 'plain', 'no embedding');
    await b.put(['d'], 'v', 1, { embedding: [1, 2, 3] });
    await b.close();
    const again = await createLanceDbBackend({ path });
    expect(again.capabilities.dimension).toBe(3);
    for (const embedding of [[1, 2], [Number.NaN, 1, 1], [0, 0, 0], [Infinity, 0, 1]]) {
      await expect(again.put(['d'], 'bad', 1, { embedding })).rejects.toBeInstanceOf(ValidationError);
    }
    await expect(again.putMany([{ namespace: ['d'], key: 'ok', value: 1 }, { namespace: ['d'], key: 'bad', value: 1, embedding: [1] }])).rejects.toBeInstanceOf(ValidationError);
    await expect(again.put(['d'], 'fn', () => 1)).rejects.toThrow(/lancedb put/);
    expect((await again.stats()).entries).toBe(2);
    await again.close();
    await expect(createLanceDbBackend({ path, dimension: 4 })).rejects.toBeInstanceOf(ConfigError);
  });

  it('a file, a non-dataset directory and an unwritable path fail with typed errors', async () => {
    const root = tempStorePath('bad');
    writeFileSync(join(root, 'file'), 'x');
    await expect(createLanceDbBackend({ path: join(root, 'file') })).rejects.toBeInstanceOf(ConfigError);
    mkdirSync(join(root, 'junk', 'entries.lance'), { recursive: true });
    writeFileSync(join(root, 'junk', 'entries.lance', 'data'), 'not lance');
    await expect(createLanceDbBackend({ path: join(root, 'junk') })).rejects.toBeInstanceOf(CorruptDataError);
    await expect(createLanceDbBackend({ path: '/proc/mem-lancedb-unwritable' })).rejects.toBeInstanceOf(StorageError);
    await expect(createLanceDbBackend({ path: root, nprobes: 0 })).rejects.toBeInstanceOf(ConfigError);
  });

  it('opens through the registry from lancedb: URLs and fails after close', async () => {
    const path = tempStorePath('url');
    expect(lanceDbPathFromLocation(`//${path}`)).toBe(path);
    expect(lanceDbPathFromLocation('./x')).toBe(join(process.cwd(), 'x'));
    const b = await createBackend(`lancedb://${path}?dimension=2&indexThreshold=100`);
    expect(b.capabilities).toMatchObject({ persistent: true, crossProcess: true, vectorSearch: 'approximate', dimension: 2 });
    await b.put(['u'], 'k', 1);
    await b.close();
    await expect(b.get(['u'], 'k')).rejects.toMatchObject({ code: 'BACKEND_UNAVAILABLE' });
  });
});
