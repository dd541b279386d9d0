import {
  collectNamespaces,
  compareCodePoints,
  compareNamespaces,
  encodeCursor,
  matchesClauses,
  prefixSuccessor,
  type Entry,
  type ListPage,
  type MemErrorContext,
  type PreparedList,
} from '@mem/core';
import { decodeEntry, ENTRY_FIELDS } from './entry-codec.js';
import { fetchFields, findNamespaces, pruneNamespace, type RedisStore } from './namespace-scan.js';

const MAX_CHUNK = 1000;

/** Lex range of one namespace's index: the key prefix, and strictly after the cursor key. */
function lexRange(keyPrefix: string | undefined, afterKey: string | undefined): { min: string; max: string } {
  let min = keyPrefix === undefined ? '-' : `[${keyPrefix}`;
  if (afterKey !== undefined && (keyPrefix === undefined || compareCodePoints(afterKey, keyPrefix) >= 0)) min = `(${afterKey}`;
  const successor = keyPrefix === undefined ? undefined : prefixSuccessor(keyPrefix);
  return { min, max: successor === undefined ? '+' : `(${successor}` };
}

/**
 * One page of `list`: namespaces found by SCAN (every master), walked in order; inside each,
 * `ZRANGEBYLEX` over the index gives keys in code-point (UTF-8 byte) order, and the hashes are
 * fetched pipelined. One entry past the page is looked for, so `hasMore` is exact.
 */
export async function listPage(store: RedisStore, p: PreparedList, context: MemErrorContext): Promise<ListPage> {
  const now = Date.now();
  const want = p.limit + 1;
  const found: Entry[] = [];
  const after = p.after;
  const namespaces = (await findNamespaces(store, p.prefix)).filter((ns) => after === undefined || compareNamespaces(ns, after.namespace) >= 0);
  for (const namespace of namespaces) {
    const keys = store.layout.namespace(namespace);
    const sameAsCursor = after !== undefined && compareNamespaces(namespace, after.namespace) === 0;
    let { min, max } = lexRange(p.keyPrefix, sameAsCursor ? after.key : undefined);
    let stale = false;
    for (;;) {
      const chunk = Math.min(MAX_CHUNK, Math.max(16, (want - found.length) * (p.clauses.length > 0 ? 4 : 1)));
      const members = await store.client.zrangebylex(keys.index, min, max, 'LIMIT', 0, chunk);
      if (members.length === 0) break;
      const rows = await fetchFields(store, members.map((m) => keys.entryPrefix + m), ENTRY_FIELDS);
      for (let i = 0; i < members.length && found.length < want; i++) {
        const entry = decodeEntry(namespace, members[i]!, rows[i]!, now, context);
        if (entry === undefined) stale = true;
        else if (matchesClauses(entry, p.clauses)) found.push(entry);
      }
      if (found.length >= want || members.length < chunk) break;
      min = `(${members[members.length - 1]!}`;
    }
    if (stale) await pruneNamespace(store, keys, now);
    if (found.length >= want) break;
  }
  const hasMore = found.length > p.limit;
  const entries = hasMore ? found.slice(0, p.limit) : found;
  const last = entries[entries.length - 1];
  return hasMore && last !== undefined ? { entries, hasMore, cursor: encodeCursor({ namespace: last.namespace, key: last.key }) } : { entries, hasMore };
}

/** Live entry count per namespace under `prefix`, pruning expired index members on the way. */
export async function liveCounts(store: RedisStore, prefix: readonly string[]): Promise<{ namespace: string[]; live: number; pruned: number }[]> {
  const now = Date.now();
  const namespaces = await findNamespaces(store, prefix);
  return Promise.all(
    namespaces.map(async (namespace) => {
      const { live, pruned } = await pruneNamespace(store, store.layout.namespace(namespace), now);
      return { namespace, live, pruned };
    }),
  );
}

/** `listNamespaces`: namespaces holding live entries. */
export async function listLiveNamespaces(store: RedisStore, prefix: readonly string[], maxDepth: number | undefined): Promise<string[][]> {
  const counts = await liveCounts(store, prefix);
  return collectNamespaces(
    counts.filter((c) => c.live > 0).map((c) => c.namespace),
    prefix,
    maxDepth,
  );
}

const CLEAR_CHUNK = 500;

/**
 * Removes every entry of every namespace under `prefix`; returns how many live entries went.
 * Members are read first and deleted by a script that declares every key it touches, so a slot
 * migration under way cannot split the work.
 */
export async function clearPrefix(store: RedisStore, prefix: readonly string[]): Promise<number> {
  const namespaces = await findNamespaces(store, prefix);
  const removed = await Promise.all(
    namespaces.map(async (namespace) => {
      const keys = store.layout.namespace(namespace);
      let total = 0;
      for (;;) {
        const members = await store.client.zrange(keys.index, 0, CLEAR_CHUNK - 1);
        if (members.length === 0) return total;
        const [gone] = await store.client.memDelete([keys.index, keys.expiry, ...members.map((m) => keys.entryPrefix + m)], [String(Date.now()), '', store.registry, keys.encoded, ...members]);
        total += gone;
      }
    }),
  );
  return removed.reduce((a, b) => a + b, 0);
}

/**
 * The periodic sweep: prunes the expiry index of every namespace that has one, so index members
 * of entries Redis expired never accumulate (even in namespaces nobody reads).
 */
export async function sweepExpired(store: RedisStore): Promise<number> {
  const now = Date.now();
  const namespaces = await findNamespaces(store, [], 'x');
  const pruned = await Promise.all(namespaces.map(async (ns) => (await pruneNamespace(store, store.layout.namespace(ns), now)).pruned));
  return pruned.reduce((a, b) => a + b, 0);
}
