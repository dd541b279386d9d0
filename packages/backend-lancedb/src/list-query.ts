import { encodeCursor, encodeEntryKey, matchesClauses, type ListPage, type MemErrorContext, type PreparedList } from '@mem/core';
import { COLUMNS } from './arrow.js';
import { entryFromRow, filterViewOfRow, type EntryRow } from './entry-rows.js';
import type { LanceStore } from './lance-store.js';
import { allOf, keyPrefixPredicate, livePredicate, namespacePrefixPredicate, sqlIn, sqlString, timestampClausesPredicate } from './sql.js';

// Rows scanned per round trip when metadata clauses (evaluated here) reject some of them.
const SCAN_BATCH = 5000;
const MAX_ATTEMPTS = 5;
const FILTER_COLUMNS = [COLUMNS.entryKey, COLUMNS.metadata, COLUMNS.createdAt, COLUMNS.updatedAt];

/**
 * One `list` page: LanceDB orders by the encoded entry key (= list order) and applies prefix,
 * cursor, expiry and timestamp clauses; metadata clauses run through `matchesClauses` over a light
 * scan (key, metadata, timestamps) that continues in key order until the page is full, so a page
 * is never cut short by the filter. Only the rows of the page are then read in full.
 */
export async function listPage(store: LanceStore, list: PreparedList, context: MemErrorContext): Promise<ListPage> {
  const now = Date.now();
  const base = allOf(namespacePrefixPredicate(list.prefix), keyPrefixPredicate(list.keyPrefix), livePredicate(now), timestampClausesPredicate(list.clauses));
  const after = list.after === undefined ? undefined : encodeEntryKey(list.after.namespace, list.after.key);
  const wanted = list.limit + 1;
  const rows = list.clauses.length === 0 ? await store.select(allOf(base, afterKey(after)), { orderByKey: true, limit: wanted }) : await filteredRows(store, base, after, list, context);
  const hasMore = rows.length > list.limit;
  const entries = rows.slice(0, list.limit).map((row) => entryFromRow(row, context));
  if (!hasMore) return { entries, hasMore };
  const last = entries[entries.length - 1]!;
  return { entries, hasMore, cursor: encodeCursor({ namespace: last.namespace, key: last.key }) };
}

function afterKey(ek: string | undefined): string | undefined {
  return ek === undefined ? undefined : `${COLUMNS.entryKey} > ${sqlString(ek)}`;
}

async function filteredRows(store: LanceStore, base: string | undefined, after: string | undefined, list: PreparedList, context: MemErrorContext): Promise<EntryRow[]> {
  for (let attempt = 1; ; attempt++) {
    const keys = await matchingKeys(store, base, after, list, context);
    const full = new Map<string, EntryRow>();
    for (let i = 0; i < keys.length; i += 1000) {
      for (const row of await store.select(allOf(sqlIn(COLUMNS.entryKey, keys.slice(i, i + 1000)), livePredicate(Date.now()))!)) full.set(row.ek, row);
    }
    const rows = keys.flatMap((ek) => full.get(ek) ?? []).filter((row) => matchesClauses(filterViewOfRow(row, context), list.clauses));
    // A row deleted or changed between the scan and the read would leave the page short with a
    // wrong hasMore: scan again (concurrent writers settle quickly; the bound keeps it finite).
    if (rows.length === keys.length || attempt === MAX_ATTEMPTS) return rows;
  }
}

async function matchingKeys(store: LanceStore, base: string | undefined, after: string | undefined, list: PreparedList, context: MemErrorContext): Promise<string[]> {
  const wanted = list.limit + 1;
  const batch = Math.max(SCAN_BATCH, wanted);
  const keys: string[] = [];
  for (let from = after; ; ) {
    const scanned = await store.select(allOf(base, afterKey(from)), { columns: FILTER_COLUMNS, orderByKey: true, limit: batch });
    for (const row of scanned) {
      if (matchesClauses(filterViewOfRow(row, context), list.clauses)) keys.push(row.ek);
      if (keys.length === wanted) return keys;
    }
    if (scanned.length < batch) return keys;
    from = scanned[scanned.length - 1]!.ek;
  }
}
