import type { FilterClause, MetadataValue } from '@mem/core';
import { fieldPrefilter } from './field-prefilter.js';
import { indexedFieldExpression } from './open-database.js';

/** A filter translated to SQL: text built only from operator shapes; every value is a parameter. */
export interface SqlFilter {
  /** A boolean SQL expression over `metadata`, `created_at`, `updated_at` (`1` when no clause). */
  readonly sql: string;
  /** Positional parameters of `sql`, in order. */
  readonly params: unknown[];
}

const ENTRY_COLUMNS: Readonly<Record<string, string>> = { createdAt: 'created_at', updatedAt: 'updated_at' };
const JSON_TYPE_OF: Readonly<Record<string, string>> = { null: 'null', true: 'true', false: 'false' };

// Each builder returns an expression that is 0 or 1, never NULL, so NOT and AND stay two-valued.
interface FieldSql {
  eq(value: MetadataValue, params: unknown[]): string;
  inList(values: readonly MetadataValue[], params: unknown[]): string;
  order(op: string, value: number | string, params: unknown[]): string;
  exists(params: unknown[]): string;
}

function metadataField(field: string): FieldSql {
  // Field names match /^[A-Za-z_][A-Za-z0-9_-]*$/ (checked by compileFilter), so quoting is safe;
  // the path is still bound as a parameter, never spliced into the SQL.
  const path = `$."${field}"`;
  const type = (params: unknown[]): string => (params.push(path), 'json_type(metadata, ?)');
  const value = (params: unknown[]): string => (params.push(path), 'json_extract(metadata, ?)');
  // json_extract gives 1/0 for JSON true/false and NULL for JSON null, so the type is checked too.
  const sameTyped = (v: MetadataValue, params: unknown[], op = '='): string => {
    if (typeof v === 'number') return `(${type(params)} IN ('integer', 'real') AND CAST(${value(params)} AS REAL) ${op} ${param(params, v)})`;
    if (typeof v === 'string') return `(${type(params)} = 'text' AND ${value(params)} ${op} ${param(params, v)})`;
    return `(${type(params)} = '${JSON_TYPE_OF[String(v)]}')`;
  };
  return {
    eq: (v, params) => `coalesce(${sameTyped(v, params)}, 0)`,
    inList(values, params) {
      const numbers = values.filter((v): v is number => typeof v === 'number');
      const strings = values.filter((v): v is string => typeof v === 'string');
      const kinds = [...new Set(values.filter((v) => typeof v !== 'number' && typeof v !== 'string').map((v) => JSON_TYPE_OF[String(v)]))];
      const parts: string[] = [];
      if (numbers.length > 0) parts.push(`(${type(params)} IN ('integer', 'real') AND CAST(${value(params)} AS REAL) IN ${jsonList(params, numbers, true)})`);
      if (strings.length > 0) parts.push(`(${type(params)} = 'text' AND ${value(params)} IN ${jsonList(params, strings)})`);
      if (kinds.length > 0) parts.push(`(${type(params)} IN (${kinds.map((k) => `'${k}'`).join(', ')}))`);
      return parts.length === 0 ? '0' : `coalesce(${parts.join(' OR ')}, 0)`;
    },
    order: (op, v, params) => `coalesce(${sameTyped(v, params, op)}, 0)`,
    exists: (params) => `(${type(params)} IS NOT NULL)`,
  };
}

function entryField(column: string): FieldSql {
  // Timestamps are always integers: only number operands can match them.
  return {
    eq: (v, params) => (typeof v === 'number' ? `(${column} = ${param(params, v)})` : '0'),
    inList(values, params) {
      const numbers = values.filter((v): v is number => typeof v === 'number');
      return numbers.length === 0 ? '0' : `(${column} IN ${jsonList(params, numbers, true)})`;
    },
    order: (op, v, params) => (typeof v === 'number' ? `(${column} ${op} ${param(params, v)})` : '0'),
    exists: () => '1',
  };
}

/**
 * An `IN` list bound as one JSON array parameter, so any number of operands fits in one statement
 * shape (and under SQLite's parameter limit). SQLite reads JavaScript's JSON numbers exactly.
 */
export function jsonList(params: unknown[], values: readonly (string | number)[], asReal = false): string {
  params.push(JSON.stringify(values));
  return asReal ? '(SELECT CAST(j.value AS REAL) FROM json_each(?) AS j)' : '(SELECT j.value FROM json_each(?) AS j)';
}

function param(params: unknown[], value: unknown): string {
  params.push(value);
  return '?';
}

const NO_FIELDS: ReadonlySet<string> = new Set();
const ORDER_SQL: Readonly<Record<string, string>> = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' };

/**
 * Translates compiled filter clauses to SQL that agrees exactly with `matchesClauses`: a missing
 * field is not null, `$ne`/`$nin` match missing fields, ordering compares number with number and
 * string with string (BINARY collation on UTF-8 = code-point order), `$exists` counts a stored null.
 */
export function compileSqlFilter(clauses: readonly FilterClause[], indexedFields: ReadonlySet<string> = NO_FIELDS): SqlFilter {
  const params: unknown[] = [];
  const parts: string[] = [];
  for (const clause of clauses) {
    const column = ENTRY_COLUMNS[clause.field];
    if (column === undefined && indexedFields.has(clause.field)) {
      const prefilter = fieldPrefilter(indexedFieldExpression(clause.field), clause, params);
      if (prefilter !== undefined) parts.push(prefilter);
    }
    const field = column === undefined ? metadataField(clause.field) : entryField(column);
    const operand = clause.operand;
    switch (clause.op) {
      case '$eq':
        parts.push(field.eq(operand as MetadataValue, params));
        break;
      case '$ne':
        parts.push(`NOT ${field.eq(operand as MetadataValue, params)}`);
        break;
      case '$in':
        parts.push(field.inList(operand as readonly MetadataValue[], params));
        break;
      case '$nin':
        parts.push(`NOT ${field.inList(operand as readonly MetadataValue[], params)}`);
        break;
      case '$exists':
        parts.push(operand === true ? field.exists(params) : `NOT ${field.exists(params)}`);
        break;
      default:
        parts.push(field.order(ORDER_SQL[clause.op]!, operand as number | string, params));
    }
  }
  return { sql: parts.length === 0 ? '1' : parts.join(' AND '), params };
}
