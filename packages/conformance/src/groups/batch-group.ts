import type { EntryRef, StorageBackend } from '@mem/core';
import { expect } from 'vitest';
import type { ConformanceCase, ConformanceGroup } from '../conformance-case.js';
import { countEntries, expectMemError, listAll, sleep } from '../support/expectations.js';

const NS = ['batch'];

function refs(n: number, prefix = 'k'): EntryRef[] {
  return Array.from({ length: n }, (_, i) => ({ namespace: NS, key: `${prefix}${String(i).padStart(4, '0')}` }));
}

// Polls getMany while a batch runs; each snapshot must be all-or-nothing.
async function observeSnapshots(backend: StorageBackend, watched: EntryRef[], write: Promise<unknown>): Promise<number[]> {
  let done = false;
  const seen: number[] = [];
  const writing = write.finally(() => {
    done = true;
  });
  while (!done) {
    const got = await backend.getMany(watched);
    seen.push(got.filter((e) => e !== undefined).length);
    await sleep(0);
  }
  await writing;
  return seen;
}

const atomicCases: ConformanceCase[] = [
  {
    title: 'atomicBatch: concurrent readers never see part of a putMany',
    run: async ({ backend }) => {
      const watched = refs(300);
      const seen = await observeSnapshots(backend, watched, backend.putMany(watched.map((r) => ({ ...r, value: 'v' }))));
      for (const count of seen) expect([0, watched.length]).toContain(count);
      expect(await countEntries(backend)).toBe(watched.length);
    },
  },
  {
    title: 'atomicBatch: concurrent readers never see part of a deleteMany',
    run: async ({ backend }) => {
      const watched = refs(300);
      await backend.putMany(watched.map((r) => ({ ...r, value: 'v' })));
      const seen = await observeSnapshots(backend, watched, backend.deleteMany(watched));
      for (const count of seen) expect([0, watched.length]).toContain(count);
      expect(await countEntries(backend)).toBe(0);
    },
  },
];

/** putMany / deleteMany / getMany: order, versions, validation of the whole batch first, atomicity when declared. */
export const batchGroup: ConformanceGroup = {
  id: 'batch',
  title: 'batch',
  select: () => ({ kind: 'run' }),
  cases: (capabilities) => [
    {
      title: 'putMany writes every item and reports results in order',
      run: async ({ backend }) => {
        await backend.put(NS, 'b', 'old');
        const results = await backend.putMany([
          { namespace: NS, key: 'a', value: 1 },
          { namespace: NS, key: 'b', value: 2, metadata: { tag: 'x' } },
          { namespace: ['other'], key: 'c', value: 3 },
        ]);
        expect(results.map((r) => r.version)).toEqual([1, 2, 1]);
        const got = await backend.getMany([
          { namespace: NS, key: 'a' },
          { namespace: NS, key: 'b' },
          { namespace: ['other'], key: 'c' },
        ]);
        expect(got.map((e) => e?.value)).toEqual([1, 2, 3]);
        expect(got[1]!.metadata).toEqual({ tag: 'x' });
        expect(got[1]!.createdAt).toBeLessThanOrEqual(results[1]!.updatedAt);
      },
    },
    {
      title: 'putMany of no items writes nothing and returns []',
      run: async ({ backend }) => {
        expect(await backend.putMany([])).toEqual([]);
        expect(await countEntries(backend)).toBe(0);
      },
    },
    {
      title: 'putMany of 1000 items stores all of them in list order',
      run: async ({ backend }) => {
        const items = refs(1000).reverse().map((r, i) => ({ ...r, value: i }));
        const results = await backend.putMany(items);
        expect(results).toHaveLength(1000);
        const listed = await listAll(backend, { prefix: NS, limit: 250 });
        expect(listed.map((e) => e.key)).toEqual(refs(1000).map((r) => r.key));
      },
    },
    {
      title: 'putMany applies ttlMs per item',
      run: async ({ backend, options }) => {
        const ttl = options.ttlScaleMs;
        const [short] = await backend.putMany([
          { namespace: NS, key: 'short', value: 1, ttlMs: ttl },
          { namespace: NS, key: 'long', value: 2 },
        ]);
        expect(short!.expiresAt).toBeDefined();
        await sleep(short!.expiresAt! - Date.now() + ttl / 2 + 2);
        const got = await backend.getMany([
          { namespace: NS, key: 'short' },
          { namespace: NS, key: 'long' },
        ]);
        expect(got[0]).toBeUndefined();
        expect(got[1]!.value).toBe(2);
      },
    },
    {
      title: 'putMany with one invalid value stores none of the items',
      run: async ({ backend }) => {
        await backend.put(NS, 'existing', 'kept');
        await expectMemError(
          backend,
          () =>
            backend.putMany([
              { namespace: NS, key: 'a', value: 1 },
              { namespace: NS, key: 'existing', value: 'changed' },
              { namespace: NS, key: 'bad', value: { f: () => 1 } },
              { namespace: NS, key: 'c', value: 3 },
            ]),
          { code: 'VALIDATION', operation: 'putMany' },
        );
        expect(await countEntries(backend)).toBe(1);
        expect((await backend.get(NS, 'existing'))!.value).toBe('kept');
        expect((await backend.get(NS, 'existing'))!.version).toBe(1);
      },
    },
    {
      title: 'putMany with an invalid last item (bad ttlMs) stores none of the items',
      run: async ({ backend }) => {
        await expectMemError(
          backend,
          () =>
            backend.putMany([
              ...refs(20).map((r) => ({ ...r, value: 1 })),
              { namespace: NS, key: 'z', value: 1, ttlMs: -1 },
            ]),
          { code: 'VALIDATION' },
        );
        expect(await countEntries(backend)).toBe(0);
      },
    },
    {
      title: 'putMany with an invalid reference (empty key) stores none of the items',
      run: async ({ backend }) => {
        await expectMemError(
          backend,
          () =>
            backend.putMany([
              { namespace: NS, key: 'ok', value: 1 },
              { namespace: NS, key: '', value: 1 },
            ]),
          { code: 'VALIDATION' },
        );
        expect(await countEntries(backend)).toBe(0);
      },
    },
    {
      title: 'deleteMany returns how many existed and ignores missing entries',
      run: async ({ backend }) => {
        await backend.putMany(refs(5).map((r) => ({ ...r, value: 1 })));
        const removed = await backend.deleteMany([...refs(3), { namespace: NS, key: 'missing' }, { namespace: ['elsewhere'], key: 'k0000' }]);
        expect(removed).toBe(3);
        expect(await countEntries(backend)).toBe(2);
        expect(await backend.get(NS, 'k0003')).toBeDefined();
      },
    },
    {
      title: 'deleteMany of no references removes nothing and returns 0',
      run: async ({ backend }) => {
        await backend.put(NS, 'k', 1);
        expect(await backend.deleteMany([])).toBe(0);
        expect(await countEntries(backend)).toBe(1);
      },
    },
    {
      title: 'deleteMany with an invalid reference deletes nothing',
      run: async ({ backend }) => {
        await backend.putMany(refs(3).map((r) => ({ ...r, value: 1 })));
        await expectMemError(backend, () => backend.deleteMany([...refs(2), { namespace: [], key: 'x' }]), { code: 'VALIDATION', operation: 'deleteMany' });
        expect(await countEntries(backend)).toBe(3);
      },
    },
    {
      title: 'getMany of 500 references returns every entry in order',
      run: async ({ backend }) => {
        const all = refs(500);
        await backend.putMany(all.filter((_, i) => i % 3 !== 0).map((r) => ({ ...r, value: r.key })));
        const got = await backend.getMany([...all].reverse());
        got.forEach((entry, j) => {
          const i = all.length - 1 - j;
          if (i % 3 === 0) expect(entry).toBeUndefined();
          else expect(entry!.value).toBe(all[i]!.key);
        });
      },
    },
    {
      title: 'putMany bumps versions of existing entries and keeps their createdAt',
      run: async ({ backend }) => {
        const first = await backend.put(NS, 'k', 1);
        await sleep(3);
        const [result] = await backend.putMany([{ namespace: NS, key: 'k', value: 2 }]);
        expect(result!.version).toBe(2);
        expect(result!.createdAt).toBe(first.createdAt);
      },
    },
    ...(capabilities.atomicBatch ? atomicCases : []),
  ],
};
