import fc from 'fast-check';
import type { CaseContext, ConformanceCase, ConformanceGroup } from '../conformance-case.js';
import { openCase } from '../conformance-case.js';
import { modelCommands } from '../model/model-commands.js';
import { ReferenceModel } from '../model/reference-model.js';

// Each generated sequence runs on a fresh store, so fast-check can replay and shrink a failure alone.
async function runModel(t: CaseContext, commands: { reopen: boolean; expire: boolean }, maxCommands: number, runs: number, seedOffset: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.commands(modelCommands(commands), { maxCommands, size: 'max' }), async (cmds) => {
      const fresh = await openCase(t.options);
      try {
        await fc.asyncModelRun(() => ({ model: new ReferenceModel(), real: fresh }), cmds);
      } finally {
        await fresh.dispose();
      }
    }),
    { numRuns: runs, seed: t.options.modelSeed + seedOffset, endOnFailure: false, interruptAfterTimeLimit: t.options.caseTimeoutMs * 3 },
  );
}

/** fast-check command sequences against a reference model; failures shrink to a minimal sequence. */
export const modelGroup: ConformanceGroup = {
  id: 'model',
  title: 'model-based sequences',
  select: (capabilities, options) =>
    capabilities.persistent && !options.reopen ? { kind: 'misconfigured', reason: 'the backend declares persistent but no reopen hook was given' } : { kind: 'run' },
  cases: (capabilities, options) => {
    const cases: ConformanceCase[] = [
      {
        title: `put/get/CAS/delete/list/clear/stats sequences match the reference model (${options.modelRuns} runs)`,
        timeoutFactor: 4,
        run: (t) => runModel(t, { reopen: false, expire: false }, 40, t.options.modelRuns, 0),
      },
      {
        title: 'sequences with expiring entries match the reference model',
        timeoutFactor: 4,
        run: (t) => runModel(t, { reopen: false, expire: true }, 15, Math.max(3, Math.ceil(t.options.modelRuns / 3)), 1),
      },
    ];
    if (capabilities.persistent) {
      cases.push({
        title: 'sequences with reopen in between match the reference model',
        timeoutFactor: 4,
        run: (t) => runModel(t, { reopen: true, expire: false }, 30, Math.max(3, Math.ceil(t.options.modelRuns / 2)), 2),
      });
    }
    return cases;
  },
};
