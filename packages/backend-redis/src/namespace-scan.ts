import { compareNamespaces, decodeNamespace, encodeNamespace, prefixSuccessor } from '@mem/core';
import { Cluster, type Redis } from 'ioredis';
import type { KeyLayout, NamespaceKeys } from './key-layout.js';
import type { MemScripts } from './lua-scripts.js';

/** What the multi-namespace operations need from the backend. */
export interface RedisStore {
  /** The connection, with the backend's scripts defined on it. */
  readonly client: (Redis | Cluster) & MemScripts;
  /** Key names of this store (its prefix). */
  readonly layout: KeyLayout;
  /** The namespace registry key on a standalone server; `''` in a cluster (SCAN instead). */
  readonly registry: string;
}

// Keys the server walks per SCAN call: fewer round trips, each still well under a millisecond of work.
const SCAN_COUNT = 10_000;
/** Most expired members one prune call removes (keeps each script call short). */
export const PRUNE_BATCH = 1000;

/** Every master of a cluster, or the one server. */
function masters(client: Redis | Cluster): Redis[] {
  return client instanceof Cluster ? client.nodes('master') : [client];
}

/**
 * Keys matching `pattern` that are sorted sets, across every master (SCAN per node). Keys that
 * exist for the whole scan are all returned; a slot moving meanwhile may show a key twice, so
 * the result is de-duplicated.
 */
export async function scanSortedSets(client: Redis | Cluster, pattern: string): Promise<string[]> {
  const found = new Set<string>();
  await Promise.all(
    masters(client).map(async (node) => {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_COUNT, 'TYPE', 'zset');
        for (const key of keys) found.add(key);
        cursor = next;
      } while (cursor !== '0');
    }),
  );
  return [...found];
}

/** Namespaces under `prefix` that have an index key (possibly holding only expired members), sorted. */
export async function findNamespaces(store: RedisStore, prefix: readonly string[], kind: 'i' | 'x' = 'i'): Promise<string[][]> {
  if (kind === 'i' && store.registry !== '') return registeredNamespaces(store, prefix);
  const keys = await scanSortedSets(store.client, store.layout.scanPattern(prefix, kind));
  const namespaces: string[][] = [];
  for (const key of keys) {
    const namespace = store.layout.namespaceOf(key);
    if (namespace !== undefined && namespace.length > 0) namespaces.push(namespace);
  }
  return namespaces.sort(compareNamespaces);
}

/** Standalone: the registry's members under `prefix`, a range read whatever else the db holds. */
async function registeredNamespaces(store: RedisStore, prefix: readonly string[]): Promise<string[][]> {
  const encoded = encodeNamespace(prefix);
  const successor = encoded === '' ? undefined : prefixSuccessor(encoded);
  const members = await store.client.zrangebylex(store.registry, encoded === '' ? '-' : `[${encoded}`, successor === undefined ? '+' : `(${successor}`);
  // Byte order of encodings is namespace order, so the range comes back sorted.
  return members.map(decodeNamespace);
}

/** Removes expired members from one namespace's indexes; returns the live count left. */
export async function pruneNamespace(store: RedisStore, keys: NamespaceKeys, now: number): Promise<{ pruned: number; live: number }> {
  let pruned = 0;
  for (;;) {
    const [removed, live] = await store.client.memPrune(keys.index, keys.expiry, String(now), String(PRUNE_BATCH), store.registry, keys.encoded);
    pruned += removed;
    if (removed < PRUNE_BATCH) return { pruned, live };
  }
}

/** Most hashes one fetch script reads (bounds the time the server spends in one script). */
const FETCH_BATCH = 1000;

/**
 * The given fields of entry hashes that all belong to one namespace (one slot), in key order:
 * one `HMGET` for a single key, else a fetch script per 1000 keys, all sent at once.
 */
export function fetchFields(store: RedisStore, keys: readonly string[], fields: readonly string[]): Promise<(Buffer | null)[][]> {
  if (keys.length === 1) return store.client.hmgetBuffer(keys[0]!, ...fields).then((row) => [row]);
  if (keys.length <= FETCH_BATCH) return store.client.memFetch([...keys], fields);
  const batches: Promise<(Buffer | null)[][]>[] = [];
  for (let i = 0; i < keys.length; i += FETCH_BATCH) batches.push(store.client.memFetch(keys.slice(i, i + FETCH_BATCH), fields));
  return Promise.all(batches).then((parts) => parts.flat());
}
