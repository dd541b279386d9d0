import { measureConcurrent, measureSequential } from '../measure/measure-ops.js';
import type { KvSubject } from '../subjects/kv-subject.js';
import { compareSubjects } from './compare-subjects.js';
import { openOurs } from './open-ours.js';
import { loopRow, prefill, type Workload, type WorkloadContext } from './workload.js';

// Scattered reads: a stride coprime with the keyspace visits every key without running in order.
const scatter = (i: number, n: number): number => (i * 7919) % n;

// Warm-up belongs to a subject's first round; later rounds only calibrate the loop.
const warmup = (first: boolean, ops = 200): number => (first ? ops : Math.min(ops, 20));

const loadKeyspace = (ctx: WorkloadContext) => (s: KvSubject) => prefill(s, ctx.values, ctx.scale.keyspace);

/** `put`: one awaited write at a time over the keyspace (creates, then updates). */
export const putWorkload: Workload = {
  id: 'put',
  title: 'put one ~200-byte JSON value, awaited one at a time',
  run: (ctx) => {
    const n = ctx.scale.keyspace;
    return compareSubjects(ctx, { ours: () => openOurs(ctx.family) }, {
      needs: 'put',
      measure: (s, durationMs, first) => measureSequential((i) => s.put(ctx.keys[i % n]!, ctx.values[i % n]!), { durationMs, warmupOps: warmup(first) }),
      row: (s, m, rounds) => loopRow(s, m, 'ops/s', 1, { rounds }),
    });
  },
};

/** `get`: one awaited read at a time of existing keys. */
export const getWorkload: Workload = {
  id: 'get',
  title: 'get one existing key, awaited one at a time (for a server: one round trip)',
  run: (ctx) => {
    const n = ctx.scale.keyspace;
    return compareSubjects(ctx, { ours: () => openOurs(ctx.family) }, {
      needs: 'get',
      prepare: loadKeyspace(ctx),
      measure: (s, durationMs, first) => measureSequential((i) => s.get(ctx.keys[scatter(i, n)]!), { durationMs, warmupOps: warmup(first) }),
      row: (s, m, rounds) => loopRow(s, m, 'ops/s', 1, { rounds }),
    });
  },
};

/** `get-parallel`: many reads in flight at once (where a network store pipelines). */
export const getParallelWorkload: Workload = {
  id: 'get-parallel',
  title: 'get with many calls in flight at once (auto-pipelining for Redis)',
  run: (ctx) => {
    const n = ctx.scale.keyspace;
    return compareSubjects(ctx, { ours: () => openOurs(ctx.family) }, {
      needs: 'get',
      prepare: loadKeyspace(ctx),
      measure: (s, durationMs, first) => measureConcurrent((i) => s.get(ctx.keys[scatter(i, n)]!), ctx.scale.inFlight, { durationMs, warmupOps: first ? ctx.scale.inFlight : 0 }),
      row: (s, m, rounds) => loopRow(s, m, 'ops/s', 1, { inFlight: ctx.scale.inFlight, rounds }),
    });
  },
};

/** `get-many`: 100 keys per call. */
export const getManyWorkload: Workload = {
  id: 'get-many',
  title: 'getMany of 100 existing keys per call (figure: keys/s)',
  run: (ctx) => {
    const n = ctx.scale.keyspace;
    const batches = Array.from({ length: n / 100 }, (_, b) => Array.from({ length: 100 }, (_, j) => ctx.keys[scatter(b * 100 + j, n)]!));
    return compareSubjects(ctx, { ours: () => openOurs(ctx.family) }, {
      needs: 'getMany',
      prepare: loadKeyspace(ctx),
      measure: (s, durationMs, first) => measureSequential((i) => s.getMany!(batches[i % batches.length]!), { durationMs, warmupOps: warmup(first, 20) }),
      row: (s, m, rounds) => loopRow(s, m, 'keys/s', 100, { batch: 100, rounds }),
    });
  },
};

/** `put-many`: 1000 values per call, one transaction or pipeline where the store has one. */
export const putManyWorkload: Workload = {
  id: 'put-many',
  title: 'putMany of 1000 values per call (figure: rows/s)',
  run: (ctx) => {
    const n = ctx.scale.keyspace;
    const batches = Array.from({ length: Math.max(1, n / 1000) }, (_, b) =>
      Array.from({ length: 1000 }, (_, j) => ({ key: ctx.keys[(b * 1000 + j) % n]!, value: ctx.values[(b * 1000 + j) % n]! })),
    );
    return compareSubjects(ctx, { ours: () => openOurs(ctx.family) }, {
      needs: 'putMany',
      measure: (s, durationMs, first) => measureSequential((i) => s.putMany!(batches[i % batches.length]!), { durationMs, warmupOps: first ? ctx.scale.batchWarmups : 0 }),
      row: (s, m, rounds) => loopRow(s, m, 'rows/s', 1000, { batch: 1000, rounds }),
    });
  },
};

/** `list-10k`: read every entry with its value, in key order. */
export const listWorkload: Workload = {
  id: 'list-10k',
  title: 'list every entry with values, in key order (figure: ms per full scan)',
  run: (ctx) => {
    const n = ctx.scale.listEntries;
    return compareSubjects(ctx, { ours: () => openOurs(ctx.family) }, {
      needs: 'scanAll',
      prepare: (s) => prefill(s, ctx.values, n),
      measure: async (s, durationMs, first) => {
        let seen = 0;
        const m = await measureSequential(
          async () => {
            seen = await s.scanAll!();
          },
          { durationMs, warmupOps: first ? 1 : 0 },
        );
        if (seen !== n) throw new Error(`scan returned ${seen} entries, expected ${n}`);
        return m;
      },
      row: (s, m, rounds) => ({ ...loopRow(s, m, 'ms', 1, { entries: n, rounds }), value: m.elapsedMs / m.ops, better: 'lower' }),
    });
  },
};
