import type { StorageBackend } from '@mem/core';

/** How a child process opens the store under test: a module and the JSON arguments for it. */
export interface ChildProcessSpec {
  /**
   * Absolute path (or `file:` URL) of a module exporting `openBackend(args): Promise<StorageBackend>`.
   * Children import it through `tsx`, so it may be TypeScript.
   */
  readonly module: string;
  /** JSON-serialisable arguments passed to `openBackend`. */
  readonly args: unknown;
}

/** What `describeBackendConformance` (and `runConformance` initializer modules) provide. */
export interface ConformanceOptions {
  /** Name shown in test titles, e.g. `sqlite`. */
  readonly name: string;
  /** Returns a fresh, empty store. Called once per test case. */
  readonly create: () => Promise<StorageBackend>;
  /**
   * Closes the backend (it may already be closed) and deletes whatever `create` made.
   * @default closes the backend, ignoring errors
   */
  readonly destroy?: (backend: StorageBackend) => Promise<void>;
  /** Persistent backends: close `backend`, then open the same store again. Required when `capabilities.persistent`. */
  readonly reopen?: (backend: StorageBackend) => Promise<StorageBackend>;
  /** A second, independent instance on the same store as `backend`. Required when `capabilities.crossProcess`. */
  readonly second?: (backend: StorageBackend) => Promise<StorageBackend>;
  /** How child processes open the same store as `backend`. Required when `capabilities.crossProcess`. */
  readonly childProcess?: (backend: StorageBackend) => ChildProcessSpec;
  /**
   * How many entries the store physically holds, expired ones included, read without triggering
   * expiry (e.g. `SELECT COUNT(*)`, `DBSIZE`). When given, the TTL group checks that expired entries
   * are removed within `sweepBoundMs` without anything reading them.
   */
  readonly countStored?: (backend: StorageBackend) => Promise<number>;
  /**
   * The bound within which expired entries must be physically removed (with `countStored`).
   * @default 2000
   */
  readonly sweepBoundMs?: number;
  /**
   * The short TTL the TTL tests use, in milliseconds; raise it for stores with coarse expiry.
   * @default 50
   */
  readonly ttlScaleMs?: number;
  /**
   * Command sequences each model-based test runs (fast-check `numRuns`).
   * @default 30
   */
  readonly modelRuns?: number;
  /**
   * Seed of the model-based tests; fixed so runs are reproducible.
   * @default 20260101
   */
  readonly modelSeed?: number;
  /**
   * CAS increments each child process makes in the cross-process group.
   * @default 25
   */
  readonly crossProcessIncrements?: number;
  /**
   * Time limit of one test case, in milliseconds (model-based and cross-process cases get 4×).
   * @default 30000
   */
  readonly caseTimeoutMs?: number;
}

/** Options with every default filled in. */
export type ResolvedConformanceOptions = Required<Pick<ConformanceOptions, 'sweepBoundMs' | 'ttlScaleMs' | 'modelRuns' | 'modelSeed' | 'crossProcessIncrements' | 'caseTimeoutMs'>> &
  ConformanceOptions;

/** Fills in defaults and checks the shape of the options. */
export function resolveConformanceOptions(options: ConformanceOptions): ResolvedConformanceOptions {
  if (options === null || typeof options !== 'object') throw new TypeError('describeBackendConformance needs an options object');
  if (typeof options.name !== 'string' || options.name === '') throw new TypeError('conformance options: name must be a non-empty string');
  if (typeof options.create !== 'function') throw new TypeError(`conformance options for ${options.name}: create must be a function`);
  for (const hook of ['destroy', 'reopen', 'second', 'childProcess', 'countStored'] as const) {
    if (options[hook] !== undefined && typeof options[hook] !== 'function') throw new TypeError(`conformance options for ${options.name}: ${hook} must be a function`);
  }
  return {
    ...options,
    ttlScaleMs: positive(options.ttlScaleMs, 50, 'ttlScaleMs', options.name),
    sweepBoundMs: positive(options.sweepBoundMs, 2000, 'sweepBoundMs', options.name),
    modelRuns: positive(options.modelRuns, 30, 'modelRuns', options.name),
    modelSeed: options.modelSeed ?? 20260101,
    crossProcessIncrements: positive(options.crossProcessIncrements, 25, 'crossProcessIncrements', options.name),
    caseTimeoutMs: positive(options.caseTimeoutMs, 30_000, 'caseTimeoutMs', options.name),
  };
}

function positive(value: number | undefined, fallback: number, what: string, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new TypeError(`conformance options for ${name}: ${what} must be a positive number`);
  return value;
}
