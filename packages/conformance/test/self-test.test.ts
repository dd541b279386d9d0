import { createMemoryBackend } from '@mem/backend-memory';
import { describe, expect, it } from 'vitest';
import { GROUP_IDS, runConformanceCases, type CaseResult, type ConformanceOptions } from '../src/index.js';
import { persistentMemory } from './support/mutants.js';

function describeFailures(results: CaseResult[]): string[] {
  return results.filter((r) => r.status === 'failed').map((r) => `${r.group}: ${r.title}: ${String(r.error).slice(0, 500)}`);
}

// The controls of the mutant test: the correct backends pass every case they are given, so a
// mutant's failures come from its bug, not from a suite that fails everything.
describe('correct backends pass the suite', () => {
  it('the in-memory backend passes every case; groups it cannot run are skipped with a reason', async () => {
    const results = await runConformanceCases({ name: 'memory', create: async () => createMemoryBackend() });
    expect(describeFailures(results)).toEqual([]);
    const skipped = results.filter((r) => r.status === 'skipped');
    expect(skipped.map((r) => r.group).sort()).toEqual(['cross-process', 'persistence', 'two-instances']);
    for (const s of skipped) expect(s.title.length).toBeGreaterThan(10);
    expect(results.filter((r) => r.status === 'passed').length).toBeGreaterThanOrEqual(150);
  }, 120_000);

  it('the in-memory backend behind reopenable handles passes the persistence and two-instance groups too', async () => {
    const results = await runConformanceCases(persistentMemory('memory-handles'));
    expect(describeFailures(results)).toEqual([]);
    const groups = new Set(results.filter((r) => r.status === 'passed').map((r) => r.group));
    expect(GROUP_IDS.filter((g) => !groups.has(g))).toEqual(['cross-process']);
  }, 120_000);

  it("an exact backend declared 'approximate' passes the recall check (recall 1.0)", async () => {
    const results = await runConformanceCases(
      {
        name: 'memory-as-approximate',
        create: async () => {
          const backend = createMemoryBackend();
          return Object.assign(Object.create(backend) as typeof backend, { capabilities: { ...backend.capabilities, vectorSearch: 'approximate' as const } });
        },
      },
      { groups: ['vector'] },
    );
    expect(describeFailures(results)).toEqual([]);
    expect(results.some((r) => r.title.includes('recall@10'))).toBe(true);
  });

  it('a backend that claims persistent without a reopen hook fails loudly instead of skipping', async () => {
    const { create } = persistentMemory('no-reopen');
    const options: ConformanceOptions = { name: 'no-reopen', create };
    const results = await runConformanceCases(options, { groups: ['persistence', 'model'] });
    expect(results.filter((r) => r.status === 'failed').map((r) => r.group)).toEqual(['persistence', 'model']);
    expect(String(results[0]!.error)).toContain('no reopen hook');
  });

  it('a backend that claims crossProcess without second and childProcess hooks fails loudly', async () => {
    const options: ConformanceOptions = {
      name: 'claims-cross-process',
      create: async () => {
        const backend = createMemoryBackend();
        return Object.assign(Object.create(backend) as typeof backend, { capabilities: { ...backend.capabilities, crossProcess: true } });
      },
    };
    const results = await runConformanceCases(options, { groups: ['two-instances', 'cross-process'] });
    expect(results.map((r) => [r.group, r.status])).toEqual([
      ['two-instances', 'failed'],
      ['cross-process', 'failed'],
    ]);
  });
});
