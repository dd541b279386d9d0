import { setTimeout as sleep } from 'node:timers/promises';
import { measureSequential } from '../measure/measure-ops.js';
import type { Footprint, KvSubject } from '../subjects/kv-subject.js';
import { compareSubjects } from './compare-subjects.js';
import { openOurs } from './open-ours.js';
import { eachSubject, loopRow, type Workload } from './workload.js';

/** `cas`: N clients increment one counter with compare-and-set; every increment must land. */
export const casWorkload: Workload = {
  id: 'cas',
  title: 'compare-and-set increments of one counter from concurrent clients (figure: increments/s; lost must be 0)',
  run: (ctx) =>
    eachSubject(ctx, { ours: () => openOurs(ctx.family), peers: [] }, 'casIncrement', async (s) => {
      const clients = ctx.scale.casClients;
      const deadline = performance.now() + ctx.scale.durationMs;
      const latencies: number[] = [];
      let done = 0;
      let retries = 0;
      const start = performance.now();
      await Promise.all(
        Array.from({ length: clients }, async () => {
          while (performance.now() < deadline) {
            const t = performance.now();
            retries += await s.casIncrement!('counter');
            latencies.push(performance.now() - t);
            done++;
          }
        }),
      );
      const elapsedMs = performance.now() - start;
      const final = await s.readCounter!('counter');
      latencies.sort((a, b) => a - b);
      const pick = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)]!;
      const m = { ops: done, elapsedMs, opsPerSec: (done / elapsedMs) * 1000, p50Ms: pick(0.5), p99Ms: pick(0.99), samples: latencies.length };
      ctx.record(loopRow(s, m, 'ops/s', 1, { clients, retriesPerIncrement: retries / Math.max(1, done), lost: done - final }));
    }),
};

/** `durable-put`: one awaited write at a time in the store's durable mode, against the raw library in the same mode. */
export const durablePutWorkload: Workload = {
  id: 'durable-put',
  title: 'put in the durable mode (fsync per commit), against the raw library in the same mode',
  run: async (ctx) => {
    const { family } = ctx;
    if (family.durableSkip !== undefined) return ctx.skip(family.durableSkip);
    const n = ctx.scale.keyspace;
    await compareSubjects(ctx, { ours: () => openOurs(family, 'durable'), raws: family.durableRaw ? [family.durableRaw] : [], peers: [] }, {
      needs: 'put',
      measure: (s, durationMs, first) => measureSequential((i) => s.put(ctx.keys[i % n]!, ctx.values[i % n]!), { durationMs, warmupOps: first ? 20 : 2 }),
      row: (s, m, rounds) => loopRow(s, m, 'ops/s', 1, { rounds }),
    });
  },
};

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/**
 * `ttl-churn`: writes new keys with a short TTL at a fixed rate and samples what the store
 * physically holds. Flat = expired entries are removed; growth = they pile up until read.
 * The figure is (last third − first third) ÷ first third of the footprint above the starting
 * point: ~0 when flat, 1 when it doubled over the run.
 */
export const ttlChurnWorkload: Workload = {
  id: 'ttl-churn',
  title: 'new keys with a short TTL at a fixed rate; the footprint must stay flat (figure: growth of the footprint from the first to the last third of the run, 0 = flat)',
  run: (ctx) =>
    eachSubject(ctx, { ours: () => openOurs(ctx.family, 'churn') }, 'putWithTtl', async (s: KvSubject) => {
      if (!s.footprint) return ctx.skip('no footprint probe', s.name);
      const { runMs, ttlMs, rate, samples: sampleCount } = ctx.scale.churn;
      const tickMs = 20;
      const perTick = Math.max(1, Math.round((rate * tickMs) / 1000));
      // Timers of the previous subject may still hold garbage: let them fire before the baseline.
      await sleep(ttlMs);
      const base = await s.footprint();
      const samples: Footprint[] = [];
      const start = performance.now();
      let written = 0;
      // Sampling starts once the first entries can have expired, i.e. at the steady state.
      let nextSample = start + ttlMs * 2;
      while (performance.now() - start < runMs) {
        const tickStart = performance.now();
        const writes = [];
        for (let j = 0; j < perTick; j++, written++) writes.push(s.putWithTtl!(ctx.keys[written % ctx.keys.length]! + written, ctx.values[written % ctx.values.length]!, ttlMs));
        await Promise.all(writes);
        if (performance.now() >= nextSample) {
          samples.push(await s.footprint());
          nextSample += (runMs - ttlMs * 2) / sampleCount;
        }
        await sleep(Math.max(0, tickMs - (performance.now() - tickStart)));
      }
      const elapsedMs = performance.now() - start;
      const live = s.liveCount ? await s.liveCount() : undefined;
      const over = samples.map((f) => f.value - base.value);
      const third = Math.max(1, Math.floor(over.length / 3));
      const first = mean(over.slice(0, third));
      const last = mean(over.slice(-third));
      ctx.record({
        subject: s.name,
        role: s.role,
        value: (last - first) / Math.max(Math.abs(first), 1),
        unit: 'growth',
        better: 'lower',
        opsPerSec: (written / elapsedMs) * 1000,
        extra: {
          footprintUnit: base.unit,
          firstThird: first,
          lastThird: last,
          ...(live === undefined ? {} : { liveAtEnd: live }),
          expectedLive: Math.round((rate * ttlMs) / 1000),
          written,
          ttlMs,
          samples: samples.length,
        },
      });
    }),
};
