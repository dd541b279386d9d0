import { describe, expect, it } from 'vitest';
import { createSqliteBackend } from '../src/index.js';
import { finished, spawnFixture } from './child-process.js';
import { tempFolder } from './temp-store.js';

const folder = tempFolder('cas');
const CHILDREN = 4;
const TIMES = 1000;

describe('compare-and-set across processes', () => {
  it(`${CHILDREN} processes x ${TIMES} CAS increments on one key end at exactly ${CHILDREN * TIMES}`, async () => {
    const path = folder.file('cas.db');
    const parent = createSqliteBackend({ path });
    await parent.put(['cas'], 'counter', 0);
    const started = Date.now();
    const runs = await Promise.all(Array.from({ length: CHILDREN }, () => finished(spawnFixture('cas-worker.ts', { path, times: TIMES, startAt: started + 2000 }), 90_000)));
    for (const run of runs) expect(run, run.stderr).toMatchObject({ code: 0 });
    const conflicts = runs.reduce((sum, run) => sum + (JSON.parse(run.stdout) as { conflicts: number }).conflicts, 0);
    const entry = await parent.get(['cas'], 'counter');
    expect(entry).toMatchObject({ value: CHILDREN * TIMES, version: CHILDREN * TIMES + 1 });
    console.info(`cross-process CAS: ${CHILDREN * TIMES} increments, ${conflicts} conflicts retried, ${Date.now() - started} ms`);
    await parent.close();
  }, 120_000);
});
