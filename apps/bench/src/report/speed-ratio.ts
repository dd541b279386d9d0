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
