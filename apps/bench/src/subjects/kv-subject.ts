import type { BenchValue } from '../data/bench-values.js';

/** Who a measured row belongs to: our backend, the raw library under it, or a peer a user might pick instead. */
export type SubjectRole = 'ours' | 'raw' | 'peer';

/** One key/value pair of a batch write. */
export interface BenchItem {
  /** The key. */
  readonly key: string;
  /** The value. */
  readonly value: BenchValue;
}

/**
 * One store under test, reduced to the operations the workloads run. Operations may be synchronous
 * (raw libraries) or return a promise; an absent optional operation means "this subject cannot do
 * that" and its row is reported as not applicable. Every subject works in one namespace/key space
 * of its own, so it is comparable across stores.
 */
export interface KvSubject {
  /** Row label, e.g. `mem sqlite`, `better-sqlite3`, `keyv + @keyv/sqlite`. */
  readonly name: string;
  /** Ours, raw or peer. */
  readonly role: SubjectRole;
  /** Writes one value. */
  put(key: string, value: BenchValue): unknown;
  /** Reads one value (decoded, as a user would get it). */
  get(key: string): unknown;
  /** Reads many values in one call. */
  getMany?(keys: readonly string[]): unknown;
  /** Writes many values in one call (one transaction / pipeline where the store has them). */
  putMany?(items: readonly BenchItem[]): unknown;
  /** Loads the data a read workload needs, when the subject has a faster way than `putMany` (not measured). */
  bulkLoad?(items: readonly BenchItem[]): Promise<unknown>;
  /** Reads every stored entry with its value, in key order; resolves to how many were read. */
  scanAll?(): Promise<number> | number;
  /** Adds 1 to a counter with compare-and-set, retrying on conflict; resolves to the retries it took. */
  casIncrement?(key: string): Promise<number>;
  /** Reads a counter written by `casIncrement`. */
  readCounter?(key: string): Promise<number> | number;
  /** Writes one value that expires after `ttlMs`. */
  putWithTtl?(key: string, value: BenchValue, ttlMs: number): unknown;
  /** How many entries a read would still see (expired excluded). */
  liveCount?(): Promise<number> | number;
  /** Physical footprint: entries or bytes actually held, expired ones included until removed. */
  footprint?(): Promise<Footprint> | Footprint;
  /** Removes everything this subject wrote. */
  reset(): Promise<void> | void;
  /** Releases connections and handles. */
  close(): Promise<void> | void;
}

/** What a store physically holds, for TTL churn. */
export interface Footprint {
  /** The figure, e.g. 12345. */
  readonly value: number;
  /** What it counts, e.g. `keys in DBSIZE`, `heap bytes`, `file bytes`. */
  readonly unit: string;
}

/** Makes a subject; `undefined` = not available here, with the reason in `skip`. */
export type SubjectFactory = () => Promise<KvSubject>;

const MISSING: Partial<Record<keyof KvSubject, string>> = {
  getMany: 'no batch read',
  putMany: 'no batch write',
  scanAll: 'no ordered scan of entries with values (a cluster has no scan across nodes)',
  casIncrement: 'no compare-and-set',
  putWithTtl: 'no per-entry TTL',
};

/** Why a subject without `operation` is not measured, in words for the report. */
export function missingOperationReason(operation: keyof KvSubject): string {
  return `${MISSING[operation] ?? `no ${String(operation)}`} (\`${String(operation)}\`)`;
}
