import type { MemErrorContext } from '../errors/mem-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { compileFilter } from '../filter/filter-evaluator.js';
import type { FieldCondition, Filter } from '../types/filter.js';
import { META, scopePrefix, validateMemoryType, validateScope } from './memory-layout.js';
import { SCOPE_FIELDS, type MemoryQuery, type MemoryType } from './memory-types.js';

/** A memory query turned into what `list` / `search` / `clear` take. */
export interface CompiledQuery {
  /** Namespace prefix (the root plus the leading scope fields). */
  readonly prefix: string[];
  /** Filter over the stored metadata; `{}` when the prefix says it all. */
  readonly filter: Filter;
}

// Names a caller's filter may use for the manager's own fields.
const ALIASES: Readonly<Record<string, string>> = { importance: META.importance, createdAt: META.createdAt, updatedAt: META.updatedAt, type: META.type };

/** Validates a query and compiles it. @throws ValidationError */
export function compileMemoryQuery(root: string, query: MemoryQuery | undefined, context: MemErrorContext): CompiledQuery {
  const q = query ?? {};
  if (q === null || typeof q !== 'object') throw new ValidationError('query must be an object', context);
  const scope = validateScope(q.scope, false, context);
  const { prefix, rest } = scopePrefix(root, scope);
  const filter: Record<string, FieldCondition> = {};
  for (const field of rest) filter[META[field]] = scope[field]!;
  if (q.exactScope === true) for (const field of SCOPE_FIELDS) if (scope[field] === undefined) filter[META[field]] = { $exists: false };
  const types = memoryTypes(q.type, context);
  if (types !== undefined) filter[META.type] = types.length === 1 ? types[0]! : { $in: types };
  if (q.filter !== undefined) {
    compileFilter(q.filter, context);
    for (const field of Object.keys(q.filter)) {
      if (field.startsWith('mem_')) throw new ValidationError(`filter field ${field} is reserved by the memory manager`, context);
      filter[ALIASES[field] ?? field] = q.filter[field]!;
    }
  }
  const since = timeBound(q.since, 'since', context);
  const until = timeBound(q.until, 'until', context);
  if (since !== undefined || until !== undefined) {
    if (filter[META.createdAt] !== undefined) throw new ValidationError('give the time range as since/until or as a createdAt filter, not both', context);
    filter[META.createdAt] = { ...(since === undefined ? {} : { $gte: since }), ...(until === undefined ? {} : { $lt: until }) };
  }
  return { prefix, filter };
}

function memoryTypes(type: unknown, context: MemErrorContext): MemoryType[] | undefined {
  if (type === undefined) return undefined;
  const list = Array.isArray(type) ? type : [type];
  if (list.length === 0) throw new ValidationError('type must name at least one memory type', context);
  return [...new Set(list.map((t) => validateMemoryType(t, context)))];
}

function timeBound(value: unknown, name: string, context: MemErrorContext): number | undefined {
  if (value === undefined) return undefined;
  const ms = value instanceof Date ? value.getTime() : value;
  if (typeof ms !== 'number' || !Number.isFinite(ms)) throw new ValidationError(`${name} must be epoch milliseconds or a valid Date`, context);
  return ms;
}

/** Whether a compiled query needs nothing but its prefix (so `clear(prefix)` does exactly what a scan would). */
export function isPrefixOnly(compiled: CompiledQuery): boolean {
  return Object.keys(compiled.filter).length === 0;
}
