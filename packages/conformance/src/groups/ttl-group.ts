import type { StorageBackend, WriteResult } from '@mem/core';
import { expect } from 'vitest';
import type { ConformanceCase, ConformanceGroup } from '../conformance-case.js';
import { expectMemError, listAll, sleep, sleepUntil } from '../support/expectations.js';

const NS = ['ttl'];

// Waits until an entry written with `result` is past its expiry (plus a little slack for clock reads).
async function pastExpiry(result: WriteResult, slackMs: number): Promise<void> {
  expect(result.expiresAt, 'a write with ttlMs reports expiresAt').toBeDefined();
  await sleepUntil(result.expiresAt! + slackMs);
}

async function putShort(backend: StorageBackend, ttlMs: number, key = 'k', extra: { embedding?: number[]; metadata?: Record<string, string> } = {}): Promise<WriteResult> {
  return backend.put(NS, key, `value of ${key}`, { ...extra, ttlMs });
}

function ttlCase(title: string, run: ConformanceCase['run']): ConformanceCase {
  return { title, run };
}

const sweepCase: ConformanceCase = {
  title: 'expired entries are physically removed within sweepBoundMs without being read (countStored)',
  run: async ({ backend, options }) => {
    const count = options.countStored!;
    const results = await backend.putMany(Array.from({ length: 100 }, (_, i) => ({ namespace: NS, key: `k${i}`, value: i, ttlMs: options.ttlScaleMs * 5 })));
    await backend.put(NS, 'stay', 1);
    expect(await count(backend), 'countStored counts what was just written').toBeGreaterThanOrEqual(101);
    const expired = Math.max(...results.map((r) => r.expiresAt!));
    const deadline = expired + options.sweepBoundMs;
    await sleepUntil(expired);
    while ((await count(backend)) > 1) {
      if (Date.now() > deadline) expect.fail(`${(await count(backend)) - 1} expired entries still stored ${options.sweepBoundMs} ms after they expired`);
      await sleep(10);
    }
  },
};

/** TTL in milliseconds: expired entries vanish from every read at once; a put without ttlMs clears expiry. */
export const ttlGroup: ConformanceGroup = {
  id: 'ttl',
  title: 'TTL',
  select: () => ({ kind: 'run' }),
  cases: (capabilities, options) => [
    ...(options.countStored ? [sweepCase] : []),
    ttlCase('put with ttlMs reports expiresAt = updatedAt + ttlMs and the entry is visible before it', async ({ backend, options }) => {
      const ttl = options.ttlScaleMs * 10;
      const result = await putShort(backend, ttl);
      expect(Math.abs(result.expiresAt! - (result.updatedAt + ttl))).toBeLessThanOrEqual(2);
      const entry = await backend.get(NS, 'k');
      expect(entry!.value).toBe('value of k');
      expect(entry!.expiresAt).toBe(result.expiresAt);
    }),
    ttlCase('get returns undefined once the entry has expired', async ({ backend, options }) => {
      const result = await putShort(backend, options.ttlScaleMs);
      await pastExpiry(result, options.ttlScaleMs / 2);
      expect(await backend.get(NS, 'k')).toBeUndefined();
    }),
    ttlCase('getMany reports an expired entry as a miss', async ({ backend, options }) => {
      const result = await putShort(backend, options.ttlScaleMs, 'short');
      await backend.put(NS, 'long', 1);
      await pastExpiry(result, options.ttlScaleMs / 2);
      const got = await backend.getMany([
        { namespace: NS, key: 'short' },
        { namespace: NS, key: 'long' },
      ]);
      expect(got[0]).toBeUndefined();
      expect(got[1]!.value).toBe(1);
    }),
    ttlCase('list skips expired entries, also with filters and pagination', async ({ backend, options }) => {
      let last: WriteResult | undefined;
      for (let i = 0; i < 6; i++) {
        if (i % 2 === 0) last = await putShort(backend, options.ttlScaleMs, `k${i}`, { metadata: { tag: 't' } });
        else await backend.put(NS, `k${i}`, i, { metadata: { tag: 't' } });
      }
      await pastExpiry(last!, options.ttlScaleMs / 2);
      expect((await listAll(backend)).map((e) => e.key)).toEqual(['k1', 'k3', 'k5']);
      expect((await listAll(backend, { limit: 1, filter: { tag: 't' } })).map((e) => e.key)).toEqual(['k1', 'k3', 'k5']);
      const page = await backend.list({ limit: 3 });
      expect(page.entries.map((e) => e.key)).toEqual(['k1', 'k3', 'k5']);
      expect(page.hasMore).toBe(false);
    }),
    ttlCase('stats and listNamespaces ignore expired entries without any read first', async ({ backend, options }) => {
      const result = await backend.put(['gone'], 'k', 1, { ttlMs: options.ttlScaleMs });
      await backend.put(['kept'], 'k', 1);
      await pastExpiry(result, options.ttlScaleMs / 2);
      const stats = await backend.stats();
      expect(stats.entries).toBe(1);
      expect(stats.namespaces).toBe(1);
      expect(await backend.listNamespaces()).toEqual([['kept']]);
    }),
    // The first TTLs below are a few scales long, so a slow machine cannot let them lapse before the second write.
    ttlCase('a put without ttlMs removes an earlier expiry', async ({ backend, options }) => {
      const first = await putShort(backend, options.ttlScaleMs * 5);
      const second = await backend.put(NS, 'k', 'forever');
      expect(second.expiresAt).toBeUndefined();
      await pastExpiry(first, options.ttlScaleMs);
      const entry = await backend.get(NS, 'k');
      expect(entry!.value).toBe('forever');
      expect(entry!.expiresAt).toBeUndefined();
      expect(entry!.version).toBe(2);
    }),
    ttlCase('a putMany item without ttlMs removes an earlier expiry', async ({ backend, options }) => {
      const first = await putShort(backend, options.ttlScaleMs * 5);
      await backend.putMany([{ namespace: NS, key: 'k', value: 'forever' }]);
      await pastExpiry(first, options.ttlScaleMs);
      expect((await backend.get(NS, 'k'))!.expiresAt).toBeUndefined();
    }),
    ttlCase('a later put with a longer ttlMs extends the expiry', async ({ backend, options }) => {
      const first = await putShort(backend, options.ttlScaleMs * 5);
      const second = await putShort(backend, options.ttlScaleMs * 20);
      expect(second.expiresAt!).toBeGreaterThan(first.expiresAt!);
      await pastExpiry(first, options.ttlScaleMs);
      expect((await backend.get(NS, 'k'))!.version).toBe(2);
    }),
    ttlCase('a later put with a shorter ttlMs shortens the expiry', async ({ backend, options }) => {
      await putShort(backend, 3_600_000);
      const second = await putShort(backend, options.ttlScaleMs);
      await pastExpiry(second, options.ttlScaleMs / 2);
      expect(await backend.get(NS, 'k')).toBeUndefined();
    }),
    ttlCase('only the expired entry disappears; its neighbours stay', async ({ backend, options }) => {
      const short = await putShort(backend, options.ttlScaleMs, 'short');
      await putShort(backend, 3_600_000, 'long');
      await backend.put(NS, 'none', 1);
      await pastExpiry(short, options.ttlScaleMs / 2);
      expect((await listAll(backend)).map((e) => e.key)).toEqual(['long', 'none']);
    }),
    ttlCase('an expired entry counts as absent: the next put creates it at version 1', async ({ backend, options }) => {
      await backend.put(NS, 'k', 'v1');
      const result = await putShort(backend, options.ttlScaleMs);
      expect(result.version).toBe(2);
      await pastExpiry(result, options.ttlScaleMs / 2);
      const again = await backend.put(NS, 'k', 'new');
      expect(again.version).toBe(1);
      expect(again.createdAt).toBeGreaterThanOrEqual(result.expiresAt! - 1);
    }),
    ttlCase('ifVersion 0 succeeds on an expired entry and its old version conflicts', async ({ backend, options }) => {
      const result = await putShort(backend, options.ttlScaleMs);
      await pastExpiry(result, options.ttlScaleMs / 2);
      await expectMemError(backend, () => backend.put(NS, 'k', 'x', { ifVersion: result.version }), { code: 'VERSION_CONFLICT' });
      expect((await backend.put(NS, 'k', 'y', { ifVersion: 0 })).version).toBe(1);
    }),
    ttlCase('delete of an expired entry reports false', async ({ backend, options }) => {
      const result = await putShort(backend, options.ttlScaleMs);
      await pastExpiry(result, options.ttlScaleMs / 2);
      expect(await backend.delete(NS, 'k')).toBe(false);
      expect(await backend.deleteMany([{ namespace: NS, key: 'k' }])).toBe(0);
    }),
    ttlCase('a fractional ttlMs is accepted', async ({ backend, options }) => {
      const result = await backend.put(NS, 'k', 1, { ttlMs: options.ttlScaleMs + 0.5 });
      expect(result.expiresAt).toBeDefined();
      await pastExpiry(result, options.ttlScaleMs / 2);
      expect(await backend.get(NS, 'k')).toBeUndefined();
    }),
    ttlCase('many short-lived entries all expire', async ({ backend, options }) => {
      const results = await backend.putMany(Array.from({ length: 200 }, (_, i) => ({ namespace: NS, key: `k${i}`, value: i, ttlMs: options.ttlScaleMs })));
      await backend.put(NS, 'stay', 1);
      await pastExpiry(results.reduce((a, b) => (a.expiresAt! > b.expiresAt! ? a : b)), options.ttlScaleMs / 2);
      expect((await listAll(backend)).map((e) => e.key)).toEqual(['stay']);
      expect((await backend.stats()).entries).toBe(1);
    }),
    ...(capabilities.vectorSearch === 'none'
      ? []
      : [
          ttlCase('search never returns an expired entry', async ({ backend, options }) => {
            const result = await putShort(backend, options.ttlScaleMs, 'short', { embedding: [1, 0] });
            await backend.put(NS, 'long', 1, { embedding: [0.9, 0.1] });
            await pastExpiry(result, options.ttlScaleMs / 2);
            const hits = await backend.search({ vector: [1, 0], k: 5 });
            expect(hits.map((h) => h.entry.key)).toEqual(['long']);
          }),
        ]),
  ],
};
