import type { MemErrorContext } from '../errors/mem-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { MAX_SEGMENT_LENGTH } from '../types/capabilities.js';
import { validateKey, validateNamespace } from '../validation/validate-input.js';
import { MEMORY_TYPES, SCOPE_FIELDS, type MemoryScope, type MemoryType, type ScopeField } from './memory-types.js';

// Namespace layout: [root, tag, value, tag, value, ..., type] with the present scope fields in
// SCOPE_FIELDS order. Tags and type names are disjoint and every value sits right after its
// tag, so the layout is injective, and a leading run of scope fields is a namespace prefix.
const TAGS: Readonly<Record<ScopeField, string>> = { agentId: 'agent', userId: 'user', conversationId: 'conv', runId: 'run' };
const FIELD_BY_TAG = new Map<string, ScopeField>(SCOPE_FIELDS.map((field) => [TAGS[field], field]));
const TYPES = new Set<string>(MEMORY_TYPES);

/** Metadata names the manager keeps beside the caller's: they back scope, type and order filters. */
export const META = {
  type: 'mem_type',
  importance: 'mem_importance',
  hash: 'mem_hash',
  createdAt: 'mem_created',
  updatedAt: 'mem_updated',
  agentId: 'mem_agent',
  userId: 'mem_user',
  conversationId: 'mem_conv',
  runId: 'mem_run',
} as const;

/** Validates a scope: known fields only, each a valid namespace segment; `required` = at least one. */
export function validateScope(scope: unknown, required: boolean, context: MemErrorContext): MemoryScope {
  if (scope === undefined && !required) return {};
  if (scope === null || typeof scope !== 'object' || Array.isArray(scope)) throw new ValidationError('scope must be an object such as { agentId, conversationId }', context);
  const out: Partial<Record<ScopeField, string>> = {};
  for (const field of Object.keys(scope)) {
    if (!(SCOPE_FIELDS as readonly string[]).includes(field)) throw new ValidationError(`unknown scope field ${JSON.stringify(field)}; known: ${SCOPE_FIELDS.join(', ')}`, context);
    const value: unknown = (scope as Record<string, unknown>)[field];
    if (value === undefined) continue;
    // A scope value becomes a namespace segment, so it obeys the same rules.
    if (typeof value !== 'string' || value === '' || value.length > MAX_SEGMENT_LENGTH || !value.isWellFormed()) {
      throw new ValidationError(`scope.${field} must be a non-empty, well-formed string of at most ${MAX_SEGMENT_LENGTH} characters`, context);
    }
    out[field as ScopeField] = value;
  }
  if (required && Object.keys(out).length === 0) throw new ValidationError(`scope needs at least one of ${SCOPE_FIELDS.join(', ')}`, context);
  return out;
}

/** @throws ValidationError unless `type` is one of {@link MEMORY_TYPES}. */
export function validateMemoryType(type: unknown, context: MemErrorContext): MemoryType {
  if (typeof type !== 'string' || !TYPES.has(type)) throw new ValidationError(`memory type must be one of ${MEMORY_TYPES.join(', ')}, got ${JSON.stringify(type)}`, context);
  return type as MemoryType;
}

/** `[root, tag, value, ...]` for the given scope fields in layout order. */
export function scopeNamespace(root: string, scope: MemoryScope): string[] {
  const ns = [root];
  for (const field of SCOPE_FIELDS) {
    const value = scope[field];
    if (value !== undefined) ns.push(TAGS[field], value);
  }
  return ns;
}

/** The namespace a memory of this scope and type lives in. */
export function memoryNamespace(root: string, scope: MemoryScope, type: MemoryType): string[] {
  return [...scopeNamespace(root, scope), type];
}

/** The longest namespace prefix a scope query can use (the leading run of given fields) and the fields left to filter. */
export function scopePrefix(root: string, scope: MemoryScope): { prefix: string[]; rest: ScopeField[] } {
  const prefix = [root];
  const rest: ScopeField[] = [];
  let gap = false;
  for (const field of SCOPE_FIELDS) {
    const value = scope[field];
    if (value === undefined) gap = true;
    else if (gap) rest.push(field);
    else prefix.push(TAGS[field], value);
  }
  return { prefix, rest };
}

/** Reads scope and type back from a namespace; `undefined` when it is not a memory namespace of this root. */
export function parseMemoryNamespace(root: string, namespace: readonly string[]): { scope: MemoryScope; type: MemoryType } | undefined {
  if (namespace.length < 4 || namespace[0] !== root || namespace.length % 2 !== 0) return undefined;
  const type = namespace[namespace.length - 1]!;
  if (!TYPES.has(type)) return undefined;
  const scope: Partial<Record<ScopeField, string>> = {};
  let order = -1;
  for (let i = 1; i < namespace.length - 1; i += 2) {
    const field = FIELD_BY_TAG.get(namespace[i]!);
    if (field === undefined || SCOPE_FIELDS.indexOf(field) <= order) return undefined;
    order = SCOPE_FIELDS.indexOf(field);
    scope[field] = namespace[i + 1]!;
  }
  return { scope, type: type as MemoryType };
}

/** A memory id: the entry's namespace and key, opaque to callers. */
export function encodeMemoryId(namespace: readonly string[], key: string): string {
  return Buffer.from(JSON.stringify([namespace, key]), 'utf8').toString('base64url');
}

/** Reads an id made by `encodeMemoryId` and checks it addresses a memory of this root. @throws ValidationError */
export function decodeMemoryId(root: string, id: unknown, context: MemErrorContext): { namespace: string[]; key: string } {
  if (typeof id !== 'string' || id === '') throw new ValidationError('memory id must be a non-empty string', context);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(id, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (Array.isArray(parsed) && parsed.length === 2 && Array.isArray(parsed[0])) {
    const namespace = validateNamespace(parsed[0], context);
    const key = validateKey(parsed[1], context);
    if (parseMemoryNamespace(root, namespace) !== undefined) return { namespace, key };
  }
  throw new ValidationError(`${JSON.stringify(id.length > 40 ? `${id.slice(0, 40)}…` : id)} is not a memory id of this manager`, context);
}
