import type { SubjectRole } from '../subjects/kv-subject.js';

/** Whether a bigger figure is better (throughput) or a smaller one (time, growth). */
export type Better = 'higher' | 'lower';

/** One measured row: a subject running a workload. */
export interface BenchResult {
  /** Workload id, e.g. `get`. */
  readonly workload: string;
  /** Backend family the row belongs to (`vectors` for family-independent baselines). */
  readonly family: string;
  /** Row label, e.g. `mem sqlite`, `better-sqlite3`. */
  readonly subject: string;
  /** Ours, raw or peer. */
  readonly role: SubjectRole;
  /** The headline figure. */
  readonly value: number;
  /** Its unit, e.g. `ops/s`, `rows/s`, `ms`, `x growth`. */
  readonly unit: string;
  /** Which direction is better for `value`. */
  readonly better: Better;
  /** Operations per second, when the workload is a loop of operations. */
  readonly opsPerSec?: number;
  /** Median latency of one operation, ms. */
  readonly p50Ms?: number;
  /** 99th percentile latency of one operation, ms. */
  readonly p99Ms?: number;
  /** Operations measured. */
  readonly ops?: number;
  /** Workload-specific figures: recall@10, retries per increment, footprint, ... */
  readonly extra?: Readonly<Record<string, number | string | boolean>>;
  /** ours ÷ baseline raw, in `value`'s unit (set on `ours` rows when a raw row exists). */
  vsRaw?: number;
  /** The raw row the ratio used. */
  rawSubject?: string;
  /** ours ÷ baseline peer (set on `ours` rows when a peer row exists). */
  vsPeer?: number;
  /** The peer row the ratio used. */
  peerSubject?: string;
}

/** A row that was not measured, with the reason (never silently missing). */
export interface BenchSkip {
  /** Workload id, or `*` for a whole family. */
  readonly workload: string;
  /** Backend family. */
  readonly family: string;
  /** Subject, when one subject was skipped. */
  readonly subject?: string;
  /** Why. */
  readonly reason: string;
}

/** Fills `vsRaw`/`vsPeer` on ours rows: the first raw/peer row of the same workload and family (or of the family-independent `vectors` baseline). */
export function attachRatios(results: BenchResult[]): void {
  for (const row of results) {
    // A growth figure near 0 divided by another near 0 says nothing: those rows carry no ratio.
    if (row.role !== 'ours' || row.unit === 'growth') continue;
    const same = (role: SubjectRole) =>
      results.find((r) => r.workload === row.workload && r.role === role && r.family === row.family) ??
      results.find((r) => r.workload === row.workload && r.role === role && r.family === 'vectors');
    const raw = same('raw');
    const peer = same('peer');
    if (raw && raw.value > 0) Object.assign(row, { vsRaw: row.value / raw.value, rawSubject: raw.subject });
    if (peer && peer.value > 0) Object.assign(row, { vsPeer: row.value / peer.value, peerSubject: peer.subject });
  }
}
