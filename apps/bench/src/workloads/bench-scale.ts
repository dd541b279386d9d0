/** Sizes and times of one run; `--quick` shrinks them. */
export interface BenchScale {
  /** Measuring time per (workload, subject), ms. */
  readonly durationMs: number;
  /** Interleaved rounds the measuring time is split into; each subject's best round counts. */
  readonly rounds: number;
  /** Unmeasured batch calls before `put-many` is measured (a slow peer needs seconds per call). */
  readonly batchWarmups: number;
  /** Keys the point workloads spread over. */
  readonly keyspace: number;
  /** Entries of the list workload. */
  readonly listEntries: number;
  /** Calls in flight in `get-parallel`. */
  readonly inFlight: number;
  /** Concurrent clients of the CAS workload. */
  readonly casClients: number;
  /** Vector counts of the vector workloads (`vector-10k`, `vector-100k`). */
  readonly vectorCounts: Readonly<Record<string, number>>;
  /** Embedding dimension of the vector and mixed workloads. */
  readonly dimension: number;
  /** Queries per vector measurement (the time budget may stop it earlier). */
  readonly queries: number;
  /** Entries of the mixed agent workload. */
  readonly mixedEntries: number;
  /** Longest one (family, workload) may take, set-up included, before it is reported as failed. */
  readonly workloadTimeoutMs: number;
  /** TTL churn: run time (ms), TTL (ms), write rate (puts/s) and footprint samples. */
  readonly churn: { readonly runMs: number; readonly ttlMs: number; readonly rate: number; readonly samples: number };
}

/** A full run: ~10 minutes with every backend available. */
export const FULL_SCALE: BenchScale = {
  durationMs: 1000,
  rounds: 5,
  batchWarmups: 2,
  keyspace: 10_000,
  listEntries: 10_000,
  inFlight: 1000,
  casClients: 8,
  vectorCounts: { 'vector-10k': 10_000, 'vector-100k': 100_000 },
  dimension: 384,
  queries: 30,
  mixedEntries: 10_000,
  workloadTimeoutMs: 300_000,
  churn: { runMs: 6000, ttlMs: 500, rate: 4000, samples: 12 },
};

/** `--quick`: every code path, small sizes, under 60 s. */
export const QUICK_SCALE: BenchScale = {
  durationMs: 100,
  rounds: 2,
  batchWarmups: 0,
  keyspace: 2000,
  listEntries: 2000,
  inFlight: 200,
  casClients: 4,
  vectorCounts: { 'vector-10k': 2000 },
  dimension: 384,
  queries: 10,
  mixedEntries: 1000,
  workloadTimeoutMs: 30_000,
  churn: { runMs: 1000, ttlMs: 150, rate: 2000, samples: 4 },
};
