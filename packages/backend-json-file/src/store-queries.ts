import {
  collectNamespaces,
  encodeCursor,
  encodeEntryKey,
  encodeNamespace,
  exactTopK,
  matchesClauses,
  type ListPage,
  type MemErrorContext,
  type PreparedList,
  type PreparedSearch,
  type SearchHit,
} from '@mem/core';
import type { EntryTable } from './entry-table.js';
import { isExpired, namespaceRef, toEntry, type StoredEntry } from './stored-entry.js';

/** One page of `list`: live entries under the prefix, after the cursor, matching key prefix and filter. */
export function listPage(table: EntryTable, q: PreparedList, now: number, context: MemErrorContext): ListPage {
  const entries = [];
  let hasMore = false;
  const after = q.after && encodeEntryKey(q.after.namespace, q.after.key);
  for (const stored of table.range(encodeNamespace(q.prefix), after)) {
    if (isExpired(stored, now) || (q.keyPrefix !== undefined && !stored.key.startsWith(q.keyPrefix)) || !matchesClauses(stored, q.clauses)) continue;
    if (entries.length === q.limit) {
      hasMore = true;
      break;
    }
    entries.push(toEntry(stored, context));
  }
  const last = entries.at(-1);
  return hasMore && last ? { entries, hasMore, cursor: encodeCursor(last) } : { entries, hasMore };
}

/** Exact top-k (core's kernel) over live entries under the prefix that pass the filter. */
export function searchHits(table: EntryTable, q: PreparedSearch, now: number, context: MemErrorContext): SearchHit[] {
  const candidates: StoredEntry[] = [];
  for (const stored of table.range(encodeNamespace(q.prefix), undefined)) {
    if (stored.embedding !== undefined && !isExpired(stored, now) && matchesClauses(stored, q.clauses)) candidates.push(stored);
  }
  return exactTopK(q.vector, candidates, q.k, q.minScore).map(({ item, score }) => ({ entry: toEntry(item, context), score }));
}

/** Namespaces of live entries under `prefix`, as `listNamespaces` returns them. */
export function liveNamespaces(table: EntryTable, prefix: readonly string[], maxDepth: number | undefined, now: number): string[][] {
  const namespaces: (readonly string[])[] = [];
  let previous: string | undefined;
  for (const stored of table.range(encodeNamespace(prefix), undefined)) {
    // Entries arrive grouped by namespace, so comparing with the previous one de-duplicates cheaply.
    const encoded = namespaceRef(stored);
    if (isExpired(stored, now) || encoded === previous) continue;
    previous = encoded;
    namespaces.push(stored.namespace);
  }
  return collectNamespaces(namespaces, prefix, maxDepth);
}

/** Live entries and distinct namespaces, for `stats`. */
export function countLive(table: EntryTable, now: number): { entries: number; namespaces: number } {
  let entries = 0;
  const namespaces = new Set<string>();
  for (const stored of table.all()) {
    if (isExpired(stored, now)) continue;
    entries++;
    namespaces.add(namespaceRef(stored));
  }
  return { entries, namespaces: namespaces.size };
}
