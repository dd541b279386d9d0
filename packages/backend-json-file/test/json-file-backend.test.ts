import { readFileSync, existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { BackendUnavailableError, ConfigError, ValidationError, VersionConflictError, compareCodePoints, createBackend } from '@mem/core';
import { openStore, tempDirectory } from './temp-store.js';

const temp = tempDirectory();
afterAll(() => temp.cleanup());

interface FileShape {
  format: string;
  formatVersion: number;
  generation: number;
  dimension: number | null;
  entries: { namespace: string[]; key: string; version: number; value: unknown; embedding?: string; metadata?: unknown; expiresAt?: number }[];
}
const readJson = (path: string): FileShape => JSON.parse(readFileSync(path, 'utf8')) as FileShape;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('json-file: the file', () => {
  it('is pretty-printed JSON in (namespace, key) code-point order with readable values and base64 embeddings', async () => {
    const path = temp.file();
    const store = await openStore(path);
    const keys = ['\u{10000}', '\uFFFF', 'b', 'a', 'B'];
    for (const key of keys) await store.put(['n', 'x'], key, { key });
    await store.put(['n'], 'z', [1, 'two', null, { deep: true }], { embedding: [0.5, -1.25, 3], metadata: { tag: 'v' } });
    await store.put(['m'], 'date', new Date(42));
    await store.close();

    const text = readFileSync(path, 'utf8');
    expect(text.startsWith('{\n  "format": "mem-json-file",\n  "formatVersion": 1,\n  "generation": ')).toBe(true);
    expect(text).toContain('\n    {\n      "namespace": ["n","x"],\n');
    const file = readJson(path);
    expect(file.dimension).toBe(3);
    const order = file.entries.map((e) => [...e.namespace, e.key].join('/'));
    expect(order).toEqual(['m/date', 'n/z', ...[...keys].sort(compareCodePoints).map((k) => `n/x/${k}`)]);
    // JS `<` would put \u{10000} (a surrogate pair) before \uFFFF; code-point order puts it last.
    expect(file.entries.at(-1)?.key).toBe('\u{10000}');
    const z = file.entries.find((e) => e.key === 'z')!;
    expect(z.value).toEqual([1, 'two', null, { deep: true }]);
    expect(z.metadata).toEqual({ tag: 'v' });
    expect([...new Float32Array(new Uint8Array(Buffer.from(z.embedding!, 'base64')).buffer)]).toEqual([0.5, -1.25, 3]);
    expect(file.entries.find((e) => e.key === 'date')?.value).toEqual({ $mem: 'date', v: 42 });
  });

  it('keeps everything across close and reopen, including the embedding dimension', async () => {
    const path = temp.file();
    const a = await openStore(path);
    await a.put(['p'], 'k', { n: 1n, bytes: new Uint8Array([1, 2, 255]), neg: -0 }, { embedding: [1, 0], metadata: { x: null }, ttlMs: 60_000 });
    const written = await a.get(['p'], 'k');
    await a.close();
    const b = await openStore(path);
    expect(await b.get(['p'], 'k')).toEqual(written);
    expect(Object.is((await b.get(['p'], 'k'))?.value && ((await b.get(['p'], 'k'))!.value as { neg: number }).neg, -0)).toBe(true);
    await expect(b.put(['p'], 'other', 1, { embedding: [1, 2, 3] })).rejects.toBeInstanceOf(ValidationError);
    await b.close();
    await expect(openStore(path, { dimension: 5 })).rejects.toBeInstanceOf(ConfigError);
  });

  it('bumps generation on every write and creates no file before the first write', async () => {
    const path = temp.file();
    const store = await openStore(path);
    expect(await store.list()).toEqual({ entries: [], hasMore: false });
    expect(existsSync(path)).toBe(false);
    await store.put(['g'], 'k', 1);
    await store.put(['g'], 'k', 2);
    await store.delete(['g'], 'k');
    expect(readJson(path).generation).toBe(3);
    expect(existsSync(`${path}.lock`)).toBe(false);
    await store.close();
  });
});

describe('json-file: group commit', () => {
  it('applies concurrent writes in call order and replaces the file once per group, not once per write', async () => {
    const path = temp.file();
    const store = await openStore(path);
    await store.put(['g'], 'first', 0);
    const generation = readJson(path).generation;
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => store.put(['g'], `k${i}`, i)));
    expect(results.every((r) => r.version === 1)).toBe(true);
    // The first write of the burst runs alone; the other 199 queue behind it and share one replace.
    expect(readJson(path).generation - generation).toBeLessThanOrEqual(2);
    expect(readJson(path).entries).toHaveLength(201);
    await store.close();
  });

  it('checks each write of a group on its own: one of concurrent creates with ifVersion 0 wins, a 3-d vector after a 2-d one fails alone', async () => {
    const path = temp.file();
    const store = await openStore(path);
    await store.put(['g'], 'warm-up', 0);
    const outcomes = await Promise.allSettled([
      ...Array.from({ length: 10 }, (_, i) => store.put(['g'], 'once', i, { ifVersion: 0 })),
      store.put(['g'], 'vector-2d', 1, { embedding: [1, 2] }),
      store.put(['g'], 'vector-3d', 1, { embedding: [1, 2, 3] }),
    ]);
    expect(outcomes.slice(0, 10).filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.slice(0, 10).filter((o) => o.status === 'rejected').every((o) => (o as PromiseRejectedResult).reason instanceof VersionConflictError)).toBe(true);
    expect(outcomes[10]?.status).toBe('fulfilled');
    expect((outcomes[11] as PromiseRejectedResult).reason).toBeInstanceOf(ValidationError);
    expect(await store.get(['g'], 'once')).toMatchObject({ value: 0, version: 1 });
    expect(readJson(path).entries.map((e) => e.key)).toEqual(['once', 'vector-2d', 'warm-up']);
    await store.close();
  });
});

describe('json-file: several instances on one file', () => {
  it('each sees the others\' writes and CAS is checked against the latest file', async () => {
    const path = temp.file();
    const a = await openStore(path);
    const b = await openStore(path);
    await a.put(['s'], 'k', 'from a');
    expect((await b.get(['s'], 'k'))?.value).toBe('from a');
    await b.put(['s'], 'k', 'from b', { ifVersion: 1 });
    await expect(a.put(['s'], 'k', 'stale', { ifVersion: 1 })).rejects.toBeInstanceOf(VersionConflictError);
    expect(await a.get(['s'], 'k')).toMatchObject({ value: 'from b', version: 2 });
    await b.clear();
    expect(await a.stats()).toMatchObject({ entries: 0, namespaces: 0 });
    await Promise.all([a.close(), b.close()]);
  });
});

describe('json-file: batched durability', () => {
  it('acknowledges from memory, flushes on the interval and on close', async () => {
    const path = temp.file();
    // Long enough that no flush lands between the put and the checks below, even on a loaded machine.
    const store = await openStore(path, { durability: 'batched', flushIntervalMs: 400 });
    await store.put(['b'], 'k1', 1);
    expect(existsSync(path)).toBe(false);
    expect((await store.stats()).details?.['pendingWrites']).toBe(1);
    const deadline = Date.now() + 5000;
    while (!existsSync(path) && Date.now() < deadline) await sleep(20);
    expect(readJson(path).entries.map((e) => e.key)).toEqual(['k1']);
    await store.put(['b'], 'k2', 2);
    await store.close();
    expect(readJson(path).entries.map((e) => e.key)).toEqual(['k1', 'k2']);
  });

  it('merges with writes another process made before the flush, instead of overwriting them', async () => {
    const path = temp.file();
    const batched = await openStore(path, { durability: 'batched', flushIntervalMs: 60_000 });
    const immediate = await openStore(path);
    await batched.put(['m'], 'mine', 1);
    await immediate.put(['m'], 'theirs', 2);
    await batched.put(['m'], 'mine-too', 3);
    expect((await batched.list()).entries.map((e) => e.key)).toEqual(['mine', 'mine-too', 'theirs']);
    await batched.close();
    expect((await immediate.list()).entries.map((e) => e.key)).toEqual(['mine', 'mine-too', 'theirs']);
    await immediate.close();
  });

  it('registers its exit hook while open and removes it on close', async () => {
    const before = process.listenerCount('exit');
    const store = await openStore(temp.file(), { durability: 'batched' });
    expect(process.listenerCount('exit')).toBe(before + 1);
    await store.close();
    expect(process.listenerCount('exit')).toBe(before);
  });
});

describe('json-file: TTL sweeping', () => {
  it('drops expired entries from the file at the next write', async () => {
    const path = temp.file();
    const store = await openStore(path);
    await store.put(['t'], 'long', 2, { ttlMs: 60_000 });
    // Written last, so no sweep can have run between its write and this check, however slow the machine.
    await store.put(['t'], 'short', 1, { ttlMs: 30 });
    expect(readJson(path).entries).toHaveLength(2);
    await sleep(50);
    expect(await store.get(['t'], 'short')).toBeUndefined();
    expect(readJson(path).entries).toHaveLength(2);
    await store.put(['t'], 'other', 3);
    expect(readJson(path).entries.map((e) => e.key)).toEqual(['long', 'other']);
    await store.close();
  });

  it('sweeps on its own interval when nothing else writes', async () => {
    const path = temp.file();
    const store = await openStore(path, { sweepIntervalMs: 50 });
    await store.put(['t'], 'short', 1, { ttlMs: 20 });
    const deadline = Date.now() + 5000;
    while (readJson(path).entries.length > 0 && Date.now() < deadline) await sleep(20);
    expect(readJson(path).entries).toEqual([]);
    expect((await store.stats()).details?.['swept']).toBe(1);
    await store.close();
  });
});

describe('json-file: lifecycle and configuration', () => {
  it('fails every call after close with BackendUnavailableError', async () => {
    const store = await openStore(temp.file());
    await store.close();
    await store.close();
    await expect(store.get(['a'], 'k')).rejects.toBeInstanceOf(BackendUnavailableError);
    await expect(store.put(['a'], 'k', 1)).rejects.toBeInstanceOf(BackendUnavailableError);
  });

  it('opens from json: URLs with parameters, and rejects unknown ones', async () => {
    const path = temp.file();
    const store = await createBackend(`json:${path}?durability=batched&flushIntervalMs=50&dimension=2`);
    expect(store.name).toBe('json');
    // Batched writes are not visible to other processes before a flush, so batched mode does not claim crossProcess.
    expect(store.capabilities).toMatchObject({ persistent: true, crossProcess: false, vectorSearch: 'exact', dimension: 2 });
    await store.put(['u'], 'k', 1);
    await store.close();
    const again = await createBackend({ url: `json://${path}`, options: { durability: 'immediate' } });
    expect(again.capabilities).toMatchObject({ persistent: true, crossProcess: true, atomicBatch: true });
    expect((await again.get(['u'], 'k'))?.value).toBe(1);
    await again.close();
    await expect(createBackend(`json:${path}?durability=sometimes`)).rejects.toBeInstanceOf(ConfigError);
    await expect(createBackend(`json:${path}?colour=blue`)).rejects.toBeInstanceOf(ConfigError);
    await expect(createBackend('json://example.com/x.json')).rejects.toBeInstanceOf(ConfigError);
    await expect(createBackend('json:')).rejects.toBeInstanceOf(ConfigError);
  });
});
