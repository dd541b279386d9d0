import type { Embedder } from '../embedder/embedder.js';
import { ValidationError } from '../errors/validation-error.js';
import type { StorageBackend } from '../types/storage-backend.js';
import { validateIntegerInRange, validateNamespace, validateTtlMs } from '../validation/validate-input.js';
import type { MemoryLimits, MemoryManagerOptions } from './i-memory-manager.js';
import { MEMORY_TYPES, type MemoryType } from './memory-types.js';

const HOUR = 3_600_000;

/** Built-in default TTL per type: working memory lasts 12 h, the rest until forgotten. */
export const DEFAULT_TTL_BY_TYPE: Readonly<Record<MemoryType, number | null>> = { working: 12 * HOUR, episodic: null, semantic: null, procedural: null };

/** Options after validation, defaults applied. */
export interface ValidManagerOptions {
  /** The embedder, if any. */
  readonly embedder: Embedder | undefined;
  /** First namespace segment of every memory. */
  readonly root: string;
  /** Default TTL of every type (`null` = never expires). */
  readonly ttlByType: Readonly<Record<MemoryType, number | null>>;
  /** Scope limits, if any. */
  readonly limits: MemoryLimits | undefined;
  /** Whether duplicate content returns the existing memory. */
  readonly deduplicate: boolean;
  /** Whether `close()` closes the backend. */
  readonly closeBackend: boolean;
}

/** Validates manager options. @throws ValidationError */
export function validateManagerOptions(backend: StorageBackend, options: MemoryManagerOptions): ValidManagerOptions {
  const ctx = { backend: 'memory-manager', operation: 'create' };
  if (backend === null || typeof backend !== 'object' || typeof backend.list !== 'function') throw new ValidationError('MemoryManager needs a StorageBackend', ctx);
  if (options === null || typeof options !== 'object') throw new ValidationError('options must be an object', ctx);
  const { embedder } = options;
  if (embedder !== undefined && (embedder === null || typeof embedder.embed !== 'function' || !Number.isInteger(embedder.dimension) || embedder.dimension < 1)) {
    throw new ValidationError('embedder must have a positive integer dimension and an embed(texts) function', ctx);
  }
  const ttlByType: Record<MemoryType, number | null> = { ...DEFAULT_TTL_BY_TYPE };
  for (const [type, ttl] of Object.entries(options.ttlByType ?? {})) {
    if (!(MEMORY_TYPES as readonly string[]).includes(type)) throw new ValidationError(`ttlByType: unknown memory type ${JSON.stringify(type)}`, ctx);
    ttlByType[type as MemoryType] = ttl === null ? null : validateTtlMs(ttl, { ...ctx, operation: `create ttlByType.${type}` })!;
  }
  return {
    embedder,
    root: validateRoot(options.root ?? 'mem', ctx),
    ttlByType,
    limits: validateLimits(options.limits, ctx),
    deduplicate: options.deduplicate ?? true,
    closeBackend: options.closeBackend ?? false,
  };
}

function validateLimits(limits: MemoryLimits | undefined, ctx: { backend: string; operation: string }): MemoryLimits | undefined {
  if (limits === undefined) return undefined;
  if (limits === null || typeof limits !== 'object') throw new ValidationError('limits must be an object', ctx);
  const perType: Partial<Record<MemoryType, number>> = {};
  for (const [type, n] of Object.entries(limits.perType ?? {})) {
    if (!(MEMORY_TYPES as readonly string[]).includes(type)) throw new ValidationError(`limits.perType: unknown memory type ${JSON.stringify(type)}`, ctx);
    perType[type as MemoryType] = validateIntegerInRange(n, `limits.perType.${type}`, 1, 1_000_000, ctx);
  }
  const perScope = limits.perScope === undefined ? undefined : validateIntegerInRange(limits.perScope, 'limits.perScope', 1, 1_000_000, ctx);
  return perScope === undefined ? { perType } : { perScope, perType };
}

// The root names a namespace segment and, with a suffix, the root of the duplicate index.
function validateRoot(root: unknown, ctx: { backend: string; operation: string }): string {
  const [segment] = validateNamespace([root], ctx);
  if (segment!.length > 256 || segment!.includes('#')) throw new ValidationError('root must be at most 256 characters and contain no #', ctx);
  return segment!;
}
