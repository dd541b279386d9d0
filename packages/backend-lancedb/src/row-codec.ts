import { makeArrowTable } from '@lancedb/lancedb';
import type { Table as ArrowTable } from 'apache-arrow';
import { COLUMNS, entrySchema } from './arrow.js';
import type { EntryRow } from './entry-rows.js';

/** Rows to an Arrow table with the store's schema (the vector column only once the dimension is known). */
export function rowsToArrow(rows: readonly EntryRow[], dimension: number | undefined): ArrowTable {
  const records = rows.map((row) => {
    const { vec, ...rest } = row;
    return dimension === undefined ? rest : { ...rest, [COLUMNS.vector]: vec === null || vec === undefined ? null : Array.from(vec) };
  });
  return makeArrowTable(records, { schema: entrySchema(dimension) }) as unknown as ArrowTable;
}

type Column = { get(i: number): unknown } | null;

/** Rows of a query result; columns that were not selected come back as their defaults. */
export function rowsFromArrow(table: ArrowTable): EntryRow[] {
  const col = (name: string): Column => (table.schema.fields.some((f) => f.name === name) ? (table.getChild(name) as Column) : null);
  const ek = col(COLUMNS.entryKey);
  const ns = col(COLUMNS.namespace);
  const k = col(COLUMNS.key);
  const val = col(COLUMNS.value);
  const meta = col(COLUMNS.metadata);
  const ver = col(COLUMNS.version);
  const created = col(COLUMNS.createdAt);
  const updated = col(COLUMNS.updatedAt);
  const expires = col(COLUMNS.expiresAt);
  const wid = col(COLUMNS.writeId);
  const pwid = col(COLUMNS.previousWriteId);
  const vec = col(COLUMNS.vector);
  const rows: EntryRow[] = new Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) {
    const vector = vec?.get(i) as { toArray(): Float32Array } | null | undefined;
    rows[i] = {
      ek: (ek?.get(i) as string | undefined) ?? '',
      ns: (ns?.get(i) as string | undefined) ?? '',
      k: (k?.get(i) as string | undefined) ?? '',
      val: (val?.get(i) as string | undefined) ?? '',
      meta: (meta?.get(i) as string | null | undefined) ?? null,
      ver: (ver?.get(i) as number | undefined) ?? 0,
      created_at: (created?.get(i) as number | undefined) ?? 0,
      updated_at: (updated?.get(i) as number | undefined) ?? 0,
      expires_at: (expires?.get(i) as number | null | undefined) ?? null,
      wid: (wid?.get(i) as string | undefined) ?? '',
      pwid: (pwid?.get(i) as string | null | undefined) ?? null,
      vec: vector === undefined ? undefined : vector === null ? null : vector.toArray(),
    };
  }
  return rows;
}

/** The `_distance` column of a vector query, aligned with `rowsFromArrow`. */
export function distancesFromArrow(table: ArrowTable): number[] {
  const column = table.getChild('_distance');
  const out: number[] = new Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) out[i] = (column?.get(i) as number | null) ?? Number.NaN;
  return out;
}
