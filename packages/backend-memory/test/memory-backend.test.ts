import { ConfigError, ValidationError, createBackend } from '@mem/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryBackend, MemoryBackend } from '../src/index.js';

const open: MemoryBackend[] = [];
function backend(options: Parameters<typeof createMemoryBackend>[0] = {}): MemoryBackend {
  const b = createMemoryBackend(options);
  open.push(b);
  return b;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((b) => b.close()));
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('memory backend: bounds', () => {
  it('evicts the least recently used entry past maxEntries', async () => {
    const b = backend({ maxEntries: 3 });
    for (const key of ['a', 'b', 'c']) await b.put(['ns'], key, key);
    await b.get(['ns'], 'a'); // a is now the most recently used
    await b.put(['ns'], 'd', 'd');
    expect(await b.get(['ns'], 'b')).toBeUndefined();
    expect((await b.list()).entries.map((e) => e.key)).toEqual(['a', 'c', 'd']);
    expect((await b.stats()).entries).toBe(3);
  });

  it('keeps namespaces and list consistent after evictions', async () => {
    const b = backend({ maxEntries: 2 });
    await b.put(['one'], 'k', 1);
    await b.put(['two'], 'k', 2);
    await b.put(['three'], 'k', 3);
    expect(await b.listNamespaces()).toEqual([['three'], ['two']]);
  });

  it('evicts by bytes past maxBytes and refuses an entry larger than the whole store', async () => {
    const b = backend({ maxBytes: 20_000 });
    for (let i = 0; i < 50; i++) await b.put(['ns'], `k${i}`, 'x'.repeat(500));
    const stats = await b.stats();
    expect(stats.bytes).toBeLessThanOrEqual(20_000);
    expect(stats.entries).toBeLessThan(50);
    expect(await b.get(['ns'], 'k49')).toBeDefined();
    await expect(b.put(['ns'], 'huge', 'y'.repeat(30_000))).rejects.toBeInstanceOf(ValidationError);
    expect(await b.get(['ns'], 'huge')).toBeUndefined();
  });
});

describe('memory backend: TTL sweeping', () => {
  it('reclaims 100k expired entries without anyone reading them', async () => {
    const b = backend({ sweepIntervalMs: 25 });
    const items = Array.from({ length: 100_000 }, (_, i) => ({ namespace: ['ttl'], key: `k${i}`, value: i, ttlMs: 400 }));
    const written = Date.now();
    await b.putMany(items);
    await b.put(['keep'], 'k', 'stays');
    if (Date.now() - written < 350) expect((await b.stats()).details?.['pendingExpiries']).toBe(100_000);
    await sleep(Math.max(0, written + 600 - Date.now()));
    // Nothing read the expired keys; if the timer did its job there is nothing left to sweep now.
    expect(b.sweep(Date.now())).toBe(0);
    const stats = await b.stats();
    expect(stats.details?.['expiredSwept']).toBe(100_000);
    expect(stats.entries).toBe(1);
    expect(stats.details?.['pendingExpiries']).toBe(0);
    expect(stats.bytes).toBeLessThan(2_000);
  });

  it('sweeps on its own timer (no read in between)', async () => {
    const b = backend({ sweepIntervalMs: 10 });
    await b.put(['ns'], 'a', 1, { ttlMs: 5 });
    await sleep(60);
    // sweep(now) returns how many it removed right now: zero means the timer got there first.
    expect(b.sweep(Date.now())).toBe(0);
    expect((await b.stats()).details?.['expiredSwept']).toBe(1);
  });
});

describe('memory backend: isolation', () => {
  it('never shares values, metadata or embeddings with callers', async () => {
    const b = backend();
    const value = { list: [1, 2], nested: { a: 'x' } };
    const metadata = { tag: 'a' };
    const embedding = new Float32Array([1, 2, 3]);
    await b.put(['ns'], 'k', value, { metadata, embedding });
    value.list.push(3);
    value.nested.a = 'changed';
    (metadata as Record<string, string>)['tag'] = 'b';
    embedding[0] = 9;
    const first = await b.get(['ns'], 'k');
    expect(first?.value).toEqual({ list: [1, 2], nested: { a: 'x' } });
    expect(first?.metadata).toEqual({ tag: 'a' });
    expect(Array.from(first!.embedding!)).toEqual([1, 2, 3]);
    (first!.value as typeof value).list.push(4);
    first!.embedding![1] = 7;
    (first!.namespace as string[]).length = 0;
    const second = await b.get(['ns'], 'k');
    expect(second?.value).toEqual({ list: [1, 2], nested: { a: 'x' } });
    expect(Array.from(second!.embedding!)).toEqual([1, 2, 3]);
    expect(second?.namespace).toEqual(['ns']);
  });
});

describe('memory backend: URL and options', () => {
  it('reads options from the memory: URL, code options winning', async () => {
    const b = await createBackend({ url: 'memory:?maxEntries=2&sweepIntervalMs=50', options: { maxEntries: 1 } });
    try {
      await b.put(['ns'], 'a', 1);
      await b.put(['ns'], 'b', 2);
      expect((await b.stats()).entries).toBe(1);
    } finally {
      await b.close();
    }
  });

  it('rejects bad options with a ConfigError', async () => {
    await expect(createBackend('memory:?maxEntries=0')).rejects.toBeInstanceOf(ConfigError);
    await expect(createBackend('memory:?maxEntries=abc')).rejects.toBeInstanceOf(ConfigError);
    await expect(createBackend('memory:?colour=blue')).rejects.toThrow(/unknown option colour/);
  });
});
