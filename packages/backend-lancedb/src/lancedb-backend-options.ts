import { ConfigError, DEFAULT_MAX_VALUE_BYTES, integerOption } from '@mem/core';

/** Which ANN index `optimize()` builds once the table holds `indexThreshold` embeddings. */
export type LanceDbIndexType = 'ivf_pq' | 'hnsw_sq';

/** Options of the LanceDB backend. */
export interface LanceDbBackendOptions {
  /** Directory of the LanceDB database (created when missing). */
  readonly path: string;
  /**
   * Table holding the entries; one table per store.
   * @default 'entries'
   */
  readonly table?: string;
  /** Embedding dimension; absent = fixed (and persisted in the table schema) by the first embedding written. */
  readonly dimension?: number;
  /**
   * Embeddings at which `optimize()` builds the ANN index; below it search is an exact (flat) scan.
   * @default 20000
   */
  readonly indexThreshold?: number;
  /**
   * ANN index type: `hnsw_sq` builds faster and answers faster here; `ivf_pq` takes less disk.
   * @default 'hnsw_sq'
   */
  readonly indexType?: LanceDbIndexType;
  /** IVF partitions; absent = about sqrt(rows). */
  readonly numPartitions?: number;
  /** PQ sub-vectors (`ivf_pq` only; must divide the dimension); absent = the most whose length is >= 8 (384 → 48). */
  readonly numSubVectors?: number;
  /**
   * IVF partitions probed per query (the floor; LanceDB probes more when a prefilter leaves too few hits).
   * @default 32
   */
  readonly nprobes?: number;
  /**
   * Candidates re-ranked with exact distances, as a multiple of k.
   * @default 20
   */
  readonly refineFactor?: number;
  /**
   * HNSW search breadth (`hnsw_sq` only).
   * @default 200
   */
  readonly ef?: number;
  /**
   * How often expired rows are deleted, in ms.
   * @default 30000
   */
  readonly sweepIntervalMs?: number;
  /**
   * How often the table is compacted, old versions removed and indexes refreshed, in ms.
   * @default 300000
   */
  readonly optimizeIntervalMs?: number;
  /**
   * Writes after which an optimize runs in the background (keeps fragments and versions bounded under write load).
   * @default 500
   */
  readonly optimizeEveryWrites?: number;
  /**
   * Old table versions younger than this are kept by `optimize()` (readers in other processes may still use them).
   * @default 60000
   */
  readonly versionRetentionMs?: number;
  /**
   * How stale a read may be with respect to other processes' commits, in ms; 0 = check on every read.
   * @default 0
   */
  readonly readConsistencyIntervalMs?: number;
  /**
   * Largest encoded value accepted, in bytes.
   * @default 1048576
   */
  readonly maxValueBytes?: number;
}

/** Options with every default filled in. */
export type ResolvedLanceDbOptions = Required<Omit<LanceDbBackendOptions, 'dimension' | 'numPartitions' | 'numSubVectors'>> &
  Pick<LanceDbBackendOptions, 'dimension' | 'numPartitions' | 'numSubVectors'>;

const DEFAULTS = {
  table: 'entries',
  indexThreshold: 20_000,
  indexType: 'hnsw_sq',
  nprobes: 32,
  refineFactor: 20,
  ef: 200,
  sweepIntervalMs: 30_000,
  optimizeIntervalMs: 300_000,
  optimizeEveryWrites: 500,
  versionRetentionMs: 60_000,
  readConsistencyIntervalMs: 0,
  maxValueBytes: DEFAULT_MAX_VALUE_BYTES,
} as const;

const POSITIVE = ['dimension', 'indexThreshold', 'numPartitions', 'numSubVectors', 'nprobes', 'refineFactor', 'ef', 'sweepIntervalMs', 'optimizeIntervalMs', 'optimizeEveryWrites', 'maxValueBytes'] as const;
const NON_NEGATIVE = ['versionRetentionMs', 'readConsistencyIntervalMs'] as const;
const TEXT = ['path', 'table', 'indexType'] as const;
const KNOWN: readonly string[] = [...TEXT, ...POSITIVE, ...NON_NEGATIVE];
const context = { backend: 'lancedb', operation: 'open' } as const;

function integer(name: string, value: unknown, min: number): number {
  return integerOption(name, value, min, context);
}

/** Checks options given in code or as URL parameters (strings) and fills in defaults. @throws ConfigError */
export function resolveLanceDbOptions(raw: Readonly<Record<string, unknown>>): ResolvedLanceDbOptions {
  if (raw === null || typeof raw !== 'object') throw new ConfigError('options must be an object', context);
  const out: Record<string, unknown> = { ...DEFAULTS };
  for (const name of Object.keys(raw)) {
    const value = raw[name];
    if (!KNOWN.includes(name)) throw new ConfigError(`unknown option ${name}; known: ${KNOWN.join(', ')}`, context);
    if (value === undefined) continue;
    if ((TEXT as readonly string[]).includes(name)) {
      if (typeof value !== 'string' || value === '') throw new ConfigError(`option ${name} must be a non-empty string`, context);
      out[name] = value;
    } else out[name] = integer(name, value, (NON_NEGATIVE as readonly string[]).includes(name) ? 0 : 1);
  }
  if (typeof out['path'] !== 'string') throw new ConfigError('option path (the database directory) is required', context);
  if (out['indexType'] !== 'ivf_pq' && out['indexType'] !== 'hnsw_sq') throw new ConfigError(`option indexType must be ivf_pq or hnsw_sq, got ${JSON.stringify(out['indexType'])}`, context);
  if (!/^[A-Za-z0-9_.-]+$/.test(out['table'] as string)) throw new ConfigError('option table must use letters, digits, _ . - only', context);
  return out as ResolvedLanceDbOptions;
}
