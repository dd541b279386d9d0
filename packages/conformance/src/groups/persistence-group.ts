import { expect } from 'vitest';
import type { CaseContext, ConformanceGroup } from '../conformance-case.js';
import { countEntries, expectMemError, listAll, sleepUntil } from '../support/expectations.js';

const NS = ['persist'];

/** Every acknowledged write survives close and reopen: values, versions, timestamps, deletes, expiry, dimension. */
export const persistenceGroup: ConformanceGroup = {
  id: 'persistence',
  title: 'persistence (reopen)',
  select: (capabilities, options) => {
    if (!capabilities.persistent) return { kind: 'skip', reason: 'the backend does not declare persistent' };
    if (!options.reopen) return { kind: 'misconfigured', reason: 'the backend declares persistent but no reopen hook was given' };
    return { kind: 'run' };
  },
  cases: (capabilities) => [
    {
      title: 'every kind of value survives reopen exactly',
      run: async (t) => {
        const value = { s: '42', n: -0, big: -(2n ** 70n), when: new Date(123), bytes: new Uint8Array([0, 255]), nested: [{ a: null }], proto: JSON.parse('{"__proto__":1}') as unknown };
        await t.backend.put(NS, 'k', value);
        await t.backend.put(NS, 'falsy', 0);
        const backend = await t.reopen();
        const got = (await backend.get(NS, 'k'))!.value as typeof value;
        expect(got).toStrictEqual(value);
        expect(Object.is(got.n, -0)).toBe(true);
        expect(Object.hasOwn(got.proto as object, '__proto__')).toBe(true);
        expect((await backend.get(NS, 'falsy'))!.value).toBe(0);
      },
    },
    {
      title: 'versions, timestamps and metadata survive reopen',
      run: async (t) => {
        await t.backend.put(NS, 'k', 1, { metadata: { a: 'x' } });
        const last = await t.backend.put(NS, 'k', 2, { metadata: { a: 'y', n: 2 } });
        const backend = await t.reopen();
        const entry = (await backend.get(NS, 'k'))!;
        expect(entry).toMatchObject({ value: 2, version: 2, createdAt: last.createdAt, updatedAt: last.updatedAt, metadata: { a: 'y', n: 2 } });
        expect((await backend.put(NS, 'k', 3, { ifVersion: 2 })).version).toBe(3);
      },
    },
    {
      title: 'deletes, deleteMany and clear survive reopen',
      run: async (t) => {
        await t.backend.putMany(['a', 'b', 'c', 'd'].map((key) => ({ namespace: NS, key, value: key })));
        await t.backend.put(['other'], 'x', 1);
        await t.backend.put(['gone', 'deep'], 'x', 1);
        await t.backend.delete(NS, 'a');
        await t.backend.deleteMany([{ namespace: NS, key: 'b' }]);
        await t.backend.clear(['gone']);
        const backend = await t.reopen();
        expect((await listAll(backend)).map((e) => `${e.namespace[0]}/${e.key}`)).toEqual(['other/x', 'persist/c', 'persist/d']);
        expect(await backend.listNamespaces()).toEqual([['other'], ['persist']]);
      },
    },
    {
      title: '1000 writes survive reopen in list order',
      run: async (t) => {
        for (let i = 0; i < 1000; i += 100) {
          await t.backend.putMany(Array.from({ length: 100 }, (_, j) => ({ namespace: NS, key: `k${String(i + j).padStart(4, '0')}`, value: i + j })));
        }
        const backend = await t.reopen();
        const listed = await listAll(backend, { limit: 300 });
        expect(listed.map((e) => e.value)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
      },
    },
    {
      title: 'the last write of many to one key is the one that survives',
      run: async (t) => {
        for (let i = 1; i <= 20; i++) await t.backend.put(NS, 'k', i);
        const backend = await t.reopen();
        expect((await backend.get(NS, 'k'))!).toMatchObject({ value: 20, version: 20 });
      },
    },
    {
      title: 'expiry survives reopen: a live entry keeps expiresAt, an expired one stays gone',
      run: async (t) => {
        const short = await t.backend.put(NS, 'short', 1, { ttlMs: t.options.ttlScaleMs });
        const long = await t.backend.put(NS, 'long', 1, { ttlMs: 3_600_000 });
        await t.backend.put(NS, 'cleared', 1, { ttlMs: t.options.ttlScaleMs });
        await t.backend.put(NS, 'cleared', 2);
        await sleepUntil(short.expiresAt! + t.options.ttlScaleMs / 2);
        const backend = await t.reopen();
        expect(await backend.get(NS, 'short')).toBeUndefined();
        expect((await backend.get(NS, 'long'))!.expiresAt).toBe(long.expiresAt);
        expect((await backend.get(NS, 'cleared'))!.expiresAt).toBeUndefined();
        expect(await countEntries(backend)).toBe(2);
      },
    },
    {
      title: 'two reopens in a row lose nothing',
      run: async (t) => {
        await t.backend.put(NS, 'a', 1);
        await t.reopen();
        await t.backend.put(NS, 'b', 2);
        const backend = await t.reopen();
        expect((await listAll(backend)).map((e) => e.value)).toEqual([1, 2]);
      },
    },
    ...(capabilities.vectorSearch === 'none'
      ? []
      : [
          {
            title: 'embeddings and the store dimension survive reopen',
            run: async (t: CaseContext) => {
              await t.backend.put(NS, 'x', 1, { embedding: [1, 0, 0] });
              await t.backend.put(NS, 'y', 1, { embedding: [0, 1, 0] });
              const backend = await t.reopen();
              expect(Array.from((await backend.get(NS, 'x'))!.embedding!)).toEqual([1, 0, 0]);
              expect((await backend.search({ vector: [0, 1, 0], k: 1 }))[0]!.entry.key).toBe('y');
              await expectMemError(backend, () => backend.put(NS, 'z', 1, { embedding: [1, 0] }), { code: 'VALIDATION' });
            },
          },
        ]),
  ],
};
