import type { MemErrorContext } from '../errors/mem-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { setOwn } from '../codec/plain-data.js';
import { MAX_BATCH_SIZE, MAX_KEY_LENGTH, MAX_NAMESPACE_DEPTH, MAX_SEGMENT_LENGTH } from '../types/capabilities.js';
import type { Metadata, MetadataValue } from '../types/entry.js';

const METADATA_KEY = /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/;
const RESERVED_METADATA_KEYS = new Set(['createdAt', 'updatedAt']);

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return String(value);
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

function checkText(text: string, what: string, max: number, context: MemErrorContext): void {
  if (text.length === 0) throw new ValidationError(`${what} must not be empty`, context);
  if (text.length > max) throw new ValidationError(`${what} is ${text.length} characters, over the limit of ${max}`, context);
  // Lone surrogates cannot be stored as UTF-8, so they would not round-trip.
  if (!text.isWellFormed()) throw new ValidationError(`${what} contains a lone surrogate (not well-formed Unicode)`, context);
}

/**
 * Validates a namespace and returns a copy. `allowEmpty` is for prefixes, where `[]` means "all".
 * @throws ValidationError
 */
export function validateNamespace(namespace: unknown, context: MemErrorContext, allowEmpty = false): string[] {
  if (!Array.isArray(namespace)) throw new ValidationError(`namespace must be an array of strings, got ${describe(namespace)}`, context);
  if (namespace.length === 0 && !allowEmpty) throw new ValidationError('namespace must have at least one segment', context);
  if (namespace.length > MAX_NAMESPACE_DEPTH) throw new ValidationError(`namespace has ${namespace.length} segments, over the limit of ${MAX_NAMESPACE_DEPTH}`, context);
  const copy = new Array<string>(namespace.length);
  for (let i = 0; i < namespace.length; i++) {
    const segment: unknown = namespace[i];
    if (typeof segment !== 'string') throw new ValidationError(`namespace segment ${i} must be a string, got ${describe(segment)}`, context);
    checkText(segment, `namespace segment ${i}`, MAX_SEGMENT_LENGTH, context);
    copy[i] = segment;
  }
  return copy;
}

/** @throws ValidationError unless `key` is a non-empty, well-formed string within the limit. */
export function validateKey(key: unknown, context: MemErrorContext): string {
  if (typeof key !== 'string') throw new ValidationError(`key must be a string, got ${describe(key)}`, context);
  checkText(key, 'key', MAX_KEY_LENGTH, context);
  return key;
}

/** @throws ValidationError unless `ttlMs` is absent or a positive finite number. */
export function validateTtlMs(ttlMs: unknown, context: MemErrorContext): number | undefined {
  if (ttlMs === undefined) return undefined;
  if (typeof ttlMs !== 'number' || !Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new ValidationError(`ttlMs must be a positive finite number of milliseconds, got ${describe(ttlMs)}`, context);
  }
  return ttlMs;
}

/** @throws ValidationError unless `ifVersion` is absent or a non-negative safe integer. */
export function validateIfVersion(ifVersion: unknown, context: MemErrorContext): number | undefined {
  if (ifVersion === undefined) return undefined;
  if (typeof ifVersion !== 'number' || !Number.isSafeInteger(ifVersion) || ifVersion < 0) {
    throw new ValidationError(`ifVersion must be a non-negative integer (0 = must not exist), got ${describe(ifVersion)}`, context);
  }
  return ifVersion;
}

/** Validates flat metadata and returns a copy (a `__proto__` key stays plain data). @throws ValidationError */
export function validateMetadata(metadata: unknown, context: MemErrorContext): Metadata | undefined {
  if (metadata === undefined) return undefined;
  // Plain as in the value codec: Object.prototype or a null prototype (Object.create(null) dictionaries).
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata) || ![Object.prototype, null].includes(Object.getPrototypeOf(metadata))) {
    throw new ValidationError(`metadata must be a plain object, got ${describe(metadata)}`, context);
  }
  const copy: Record<string, MetadataValue> = {};
  for (const key of Object.keys(metadata)) {
    if (!METADATA_KEY.test(key)) throw new ValidationError(`metadata key ${describe(key)} must match ${METADATA_KEY.source}`, context);
    if (RESERVED_METADATA_KEYS.has(key)) throw new ValidationError(`metadata key ${key} is reserved for the entry's own timestamp`, context);
    const value: unknown = (metadata as Record<string, unknown>)[key];
    const ok = value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
    if (!ok) throw new ValidationError(`metadata.${key} must be a string, finite number, boolean or null, got ${describe(value)}`, context);
    // Filters compare strings by code point in SQL/UTF-8 stores too; a lone surrogate has no UTF-8 form.
    if (typeof value === 'string' && !value.isWellFormed()) throw new ValidationError(`metadata.${key} contains a lone surrogate (not well-formed Unicode)`, context);
    setOwn(copy, key, value);
  }
  return copy;
}

/**
 * Validates an embedding or query vector and returns a standalone `Float32Array` copy.
 * @throws ValidationError for non-finite components, the zero vector (cosine is undefined) or a wrong dimension.
 */
export function validateEmbedding(vector: unknown, context: MemErrorContext, dimension?: number, what = 'embedding'): Float32Array {
  if (!(vector instanceof Float32Array) && !Array.isArray(vector)) {
    throw new ValidationError(`${what} must be a Float32Array or an array of numbers, got ${describe(vector)}`, context);
  }
  if (vector.length === 0) throw new ValidationError(`${what} must not be empty`, context);
  if (dimension !== undefined && vector.length !== dimension) {
    throw new ValidationError(`${what} has dimension ${vector.length}, this store uses ${dimension}`, context);
  }
  const copy = new Float32Array(vector.length);
  let nonZero = false;
  for (let i = 0; i < vector.length; i++) {
    const x: unknown = vector[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new ValidationError(`${what}[${i}] is ${describe(x)}; components must be finite numbers`, context);
    copy[i] = x;
    // A finite double beyond float32 range (|x| > 3.4e38) becomes Infinity once stored.
    if (!Number.isFinite(copy[i])) throw new ValidationError(`${what}[${i}] is ${describe(x)}, beyond float32 range; components must be finite float32 numbers`, context);
    if (copy[i] !== 0) nonZero = true;
  }
  if (!nonZero) throw new ValidationError(`${what} is the zero vector; cosine similarity is undefined for it`, context);
  return copy;
}

/** @throws ValidationError unless `n` is an integer in `[min, max]`. */
export function validateIntegerInRange(n: unknown, name: string, min: number, max: number, context: MemErrorContext): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw new ValidationError(`${name} must be an integer from ${min} to ${max}, got ${describe(n)}`, context);
  }
  return n;
}

/** @throws ValidationError unless `items` is an array within the batch limit. */
export function validateBatch<T>(items: unknown, context: MemErrorContext): readonly T[] {
  if (!Array.isArray(items)) throw new ValidationError(`batch must be an array, got ${describe(items)}`, context);
  if (items.length > MAX_BATCH_SIZE) throw new ValidationError(`batch of ${items.length} is over the limit of ${MAX_BATCH_SIZE}`, context);
  return items as readonly T[];
}

/** @throws ValidationError unless `ref` is an object with a valid namespace and key. */
export function validateRef(ref: unknown, context: MemErrorContext): { namespace: string[]; key: string } {
  if (ref === null || typeof ref !== 'object') throw new ValidationError(`entry reference must be an object, got ${describe(ref)}`, context);
  const { namespace, key } = ref as { namespace?: unknown; key?: unknown };
  return { namespace: validateNamespace(namespace, context), key: validateKey(key, context) };
}


