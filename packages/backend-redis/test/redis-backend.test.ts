import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BackendUnavailableError, ConfigError, CorruptDataError, createBackend, ValidationError, VersionConflictError, type Entry } from '@mem/core';
import { createRedisBackend, KeyLayout, type RedisBackend } from '../src/index.js';
import { defineScripts } from '../src/lua-scripts.js';
import { skipWithoutRedis, startRedisServer, type RedisServer } from './harness/index.js';

describe.skipIf(skipWithoutRedis('redis backend'))('redis backend (standalone)', () => {
  let server: RedisServer;
  let backend: RedisBackend;
  let raw: Redis;
  let prefixNo = 0;

  beforeAll(async () => {
    server = await startRedisServer();
    raw = new Redis(server.port, '127.0.0.1');
  });
  afterAll(async () => {
    await backend?.close();
    raw?.disconnect();
    await server?.stop();
  });
  beforeEach(async () => {
    await backend?.close();
    backend = await createRedisBackend({ url: server.url, keyPrefix: `t${++prefixNo}:`, sweepIntervalMs: 0 });
  });

  it('round-trips values and counts versions; createdAt survives updates', async () => {
    const first = await backend.put(['a', 'b'], 'k', { n: 1n, d: new Date(5), bytes: new Uint8Array([1, 2]) }, { metadata: { tag: 'x' } });
    expect(first.version).toBe(1);
    const second = await backend.put(['a', 'b'], 'k', 0);
    expect(second).toMatchObject({ version: 2, createdAt: first.createdAt });
    const entry = await backend.get(['a', 'b'], 'k');
    expect(entry).toMatchObject({ namespace: ['a', 'b'], key: 'k', value: 0, version: 2 });
    expect(entry?.metadata).toBeUndefined();
    await backend.put(['a', 'b'], 'k', { n: 1n }, { metadata: { tag: 'x' }, embedding: [1, 2, 3] });
    const again = (await backend.get(['a', 'b'], 'k'))!;
    expect(again.value).toEqual({ n: 1n });
    expect(again.metadata).toEqual({ tag: 'x' });
    expect(Array.from(again.embedding!)).toEqual([1, 2, 3]);
  });

  it('compare-and-set on put and delete', async () => {
    await backend.put(['ns'], 'k', 'v', { ifVersion: 0 });
    await expect(backend.put(['ns'], 'k', 'v', { ifVersion: 0 })).rejects.toBeInstanceOf(VersionConflictError);
    await expect(backend.put(['ns'], 'k', 'w', { ifVersion: 1 })).resolves.toMatchObject({ version: 2 });
    await expect(backend.delete(['ns'], 'k', { ifVersion: 1 })).rejects.toMatchObject({ actualVersion: 2 });
    await expect(backend.delete(['ns'], 'k', { ifVersion: 2 })).resolves.toBe(true);
    await expect(backend.delete(['ns'], 'k')).resolves.toBe(false);
    await expect(backend.put(['ns'], 'k', 'x')).resolves.toMatchObject({ version: 1 });
  });

  it('lists keys in code-point order with cursors, per-segment prefixes and filters', async () => {
    const keys = ['b', 'a', '\u{10000}', '\uFFFF', 'a\u0000', 'ab'];
    await backend.putMany(keys.map((key, i) => ({ namespace: ['acme'], key, value: i, metadata: { i } })));
    await backend.put(['acme-corp'], 'z', 1);
    await backend.put(['acme', 'sub'], 'a', 1);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await backend.list({ prefix: ['acme'], limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.entries.map((e) => `${e.namespace.join('/')}:${e.key}`));
      cursor = page.cursor;
      expect(page.hasMore).toBe(cursor !== undefined);
    } while (cursor);
    expect(seen).toEqual(['acme:a', 'acme:a\u0000', 'acme:ab', 'acme:b', 'acme:\uFFFF', 'acme:\u{10000}', 'acme/sub:a']);
    const filtered = await backend.list({ prefix: ['acme'], filter: { i: { $gte: 3 } } });
    expect(filtered.entries.map((e) => e.key)).toEqual(['a\u0000', 'ab', '\uFFFF']);
    expect((await backend.list({ keyPrefix: 'a' })).entries.map((e) => e.key)).toEqual(['a', 'a\u0000', 'ab', 'a']);
    expect(await backend.listNamespaces()).toEqual([['acme'], ['acme', 'sub'], ['acme-corp']]);
    expect(await backend.clear(['acme'])).toBe(7);
    expect(await backend.listNamespaces()).toEqual([['acme-corp']]);
    expect(await raw.zrange(`t${prefixNo}:ns`, 0, -1)).toEqual(['acme-corp\u0001']);
  });

  it('hides expired entries at once and the expiry sweep empties the index', async () => {
    await backend.putMany(Array.from({ length: 200 }, (_, i) => ({ namespace: ['ttl'], key: `k${i}`, value: i, ttlMs: 40 })));
    await backend.put(['ttl'], 'stays', 1);
    await backend.put(['ttl-none'], 'x', 1, { ttlMs: 40 });
    await backend.put(['ttl-none'], 'x', 2);
    await backend.put(['ttl-all'], 'gone', 1, { ttlMs: 40 });
    const registry = `t${prefixNo}:ns`;
    expect(await raw.zrange(registry, 0, -1)).toEqual(['ttl\u0001', 'ttl-all\u0001', 'ttl-none\u0001']);
    const index = `t${prefixNo}:{ttl\u0001}:i`;
    expect(await raw.zcard(index)).toBe(201);
    await new Promise((r) => setTimeout(r, 60));
    expect(await backend.get(['ttl'], 'k1')).toBeUndefined();
    expect((await backend.get(['ttl-none'], 'x'))?.expiresAt).toBeUndefined();
    expect(await backend.sweep()).toBe(201);
    // The namespace registry (standalone) shrinks with the indexes.
    expect(await raw.zrange(registry, 0, -1)).toEqual(['ttl\u0001', 'ttl-none\u0001']);
    expect(await raw.zcard(index)).toBe(1);
    expect(await raw.exists(`t${prefixNo}:{ttl\u0001}:x`)).toBe(0);
    expect(await backend.stats()).toMatchObject({ entries: 2, namespaces: 2 });
  });

  it('exact vector search with prefix and filter before top-k', async () => {
    const items = Array.from({ length: 50 }, (_, i) => ({ namespace: [i % 2 ? 'odd' : 'even'], key: `k${i}`, value: i, metadata: { i }, embedding: [Math.cos(i / 40), Math.sin(i / 40)] }));
    await backend.putMany(items);
    const hits = await backend.search({ vector: [1, 0], k: 3, prefix: ['odd'], filter: { i: { $gt: 10 } } });
    expect(hits.map((h) => h.entry.key)).toEqual(['k11', 'k13', 'k15']);
    expect(hits[0]!.score).toBeCloseTo(Math.cos(11 / 40), 5);
    await expect(backend.put(['x'], 'y', 1, { embedding: [1, 2, 3] })).rejects.toBeInstanceOf(ValidationError);
  });

  it('a resent write script (same operation id) is not applied twice', async () => {
    const scripts = defineScripts(raw);
    const keys = new KeyLayout('resend:').namespace(['r']);
    const redisKeys = [keys.index, keys.expiry, `${keys.entryPrefix}k`];
    const args = (op: string) => ['1000', op, '0', '', keys.encoded, 'k', '', '"v"', '', ''];
    expect(await scripts.memPut(redisKeys, args('op-1'))).toEqual([[1, 1000]]);
    // The reply was lost and the same call arrives again: same answer, nothing written.
    expect(await scripts.memPut(redisKeys, args('op-1'))).toEqual([[1, 1000]]);
    expect(await raw.hget(`${keys.entryPrefix}k`, 'n')).toBe('1');
    // A different operation with the same stale version is a conflict.
    expect(await scripts.memPut(redisKeys, args('op-2'))).toEqual([[-1, 1]]);
  });

  it('concurrent gets are batched per namespace and each gets its own answer (a corrupt one fails alone)', async () => {
    await backend.putMany(['a', 'b', 'c'].flatMap((ns) => Array.from({ length: 50 }, (_, i) => ({ namespace: [ns], key: `k${i}`, value: `${ns}${i}` }))));
    await raw.hset(`t${prefixNo}:{b\u0001}:e:k7`, 'v', '{not json');
    const refs = ['a', 'b', 'c'].flatMap((ns) => Array.from({ length: 60 }, (_, i) => [ns, `k${i}`] as const));
    const results = await Promise.allSettled(refs.map(([ns, key]) => backend.get([ns], key)));
    results.forEach((r, i) => {
      const [ns, key] = refs[i]!;
      const n = Number(key.slice(1));
      if (ns === 'b' && n === 7) expect(r).toMatchObject({ status: 'rejected', reason: expect.any(CorruptDataError) });
      else if (n >= 50) expect(r).toEqual({ status: 'fulfilled', value: undefined });
      else expect(r).toMatchObject({ status: 'fulfilled', value: { namespace: [ns], key, value: `${ns}${n}` } });
    });
  });

  it('returns fresh objects every read', async () => {
    await backend.put(['f'], 'k', { a: [1] }, { embedding: [1, 0] });
    const a = (await backend.get(['f'], 'k')) as Entry<{ a: number[] }>;
    a.value.a.push(2);
    a.embedding![0] = 9;
    const b = (await backend.get(['f'], 'k')) as Entry<{ a: number[] }>;
    expect(b.value.a).toEqual([1]);
    expect(b.embedding![0]).toBe(1);
  });

  it('uses a client passed in and leaves it connected on close; refuses one with an ioredis keyPrefix', async () => {
    const own = new Redis(server.port, '127.0.0.1');
    const shared = await createRedisBackend({ client: own, keyPrefix: 'own:', sweepIntervalMs: 0 });
    await shared.put(['o'], 'k', 1);
    await shared.close();
    expect(await own.exists('own:{o\u0001}:e:k')).toBe(1);
    own.disconnect();
    const prefixed = new Redis(server.port, '127.0.0.1', { keyPrefix: 'x:', lazyConnect: true });
    await expect(createRedisBackend({ client: prefixed })).rejects.toBeInstanceOf(ConfigError);
    prefixed.disconnect();
  });

  it('gets already issued when close() is called reject typed (no crash from the batch flush)', async () => {
    const doomed = await createRedisBackend({ url: server.url, keyPrefix: 'doomed:', sweepIntervalMs: 0 });
    const reads = [doomed.get(['d'], 'a'), doomed.get(['d'], 'b'), doomed.getMany([{ namespace: ['d'], key: 'c' }])];
    const closing = doomed.close();
    const settled = await Promise.allSettled(reads);
    await closing;
    for (const r of settled) expect(r).toMatchObject({ status: 'rejected', reason: expect.any(BackendUnavailableError) });
  });

    it('is reachable through createBackend and fails after close', async () => {
    const viaUrl = await createBackend(`${server.url}/0?keyPrefix=url:&sweepIntervalMs=0`);
    await viaUrl.put(['u'], 'k', 1);
    expect(await raw.exists('url:{u\u0001}:e:k')).toBe(1);
    await viaUrl.close();
    await expect(viaUrl.get(['u'], 'k')).rejects.toBeInstanceOf(BackendUnavailableError);
  });
});
