import { VersionConflictError, type Namespace, type StorageBackend } from '@mem/core';
import type { BenchValue } from '../data/bench-values.js';
import type { BenchItem, Footprint, KvSubject } from './kv-subject.js';

/** The namespace every workload writes in, two segments deep like an agent's conversation. */
export const BENCH_NAMESPACE: Namespace = ['bench', 'agent-1'];

/** Options of {@link oursSubject}. */
export interface OursSubjectOptions {
  /** Row label. */
  readonly name: string;
  /** The backend under test (the subject closes it). */
  readonly backend: StorageBackend;
  /** Reads what the store physically holds (expired entries included), for TTL churn. */
  readonly footprint?: () => Promise<Footprint> | Footprint;
  /** Extra cleanup after `close`, e.g. removing a temp directory. */
  readonly dispose?: () => Promise<void> | void;
}

const LIST_PAGE = 10_000;

/** Any `StorageBackend` as a bench subject: exactly the calls an agent would make. */
export function oursSubject(options: OursSubjectOptions): KvSubject {
  const { backend } = options;
  const ns = BENCH_NAMESPACE;
  return {
    name: options.name,
    role: 'ours',
    put: (key: string, value: BenchValue) => backend.put(ns, key, value),
    get: async (key: string) => (await backend.get(ns, key))?.value,
    getMany: async (keys: readonly string[]) => (await backend.getMany(keys.map((key) => ({ namespace: ns, key })))).map((e) => e?.value),
    putMany: (items: readonly BenchItem[]) => backend.putMany(items.map(({ key, value }) => ({ namespace: ns, key, value }))),
    scanAll: async () => {
      let count = 0;
      let cursor: string | undefined;
      for (;;) {
        const page = await backend.list({ prefix: ns, limit: LIST_PAGE, ...(cursor === undefined ? {} : { cursor }) });
        count += page.entries.length;
        if (!page.hasMore) return count;
        cursor = page.cursor;
      }
    },
    casIncrement: async (key: string) => {
      for (let retries = 0; ; retries++) {
        const current = await backend.get(ns, key);
        const n = current === undefined ? 0 : (current.value as { n: number }).n;
        try {
          await backend.put(ns, key, { n: n + 1 }, { ifVersion: current?.version ?? 0 });
          return retries;
        } catch (error) {
          if (!(error instanceof VersionConflictError)) throw error;
        }
      }
    },
    readCounter: async (key: string) => ((await backend.get(ns, key))?.value as { n: number } | undefined)?.n ?? 0,
    putWithTtl: (key: string, value: BenchValue, ttlMs: number) => backend.put(ns, key, value, { ttlMs }),
    liveCount: async () => (await backend.stats()).entries,
    ...(options.footprint ? { footprint: options.footprint } : {}),
    reset: async () => {
      await backend.clear();
    },
    close: async () => {
      await backend.close();
      await options.dispose?.();
    },
  };
}
