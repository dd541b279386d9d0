import { gaussianMixture, seededRandom } from '../data/gaussian-mixture.js';
import { measureSequential } from '../measure/measure-ops.js';
import type { Workload } from './workload.js';

const AGENTS = 10;
const OPS_PLAN = 4096;

/**
 * `mixed`: what an agent loop does to its memory: 80 % reads, 15 % writes (value + embedding),
 * 5 % top-10 searches within the agent's own namespace, over `mixedEntries` entries of 10 agents.
 */
export const mixedWorkload: Workload = {
  id: 'mixed',
  title: 'agent mix: 80 % get, 15 % put with embedding, 5 % top-10 search in the agent namespace',
  run: async (ctx) => {
    const backend = await ctx.family.openBackend('default');
    const name = `mem ${ctx.family.name}`;
    try {
      if (backend.capabilities.vectorSearch === 'none') return ctx.skip('declares vectorSearch: none (the mix needs search)', name);
      const { mixedEntries: n, dimension } = ctx.scale;
      const vectors = gaussianMixture({ count: n, dimension, seed: 7 });
      const namespaces = Array.from({ length: AGENTS }, (_, a) => ['bench', `agent-${a}`]);
      const ns = (i: number): string[] => namespaces[i % AGENTS]!;
      const embedding = (i: number): Float32Array => vectors.data.slice(i * dimension, (i + 1) * dimension);
      ctx.status(`${name}: loading ${n} entries`);
      for (let start = 0; start < n; start += 1000) {
        const items = [];
        for (let i = start; i < Math.min(n, start + 1000); i++) items.push({ namespace: ns(i), key: ctx.keys[i % ctx.keys.length]!, value: ctx.values[i % ctx.values.length], embedding: embedding(i) });
        await backend.putMany(items);
      }
      // The plan is drawn once from a seeded PRNG, so every backend runs the same sequence.
      const random = seededRandom(11);
      const plan = Array.from({ length: OPS_PLAN }, () => ({ kind: random(), entry: Math.floor(random() * n) }));
      let reads = 0;
      let writes = 0;
      let searches = 0;
      ctx.status(`${name}: running the mix`);
      const m = await measureSequential(
        (i) => {
          const { kind, entry } = plan[i % OPS_PLAN]!;
          if (kind < 0.8) return reads++, backend.get(ns(entry), ctx.keys[entry % ctx.keys.length]!);
          if (kind < 0.95) return writes++, backend.put(ns(entry), ctx.keys[entry % ctx.keys.length]!, ctx.values[(entry + i) % ctx.values.length], { embedding: embedding((entry + 1) % n) });
          return searches++, backend.search({ vector: embedding(entry), k: 10, prefix: ns(entry) });
        },
        { durationMs: ctx.scale.durationMs * 2 },
      );
      ctx.record({
        subject: name,
        role: 'ours',
        value: m.opsPerSec,
        unit: 'ops/s',
        better: 'higher',
        opsPerSec: m.opsPerSec,
        p50Ms: m.p50Ms,
        p99Ms: m.p99Ms,
        ops: m.ops,
        extra: { entries: n, agents: AGENTS, dimension, reads, writes, searches },
      });
    } finally {
      await backend.close();
    }
  },
};
