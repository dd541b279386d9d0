import { expect } from 'vitest';
import type { CaseContext, ConformanceCase, ConformanceGroup } from '../conformance-case.js';
import { countEntries, eventually, expectMemError, listAll, sleepUntil } from '../support/expectations.js';
import { casIncrement, countOutcomes } from '../support/cas-helpers.js';

const NS = ['two'];

const vectorCase: ConformanceCase = {
  title: 'the embedding dimension fixed through one instance binds the other',
  run: async (t: CaseContext) => {
    const b = await t.second();
    await t.backend.put(NS, 'x', 1, { embedding: [1, 0, 0] });
    await expectMemError(b, () => b.put(NS, 'y', 1, { embedding: [1, 0] }), { code: 'VALIDATION' });
    expect((await b.search({ vector: [1, 0, 0], k: 1 }))[0]!.entry.key).toBe('x');
  },
};

/** Two instances on one store (the `second` hook) see each other's writes and never lose CAS races. */
export const twoInstancesGroup: ConformanceGroup = {
  id: 'two-instances',
  title: 'two instances on one store',
  select: (capabilities, options) => {
    if (options.second) return { kind: 'run' };
    if (capabilities.crossProcess) return { kind: 'misconfigured', reason: 'the backend declares crossProcess but no second hook was given' };
    return { kind: 'skip', reason: 'no second hook was given (and crossProcess is not declared)' };
  },
  cases: (capabilities) => [
    {
      title: "each instance reads the other's writes",
      run: async (t) => {
        const b = await t.second();
        await t.backend.put(NS, 'from-a', 'A', { metadata: { m: 1 } });
        await b.put(NS, 'from-b', 'B');
        expect((await b.get(NS, 'from-a'))!).toMatchObject({ value: 'A', version: 1, metadata: { m: 1 } });
        expect((await t.backend.get(NS, 'from-b'))!.value).toBe('B');
        await b.put(NS, 'from-a', 'A2');
        expect((await t.backend.get(NS, 'from-a'))!).toMatchObject({ value: 'A2', version: 2 });
      },
    },
    {
      title: 'deletes and clear through one instance are seen by the other',
      run: async (t) => {
        const b = await t.second();
        await t.backend.putMany(['x', 'y', 'z'].map((key) => ({ namespace: NS, key, value: key })));
        await t.backend.put(['other'], 'k', 1);
        await b.delete(NS, 'x');
        expect(await t.backend.get(NS, 'x')).toBeUndefined();
        await t.backend.clear(NS);
        expect(await b.get(NS, 'y')).toBeUndefined();
        expect(await countEntries(b)).toBe(1);
      },
    },
    {
      title: "list and listNamespaces on one instance include the other's writes in order",
      run: async (t) => {
        const b = await t.second();
        for (let i = 0; i < 10; i++) await (i % 2 ? b : t.backend).put(NS, `k${i}`, i);
        expect((await listAll(b, { limit: 3 })).map((e) => e.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        await b.put(['b-only'], 'k', 1);
        expect(await t.backend.listNamespaces()).toEqual([['b-only'], NS]);
      },
    },
    {
      title: 'concurrent CAS increments from both instances end at exactly the total',
      run: async (t) => {
        const b = await t.second();
        await Promise.all(Array.from({ length: 40 }, (_, i) => casIncrement(i % 2 ? b : t.backend, NS, 'counter')));
        expect((await t.backend.get(NS, 'counter'))!).toMatchObject({ value: 40, version: 40 });
      },
    },
    {
      title: 'of concurrent creates with ifVersion 0 from both instances, exactly one wins',
      run: async (t) => {
        const b = await t.second();
        for (let round = 0; round < 5; round++) {
          const outcome = await countOutcomes(Array.from({ length: 10 }, (_, i) => (i % 2 ? b : t.backend).put(NS, `k${round}`, i, { ifVersion: 0 })));
          expect(outcome).toEqual({ won: 1, conflicts: 9 });
        }
      },
    },
    {
      title: 'an expiry set through one instance hides the entry in the other',
      run: async (t) => {
        const b = await t.second();
        const result = await t.backend.put(NS, 'k', 1, { ttlMs: t.options.ttlScaleMs * 5 });
        expect((await b.get(NS, 'k'))!.expiresAt).toBe(result.expiresAt);
        await sleepUntil(result.expiresAt! + t.options.ttlScaleMs / 2);
        expect(await b.get(NS, 'k')).toBeUndefined();
        expect(await countEntries(b)).toBe(0);
      },
    },
    {
      title: 'closing one instance leaves the other working',
      run: async (t) => {
        const b = await t.second();
        await b.put(NS, 'k', 1);
        await b.close();
        await t.backend.put(NS, 'k', 2);
        expect((await t.backend.get(NS, 'k'))!.value).toBe(2);
        const c = await t.second();
        await eventually(async () => (await c.get(NS, 'k'))?.value === 2, 2_000, 'a third instance sees the write');
      },
    },
    ...(capabilities.vectorSearch === 'none' ? [] : [vectorCase]),
  ],
};
