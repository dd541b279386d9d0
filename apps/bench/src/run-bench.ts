import { loadavg } from 'node:os';
import { benchKey, benchValues } from './data/bench-values.js';
import { buildFamilies, FAMILY_NAMES } from './families/build-families.js';
import { forceGc } from './measure/heap-footprint.js';
import { attachRatios, type BenchResult, type BenchSkip } from './report/bench-result.js';
import { machineInfo, packageVersions, type MachineInfo } from './report/machine-info.js';
import { checkTargets, type TargetCheck } from './report/targets.js';
import { ALL_WORKLOADS } from './workloads/all-workloads.js';
import { FULL_SCALE, QUICK_SCALE, type BenchScale } from './workloads/bench-scale.js';
import type { WorkloadContext } from './workloads/workload.js';

/** What to run. */
export interface BenchOptions {
  /** Small sizes and short loops (under 60 s). */
  readonly quick: boolean;
  /** Backend families to run, e.g. `['memory', 'sqlite']`. */
  readonly backends: readonly string[];
  /** Workload ids to run. */
  readonly workloads: readonly string[];
  /** The command line, recorded in the report. */
  readonly command: string;
}

/** Receives progress: steps done out of total, and what runs now. */
export interface BenchProgress {
  start(total: number): void;
  update(done: number, task: string): void;
  stop(): void;
}

/** Everything one run produced. */
export interface BenchReport {
  readonly command: string;
  readonly quick: boolean;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly scale: BenchScale;
  readonly machine: MachineInfo & { readonly loadAverageAtEnd: number };
  readonly versions: Record<string, string>;
  readonly workloads: readonly { readonly id: string; readonly title: string }[];
  readonly results: BenchResult[];
  readonly skipped: BenchSkip[];
  readonly targets: TargetCheck[];
  /** Wall-clock time each (family, workload) took, set-up included: where a run's minutes go. */
  readonly timings: { readonly family: string; readonly workload: string; readonly ms: number }[];
}

// A hung backend must not hang the run: the workload is reported as failed and the run goes on.
async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not finish within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Runs the chosen workloads on every chosen family; failures become skips with reasons, never silence. */
export async function runBench(options: BenchOptions, progress?: BenchProgress): Promise<BenchReport> {
  const started = Date.now();
  const machine = machineInfo();
  const scale = options.quick ? QUICK_SCALE : FULL_SCALE;
  const workloads = ALL_WORKLOADS.filter((w) => options.workloads.includes(w.id));
  const results: BenchResult[] = [];
  const skipped: BenchSkip[] = [];
  const timings: BenchReport['timings'] = [];
  const values = benchValues(Math.max(scale.keyspace, scale.listEntries));
  const keys = values.map((_, i) => benchKey(i));
  const { families, skipped: familySkips } = await buildFamilies(options.backends);
  for (const s of familySkips) skipped.push({ workload: '*', family: s.family, reason: s.reason });
  const shared = workloads.filter((w) => w.shared);
  const total = shared.length + families.length * workloads.length;
  let done = 0;
  progress?.start(total);
  const context = (workload: string, family: WorkloadContext['family'] | undefined, label: string): WorkloadContext => ({
    scale,
    values,
    keys,
    family: family!,
    record: (row) => results.push({ workload, family: family?.name ?? 'vectors', ...row }),
    skip: (reason, subject) => skipped.push({ workload, family: family?.name ?? 'vectors', ...(subject ? { subject } : {}), reason }),
    status: (text) => progress?.update(done, `${label}: ${text}`),
  });
  try {
    for (const w of shared) {
      const t = Date.now();
      try {
        await w.shared!(context(w.id, undefined, w.id));
      } catch (error) {
        skipped.push({ workload: w.id, family: 'vectors', reason: `failed: ${message(error)}` });
      }
      timings.push({ family: 'vectors', workload: w.id, ms: Date.now() - t });
      progress?.update(++done, w.id);
    }
    for (const family of families) {
      for (const w of workloads) {
        const ctx = context(w.id, family, `${family.name} ${w.id}`);
        ctx.status('starting');
        forceGc();
        const t = Date.now();
        try {
          await withTimeout(w.run(ctx), scale.workloadTimeoutMs);
        } catch (error) {
          ctx.skip(`failed: ${message(error)}`);
        }
        timings.push({ family: family.name, workload: w.id, ms: Date.now() - t });
        progress?.update(++done, `${family.name} ${w.id}`);
      }
    }
  } finally {
    progress?.stop();
    for (const family of families) await family.dispose().catch(() => {});
  }
  attachRatios(results);
  const finished = Date.now();
  return {
    command: options.command,
    quick: options.quick,
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date(finished).toISOString(),
    durationMs: finished - started,
    scale,
    machine: { ...machine, loadAverageAtEnd: Math.round(loadavg()[0]! * 100) / 100 },
    versions: packageVersions(),
    workloads: workloads.map(({ id, title }) => ({ id, title })),
    results,
    skipped,
    targets: checkTargets(results),
    timings,
  };
}

/** Every family and workload id, for `--help` and defaults. */
export const KNOWN = { backends: FAMILY_NAMES, workloads: ALL_WORKLOADS.map((w) => w.id) };
