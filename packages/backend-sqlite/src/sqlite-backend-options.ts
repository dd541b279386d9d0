import { ConfigError, DEFAULT_MAX_K, DEFAULT_MAX_VALUE_BYTES, integerOption } from '@mem/core';

/** How hard a commit waits for the disk. */
export type SqliteDurability = 'normal' | 'full';

/** Options of the SQLite backend. */
export interface SqliteBackendOptions {
  /**
   * Database file; parent directories are created. `:memory:` keeps everything in this process.
   * @default './.mem/memory.db'
   */
  readonly path?: string;
  /**
   * `normal` (`synchronous=NORMAL` in WAL): a commit survives a process crash; the last commits may
   * be lost on power loss. `full` (`synchronous=FULL`): every acknowledged write survives power loss.
   * @default 'normal'
   */
  readonly durability?: SqliteDurability;
  /**
   * How long a write waits for another connection's lock before failing with `BackendUnavailableError`.
   * @default 5000
   */
  readonly busyTimeoutMs?: number;
  /** Embedding dimension; absent = fixed (and persisted) by the first embedding written. */
  readonly dimension?: number;
  /**
   * Largest encoded value accepted, in bytes.
   * @default 1048576
   */
  readonly maxValueBytes?: number;
  /**
   * Largest `k` accepted by `search`.
   * @default 1000
   */
  readonly maxK?: number;
  /**
   * How often expired rows are physically deleted, in ms.
   * @default 60000
   */
  readonly sweepIntervalMs?: number;
  /**
   * Most expired rows one sweep deletes (one short write transaction per batch).
   * @default 5000
   */
  readonly sweepBatchSize?: number;
  /**
   * How often a passive WAL checkpoint runs (and the WAL is truncated when fully copied back), in ms.
   * @default 30000
   */
  readonly checkpointIntervalMs?: number;
  /**
   * WAL pages after which a commit runs an automatic checkpoint (`wal_autocheckpoint`).
   * @default 1000
   */
  readonly walAutocheckpointPages?: number;
  /**
   * Size the WAL file is truncated to after a checkpoint resets it (`journal_size_limit`), in bytes.
   * @default 67108864
   */
  readonly walSizeLimitBytes?: number;
  /** Upper bound of the database size in bytes (`max_page_count`); writes past it fail with `StorageError`. Absent = no bound. */
  readonly maxDatabaseBytes?: number;
  /**
   * Open the file read-only: reads work, writes fail with `StorageError`. Also chosen automatically
   * when the file exists but is not writable.
   * @default false
   */
  readonly readonly?: boolean;
  /**
   * Metadata fields that get an expression index, so filters on them are index-driven (URL:
   * `indexedFields=a,b`). Other fields are filtered inside SQLite over the prefix range scan.
   * @default []
   */
  readonly indexedFields?: readonly string[];
}

/** Every option with its default applied. */
export type ResolvedSqliteOptions = Required<Omit<SqliteBackendOptions, 'dimension' | 'maxDatabaseBytes'>> &
  Pick<SqliteBackendOptions, 'dimension' | 'maxDatabaseBytes'>;

/** The embedded default file of mem. */
export const DEFAULT_SQLITE_PATH = './.mem/memory.db';

const DEFAULTS = {
  path: DEFAULT_SQLITE_PATH,
  durability: 'normal',
  busyTimeoutMs: 5000,
  maxValueBytes: DEFAULT_MAX_VALUE_BYTES,
  maxK: DEFAULT_MAX_K,
  sweepIntervalMs: 60_000,
  sweepBatchSize: 5000,
  checkpointIntervalMs: 30_000,
  walAutocheckpointPages: 1000,
  walSizeLimitBytes: 64 * 1024 * 1024,
  readonly: false,
  indexedFields: [],
} as const satisfies ResolvedSqliteOptions;

const INTEGER_OPTIONS = [
  'busyTimeoutMs',
  'dimension',
  'maxValueBytes',
  'maxK',
  'sweepIntervalMs',
  'sweepBatchSize',
  'checkpointIntervalMs',
  'walAutocheckpointPages',
  'walSizeLimitBytes',
  'maxDatabaseBytes',
] as const;
const KNOWN = ['path', 'durability', 'readonly', 'indexedFields', ...INTEGER_OPTIONS];
// The same rule as filter field names in core; it also makes a name safe inside an SQL literal.
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/;
const CONTEXT = { backend: 'sqlite', operation: 'open' } as const;

function sqliteIntegerOption(name: string, value: unknown): number {
  // busyTimeoutMs may be 0 (fail at once); every other bound must be positive.
  return integerOption(name, value, name === 'busyTimeoutMs' ? 0 : 1, CONTEXT);
}

function booleanOption(name: string, value: unknown): boolean {
  if (value === true || value === 'true' || value === '1') return true;
  if (value === false || value === 'false' || value === '0') return false;
  throw new ConfigError(`option ${name} must be true or false, got ${JSON.stringify(value)}`, CONTEXT);
}

function fieldList(value: unknown): string[] {
  const fields = typeof value === 'string' ? value.split(',').filter((f) => f !== '') : value;
  if (!Array.isArray(fields) || !fields.every((f) => typeof f === 'string' && FIELD_NAME.test(f) && f !== 'createdAt' && f !== 'updatedAt')) {
    throw new ConfigError(`option indexedFields must be metadata field names matching ${FIELD_NAME.source}, got ${JSON.stringify(value)}`, CONTEXT);
  }
  return [...new Set(fields as string[])];
}

/** Checks options from code or URL parameters (strings) and applies defaults. @throws ConfigError */
export function resolveSqliteOptions(raw: Readonly<Record<string, unknown>>): ResolvedSqliteOptions {
  const out: Record<string, unknown> = { ...DEFAULTS };
  for (const name of Object.keys(raw)) {
    const value = raw[name];
    if (!KNOWN.includes(name)) throw new ConfigError(`unknown option ${name}; known: ${KNOWN.join(', ')}`, CONTEXT);
    if (value === undefined) continue;
    if (name === 'path') {
      if (typeof value !== 'string' || value.trim() === '') throw new ConfigError('option path must be a non-empty string', CONTEXT);
      if (value.includes('\u0000')) throw new ConfigError('option path must not contain NUL', CONTEXT);
      out[name] = value;
    } else if (name === 'durability') {
      if (value !== 'normal' && value !== 'full') throw new ConfigError(`option durability must be 'normal' or 'full', got ${JSON.stringify(value)}`, CONTEXT);
      out[name] = value;
    } else if (name === 'readonly') out[name] = booleanOption(name, value);
    else if (name === 'indexedFields') out[name] = fieldList(value);
    else out[name] = sqliteIntegerOption(name, value);
  }
  return out as ResolvedSqliteOptions;
}

/**
 * Turns the location of a `sqlite:` URL into a path: `sqlite:./a.db` → `./a.db`,
 * `sqlite:///abs/a.db` → `/abs/a.db`, `sqlite::memory:` → `:memory:`, `sqlite:` → the default.
 */
export function sqlitePathFromLocation(location: string): string | undefined {
  if (location === '') return undefined;
  const path = location.startsWith('//') ? location.slice(2) : location;
  return path === '' ? undefined : decodeURIComponent(path);
}
