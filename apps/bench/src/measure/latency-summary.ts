/** Latency percentiles of one measurement, in milliseconds. */
export interface LatencySummary {
  /** Median latency of one operation, ms. */
  readonly p50Ms: number;
  /** 99th percentile latency of one operation, ms. */
  readonly p99Ms: number;
  /** How many operations were timed individually. */
  readonly samples: number;
}

/** Nearest-rank percentile of sorted samples. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** p50/p99 of raw per-op timings (the array is sorted in place). */
export function summarizeSamples(samples: Float64Array): LatencySummary {
  samples.sort();
  return { p50Ms: percentile(samples, 50), p99Ms: percentile(samples, 99), samples: samples.length };
}
