import { LRUCache } from 'lru-cache';
import type { BenchValue } from '../data/bench-values.js';
import { heapFootprint } from '../measure/heap-footprint.js';
import type { BenchItem, KvSubject } from './kv-subject.js';

type Store = Pick<Map<string, unknown>, 'get' | 'set' | 'entries' | 'clear' | 'size'>;

const byKey = (a: [string, unknown], b: [string, unknown]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

// The same shape for Map and LRUCache: plain calls, no copies, no validation, no versions.
function plainStoreSubject(name: string, store: Store, ttlStore?: LRUCache<string, BenchValue>): KvSubject {
  return {
    name,
    role: 'raw',
    put: (key: string, value: BenchValue) => store.set(key, value),
    get: (key: string) => store.get(key),
    getMany: (keys: readonly string[]) => keys.map((k) => store.get(k)),
    putMany: (items: readonly BenchItem[]) => {
      for (const { key, value } of items) store.set(key, value);
    },
    // A list is ordered by key, so the raw side sorts too.
    scanAll: () => [...store.entries()].sort(byKey).length,
    casIncrement: async (key: string) => {
      const current = (store.get(key) as { n: number } | undefined)?.n ?? 0;
      store.set(key, { n: current + 1 });
      return 0;
    },
    readCounter: (key: string) => (store.get(key) as { n: number } | undefined)?.n ?? 0,
    ...(ttlStore
      ? {
          putWithTtl: (key: string, value: BenchValue, ttlMs: number) => ttlStore.set(key, value, { ttl: ttlMs }),
          liveCount: () => {
            let live = 0;
            for (const _ of ttlStore.keys()) live++;
            return live;
          },
          footprint: heapFootprint,
        }
      : {}),
    reset: () => store.clear(),
    close: () => store.clear(),
  };
}

/** lru-cache@11 as a user would call it (what the memory backend is built on). */
export function rawLruCacheSubject(): KvSubject {
  // ttlAutopurge removes expired entries on a timer, as the contract asks of the backend.
  const cache = new LRUCache<string, BenchValue>({ max: 2_000_000, ttlAutopurge: true });
  return plainStoreSubject('lru-cache', cache as unknown as Store, cache);
}

/** A plain `Map`: the floor of any in-process store. */
export function rawMapSubject(): KvSubject {
  return plainStoreSubject('Map', new Map());
}

/**
 * lru-cache behind the minimum the contract asks for: an async call and a fresh copy of every value
 * read or written (structuredClone). Not a ratio baseline; it shows where the floor of a contract-
 * keeping in-process store lies.
 */
export function contractFloorSubject(): KvSubject {
  const cache = new LRUCache<string, BenchValue>({ max: 2_000_000 });
  return {
    name: 'lru-cache, async + structuredClone',
    role: 'raw',
    put: async (key: string, value: BenchValue) => void cache.set(key, structuredClone(value)),
    get: async (key: string) => structuredClone(cache.get(key)),
    getMany: async (keys: readonly string[]) => keys.map((k) => structuredClone(cache.get(k))),
    putMany: async (items: readonly BenchItem[]) => {
      for (const { key, value } of items) cache.set(key, structuredClone(value));
    },
    scanAll: async () => [...cache.entries()].sort(byKey).map(([, v]) => structuredClone(v)).length,
    reset: () => cache.clear(),
    close: () => cache.clear(),
  };
}
