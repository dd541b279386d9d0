import { ConfigError, integerOption } from '@mem/core';

/** Options of the in-memory backend. */
export interface MemoryBackendOptions {
  /** Most entries kept; the least recently used is evicted past it. Absent = no entry limit. */
  readonly maxEntries?: number;
  /** Most bytes kept (encoded-size upper bound of values, keys and embeddings); LRU eviction past it. Absent = no byte limit. */
  readonly maxBytes?: number;
  /**
   * How often expired entries are physically removed, in ms.
   * @default 1000
   */
  readonly sweepIntervalMs?: number;
  /** Embedding dimension; absent = fixed by the first embedding written. */
  readonly dimension?: number;
  /**
   * Largest encoded value accepted.
   * @default 1048576
   */
  readonly maxValueBytes?: number;
}

const NUMERIC_OPTIONS = ['maxEntries', 'maxBytes', 'sweepIntervalMs', 'dimension', 'maxValueBytes'] as const;

/** Checks options given in code or a URL; every one must be a positive integer. @throws ConfigError */
export function resolveMemoryOptions(raw: Readonly<Record<string, unknown>>): MemoryBackendOptions {
  const out: Record<string, number> = {};
  for (const name of Object.keys(raw)) {
    if (!(NUMERIC_OPTIONS as readonly string[]).includes(name)) {
      throw new ConfigError(`unknown option ${name}; known: ${NUMERIC_OPTIONS.join(', ')}`, { backend: 'memory', operation: 'open' });
    }
    const value = raw[name];
    if (value === undefined) continue;
    out[name] = integerOption(name, value, 1, { backend: 'memory', operation: 'open' });
  }
  return out;
}
