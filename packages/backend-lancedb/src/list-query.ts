import { COLUMNS } from './arrow.js';
import { encodeCursor, encodeEntryKey, matchesClauses, type ListPage, type MemErrorContext, type PreparedList } from '@mem/core';
import { entryFromRow, filterViewOfRow, type EntryRow } from './entry-rows.js';
import type { LanceStore } from './lance-store.js';
import { allOf, keyPrefixPredicate, livePredicate, namespacePrefixPredicate, sqlString, timestampClausesPredicate } from './sql.js';

// Rows scanned per round trip when metadata filters (evaluated here) reject some of them.
const SCAN_BATCH = 1000;

/**
 * One `list` page: LanceDB orders by the encoded entry key (= list order) and applies prefix,
 * cursor, expiry and timestamp clauses; metadata clauses run through `matchesClauses`, scanning
 * on in key order until the page is full, so a page is never cut short by the filter.
 */
export async function listPage(store: LanceStore, list: PreparedList, context: MemErrorContext): Promise<ListPage> {
  const now = Date.now();
  const base = allOf(namespacePrefixPredicate(list.prefix), keyPrefixPredicate(list.keyPrefix), livePredicate(now), timestampClausesPredicate(list.clauses));
  const filtered = list.clauses.length > 0;
  const wanted = list.limit + 1;
  const kept: EntryRow[] = [];
  let after = list.after === undefined ? undefined : encodeEntryKey(list.after.namespace, list.after.key);
  for (;;) {
    const batch = filtered ? Math.max(SCAN_BATCH, wanted) : wanted;
    const where = allOf(base, after === undefined ? undefined : `${COLUMNS.entryKey} > ${sqlString(after)}`);
    const rows = await store.select(where, { orderByKey: true, limit: batch });
    for (const row of rows) {
      if (!filtered || matchesClauses(filterViewOfRow(row, context), list.clauses)) kept.push(row);
      if (kept.length === wanted) break;
    }
    if (kept.length === wanted || rows.length < batch) break;
    after = rows[rows.length - 1]!.ek;
  }
  const hasMore = kept.length > list.limit;
  const entries = kept.slice(0, list.limit).map((row) => entryFromRow(row, context));
  if (!hasMore) return { entries, hasMore };
  const last = entries[entries.length - 1]!;
  return { entries, hasMore, cursor: encodeCursor({ namespace: last.namespace, key: last.key }) };
}
