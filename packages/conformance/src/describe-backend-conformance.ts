import { describe, it } from 'vitest';
import { runCase } from './conformance-case.js';
import { resolveConformanceOptions, type ConformanceOptions } from './conformance-options.js';
import { planConformance, probeCapabilities } from './conformance-plan.js';

/** Title prefix of the placeholder test a skipped group reports (the CLI runner parses it). */
export const SKIPPED_PREFIX = 'skipped: ';

/**
 * Declares the conformance suite for one backend in the calling vitest file: one `describe` per
 * group, one `it` per case, each case on a fresh store from `create`. Groups follow the declared
 * capabilities; a skipped group shows up as one skipped test whose title gives the reason, and a
 * capability claimed without the hook it needs is a failing test.
 */
export function describeBackendConformance(options: ConformanceOptions): void {
  const resolved = resolveConformanceOptions(options);
  describe(`conformance: ${resolved.name}`, async () => {
    const capabilities = await probeCapabilities(resolved);
    for (const planned of planConformance(capabilities, resolved)) {
      describe(planned.group.title, () => {
        if (planned.kind === 'skip') {
          it.skipIf(true)(`${SKIPPED_PREFIX}${planned.reason}`, () => undefined);
        } else if (planned.kind === 'misconfigured') {
          const { reason } = planned;
          it(`misconfigured: ${reason}`, () => {
            throw new Error(`${resolved.name}: ${reason}`);
          });
        } else {
          for (const testCase of planned.cases) {
            it(testCase.title, () => runCase(testCase, resolved), resolved.caseTimeoutMs * (testCase.timeoutFactor ?? 1) + 5_000);
          }
        }
      });
    }
  });
}
