import { expect } from 'vitest';
import type { ConformanceGroup } from '../conformance-case.js';
import { runChild } from '../child/run-child.js';
import { eventually } from '../support/expectations.js';

const NS = ['xproc'];
const CHILDREN = 4;

/** Child processes (the `childProcess` hook) share the store: no lost CAS updates, writes seen both ways. */
export const crossProcessGroup: ConformanceGroup = {
  id: 'cross-process',
  title: 'cross-process',
  select: (capabilities, options) => {
    if (!capabilities.crossProcess) return { kind: 'skip', reason: 'the backend does not declare crossProcess' };
    if (!options.childProcess) return { kind: 'misconfigured', reason: 'the backend declares crossProcess but no childProcess hook was given' };
    return { kind: 'run' };
  },
  cases: () => [
    {
      title: `${CHILDREN} children × N CAS increments on one key end at exactly ${CHILDREN}×N`,
      timeoutFactor: 4,
      run: async (t) => {
        const n = t.options.crossProcessIncrements;
        const spec = t.childProcess();
        const limit = t.options.caseTimeoutMs * 3;
        const runs = await Promise.all(Array.from({ length: CHILDREN }, () => runChild(spec, [{ op: 'increment', namespace: NS, key: 'counter', times: n }], limit)));
        expect(runs).toHaveLength(CHILDREN);
        expect((await t.backend.get(NS, 'counter'))!).toMatchObject({ value: CHILDREN * n, version: CHILDREN * n });
      },
    },
    {
      title: "children see each other's writes",
      timeoutFactor: 4,
      run: async (t) => {
        const spec = t.childProcess();
        const keys = Array.from({ length: CHILDREN }, (_, i) => `child${i}`);
        const limit = t.options.caseTimeoutMs * 3;
        const runs = await Promise.all(
          keys.map((key, i) =>
            runChild(spec, [{ op: 'put', namespace: NS, key, value: i }, { op: 'awaitKeys', namespace: NS, keys, timeoutMs: limit / 2 }], limit),
          ),
        );
        for (const results of runs) expect(results[1]).toEqual({ op: 'awaitKeys', values: [0, 1, 2, 3] });
      },
    },
    {
      title: "the parent sees a child's writes and deletes, and a child sees the parent's",
      timeoutFactor: 4,
      run: async (t) => {
        const spec = t.childProcess();
        await t.backend.put(NS, 'from-parent', 'P');
        await t.backend.put(NS, 'doomed', 1);
        const [awaited] = await runChild(
          spec,
          [
            { op: 'awaitKeys', namespace: NS, keys: ['from-parent'], timeoutMs: 5_000 },
            { op: 'put', namespace: NS, key: 'from-child', value: { nested: ['C'] } },
            { op: 'delete', namespace: NS, key: 'doomed' },
          ],
          t.options.caseTimeoutMs * 3,
        );
        expect(awaited!.values).toEqual(['P']);
        await eventually(async () => (await t.backend.get(NS, 'doomed')) === undefined, 5_000, "the child's delete is visible");
        expect((await t.backend.get(NS, 'from-child'))!.value).toEqual({ nested: ['C'] });
      },
    },
    {
      title: `of ${CHILDREN} children creating one key with ifVersion 0, exactly one wins`,
      timeoutFactor: 4,
      run: async (t) => {
        const spec = t.childProcess();
        const runs = await Promise.all(
          Array.from({ length: CHILDREN }, (_, i) =>
            runChild(spec, Array.from({ length: 5 }, (_, round) => ({ op: 'create' as const, namespace: NS, key: `k${round}`, value: i })), t.options.caseTimeoutMs * 3),
          ),
        );
        for (let round = 0; round < 5; round++) {
          const winners = runs.filter((results) => results[round]!.won === true).length;
          expect(winners, `round ${round}`).toBe(1);
          expect((await t.backend.get(NS, `k${round}`))!.version).toBe(1);
        }
      },
    },
  ],
};
