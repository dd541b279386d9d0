import type { BenchResult } from './bench-result.js';
import { formatRatio } from './speed-ratio.js';

/** One target of issue 7, checked against this run's figures. */
export interface TargetCheck {
  /** The target as the issue states it. */
  readonly target: string;
  /** The measured figure (a ratio or ms); absent when the rows were not measured. */
  readonly measured?: number;
  /** How the measured figure reads, e.g. `0.62x raw`. */
  readonly shown: string;
  /** Whether it is met; `undefined` = not measured in this run. */
  readonly met?: boolean;
}

type Find = (workload: string, family: string, role?: BenchResult['role']) => BenchResult | undefined;

interface TargetRule {
  readonly target: string;
  readonly check: (find: Find, results: readonly BenchResult[]) => { measured: number; shown: string; met: boolean } | undefined;
}

const ratio = (workload: string, family: string, field: 'vsRaw' | 'vsPeer', op: '>=' | '<=', bound: number, against: string): TargetRule => ({
  target: `${family} ${workload} ${op} ${bound}x ${against}`,
  check: (find) => {
    const row = find(workload, family);
    const v = row?.[field];
    if (v === undefined) return undefined;
    const label = field === 'vsRaw' ? row!.rawSubject : row!.peerSubject;
    return { measured: v, shown: `${formatRatio(v)}x ${label}`, met: op === '>=' ? v >= bound : v <= bound };
  },
});

const RULES: readonly TargetRule[] = [
  ratio('get', 'memory', 'vsRaw', '>=', 0.4, 'raw lru-cache get'),
  ratio('get', 'memory', 'vsPeer', '>=', 5, "Keyv's default memory store"),
  ratio('put-many', 'sqlite', 'vsRaw', '>=', 0.5, 'raw better-sqlite3 inserts in one transaction'),
  ratio('get', 'sqlite', 'vsRaw', '>=', 0.5, 'raw prepared point select'),
  ratio('get', 'sqlite', 'vsPeer', '>=', 20, '@keyv/sqlite'),
  ratio('durable-put', 'sqlite', 'vsRaw', '>=', 0.8, 'raw autocommit in the same mode'),
  ratio('list-10k', 'sqlite', 'vsRaw', '<=', 2, 'raw range scan + parse (time)'),
  ratio('get-parallel', 'redis', 'vsRaw', '>=', 0.7, 'raw ioredis with auto-pipelining'),
  ratio('put-many', 'redis', 'vsRaw', '>=', 0.5, 'raw ioredis pipeline'),
  {
    target: 'redis single get <= 1.3x the raw round trip (p50 latency)',
    check: (find) => {
      const ours = find('get', 'redis');
      const raw = find('get', 'redis', 'raw');
      if (ours?.p50Ms === undefined || raw?.p50Ms === undefined) return undefined;
      const v = ours.p50Ms / raw.p50Ms;
      return { measured: v, shown: `${formatRatio(v)}x (${ours.p50Ms.toFixed(3)} vs ${raw.p50Ms.toFixed(3)} ms)`, met: v <= 1.3 };
    },
  },
  {
    target: 'memory exact top-10 at 100k × 384 <= 15 ms',
    check: (find) => {
      const row = find('vector-100k', 'memory');
      return row && { measured: row.value, shown: `${row.value.toFixed(1)} ms`, met: row.value <= 15 };
    },
  },
  {
    target: 'no backend slower than plain JS brute force at 100k × 384',
    check: (_find, results) => {
      const raw = results.find((r) => r.workload === 'vector-100k' && r.role === 'raw');
      const ours = results.filter((r) => r.workload === 'vector-100k' && r.role === 'ours');
      if (!raw || ours.length === 0) return undefined;
      const worst = ours.reduce((a, b) => (b.value > a.value ? b : a));
      const v = worst.value / raw.value;
      return { measured: v, shown: `slowest ${worst.subject}: ${worst.value.toFixed(1)} ms vs ${raw.value.toFixed(1)} ms`, met: v <= 1 };
    },
  },
  {
    target: 'ANN recall@10 >= 0.95 at <= 10 ms (100k × 384)',
    check: (_find, results) => {
      const ann = results.filter((r) => r.workload === 'vector-100k' && r.extra?.['mode'] === 'approximate');
      if (ann.length === 0) return undefined;
      const worst = ann.reduce((a, b) => (Number(b.extra!['recallAt10']) < Number(a.extra!['recallAt10']) ? b : a));
      const recall = Number(worst.extra!['recallAt10']);
      return { measured: recall, shown: `${worst.subject}: recall ${recall.toFixed(3)} at ${worst.value.toFixed(1)} ms`, met: ann.every((r) => Number(r.extra!['recallAt10']) >= 0.95 && r.value <= 10) };
    },
  },
];

/** Checks every target against the results of one run. */
export function checkTargets(results: readonly BenchResult[]): TargetCheck[] {
  const find: Find = (workload, family, role = 'ours') => results.find((r) => r.workload === workload && r.family === family && r.role === role);
  return RULES.map((rule) => {
    const outcome = rule.check(find, results);
    return outcome ? { target: rule.target, ...outcome } : { target: rule.target, shown: 'not measured in this run' };
  });
}
