import { parseArgs } from 'node:util';
import { KNOWN, type BenchOptions } from './run-bench.js';

/** Parsed command line of `npm run bench` / `mem bench`. */
export interface BenchCliOptions extends BenchOptions {
  /** Folder for `<timestamp>.{json,md,svg}`. */
  readonly outDir: string;
  /** Also write BENCHMARKS.md at the repo root (full runs of every backend do by default). */
  readonly writeBenchmarksMd: boolean;
  /** Print usage and exit. */
  readonly help: boolean;
}

/** Usage text. */
export const USAGE = `Usage: npm run bench -- [--quick] [--backends ${KNOWN.backends.join(',')}] [--workloads ${KNOWN.workloads.join(',')}] [--out dir] [--benchmarks-md | --no-benchmarks-md]`;

const list = (value: string | undefined, all: readonly string[], what: string): string[] => {
  if (value === undefined || value === 'all') return [...all];
  const names = value.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !all.includes(n));
  if (unknown.length > 0) throw new Error(`unknown ${what}: ${unknown.join(', ')}; known: ${all.join(', ')}`);
  return names;
};

/** Parses argv (without node and script). @throws Error on unknown options or names */
export function parseBenchArgs(argv: readonly string[], defaultOutDir: string): BenchCliOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      backends: { type: 'string' },
      workloads: { type: 'string' },
      out: { type: 'string' },
      'benchmarks-md': { type: 'boolean' },
      'no-benchmarks-md': { type: 'boolean' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const backends = list(values.backends, KNOWN.backends, 'backend');
  const workloads = list(values.workloads, KNOWN.workloads, 'workload');
  const everything = backends.length === KNOWN.backends.length && workloads.length === KNOWN.workloads.length;
  return {
    quick: values.quick === true,
    backends,
    workloads,
    outDir: values.out ?? defaultOutDir,
    writeBenchmarksMd: values['no-benchmarks-md'] ? false : (values['benchmarks-md'] ?? (everything && values.quick !== true)),
    help: values.help === true,
    command: ['npm run bench', ...(argv.length > 0 ? ['--', ...argv] : [])].join(' '),
  };
}
