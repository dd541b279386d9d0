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
 * One page of `list` as keyset queries on the `(ns, key)` index: the prefix is a range, the cursor
 * a row-value seek, the filter an SQL expression; `limit + 1` rows tell whether more remain.
 */
export function listPage(statements: StatementCache, list: PreparedList, now: number, context: MemErrorContext, indexedFields?: ReadonlySet<string>): ListPage {
  const want = list.limit + 1;
  const filter = compileSqlFilter(list.clauses, indexedFields);
  const keyLow = list.keyPrefix === undefined ? undefined : escapeSegment(list.keyPrefix);
  const low = list.prefix.length === 0 ? undefined : encodeNamespace(list.prefix);
  const after = list.after === undefined ? undefined : { ns: encodeNamespace(list.after.namespace), key: escapeSegment(list.after.key) };
  const query = (where: SqlConditions, order: string, limit: number, keyRange = true): EntryRow[] => {
    if (keyRange && keyLow !== undefined) addKeyRange(where, keyLow, undefined);
    where.add('(expires_at IS NULL OR expires_at > ?)', now);
    if (list.clauses.length > 0) where.add(filter.sql, ...filter.params);
    const sql = `SELECT ${ENTRY_COLUMNS} FROM mem_entries WHERE ${where.sql()} ORDER BY ${order} LIMIT ?`;
    return statements.get(sql).raw(true).all(...where.params, limit) as EntryRow[];
  };

  let rows: EntryRow[] = [];
  if (low !== undefined && keyLow !== undefined) {
    // The prefix namespace itself sorts before all deeper ones: its keys are one exact
    // (ns, key-range) seek; only deeper namespaces need the key range as a filter.
    const position = after === undefined ? -1 : compareCodePoints(after.ns, low);
    if (position <= 0) {
      const where = new SqlConditions();
      where.add('ns = ?', low);
      addKeyRange(where, keyLow, position === 0 ? after!.key : undefined);
      rows = query(where, 'key', want, false);
    }
    if (rows.length < want) {
      const where = new SqlConditions();
      if (position > 0) where.add('(ns, key) > (?, ?)', after!.ns, after!.key);
      else where.add('ns > ?', low);
      where.add('ns < ?', prefixSuccessor(low)!);
      rows = rows.concat(query(where, 'ns, key', want - rows.length));
    }
  } else {
    const where = new SqlConditions();
    // A cursor inside the range replaces the lower bound, so SQLite seeks straight to it; combining
    // both makes the planner scan from the range start on every page.
    const seek = after !== undefined && (low === undefined || compareCodePoints(after.ns, low) >= 0);
    if (seek) where.add('(ns, key) > (?, ?)', after!.ns, after!.key);
    namespaceRange(where, list.prefix, !seek);
    rows = query(where, 'ns, key', want);
  }
  return toPage(rows, list.limit, context);
}

/** `key` within the escaped key prefix, after `afterKey` when given (one lower bound, so it is the seek). */
function addKeyRange(where: SqlConditions, keyLow: string, afterKey: string | undefined): void {
  if (afterKey !== undefined && compareCodePoints(afterKey, keyLow) >= 0) where.add('key > ?', afterKey);
  else where.add('key >= ?', keyLow);
  const keyHigh = prefixSuccessor(keyLow);
  if (keyHigh !== undefined) where.add('key < ?', keyHigh);
}

function toPage(rows: EntryRow[], limit: number, context: MemErrorContext): ListPage {
  const hasMore = rows.length > limit;
  const count = hasMore ? limit : rows.length;
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
