import { measureConcurrent, measureSequential } from '../measure/measure-ops.js';
import { openOurs } from './open-ours.js';
import { eachSubject, loopRow, prefill, type Workload } from './workload.js';

// Scattered reads: a stride coprime with the keyspace visits every key without running in order.
const scatter = (i: number, n: number): number => (i * 7919) % n;

/** `put`: one awaited write at a time over the keyspace (creates, then updates). */
export const putWorkload: Workload = {
  id: 'put',
  title: 'put one ~200-byte JSON value, awaited one at a time',
  run: (ctx) =>
    eachSubject(ctx, { ours: () => openOurs(ctx.family) }, 'put', async (s) => {
      const n = ctx.scale.keyspace;
      ctx.record(loopRow(s, await measureSequential((i) => s.put(ctx.keys[i % n]!, ctx.values[i % n]!), { durationMs: ctx.scale.durationMs })));
    }),
};

/** `get`: one awaited read at a time of existing keys. */
export const getWorkload: Workload = {
  id: 'get',
  title: 'get one existing key, awaited one at a time (for a server: one round trip)',
  run: (ctx) =>
    eachSubject(ctx, { ours: () => openOurs(ctx.family) }, 'get', async (s) => {
      const n = ctx.scale.keyspace;
      await prefill(s, ctx.values, n);
      ctx.record(loopRow(s, await measureSequential((i) => s.get(ctx.keys[scatter(i, n)]!), { durationMs: ctx.scale.durationMs })));
    }),
};

/** `get-parallel`: many reads in flight at once (where a network store pipelines). */
export const getParallelWorkload: Workload = {
  id: 'get-parallel',
  title: 'get with many calls in flight at once (auto-pipelining for Redis)',
  run: (ctx) =>
    eachSubject(ctx, { ours: () => openOurs(ctx.family) }, 'get', async (s) => {
      const n = ctx.scale.keyspace;
      await prefill(s, ctx.values, n);
      const m = await measureConcurrent((i) => s.get(ctx.keys[scatter(i, n)]!), ctx.scale.inFlight, { durationMs: ctx.scale.durationMs });
      ctx.record(loopRow(s, m, 'ops/s', 1, { inFlight: ctx.scale.inFlight }));
    }),
};

/** `get-many`: 100 keys per call. */
export const getManyWorkload: Workload = {
  id: 'get-many',
  title: 'getMany of 100 existing keys per call (figure: keys/s)',
  run: (ctx) =>
    eachSubject(ctx, { ours: () => openOurs(ctx.family) }, 'getMany', async (s) => {
      const n = ctx.scale.keyspace;
      await prefill(s, ctx.values, n);
      const batches = Array.from({ length: n / 100 }, (_, b) => Array.from({ length: 100 }, (_, j) => ctx.keys[scatter(b * 100 + j, n)]!));
      const m = await measureSequential((i) => s.getMany!(batches[i % batches.length]!), { durationMs: ctx.scale.durationMs });
      ctx.record(loopRow(s, m, 'keys/s', 100, { batch: 100 }));
    }),
};

/** `put-many`: 1000 values per call, one transaction or pipeline where the store has one. */
export const putManyWorkload: Workload = {
  id: 'put-many',
  title: 'putMany of 1000 values per call (figure: rows/s)',
  run: (ctx) =>
    eachSubject(ctx, { ours: () => openOurs(ctx.family) }, 'putMany', async (s) => {
      const n = ctx.scale.keyspace;
      const batches = Array.from({ length: Math.max(1, n / 1000) }, (_, b) =>
        Array.from({ length: 1000 }, (_, j) => ({ key: ctx.keys[(b * 1000 + j) % n]!, value: ctx.values[(b * 1000 + j) % n]! })),
      );
      const m = await measureSequential((i) => s.putMany!(batches[i % batches.length]!), { durationMs: ctx.scale.durationMs, warmupOps: ctx.scale.batchWarmups });
      ctx.record(loopRow(s, m, 'rows/s', 1000, { batch: 1000 }));
    }),
};

/** `list-10k`: read every entry with its value, in key order. */
export const listWorkload: Workload = {
  id: 'list-10k',
  title: 'list every entry with values, in key order (figure: ms per full scan)',
  run: (ctx) =>
    eachSubject(ctx, { ours: () => openOurs(ctx.family) }, 'scanAll', async (s) => {
      const n = ctx.scale.listEntries;
      await prefill(s, ctx.values, n);
      let seen = 0;
      const m = await measureSequential(
        async () => {
          seen = await s.scanAll!();
        },
        { durationMs: ctx.scale.durationMs, warmupOps: 1 },
      );
      if (seen !== n) throw new Error(`scan returned ${seen} entries, expected ${n}`);
      ctx.record({ ...loopRow(s, m, 'ms', 1, { entries: n }), value: m.elapsedMs / m.ops, better: 'lower' });
    }),
};
