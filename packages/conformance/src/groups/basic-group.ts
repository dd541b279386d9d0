import { expect } from 'vitest';
import type { ConformanceGroup } from '../conformance-case.js';
import { countEntries, expectMemError } from '../support/expectations.js';

const NS = ['basic'];

/** get/put/delete/getMany/stats/close: versions, timestamps, fresh objects, closed-backend errors. */
export const basicGroup: ConformanceGroup = {
  id: 'basic',
  title: 'basic',
  select: () => ({ kind: 'run' }),
  cases: () => [
    {
      title: 'declares a name and well-formed capabilities',
      run: async ({ backend, capabilities: c }) => {
        expect(typeof backend.name).toBe('string');
        expect(backend.name.length).toBeGreaterThan(0);
        expect(typeof c.persistent).toBe('boolean');
        expect(typeof c.crossProcess).toBe('boolean');
        expect(typeof c.atomicBatch).toBe('boolean');
        expect(['none', 'exact', 'approximate']).toContain(c.vectorSearch);
        expect(Number.isSafeInteger(c.maxValueBytes) && c.maxValueBytes > 0).toBe(true);
        expect(Number.isSafeInteger(c.maxK) && c.maxK >= 1).toBe(true);
        if (c.dimension !== undefined) expect(Number.isSafeInteger(c.dimension) && c.dimension > 0).toBe(true);
      },
    },
    {
      title: 'get of a missing key is undefined',
      run: async ({ backend }) => {
        expect(await backend.get(NS, 'missing')).toBeUndefined();
      },
    },
    {
      title: 'put then get returns the entry with version 1',
      run: async ({ backend }) => {
        await backend.put(NS, 'k', { hello: 'world' });
        const entry = await backend.get(NS, 'k');
        expect(entry).toBeDefined();
        expect(entry!.namespace).toEqual(NS);
        expect(entry!.key).toBe('k');
        expect(entry!.value).toEqual({ hello: 'world' });
        expect(entry!.version).toBe(1);
        expect(entry!.expiresAt).toBeUndefined();
        expect(entry!.metadata).toBeUndefined();
        expect(entry!.embedding).toBeUndefined();
      },
    },
    {
      title: 'put reports version 1 and timestamps from the wall clock',
      run: async ({ backend }) => {
        const before = Date.now();
        const result = await backend.put(NS, 'k', 1);
        const after = Date.now();
        expect(result.version).toBe(1);
        expect(result.createdAt).toBe(result.updatedAt);
        expect(result.createdAt).toBeGreaterThanOrEqual(before - 5);
        expect(result.createdAt).toBeLessThanOrEqual(after + 5);
        expect(result.expiresAt).toBeUndefined();
        const entry = await backend.get(NS, 'k');
        expect(entry!.createdAt).toBe(result.createdAt);
        expect(entry!.updatedAt).toBe(result.updatedAt);
      },
    },
    {
      title: 'every write adds exactly 1 to the version',
      run: async ({ backend }) => {
        for (let i = 1; i <= 5; i++) expect((await backend.put(NS, 'k', i)).version).toBe(i);
        expect((await backend.get(NS, 'k'))!.version).toBe(5);
        expect((await backend.get(NS, 'k'))!.value).toBe(5);
      },
    },
    {
      title: 'createdAt is kept across updates and updatedAt moves forward',
      run: async ({ backend }) => {
        const first = await backend.put(NS, 'k', 'a');
        await new Promise((r) => setTimeout(r, 5));
        const second = await backend.put(NS, 'k', 'b');
        expect(second.createdAt).toBe(first.createdAt);
        expect(second.updatedAt).toBeGreaterThan(first.updatedAt);
        const entry = await backend.get(NS, 'k');
        expect(entry!.createdAt).toBe(first.createdAt);
        expect(entry!.updatedAt).toBe(second.updatedAt);
      },
    },
    {
      title: 'delete returns true for an existing entry and false for a missing one',
      run: async ({ backend }) => {
        await backend.put(NS, 'k', 1);
        expect(await backend.delete(NS, 'k')).toBe(true);
        expect(await backend.delete(NS, 'k')).toBe(false);
        expect(await backend.delete(NS, 'never')).toBe(false);
        expect(await backend.get(NS, 'k')).toBeUndefined();
      },
    },
    {
      title: 'delete then put starts again at version 1 with a new createdAt',
      run: async ({ backend }) => {
        const first = await backend.put(NS, 'k', 1);
        await backend.put(NS, 'k', 2);
        await backend.delete(NS, 'k');
        await new Promise((r) => setTimeout(r, 5));
        const again = await backend.put(NS, 'k', 3);
        expect(again.version).toBe(1);
        expect(again.createdAt).toBeGreaterThan(first.createdAt);
        expect((await backend.get(NS, 'k'))!.version).toBe(1);
      },
    },
    {
      title: 'metadata round-trips and a put without metadata removes it',
      run: async ({ backend }) => {
        const metadata = { s: 'x', n: 1.5, b: false, z: null, neg: -3 };
        await backend.put(NS, 'k', 1, { metadata });
        expect((await backend.get(NS, 'k'))!.metadata).toEqual(metadata);
        await backend.put(NS, 'k', 2);
        expect((await backend.get(NS, 'k'))!.metadata).toBeUndefined();
      },
    },
    {
      title: 'the same key in two namespaces is two entries',
      run: async ({ backend }) => {
        await backend.put(['x'], 'k', 'in x');
        await backend.put(['y'], 'k', 'in y');
        await backend.put(['x'], 'k', 'in x again');
        expect((await backend.get(['x'], 'k'))!.value).toBe('in x again');
        expect((await backend.get(['y'], 'k'))!.value).toBe('in y');
        expect((await backend.get(['y'], 'k'))!.version).toBe(1);
      },
    },
    {
      title: 'keys are case-sensitive and not normalised',
      run: async ({ backend }) => {
        const keys = ['key', 'Key', 'KEY', 'caf\u00e9', 'cafe\u0301', ' key', 'key '];
        for (const key of keys) await backend.put(NS, key, key);
        for (const key of keys) expect((await backend.get(NS, key))!.value).toBe(key);
        expect(await countEntries(backend)).toBe(keys.length);
      },
    },
    {
      title: 'getMany keeps the order of the references and reports misses as undefined',
      run: async ({ backend }) => {
        await backend.put(NS, 'a', 'A');
        await backend.put(['other'], 'b', 'B');
        const got = await backend.getMany([
          { namespace: ['other'], key: 'b' },
          { namespace: NS, key: 'missing' },
          { namespace: NS, key: 'a' },
          { namespace: NS, key: 'a' },
        ]);
        expect(got).toHaveLength(4);
        expect(got[0]!.value).toBe('B');
        expect(got[1]).toBeUndefined();
        expect(got[2]!.value).toBe('A');
        expect(got[3]!.value).toBe('A');
        expect(got[2]).not.toBe(got[3]);
      },
    },
    {
      title: 'getMany of no references is an empty array',
      run: async ({ backend }) => {
        expect(await backend.getMany([])).toEqual([]);
      },
    },
    {
      title: 'two reads return distinct objects',
      run: async ({ backend }) => {
        await backend.put(NS, 'k', { nested: { list: [1, 2] } }, { metadata: { a: 1 } });
        const a = await backend.get(NS, 'k');
        const b = await backend.get(NS, 'k');
        expect(a).toEqual(b);
        expect(a).not.toBe(b);
        expect(a!.value).not.toBe(b!.value);
        expect((a!.value as { nested: object }).nested).not.toBe((b!.value as { nested: object }).nested);
      },
    },
    {
      title: 'stats counts live entries and namespaces and names the backend',
      run: async ({ backend }) => {
        const empty = await backend.stats();
        expect(empty.entries).toBe(0);
        expect(empty.namespaces).toBe(0);
        expect(empty.backend).toBe(backend.name);
        await backend.put(['a'], '1', 1);
        await backend.put(['a'], '2', 2);
        await backend.put(['a', 'b'], '1', 3);
        await backend.put(['c'], '1', 4);
        const stats = await backend.stats();
        expect(stats.entries).toBe(4);
        expect(stats.namespaces).toBe(3);
      },
    },
    {
      title: 'stats follows deletes and overwrites',
      run: async ({ backend }) => {
        await backend.put(['a'], '1', 1);
        await backend.put(['a'], '1', 2);
        await backend.put(['b'], '1', 1);
        expect((await backend.stats()).entries).toBe(2);
        await backend.delete(['b'], '1');
        const stats = await backend.stats();
        expect(stats.entries).toBe(1);
        expect(stats.namespaces).toBe(1);
      },
    },
    {
      title: 'after close every operation fails with BackendUnavailableError',
      run: async (t) => {
        const { backend } = t;
        await backend.put(NS, 'k', 1);
        await backend.close();
        const unavailable = { code: 'BACKEND_UNAVAILABLE' } as const;
        await expectMemError(backend, () => backend.get(NS, 'k'), unavailable);
        await expectMemError(backend, () => backend.put(NS, 'k', 2), unavailable);
        await expectMemError(backend, () => backend.delete(NS, 'k'), unavailable);
        await expectMemError(backend, () => backend.getMany([{ namespace: NS, key: 'k' }]), unavailable);
        await expectMemError(backend, () => backend.putMany([{ namespace: NS, key: 'k', value: 1 }]), unavailable);
        await expectMemError(backend, () => backend.deleteMany([{ namespace: NS, key: 'k' }]), unavailable);
        await expectMemError(backend, () => backend.list(), unavailable);
        await expectMemError(backend, () => backend.listNamespaces(), unavailable);
        await expectMemError(backend, () => backend.clear(), unavailable);
        await expectMemError(backend, () => backend.stats(), unavailable);
        if (t.capabilities.vectorSearch !== 'none') await expectMemError(backend, () => backend.search({ vector: [1, 0] }), unavailable);
      },
    },
    {
      title: 'a read of a closed backend fails fast instead of hanging',
      run: async ({ backend }) => {
        await backend.close();
        const started = Date.now();
        await expect(backend.get(NS, 'k')).rejects.toThrow();
        expect(Date.now() - started).toBeLessThan(5_000);
      },
    },
    {
      title: 'a value read back has no extra fields and a numeric version and timestamps',
      run: async ({ backend }) => {
        await backend.put(NS, 'k', 'v');
        const entry = (await backend.get(NS, 'k'))!;
        const allowed = new Set(['namespace', 'key', 'value', 'metadata', 'embedding', 'version', 'createdAt', 'updatedAt', 'expiresAt']);
        for (const field of Object.keys(entry)) {
          if ((entry as unknown as Record<string, unknown>)[field] !== undefined) expect(allowed.has(field), `unexpected field ${field}`).toBe(true);
        }
        expect(Number.isSafeInteger(entry.version)).toBe(true);
        expect(Number.isFinite(entry.createdAt)).toBe(true);
        expect(Number.isFinite(entry.updatedAt)).toBe(true);
      },
    },
    {
      title: 'operations interleaved on many keys stay independent',
      run: async ({ backend }) => {
        await Promise.all(Array.from({ length: 50 }, (_, i) => backend.put(NS, `k${i}`, i)));
        await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? backend.delete(NS, `k${i}`) : backend.put(NS, `k${i}`, i * 10))));
        for (let i = 0; i < 50; i++) {
          const entry = await backend.get(NS, `k${i}`);
          if (i % 2 === 0) expect(entry).toBeUndefined();
          else expect([entry!.value, entry!.version]).toEqual([i * 10, 2]);
        }
      },
    },
  ],
};
