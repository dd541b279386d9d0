import { InMemoryStore } from '@langchain/langgraph';
import type { StorageBackend } from '@mem/core';
import type { BenchValue } from '../data/bench-values.js';
import { gaussianMixture, seededRandom, type VectorSet } from '../data/gaussian-mixture.js';
import { measureSequential, type Measurement } from '../measure/measure-ops.js';
import type { SubjectRole } from '../subjects/kv-subject.js';
import { LookupEmbeddings } from '../subjects/langgraph-vector-peer.js';
import type { Workload } from './workload.js';

const AGENTS = 10;
const OPS_PLAN = 4096;

/** The three calls of an agent's loop; `row` names the data set vector used as the embedding. */
interface AgentStore {
  readonly name: string;
  readonly role: SubjectRole;
  load(items: readonly { ns: string[]; key: string; value: BenchValue; row: number }[]): Promise<unknown>;
  get(ns: string[], key: string): Promise<unknown>;
  put(ns: string[], key: string, value: BenchValue, row: number): Promise<unknown>;
  search(ns: string[], row: number): Promise<unknown>;
}

function oursAgentStore(name: string, backend: StorageBackend, vectors: VectorSet): AgentStore {
  const embedding = (row: number): Float32Array => vectors.data.slice(row * vectors.dimension, (row + 1) * vectors.dimension);
  return {
    name,
    role: 'ours',
    load: (items) => backend.putMany(items.map(({ ns, key, value, row }) => ({ namespace: ns, key, value, embedding: embedding(row) }))),
    get: (ns, key) => backend.get(ns, key),
    put: (ns, key, value, row) => backend.put(ns, key, value, { embedding: embedding(row) }),
    search: (ns, row) => backend.search({ vector: embedding(row), k: 10, prefix: ns }),
  };
}

// LangGraph's store is the agent-framework default: the peer of in-process backends.
function langGraphAgentStore(vectors: VectorSet): AgentStore {
  const store = new InMemoryStore({ index: { dims: vectors.dimension, embeddings: new LookupEmbeddings(vectors, []), fields: ['row'] } });
  const doc = (value: BenchValue, row: number): Record<string, unknown> => ({ ...value, row: String(row) });
  return {
    name: 'LangGraph InMemoryStore (index)',
    role: 'peer',
    load: (items) => store.batch(items.map(({ ns, key, value, row }) => ({ namespace: ns, key, value: doc(value, row) }))),
    get: (ns, key) => store.get(ns, key),
    put: (ns, key, value, row) => store.put(ns, key, doc(value, row)),
    search: (ns, row) => store.search(ns, { query: `r:${row}`, limit: 10 }),
  };
}

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
      const stores = [oursAgentStore(name, backend, vectors), ...(ctx.family.inProcess ? [langGraphAgentStore(vectors)] : [])];
      const namespaces = Array.from({ length: AGENTS }, (_, a) => ['bench', `agent-${a}`]);
      const ns = (i: number): string[] => namespaces[i % AGENTS]!;
      const key = (i: number): string => ctx.keys[i % ctx.keys.length]!;
      for (const store of stores) {
        ctx.status(`${store.name}: loading ${n} entries`);
        for (let start = 0; start < n; start += 1000) {
          const items = [];
          for (let i = start; i < Math.min(n, start + 1000); i++) items.push({ ns: ns(i), key: key(i), value: ctx.values[i % ctx.values.length]!, row: i });
          await store.load(items);
        }
      }
      // The plan is drawn once from a seeded PRNG, so every store runs the same sequence.
      const random = seededRandom(11);
      const plan = Array.from({ length: OPS_PLAN }, () => ({ kind: random(), entry: Math.floor(random() * n) }));
      const run = (store: AgentStore, durationMs: number): Promise<Measurement> =>
        measureSequential((i) => {
          const { kind, entry } = plan[i % OPS_PLAN]!;
          if (kind < 0.8) return store.get(ns(entry), key(entry));
          if (kind < 0.95) return store.put(ns(entry), key(entry), ctx.values[(entry + i) % ctx.values.length]!, (entry + 1) % n);
          return store.search(ns(entry), entry);
        }, { durationMs });
      const best = new Map<AgentStore, Measurement>();
      for (let round = 0; round < ctx.scale.rounds; round++) {
        for (const store of stores) {
          ctx.status(`${store.name}: round ${round + 1}/${ctx.scale.rounds}`);
          const m = await run(store, (ctx.scale.durationMs * 2) / ctx.scale.rounds);
          if (m.opsPerSec > (best.get(store)?.opsPerSec ?? -1)) best.set(store, m);
        }
      }
      for (const [store, m] of best) {
        ctx.record({
          subject: store.name,
          role: store.role,
          value: m.opsPerSec,
          unit: 'ops/s',
          better: 'higher',
          opsPerSec: m.opsPerSec,
          p50Ms: m.p50Ms,
          p99Ms: m.p99Ms,
          ops: m.ops,
          extra: { entries: n, agents: AGENTS, dimension, rounds: ctx.scale.rounds },
        });
      }
    } finally {
      await backend.close();
    }
  },
};
