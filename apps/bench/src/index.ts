export { runBench, KNOWN, type BenchOptions, type BenchProgress, type BenchReport } from './run-bench.js';
export { parseBenchArgs, USAGE, type BenchCliOptions } from './cli-options.js';
export { writeReport, type WrittenReport } from './report/write-report.js';
export type { BenchResult, BenchSkip } from './report/bench-result.js';
export type { TargetCheck } from './report/targets.js';
