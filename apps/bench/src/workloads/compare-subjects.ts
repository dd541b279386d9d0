import type { Measurement } from '../measure/measure-ops.js';
import type { BenchResult } from '../report/bench-result.js';
import { missingOperationReason, type KvSubject } from '../subjects/kv-subject.js';
import type { WorkloadContext } from './workload.js';

/** How one workload measures each subject in interleaved rounds. */
export interface RoundSpec {
  /** The operation a subject must have. */
  readonly needs: keyof KvSubject;
  /** Unmeasured set-up, e.g. loading the keys to read. */
  prepare?(subject: KvSubject): Promise<void>;
  /** One measured round of `durationMs`; `first` is true for the subject's first round (warm-up belongs there). */
  measure(subject: KvSubject, durationMs: number, first: boolean): Promise<Measurement>;
  /** The result row from the subject's best round. */
  row(subject: KvSubject, best: Measurement, rounds: number): Omit<BenchResult, 'workload' | 'family'>;
}

/** Openers of our subject and, unless overridden, the family's raws and peers. */
export interface SubjectOpeners {
  readonly ours: () => Promise<KvSubject>;
  readonly raws?: readonly (() => KvSubject)[];
  readonly peers?: readonly (() => KvSubject)[];
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

// A subject slower than this many budgets (e.g. seconds per call) stops after the round in progress.
const SLOW_SUBJECT_BUDGETS = 3;

/**
 * Opens every subject, prepares each, then measures them in interleaved rounds (ours, raw, peer,
 * ours, raw, peer, …) and keeps each subject's best round. On a shared, noisy machine a stall hits
 * one round of one subject; interleaving and best-of keep it out of the ratio.
 */
export async function compareSubjects(ctx: WorkloadContext, open: SubjectOpeners, spec: RoundSpec): Promise<void> {
  const openers = [open.ours, ...(open.raws ?? ctx.family.raws), ...(open.peers ?? ctx.family.peers)];
  const subjects: KvSubject[] = [];
  try {
    for (const opener of openers) {
      let subject: KvSubject;
      try {
        subject = await opener();
      } catch (error) {
        ctx.skip(`could not open: ${message(error)}`);
        continue;
      }
      subjects.push(subject);
    }
    const active: { subject: KvSubject; best?: Measurement; spentMs: number; rounds: number; failed?: boolean }[] = [];
    for (const subject of subjects) {
      if (subject[spec.needs] === undefined) {
        ctx.skip(missingOperationReason(spec.needs), subject.name);
        continue;
      }
      try {
        ctx.status(`${subject.name}: preparing`);
        await subject.reset();
        await spec.prepare?.(subject);
        active.push({ subject, spentMs: 0, rounds: 0 });
      } catch (error) {
        ctx.skip(`failed: ${message(error)}`, subject.name);
      }
    }
    const roundMs = ctx.scale.durationMs / ctx.scale.rounds;
    for (let round = 0; round < ctx.scale.rounds; round++) {
      for (const state of active) {
        if (state.failed || (state.rounds > 0 && state.spentMs > ctx.scale.durationMs * SLOW_SUBJECT_BUDGETS)) continue;
        ctx.status(`${state.subject.name}: round ${round + 1}/${ctx.scale.rounds}`);
        const t = performance.now();
        try {
          const m = await spec.measure(state.subject, roundMs, round === 0);
          if (!state.best || m.opsPerSec > state.best.opsPerSec) state.best = m;
          state.rounds++;
        } catch (error) {
          ctx.skip(`failed: ${message(error)}`, state.subject.name);
          Object.assign(state, { failed: true, best: undefined });
        }
        state.spentMs += performance.now() - t;
      }
    }
    for (const state of active) if (state.best) ctx.record(spec.row(state.subject, state.best, state.rounds));
  } finally {
    for (const subject of subjects) await Promise.resolve(subject.close()).catch(() => {});
  }
}
