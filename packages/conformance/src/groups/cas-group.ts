import { expect } from 'vitest';
import type { ConformanceGroup } from '../conformance-case.js';
import { casIncrement, countOutcomes } from '../support/cas-helpers.js';
import { expectMemError } from '../support/expectations.js';

const NS = ['cas'];

/** Compare-and-set on put and delete: exact version checks, typed conflicts, no lost updates under concurrency. */
export const casGroup: ConformanceGroup = {
  id: 'cas',
  title: 'CAS / concurrency',
  select: () => ({ kind: 'run' }),
  cases: () => [
    {
      title: 'put with ifVersion 0 creates a missing entry',
      run: async ({ backend }) => {
        expect((await backend.put(NS, 'k', 'new', { ifVersion: 0 })).version).toBe(1);
        expect((await backend.get(NS, 'k'))!.value).toBe('new');
      },
    },
    {
      title: 'put with ifVersion 0 on an existing entry is a VersionConflictError and changes nothing',
      run: async ({ backend }) => {
        await backend.put(NS, 'k', 'old');
        const error = await expectMemError(backend, () => backend.put(NS, 'k', 'new', { ifVersion: 0 }), { code: 'VERSION_CONFLICT', operation: 'put' });
        expect(error.expectedVersion).toBe(0);
        expect([1, undefined]).toContain(error.actualVersion);
        const entry = await backend.get(NS, 'k');
        expect([entry!.value, entry!.version]).toEqual(['old', 1]);
      },
    },
    {
      title: 'put with the current version succeeds and adds 1',
      run: async ({ backend }) => {
        const first = await backend.put(NS, 'k', 1);
        const second = await backend.put(NS, 'k', 2, { ifVersion: first.version });
        const third = await backend.put(NS, 'k', 3, { ifVersion: second.version });
        expect([second.version, third.version]).toEqual([2, 3]);
        expect((await backend.get(NS, 'k'))!.value).toBe(3);
      },
    },
    {
      title: 'put with a stale or future version conflicts and changes nothing',
      run: async ({ backend }) => {
        await backend.put(NS, 'k', 1);
        await backend.put(NS, 'k', 2);
        for (const stale of [1, 3, 100]) {
          const error = await expectMemError(backend, () => backend.put(NS, 'k', 'x', { ifVersion: stale }), { code: 'VERSION_CONFLICT' });
          expect(error.expectedVersion).toBe(stale);
          expect([2, undefined]).toContain(error.actualVersion);
        }
        const entry = await backend.get(NS, 'k');
        expect([entry!.value, entry!.version]).toEqual([2, 2]);
      },
    },
    {
      title: 'put with ifVersion on a missing entry conflicts and creates nothing',
      run: async ({ backend }) => {
        const error = await expectMemError(backend, () => backend.put(NS, 'k', 'x', { ifVersion: 1 }), { code: 'VERSION_CONFLICT' });
        expect([0, undefined]).toContain(error.actualVersion);
        expect(await backend.get(NS, 'k')).toBeUndefined();
      },
    },
    {
      title: 'delete with the current version deletes',
      run: async ({ backend }) => {
        await backend.put(NS, 'k', 1);
        const second = await backend.put(NS, 'k', 2);
        expect(await backend.delete(NS, 'k', { ifVersion: second.version })).toBe(true);
        expect(await backend.get(NS, 'k')).toBeUndefined();
      },
    },
    {
      title: 'delete with a stale version conflicts and keeps the entry',
      run: async ({ backend }) => {
        await backend.put(NS, 'k', 1);
        await backend.put(NS, 'k', 2);
        await expectMemError(backend, () => backend.delete(NS, 'k', { ifVersion: 1 }), { code: 'VERSION_CONFLICT', operation: 'delete' });
        expect((await backend.get(NS, 'k'))!.version).toBe(2);
      },
    },
    {
      title: 'delete with ifVersion on a missing entry conflicts',
      run: async ({ backend }) => {
        await expectMemError(backend, () => backend.delete(NS, 'k', { ifVersion: 1 }), { code: 'VERSION_CONFLICT' });
      },
    },
    {
      title: 'after delete and re-create, the old version no longer matches',
      run: async ({ backend }) => {
        await backend.put(NS, 'k', 1);
        await backend.put(NS, 'k', 2);
        await backend.delete(NS, 'k');
        await backend.put(NS, 'k', 'again');
        await expectMemError(backend, () => backend.put(NS, 'k', 'x', { ifVersion: 2 }), { code: 'VERSION_CONFLICT' });
        expect((await backend.put(NS, 'k', 'y', { ifVersion: 1 })).version).toBe(2);
      },
    },
    {
      title: 'a VersionConflictError is a MemError with code VERSION_CONFLICT naming backend and operation',
      run: async ({ backend }) => {
        await backend.put(NS, 'k', 1);
        const error = await expectMemError(backend, () => backend.put(NS, 'k', 2, { ifVersion: 5 }), { code: 'VERSION_CONFLICT', operation: 'put' });
        expect(error.backend).toBe(backend.name);
        expect(error.operation).toBe('put');
      },
    },
    {
      title: '40 concurrent CAS increments on one key end at exactly 40',
      run: async ({ backend }) => {
        await Promise.all(Array.from({ length: 40 }, () => casIncrement(backend, NS, 'counter')));
        const entry = await backend.get(NS, 'counter');
        expect(entry!.value).toBe(40);
        expect(entry!.version).toBe(40);
      },
    },
    {
      title: 'of 20 concurrent creates with ifVersion 0, exactly one wins',
      run: async ({ backend }) => {
        const outcome = await countOutcomes(Array.from({ length: 20 }, (_, i) => backend.put(NS, 'k', i, { ifVersion: 0 })));
        expect(outcome).toEqual({ won: 1, conflicts: 19 });
        expect((await backend.get(NS, 'k'))!.version).toBe(1);
      },
    },
    {
      title: 'of 20 concurrent updates from the same version, exactly one wins',
      run: async ({ backend }) => {
        const { version } = await backend.put(NS, 'k', 'base');
        const outcome = await countOutcomes(Array.from({ length: 20 }, (_, i) => backend.put(NS, 'k', i, { ifVersion: version })));
        expect(outcome).toEqual({ won: 1, conflicts: 19 });
        expect((await backend.get(NS, 'k'))!.version).toBe(2);
      },
    },
    {
      title: 'a concurrent CAS delete and CAS put from the same version: exactly one wins',
      run: async ({ backend }) => {
        for (let round = 0; round < 10; round++) {
          const { version } = await backend.put(NS, `k${round}`, 'base');
          const outcome = await countOutcomes([backend.delete(NS, `k${round}`, { ifVersion: version }), backend.put(NS, `k${round}`, 'next', { ifVersion: version })]);
          expect(outcome).toEqual({ won: 1, conflicts: 1 });
          const entry = await backend.get(NS, `k${round}`);
          if (entry) expect([entry.value, entry.version]).toEqual(['next', 2]);
        }
      },
    },
    {
      title: 'concurrent plain puts on one key each add exactly 1 to the version',
      run: async ({ backend }) => {
        const results = await Promise.all(Array.from({ length: 30 }, (_, i) => backend.put(NS, 'k', i)));
        expect(results.map((r) => r.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
        expect((await backend.get(NS, 'k'))!.version).toBe(30);
      },
    },
  ],
};
