import { describe, expect, it } from 'vitest';
import { runConformanceCases, type CaseResult } from '../src/index.js';
import { MUTANTS } from './support/mutants.js';

function failuresByGroup(results: CaseResult[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const r of results) if (r.status === 'failed') (out[r.group] ??= []).push(r.title);
  return out;
}

// Each mutant is the in-memory backend with one rule broken; the suite must notice, in the groups
// that exist to notice it. The same cases run here as in describeBackendConformance.
describe('the suite catches broken backends', () => {
  it('has at least 6 mutants', () => {
    expect(MUTANTS.length).toBeGreaterThanOrEqual(6);
  });

  for (const mutant of MUTANTS) {
    it(`${mutant.name} (${mutant.bug}) fails ${mutant.caughtBy.join(', ')}`, async () => {
      const results = await runConformanceCases(mutant.options);
      const failures = failuresByGroup(results);
      for (const group of mutant.caughtBy) expect(failures[group]?.length ?? 0, `failures in ${group}; all failures: ${JSON.stringify(failures)}`).toBeGreaterThan(0);
      if (mutant.caughtByCase) expect(Object.values(failures).flat().some((title) => title.includes(mutant.caughtByCase!))).toBe(true);
    }, 120_000);
  }
});
