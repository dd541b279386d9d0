import { cloneValueMeasured } from '../codec/clone-value.js';
import { encodeValue } from '../codec/value-codec.js';
import { BackendUnavailableError } from '../errors/backend-unavailable-error.js';
import type { MemErrorContext } from '../errors/mem-error.js';
import { UnsupportedCapabilityError } from '../errors/unsupported-capability-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { compileFilter, type FilterClause } from '../filter/filter-evaluator.js';
import { decodeCursor } from '../namespace/list-cursor.js';
import { DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT, MAX_NAMESPACE_DEPTH, type BackendCapabilities } from '../types/capabilities.js';
import type { EntryRef, Metadata } from '../types/entry.js';
import type { ListNamespacesOptions, ListOptions, PutItem, PutOptions, SearchOptions } from '../types/storage-backend.js';
import {
  validateBatch,
  validateEmbedding,
  validateIfVersion,
  validateIntegerInRange,
  validateKey,
  validateMetadata,
  validateNamespace,
  validateTtlMs,
} from './validate-input.js';

/** The context of one operation on one backend: every error names both. */
export function operationContext(backend: string, operation: string): MemErrorContext {
  return { backend, operation };
}

/** @throws BackendUnavailableError when the backend was closed. */
export function assertOpen(closed: boolean, context: MemErrorContext): void {
  if (closed) throw new BackendUnavailableError('backend is closed', context);
}

/** A write whose every field is validated and copied; nothing of the caller's is shared. */
export interface PreparedWrite {
  readonly namespace: string[];
  readonly key: string;
  /** Deep copy of the value (`valueForm: 'clone'`), or the caller's value (`'encode'`). */
  readonly value: unknown;
  /** The canonical encoding (`valueForm: 'encode'`). */
  readonly encodedValue: string;
  /** Bytes of the encoded value (`'encode'`) or an upper bound of them (`'clone'`). */
  readonly approxBytes: number;
  readonly metadata: Metadata | undefined;
  readonly embedding: Float32Array | undefined;
  readonly ttlMs: number | undefined;
  readonly ifVersion: number | undefined;
}

/** How a backend wants values: a deep copy to keep in memory, or encoded text to persist. */
export interface PrepareWriteOptions {
  readonly valueForm: 'clone' | 'encode';
  readonly capabilities: Pick<BackendCapabilities, 'maxValueBytes'>;
  /** The store's embedding dimension, when known. */
  readonly dimension?: number | undefined;
}

/** Validates one `put`. @throws ValidationError; nothing has been written. */
export function preparePut(namespace: unknown, key: unknown, value: unknown, options: PutOptions | undefined, how: PrepareWriteOptions, context: MemErrorContext): PreparedWrite {
  if (options !== undefined && (options === null || typeof options !== 'object')) throw new ValidationError('put options must be an object', context);
  const ns = validateNamespace(namespace, context);
  const k = validateKey(key, context);
  const max = how.capabilities.maxValueBytes;
  const cloned = how.valueForm === 'clone' ? cloneValueMeasured(value, context, max) : undefined;
  const encodedValue = cloned === undefined ? encodeValue(value, context, max) : '';
  return {
    namespace: ns,
    key: k,
    value: cloned === undefined ? value : cloned.value,
    encodedValue,
    approxBytes: cloned === undefined ? encodedValue.length : cloned.approxBytes,
    metadata: validateMetadata(options?.metadata, context),
    embedding: options?.embedding === undefined ? undefined : validateEmbedding(options.embedding, context, how.dimension),
    ttlMs: validateTtlMs(options?.ttlMs, context),
    ifVersion: validateIfVersion(options?.ifVersion, context),
  };
}

/**
 * Validates every item of `putMany` before any is written; embeddings in one batch must agree on
 * a dimension even when the store has none yet. @throws ValidationError
 */
export function preparePutMany(items: readonly PutItem[], how: PrepareWriteOptions, context: MemErrorContext): PreparedWrite[] {
  const batch = validateBatch<PutItem>(items, context);
  let dimension = how.dimension;
  const prepared: PreparedWrite[] = [];
  for (let i = 0; i < batch.length; i++) {
    const item = batch[i];
    if (item === null || typeof item !== 'object') throw new ValidationError(`putMany item ${i} must be an object`, context);
    if ('ifVersion' in item) throw new ValidationError(`putMany item ${i}: ifVersion is only accepted by put`, context);
    const write = preparePut(item.namespace, item.key, item.value, item, { ...how, dimension }, context);
    dimension ??= write.embedding?.length;
    prepared.push(write);
  }
  return prepared;
}

/** Validates a list of references (`getMany`, `deleteMany`). */
export function prepareRefs(refs: readonly EntryRef[], context: MemErrorContext): EntryRef[] {
  return validateBatch<EntryRef>(refs, context).map((ref, i) => {
    if (ref === null || typeof ref !== 'object') throw new ValidationError(`reference ${i} must be an object with namespace and key`, context);
    return { namespace: validateNamespace(ref.namespace, context), key: validateKey(ref.key, context) };
  });
}

/** A validated `list`. */
export interface PreparedList {
  readonly prefix: string[];
  readonly keyPrefix: string | undefined;
  readonly clauses: FilterClause[];
  readonly limit: number;
  /** List strictly after this position (from the cursor). */
  readonly after: EntryRef | undefined;
}

/** Validates `list` options. @throws ValidationError */
export function prepareList(options: ListOptions | undefined, context: MemErrorContext): PreparedList {
  if (options !== undefined && (options === null || typeof options !== 'object')) throw new ValidationError('list options must be an object', context);
  const o = options ?? {};
  if (o.keyPrefix !== undefined && typeof o.keyPrefix !== 'string') throw new ValidationError('keyPrefix must be a string', context);
  // Keys are well-formed; a lone surrogate would become U+FFFD in UTF-8 stores and match keys there that it matches nowhere else.
  if (o.keyPrefix !== undefined && !o.keyPrefix.isWellFormed()) throw new ValidationError('keyPrefix contains a lone surrogate (not well-formed Unicode)', context);
  if (o.cursor !== undefined && typeof o.cursor !== 'string') throw new ValidationError('cursor must be a string', context);
  return {
    prefix: validateNamespace(o.prefix ?? [], context, true),
    keyPrefix: o.keyPrefix === '' ? undefined : o.keyPrefix,
    clauses: compileFilter(o.filter, context),
    limit: o.limit === undefined ? DEFAULT_LIST_LIMIT : validateIntegerInRange(o.limit, 'limit', 1, MAX_LIST_LIMIT, context),
    after: o.cursor === undefined ? undefined : decodeCursor(o.cursor, context),
  };
}

/** A validated `search`. */
export interface PreparedSearch {
  readonly vector: Float32Array;
  readonly k: number;
  readonly prefix: string[];
  readonly clauses: FilterClause[];
  readonly minScore: number;
}

/** Validates `search` options against the backend's capabilities. @throws ValidationError, UnsupportedCapabilityError */
export function prepareSearch(options: SearchOptions, capabilities: BackendCapabilities, dimension: number | undefined, context: MemErrorContext): PreparedSearch {
  if (capabilities.vectorSearch === 'none') throw new UnsupportedCapabilityError('this backend does not support vector search', context);
  if (options === null || typeof options !== 'object') throw new ValidationError('search options must be an object', context);
  const { minScore } = options;
  if (minScore !== undefined && (typeof minScore !== 'number' || Number.isNaN(minScore))) throw new ValidationError('minScore must be a number', context);
  return {
    vector: validateEmbedding(options.vector, context, dimension, 'query vector'),
    // The default of 10 never exceeds what the backend declared.
    k: options.k === undefined ? Math.min(10, capabilities.maxK) : validateIntegerInRange(options.k, 'k', 1, capabilities.maxK, context),
    prefix: validateNamespace(options.prefix ?? [], context, true),
    clauses: compileFilter(options.filter, context),
    minScore: minScore ?? -Infinity,
  };
}

/** Validates `listNamespaces` options. */
export function prepareListNamespaces(options: ListNamespacesOptions | undefined, context: MemErrorContext): { prefix: string[]; maxDepth: number | undefined } {
  const o = options ?? {};
  return {
    prefix: validateNamespace(o.prefix ?? [], context, true),
    maxDepth: o.maxDepth === undefined ? undefined : validateIntegerInRange(o.maxDepth, 'maxDepth', 1, MAX_NAMESPACE_DEPTH, context),
  };
}

/** Validates a `clear` prefix (`undefined` or `[]` = everything). */
export function prepareClear(prefix: unknown, context: MemErrorContext): string[] {
  return validateNamespace(prefix ?? [], context, true);
}

/** Validates the options of `delete`. */
export function prepareDelete(namespace: unknown, key: unknown, options: { ifVersion?: number } | undefined, context: MemErrorContext): { namespace: string[]; key: string; ifVersion: number | undefined } {
  return { namespace: validateNamespace(namespace, context), key: validateKey(key, context), ifVersion: validateIfVersion(options?.ifVersion, context) };
}
