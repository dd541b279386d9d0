import type { BenchResult } from './bench-result.js';

/**
 * How fast ours is relative to a baseline, whatever the unit: `ours/baseline` for throughput,
 * `baseline/ours` for times, so above 1 always means "ours is faster".
 */
export function speedRatio(row: BenchResult, which: 'vsRaw' | 'vsPeer'): number | undefined {
  const r = row[which];
  if (r === undefined || !(r > 0)) return undefined;
  return row.better === 'higher' ? r : 1 / r;
}

/** A ratio with two significant digits (0.0031, 0.42, 3.1) and no more decimals than useful above 10. */
export function formatRatio(r: number): string {
  return r >= 10 ? r.toFixed(0) : r.toPrecision(2);
}
