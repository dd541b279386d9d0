import { InMemoryStore } from '@langchain/langgraph';
import type { BenchValue } from '../data/bench-values.js';
import type { BenchItem, KvSubject } from './kv-subject.js';

const NS = ['bench', 'agent-1'];

/** LangGraph's InMemoryStore: the store an agent framework user gets out of the box. */
export function langGraphSubject(): KvSubject {
  let store = new InMemoryStore();
  return {
    name: 'LangGraph InMemoryStore',
    role: 'peer',
    put: (key: string, value: BenchValue) => store.put(NS, key, value as unknown as Record<string, unknown>),
    get: async (key: string) => (await store.get(NS, key))?.value,
    getMany: async (keys: readonly string[]) => (await store.batch(keys.map((key) => ({ namespace: NS, key })))).map((item) => item?.value),
    putMany: (items: readonly BenchItem[]) => store.batch(items.map(({ key, value }) => ({ namespace: NS, key, value: value as unknown as Record<string, unknown> }))),
    scanAll: async () => (await store.search(NS, { limit: 1_000_000 })).length,
    reset: () => {
      store = new InMemoryStore();
    },
    close: () => {
      store = new InMemoryStore();
    },
  };
}
