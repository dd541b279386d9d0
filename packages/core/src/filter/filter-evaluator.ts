import type { MemErrorContext } from '../errors/mem-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { compareCodePoints } from '../namespace/code-point-order.js';
import type { Entry, MetadataValue } from '../types/entry.js';
import { FILTER_OPERATORS, type Filter, type FieldOperators, type FilterOperator } from '../types/filter.js';

/** A filter after validation: one list of (field, operator, operand) triples, AND-ed. */
export interface FilterClause {
  readonly field: string;
  readonly op: FilterOperator;
  readonly operand: MetadataValue | readonly MetadataValue[] | boolean;
}

const OPERATORS = new Set<string>(FILTER_OPERATORS);
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

// Strings must be well-formed: metadata cannot hold lone surrogates, and SQL stores would turn one
// into U+FFFD, so a push-down could not agree with this evaluator on ordering operators.
function isText(v: unknown): v is string {
  return typeof v === 'string' && v.isWellFormed();
}

function isScalar(v: unknown): v is MetadataValue {
  return v === null || isText(v) || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

/**
 * Validates a filter and flattens it into clauses that backends translate (SQL, LanceDB `where`)
 * or evaluate with `matchesClauses`.
 * @throws ValidationError for unknown operators, bad operands or field names.
 */
export function compileFilter(filter: Filter | undefined, context: MemErrorContext = {}): FilterClause[] {
  if (filter === undefined) return [];
  if (filter === null || typeof filter !== 'object' || Array.isArray(filter)) throw new ValidationError('filter must be an object', context);
  const clauses: FilterClause[] = [];
  for (const field of Object.keys(filter)) {
    if (!FIELD_NAME.test(field)) throw new ValidationError(`filter field ${JSON.stringify(field)} is not a valid field name`, context);
    const condition = filter[field];
    if (isScalar(condition)) {
      clauses.push({ field, op: '$eq', operand: condition });
      continue;
    }
    if (condition === null || typeof condition !== 'object' || Array.isArray(condition)) {
      throw new ValidationError(`filter on ${field} must be a well-formed string, finite number, boolean, null or an operator object`, context);
    }
    const ops = Object.keys(condition);
    if (ops.length === 0) throw new ValidationError(`filter on ${field} has no operator`, context);
    for (const op of ops) clauses.push(compileClause(field, op, (condition as Record<string, unknown>)[op], context));
  }
  return clauses;
}

function compileClause(field: string, op: string, operand: unknown, context: MemErrorContext): FilterClause {
  if (!OPERATORS.has(op)) throw new ValidationError(`unknown filter operator ${JSON.stringify(op)} on ${field}; known: ${FILTER_OPERATORS.join(' ')}`, context);
  const operator = op as keyof FieldOperators;
  switch (operator) {
    case '$eq':
    case '$ne':
      if (!isScalar(operand)) throw new ValidationError(`${op} on ${field} needs a well-formed string, finite number, boolean or null`, context);
      break;
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte':
      if (!isText(operand) && !(typeof operand === 'number' && Number.isFinite(operand))) {
        throw new ValidationError(`${op} on ${field} needs a well-formed string or finite number`, context);
      }
      break;
    case '$in':
    case '$nin':
      if (!Array.isArray(operand) || !operand.every(isScalar)) throw new ValidationError(`${op} on ${field} needs an array of scalars (well-formed strings, finite numbers, booleans, null)`, context);
      return { field, op: operator, operand: [...operand] };
    case '$exists':
      if (typeof operand !== 'boolean') throw new ValidationError(`$exists on ${field} needs true or false`, context);
      break;
  }
  return { field, op: operator, operand: operand as MetadataValue };
}

/** Reads a field the way filters see it: `createdAt`/`updatedAt` from the entry, the rest from metadata. */
export function filterFieldValue(entry: Pick<Entry, 'metadata' | 'createdAt' | 'updatedAt'>, field: string): MetadataValue | undefined {
  if (field === 'createdAt') return entry.createdAt;
  if (field === 'updatedAt') return entry.updatedAt;
  const metadata = entry.metadata;
  return metadata !== undefined && Object.hasOwn(metadata, field) ? metadata[field] : undefined;
}

function sameScalar(a: MetadataValue | undefined, b: MetadataValue): boolean {
  return a !== undefined && a === b;
}

function ordered(a: MetadataValue | undefined, b: number | string): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  return undefined;
}

/** The reference evaluator: whether an entry satisfies every clause. */
export function matchesClauses(entry: Pick<Entry, 'metadata' | 'createdAt' | 'updatedAt'>, clauses: readonly FilterClause[]): boolean {
  for (const clause of clauses) {
    const actual = filterFieldValue(entry, clause.field);
    const operand = clause.operand;
    let ok: boolean;
    switch (clause.op) {
      case '$eq':
        ok = sameScalar(actual, operand as MetadataValue);
        break;
      case '$ne':
        ok = !sameScalar(actual, operand as MetadataValue);
        break;
      case '$gt': {
        const c = ordered(actual, operand as number | string);
        ok = c !== undefined && c > 0;
        break;
      }
      case '$gte': {
        const c = ordered(actual, operand as number | string);
        ok = c !== undefined && c >= 0;
        break;
      }
      case '$lt': {
        const c = ordered(actual, operand as number | string);
        ok = c !== undefined && c < 0;
        break;
      }
      case '$lte': {
        const c = ordered(actual, operand as number | string);
        ok = c !== undefined && c <= 0;
        break;
      }
      case '$in':
        ok = (operand as readonly MetadataValue[]).some((v) => sameScalar(actual, v));
        break;
      case '$nin':
        ok = !(operand as readonly MetadataValue[]).some((v) => sameScalar(actual, v));
        break;
      case '$exists':
        ok = (actual !== undefined) === operand;
        break;
    }
    if (!ok) return false;
  }
  return true;
}

/** Validates and evaluates in one call; prefer `compileFilter` once + `matchesClauses` per entry. */
export function matchesFilter(entry: Pick<Entry, 'metadata' | 'createdAt' | 'updatedAt'>, filter: Filter | undefined): boolean {
  return matchesClauses(entry, compileFilter(filter));
}
