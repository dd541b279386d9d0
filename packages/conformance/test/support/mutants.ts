import { createMemoryBackend, type MemoryBackend } from '@mem/backend-memory';
import {
  compareEntryRefs,
  decodeCursor,
  encodeCursor,
  matchesFilter,
  namespaceStartsWith,
  VersionConflictError,
  type Entry,
  type ListOptions,
  type ListPage,
  type StorageBackend,
} from '@mem/core';
import { delegate, handleOn } from './delegating-backend.js';
import type { ConformanceOptions, GroupId } from '../../src/index.js';

/** A deliberately broken backend and the groups that must catch it. */
export interface Mutant {
  readonly name: string;
  readonly bug: string;
  /** Groups of which at least one case must fail. */
  readonly caughtBy: readonly GroupId[];
  /** A case (title substring) that must be among the failures, when one case exists just for this bug. */
  readonly caughtByCase?: string;
  readonly options: ConformanceOptions;
}

async function everything(inner: StorageBackend, options: ListOptions = {}): Promise<Entry[]> {
  const out: Entry[] = [];
  let cursor: string | undefined;
  do {
    const page = await inner.list({ ...options, limit: 100_000, ...(cursor ? { cursor } : {}) });
    out.push(...page.entries);
    cursor = page.cursor;
  } while (cursor);
  return out;
}

// Pages over an array sorted by `compare`, with the suite's usual position cursors.
function pageOf(sorted: Entry[], options: ListOptions, compare: (a: Entry, b: { namespace: readonly string[]; key: string }) => number): ListPage {
  const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor);
  const rest = after ? sorted.filter((e) => compare(e, after) > 0) : sorted;
  const limit = options.limit ?? 1000;
  const entries = rest.slice(0, limit);
  return rest.length > limit ? { entries, hasMore: true, cursor: encodeCursor(entries.at(-1)!) } : { entries, hasMore: false };
}

const utf16 = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
function compareUtf16(a: { namespace: readonly string[]; key: string }, b: { namespace: readonly string[]; key: string }): number {
  for (let i = 0; i < Math.min(a.namespace.length, b.namespace.length); i++) {
    const c = utf16(a.namespace[i]!, b.namespace[i]!);
    if (c) return c;
  }
  return a.namespace.length - b.namespace.length || utf16(a.key, b.key);
}

// Prefix matching on the joined string: ['acme'] matches ['acme-corp'], ['a'] matches ['a:b'].
const leakyMatch = (namespace: readonly string[], prefix: readonly string[]): boolean => namespace.join(':').startsWith(prefix.join(':'));

const plain = (name: string, wrap: (inner: StorageBackend) => StorageBackend): ConformanceOptions => ({ name, create: async () => wrap(createMemoryBackend()) });

/** The broken backends of the self-test; each wraps the correct in-memory backend and breaks one rule. */
export const MUTANTS: readonly Mutant[] = [
  {
    name: 'ignores-ttl',
    bug: 'drops ttlMs on every write, so nothing ever expires',
    caughtBy: ['ttl', 'batch', 'model'],
    options: plain('ignores-ttl', (inner) =>
      delegate(inner, {
        put: (ns, key, value, options) => inner.put(ns, key, value, { ...options, ttlMs: undefined }),
        putMany: (items) => inner.putMany(items.map((item) => ({ ...item, ttlMs: undefined }))),
      }),
    ),
  },
  {
    name: 'leaks-across-namespaces',
    bug: 'matches namespace prefixes as joined strings instead of per segment',
    caughtBy: ['namespaces', 'list', 'model'],
    options: plain('leaks-across-namespaces', (inner) =>
      delegate(inner, {
        list: async (options = {}) => {
          const all = (await everything(inner, { ...options, prefix: [], cursor: undefined, limit: undefined })).filter((e) => leakyMatch(e.namespace, options.prefix ?? []));
          return pageOf(all, options, compareEntryRefs);
        },
        clear: async (prefix = []) => inner.deleteMany((await everything(inner)).filter((e) => leakyMatch(e.namespace, prefix))),
      }),
    ),
  },
  {
    name: 'sorts-by-utf16',
    bug: 'orders keys and segments by UTF-16 code unit instead of code point',
    caughtBy: ['list', 'model'],
    options: plain('sorts-by-utf16', (inner) =>
      delegate(inner, {
        list: async (options = {}) => pageOf((await everything(inner, { ...options, cursor: undefined, limit: undefined })).sort(compareUtf16), options, compareUtf16),
      }),
    ),
  },
  {
    name: 'non-atomic-cas',
    bug: 'checks ifVersion with a read, awaits, then writes unconditionally',
    caughtBy: ['cas'],
    caughtByCase: 'concurrent CAS increments',
    options: plain('non-atomic-cas', (inner) => {
      const check = async (ns: readonly string[], key: string, ifVersion: number | undefined, operation: string): Promise<void> => {
        if (ifVersion === undefined) return;
        const current = (await inner.get(ns, key))?.version ?? 0;
        await new Promise((r) => setImmediate(r));
        if (current !== ifVersion) throw new VersionConflictError(ifVersion, current, { backend: inner.name, operation });
      };
      return delegate(inner, {
        put: async (ns, key, value, options = {}) => {
          await check(ns, key, options.ifVersion, 'put');
          return inner.put(ns, key, value, { ...options, ifVersion: undefined });
        },
        delete: async (ns, key, options = {}) => {
          await check(ns, key, options.ifVersion, 'delete');
          return inner.delete(ns, key);
        },
      });
    }),
  },
  {
    name: 'shares-mutable-values',
    bug: 'keeps the caller’s value object and hands the same object to every reader',
    caughtBy: ['values', 'basic'],
    options: plain('shares-mutable-values', (inner) => {
      const kept = new Map<string, unknown>();
      const id = (ns: readonly string[], key: string): string => JSON.stringify([ns, key]);
      const share = (e: Entry | undefined): Entry | undefined => (e && kept.has(id(e.namespace, e.key)) ? { ...e, value: kept.get(id(e.namespace, e.key)) } : e);
      return delegate(inner, {
        put: async (ns, key, value, options) => {
          const result = await inner.put(ns, key, value, options);
          kept.set(id(ns, key), value);
          return result;
        },
        get: async (ns, key) => share(await inner.get(ns, key)),
        getMany: async (refs) => (await inner.getMany(refs)).map(share),
      });
    }),
  },
  {
    name: 'top-k-before-filter',
    bug: 'takes the top k first and applies prefix and filter afterwards',
    caughtBy: ['vector'],
    caughtByCase: 'filter applies before top-k',
    options: plain('top-k-before-filter', (inner) =>
      delegate(inner, {
        search: async (options) => {
          const hits = await inner.search({ vector: options.vector, k: options.k, minScore: options.minScore });
          return hits.filter((h) => namespaceStartsWith(h.entry.namespace, options.prefix ?? []) && matchesFilter(h.entry, options.filter));
        },
      }),
    ),
  },
  {
    name: 'approximate-with-poor-recall',
    bug: "declares vectorSearch 'approximate' but loses every third true neighbour (recall@10 about 0.7)",
    caughtBy: ['vector'],
    caughtByCase: 'recall@10',
    options: plain('approximate-with-poor-recall', (inner) =>
      delegate(
        inner,
        {
          search: async (options) => {
            const k = options.k ?? 10;
            const hits = await inner.search({ ...options, k: Math.min(inner.capabilities.maxK, k * 2) });
            return hits.filter((_, i) => i % 3 !== 2).slice(0, k);
          },
        },
        { ...inner.capabilities, vectorSearch: 'approximate' },
      ),
    ),
  },
  {
    name: 'cursor-skips',
    bug: 'the cursor of a page points one entry too far, so each next page skips one',
    caughtBy: ['list', 'model'],
    options: plain('cursor-skips', (inner) =>
      delegate(inner, {
        list: async (options = {}) => {
          const page = await inner.list(options);
          if (!page.hasMore) return page;
          const next = await inner.list({ ...options, cursor: page.cursor, limit: 1 });
          return next.hasMore ? { ...page, cursor: encodeCursor(next.entries[0]!) } : page;
        },
      }),
    ),
  },
  {
    name: 'put-many-not-validated-first',
    bug: 'putMany writes item by item, so a bad item leaves the earlier ones stored',
    caughtBy: ['batch', 'bad-input'],
    options: plain('put-many-not-validated-first', (inner) =>
      delegate(inner, {
        putMany: async (items) => {
          const out = [];
          for (const { namespace, key, value, ...options } of items) out.push(await inner.put(namespace, key, value, options));
          return out;
        },
      }),
    ),
  },
  {
    name: 'never-sweeps',
    bug: 'hides expired entries from reads but never removes them, so storage grows without bound',
    caughtBy: ['ttl'],
    caughtByCase: 'physically removed',
    options: {
      name: 'never-sweeps',
      // Its sweeper is due in a day; the suite allows 500 ms.
      create: async () => createMemoryBackend({ sweepIntervalMs: 86_400_000 }),
      countStored: async (backend) => (backend as MemoryBackend).heldEntries(),
      sweepBoundMs: 500,
    },
  },
  {
    name: 'drops-writes-on-reopen',
    bug: 'a "persistent" store that loses the latest write when it is reopened',
    caughtBy: ['persistence', 'model'],
    options: persistentMemory('drops-writes-on-reopen', true),
  },
];

/**
 * The in-memory backend made to look persistent and multi-instance (`close` closes a handle, the
 * data lives on), so the persistence and two-instance groups can be checked. With `dropLastWrite`
 * it becomes the mutant that loses the latest write on reopen.
 */
export function persistentMemory(name: string, dropLastWrite = false): ConformanceOptions {
  const stores = new WeakMap<StorageBackend, { store: StorageBackend; last?: [readonly string[], string] }>();
  const open = (state: { store: StorageBackend; last?: [readonly string[], string] }): StorageBackend => {
    const handle = handleOn(state.store, {
      put: async (ns, key, value, options) => {
        state.last = [ns, key];
        return state.store.put(ns, key, value, options);
      },
    });
    stores.set(handle, state);
    return handle;
  };
  return {
    name,
    create: async () => open({ store: createMemoryBackend() }),
    reopen: async (handle) => {
      await handle.close();
      const state = stores.get(handle)!;
      if (dropLastWrite && state.last) await state.store.delete(...state.last);
      return open(state);
    },
    second: async (handle) => open(stores.get(handle)!),
    destroy: async (handle) => {
      await handle.close();
      await stores.get(handle)!.store.close();
    },
  };
}
