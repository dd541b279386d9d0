import {
  collectNamespaces,
  compareCodePoints,
  decodeNamespace,
  encodeCursor,
  encodeNamespace,
  escapeSegment,
  prefixSuccessor,
  unescapeSegment,
  type ListPage,
  type MemErrorContext,
  type PreparedList,
} from '@mem/core';
import { ENTRY_COLUMNS, rowToEntry, type EntryRow } from './entry-row.js';
import { namespaceRange, SqlConditions } from './sql-conditions.js';
import { compileSqlFilter } from './sql-filter.js';
import type { StatementCache } from './statement-cache.js';

/**
 * One page of `list` as a keyset query on the `(ns, key)` index: the prefix is a range, the cursor
 * a row-value seek, the filter an SQL expression; `limit + 1` rows tell whether more remain.
 */
export function listPage(statements: StatementCache, list: PreparedList, now: number, context: MemErrorContext, indexedFields?: ReadonlySet<string>): ListPage {
  const where = new SqlConditions();
  const after = list.after;
  const low = list.prefix.length === 0 ? undefined : encodeNamespace(list.prefix);
  const afterNs = after === undefined ? undefined : encodeNamespace(after.namespace);
  // A cursor inside the range replaces the lower bound, so SQLite seeks straight to it; combining
  // both makes the planner scan from the range start on every page.
  const seek = afterNs !== undefined && (low === undefined || compareCodePoints(afterNs, low) >= 0);
  if (seek) where.add('(ns, key) > (?, ?)', afterNs, escapeSegment(after!.key));
  namespaceRange(where, list.prefix, !seek);
  if (list.keyPrefix !== undefined) {
    const keyLow = escapeSegment(list.keyPrefix);
    where.add('key >= ?', keyLow);
    const keyHigh = prefixSuccessor(keyLow);
    if (keyHigh !== undefined) where.add('key < ?', keyHigh);
  }
  where.add('(expires_at IS NULL OR expires_at > ?)', now);
  const filter = compileSqlFilter(list.clauses, indexedFields);
  if (list.clauses.length > 0) where.add(filter.sql, ...filter.params);

  const sql = `SELECT ${ENTRY_COLUMNS} FROM mem_entries WHERE ${where.sql()} ORDER BY ns, key LIMIT ?`;
  const rows = statements.get(sql).raw(true).all(...where.params, list.limit + 1) as EntryRow[];
  const hasMore = rows.length > list.limit;
  const count = hasMore ? list.limit : rows.length;
  const entries = new Array(count);
  // Rows of one namespace are contiguous: decode each namespace once per page.
  let lastNs = '';
  let namespace: string[] = [];
  for (let i = 0; i < count; i++) {
    const row = rows[i]!;
    if (row[0] !== lastNs) {
      lastNs = row[0];
      namespace = decodeNamespace(lastNs);
    }
    entries[i] = rowToEntry(row, context, { namespace: [...namespace], key: unescapeSegment(row[1]) });
  }
  if (!hasMore) return { entries, hasMore };
  const last = entries[count - 1]!;
  return { entries, hasMore, cursor: encodeCursor({ namespace: last.namespace, key: last.key }) };
}

/**
 * Namespaces with live entries, found by seeking from one namespace to the next on the index
 * (one short lookup per namespace, not a scan of every entry).
 */
export function listLiveNamespaces(statements: StatementCache, prefix: readonly string[], maxDepth: number | undefined, now: number): string[][] {
  const where = new SqlConditions();
  // One lower bound only, so each step is an index seek: the smallest string after `ns` is `ns + NUL`.
  where.add('ns >= ?', prefix.length === 0 ? '' : encodeNamespace(prefix));
  namespaceRange(where, prefix, false);
  where.add('(expires_at IS NULL OR expires_at > ?)', now);
  const next = statements.get(`SELECT ns FROM mem_entries WHERE ${where.sql()} ORDER BY ns LIMIT 1`);
  const found: string[][] = [];
  const params = where.params;
  for (;;) {
    const row = next.get(...params) as { ns: string } | undefined;
    if (row === undefined) break;
    found.push(decodeNamespace(row.ns));
    params[0] = `${row.ns}\u0000`;
  }
  return collectNamespaces(found, prefix, maxDepth);
}
