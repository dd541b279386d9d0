import { ConfigError, DEFAULT_MAX_VALUE_BYTES, integerOption } from '@mem/core';

/** When acknowledged writes reach the disk. */
export type JsonFileDurability = 'immediate' | 'batched';

/** Options of the JSON-file backend. */
export interface JsonFileBackendOptions {
  /** The store file; created (with its directory) at the first write. Relative paths resolve against the working directory. */
  readonly path: string;
  /**
   * `immediate`: every write is on disk (atomic replace + fsync) before it is acknowledged.
   * `batched`: writes are acknowledged from memory and flushed every `flushIntervalMs`, on `close()` and on process exit.
   * @default 'immediate'
   */
  readonly durability?: JsonFileDurability;
  /**
   * Flush interval of `batched` durability, in ms.
   * @default 100
   */
  readonly flushIntervalMs?: number;
  /**
   * Longest wait for the file lock before a `BackendUnavailableError`, in ms.
   * @default 15000
   */
  readonly lockTimeoutMs?: number;
  /**
   * Age after which a lock left by a killed process is taken over, in ms (at least 2000, proper-lockfile's minimum).
   * @default 5000
   */
  readonly lockStaleMs?: number;
  /**
   * How often expired entries are physically removed from the file when nothing else writes, in ms.
   * @default 60000
   */
  readonly sweepIntervalMs?: number;
  /** Embedding dimension; absent = fixed by the first embedding written (and kept in the file). */
  readonly dimension?: number;
  /**
   * Largest encoded value accepted, in bytes.
   * @default 1048576
   */
  readonly maxValueBytes?: number;
}

/** Options with every default filled in. */
export type ResolvedJsonFileOptions = Required<Omit<JsonFileBackendOptions, 'dimension'>> & { readonly dimension: number | undefined };

const CONTEXT = { backend: 'json', operation: 'open' } as const;
const NUMERIC = ['flushIntervalMs', 'lockTimeoutMs', 'lockStaleMs', 'sweepIntervalMs', 'dimension', 'maxValueBytes'] as const;
const KNOWN = ['path', 'durability', ...NUMERIC] as const;

function positiveInteger(name: string, value: unknown): number | undefined {
  return value === undefined ? undefined : integerOption(name, value, 1, CONTEXT);
}

/** Checks options from code or URL parameters (strings) and fills in defaults. @throws ConfigError */
export function resolveJsonFileOptions(raw: Readonly<Record<string, unknown>>): ResolvedJsonFileOptions {
  if (raw === null || typeof raw !== 'object') throw new ConfigError('options must be an object with at least a path', CONTEXT);
  for (const name of Object.keys(raw)) {
    if (!(KNOWN as readonly string[]).includes(name)) throw new ConfigError(`unknown option ${name}; known: ${KNOWN.join(', ')}`, CONTEXT);
  }
  const { path, durability = 'immediate' } = raw;
  if (typeof path !== 'string' || path.trim() === '' || path.includes('\0')) throw new ConfigError('option path must be a non-empty file path, e.g. ./memory.json', CONTEXT);
  if (durability !== 'immediate' && durability !== 'batched') throw new ConfigError(`option durability must be immediate or batched, got ${JSON.stringify(durability)}`, CONTEXT);
  const n = Object.fromEntries(NUMERIC.map((name) => [name, positiveInteger(name, raw[name])])) as Record<(typeof NUMERIC)[number], number | undefined>;
  const lockStaleMs = Math.max(n.lockStaleMs ?? 5000, 2000);
  return {
    path,
    durability,
    flushIntervalMs: n.flushIntervalMs ?? 100,
    lockTimeoutMs: n.lockTimeoutMs ?? 15_000,
    lockStaleMs,
    sweepIntervalMs: n.sweepIntervalMs ?? 60_000,
    dimension: n.dimension,
    maxValueBytes: n.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES,
  };
}

/**
 * The file path of a `json:` URL: `json:./memory.json`, `json:memory.json`, `json:///abs/path.json`
 * (also `json://localhost/abs/path.json`); percent-escapes are decoded. @throws ConfigError
 */
export function pathFromJsonUrl(location: string): string {
  let path = location;
  if (path.startsWith('//')) {
    const rest = path.slice(2);
    const slash = rest.indexOf('/');
    const host = slash < 0 ? rest : rest.slice(0, slash);
    if (host !== '' && host !== 'localhost') throw new ConfigError(`json: URLs name a local file; host ${JSON.stringify(host)} is not supported`, CONTEXT);
    path = slash < 0 ? '' : rest.slice(slash);
  }
  try {
    path = decodeURIComponent(path);
  } catch (cause) {
    throw new ConfigError(`json: URL path ${JSON.stringify(location)} has a malformed percent-escape`, { ...CONTEXT, cause });
  }
  if (path === '') throw new ConfigError('json: URL needs a file path, e.g. json:./memory.json or json:///abs/memory.json', CONTEXT);
  return path;
}
