import type { FilterClause, MetadataValue } from '@mem/core';
import { jsonList } from './sql-filter.js';

const bits = new DataView(new ArrayBuffer(8));

/** The next double after `x` towards +Infinity (`up`) or -Infinity. */
export function adjacentDouble(x: number, up: boolean): number {
  if (x === 0) return up ? Number.MIN_VALUE : -Number.MIN_VALUE;
  bits.setFloat64(0, x);
  const n = bits.getBigInt64(0);
  bits.setBigInt64(0, (x > 0) === up ? n + 1n : n - 1n);
  return bits.getFloat64(0);
}

/**
 * An index-usable condition on `expression` (an indexed `json_extract`) that holds for every row the
 * exact clause accepts — a superset, AND-ed in front of the exact check, so results never change.
 * Number bounds are widened by one double because the index holds SQLite's own integer/real values.
 * SQLite orders NULL < numbers < text, which bounds number ranges by `''` and text ranges by `''`.
 * Returns undefined when the clause cannot narrow the index ($ne, $nin, $exists, null).
 */
export function fieldPrefilter(expression: string, clause: FilterClause, params: unknown[]): string | undefined {
  const operand = clause.operand;
  const push = (...values: unknown[]) => params.push(...values);
  switch (clause.op) {
    case '$eq':
      return equalityPrefilter(expression, operand as MetadataValue, params);
    case '$in': {
      const values = operand as readonly MetadataValue[];
      if (values.length === 0 || !values.every((v) => typeof v === 'string')) return undefined;
      return `${expression} IN ${jsonList(params, values as string[])}`;
    }
    case '$gt':
    case '$gte':
      if (typeof operand === 'number') return push(adjacentDouble(operand, false), ''), `${expression} >= ? AND ${expression} < ?`;
      return push(operand), `${expression} >= ?`;
    case '$lt':
    case '$lte':
      if (typeof operand === 'number') return push(adjacentDouble(operand, true)), `${expression} <= ?`;
      return push('', operand), `${expression} >= ? AND ${expression} <= ?`;
    default:
      return undefined;
  }
}

function equalityPrefilter(expression: string, value: MetadataValue, params: unknown[]): string | undefined {
  if (typeof value === 'string') return params.push(value), `${expression} = ?`;
  if (typeof value === 'number') return params.push(adjacentDouble(value, false), adjacentDouble(value, true)), `${expression} BETWEEN ? AND ?`;
  // json_extract gives 1/0 for JSON true/false.
  if (typeof value === 'boolean') return params.push(value ? 1 : 0), `${expression} = ?`;
  return undefined;
}
