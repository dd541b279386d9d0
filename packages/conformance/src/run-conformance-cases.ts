import { runCase, type GroupId } from './conformance-case.js';
import { resolveConformanceOptions, type ConformanceOptions } from './conformance-options.js';
import { planConformance, probeCapabilities } from './conformance-plan.js';

/** The outcome of one case (or of a whole skipped or misconfigured group). */
export interface CaseResult {
  /** The group the case belongs to. */
  readonly group: GroupId;
  /** The case title; for a skipped or misconfigured group, the reason. */
  readonly title: string;
  /** `skipped` only for groups the capabilities do not call for. */
  readonly status: 'passed' | 'failed' | 'skipped';
  /** Why the case failed. */
  readonly error?: unknown;
  /** Wall time of the case. */
  readonly durationMs: number;
}

/** What to run of the suite. */
export interface RunCasesOptions {
  /** Only these groups. @default every group */
  readonly groups?: readonly GroupId[];
  /** Called after each case, e.g. to print progress. */
  readonly onResult?: (result: CaseResult) => void;
}

/**
 * Runs the suite without declaring vitest tests: the same cases `describeBackendConformance`
 * declares, one after another, each on a fresh store. The self-test runs broken backends through it.
 */
export async function runConformanceCases(options: ConformanceOptions, run: RunCasesOptions = {}): Promise<CaseResult[]> {
  const resolved = resolveConformanceOptions(options);
  const capabilities = await probeCapabilities(resolved);
  const results: CaseResult[] = [];
  const report = (result: CaseResult): void => {
    results.push(result);
    run.onResult?.(result);
  };
  for (const planned of planConformance(capabilities, resolved, run.groups)) {
    const group = planned.group.id;
    if (planned.kind !== 'run') {
      const failed = planned.kind === 'misconfigured';
      report({ group, title: planned.reason, status: failed ? 'failed' : 'skipped', ...(failed ? { error: new Error(planned.reason) } : {}), durationMs: 0 });
      continue;
    }
    for (const testCase of planned.cases) {
      const started = performance.now();
      try {
        await runCase(testCase, resolved);
        report({ group, title: testCase.title, status: 'passed', durationMs: performance.now() - started });
      } catch (error) {
        report({ group, title: testCase.title, status: 'failed', error, durationMs: performance.now() - started });
      }
    }
  }
  return results;
}
