import { benchKey, type BenchValue } from '../data/bench-values.js';
import type { BackendFamily } from '../families/backend-family.js';
import type { Measurement } from '../measure/measure-ops.js';
import type { BenchResult, Better } from '../report/bench-result.js';
import { missingOperationReason, type KvSubject } from '../subjects/kv-subject.js';
import type { BenchScale } from './bench-scale.js';

/** What a workload gets to run one family. */
export interface WorkloadContext {
  /** Sizes and times. */
  readonly scale: BenchScale;
  /** `scale.keyspace` values, built once. */
  readonly values: readonly BenchValue[];
  /** `benchKey(i)` for every value index, built once so no loop pays for string formatting. */
  readonly keys: readonly string[];
  /** The family under test. */
  readonly family: BackendFamily;
  /** Adds a measured row. */
  record(row: Omit<BenchResult, 'workload' | 'family'> & { family?: string }): void;
  /** Notes a row that was not measured and why. */
  skip(reason: string, subject?: string): void;
  /** Tells the progress display what runs now. */
  status(text: string): void;
}

/** One benchmark workload. */
export interface Workload {
  /** Id used by `--workloads`, e.g. `get-many`. */
  readonly id: string;
  /** One line saying what it measures. */
  readonly title: string;
  /** Runs every subject of one family. */
  run(ctx: WorkloadContext): Promise<void>;
  /** Runs family-independent baselines once per run, before any family (e.g. plain JS vector search). */
  shared?(ctx: WorkloadContext): Promise<void>;
}

/** A measured loop as a result row. */
export function loopRow(subject: KvSubject, m: Measurement, unit = 'ops/s', scale = 1, extra?: BenchResult['extra']): Omit<BenchResult, 'workload' | 'family'> {
  return {
    subject: subject.name,
    role: subject.role,
    value: m.opsPerSec * scale,
    unit,
    better: 'higher' as Better,
    opsPerSec: m.opsPerSec,
    p50Ms: m.p50Ms,
    p99Ms: m.p99Ms,
    ops: m.ops,
    ...(extra ? { extra } : {}),
  };
}

/** Our subject first, then raws, then peers: each opened fresh, run, closed. Subjects lacking the operation are skipped with a reason. */
export async function eachSubject(
  ctx: WorkloadContext,
  open: { ours: () => Promise<KvSubject>; raws?: readonly (() => KvSubject)[]; peers?: readonly (() => KvSubject)[] },
  needs: keyof KvSubject,
  body: (subject: KvSubject) => Promise<void>,
): Promise<void> {
  const openers = [open.ours, ...(open.raws ?? ctx.family.raws), ...(open.peers ?? ctx.family.peers)];
  for (const opener of openers) {
    let subject: KvSubject;
    try {
      subject = await opener();
    } catch (error) {
      ctx.skip(`could not open: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    try {
      if (subject[needs] === undefined) {
        ctx.skip(missingOperationReason(needs), subject.name);
        continue;
      }
      ctx.status(subject.name);
      await subject.reset();
      await body(subject);
    } catch (error) {
      ctx.skip(`failed: ${error instanceof Error ? error.message : String(error)}`, subject.name);
    } finally {
      await subject.close();
    }
  }
}

/** Fills keys `0..count-1` in batches of 1000 (or one by one without `putMany`). */
export async function prefill(subject: KvSubject, values: readonly BenchValue[], count: number, keyOf: (i: number) => string = benchKey): Promise<void> {
  for (let start = 0; start < count; start += 1000) {
    const items = [];
    for (let i = start; i < Math.min(count, start + 1000); i++) items.push({ key: keyOf(i), value: values[i % values.length]! });
    if (subject.bulkLoad) await subject.bulkLoad(items);
    else if (subject.putMany) await subject.putMany(items);
    else for (const { key, value } of items) await subject.put(key, value);
  }
}
