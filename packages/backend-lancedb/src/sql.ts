import { encodeNamespace, escapeSegment, prefixSuccessor, type FilterClause } from '@mem/core';
import { COLUMNS } from './arrow.js';

/**
 * A SQL string literal: single quotes doubled, nothing else special (LanceDB's SQL has no
 * backslash escapes). Encoded namespaces and keys are NUL-free, so every value is representable.
 */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function sqlNumber(n: number): string {
  // Finite by validation; exponent forms are valid SQL numeric literals too.
  return Object.is(n, -0) ? '0' : String(n);
}

/** `column IN (...)` over strings. */
export function sqlIn(column: string, values: readonly string[]): string {
  return values.length === 0 ? 'FALSE' : `${column} IN (${values.map(sqlString).join(', ')})`;
}

/** Rows not expired at `now`. */
export function livePredicate(now: number): string {
  return `(${COLUMNS.expiresAt} IS NULL OR ${COLUMNS.expiresAt} > ${sqlNumber(now)})`;
}

/** Rows expired at `now`. */
export function expiredPredicate(now: number): string {
  return `${COLUMNS.expiresAt} <= ${sqlNumber(now)}`;
}

/** Half-open string range `[prefix, successor)` on a column; undefined when the prefix is empty. */
function prefixRange(column: string, prefix: string): string | undefined {
  if (prefix === '') return undefined;
  const end = prefixSuccessor(prefix);
  const low = `${column} >= ${sqlString(prefix)}`;
  return end === undefined ? low : `(${low} AND ${column} < ${sqlString(end)})`;
}

/** Entries whose namespace starts with `prefix` per segment. */
export function namespacePrefixPredicate(prefix: readonly string[]): string | undefined {
  return prefixRange(COLUMNS.namespace, encodeNamespace(prefix));
}

/** Entries whose key starts with `keyPrefix`. */
export function keyPrefixPredicate(keyPrefix: string | undefined): string | undefined {
  return keyPrefix === undefined ? undefined : prefixRange(COLUMNS.key, escapeSegment(keyPrefix));
}

const TIMESTAMP_COLUMNS: Readonly<Record<string, string>> = { createdAt: COLUMNS.createdAt, updatedAt: COLUMNS.updatedAt };

/**
 * Exact SQL for the clauses on `createdAt`/`updatedAt` (always-present numbers, so core's
 * semantics map one to one); metadata clauses are left to `matchesClauses`, which the JSON
 * column cannot express exactly in LanceDB's SQL.
 */
export function timestampClausesPredicate(clauses: readonly FilterClause[]): string | undefined {
  const parts: string[] = [];
  for (const { field, op, operand } of clauses) {
    const column = TIMESTAMP_COLUMNS[field];
    if (column === undefined) continue;
    parts.push(timestampClause(column, op, operand));
  }
  return parts.length === 0 ? undefined : parts.join(' AND ');
}

const COMPARISONS: Readonly<Record<string, string>> = { $eq: '=', $ne: '<>', $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' };

function timestampClause(column: string, op: FilterClause['op'], operand: FilterClause['operand']): string {
  switch (op) {
    case '$exists':
      return operand === true ? 'TRUE' : 'FALSE';
    case '$in':
    case '$nin': {
      const numbers = (operand as readonly unknown[]).filter((v): v is number => typeof v === 'number');
      if (numbers.length === 0) return op === '$in' ? 'FALSE' : 'TRUE';
      return `${column} ${op === '$in' ? 'IN' : 'NOT IN'} (${numbers.map(sqlNumber).join(', ')})`;
    }
    default:
      // A number field never equals or orders against a non-number: $ne matches, the rest do not.
      if (typeof operand !== 'number') return op === '$ne' ? 'TRUE' : 'FALSE';
      return `${column} ${COMPARISONS[op]} ${sqlNumber(operand)}`;
  }
}

/** AND of the defined parts; undefined when none. */
export function allOf(...parts: (string | undefined)[]): string | undefined {
  const kept = parts.filter((p): p is string => p !== undefined);
  return kept.length === 0 ? undefined : kept.map((p) => `(${p})`).join(' AND ');
}
