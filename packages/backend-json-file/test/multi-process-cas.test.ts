import { afterAll, describe, expect, it } from 'vitest';
import { spawnWorker, waitForExit } from './children/spawn-worker.js';
import { openStore, tempDirectory } from './temp-store.js';

const temp = tempDirectory();
afterAll(() => temp.cleanup());

describe('json-file: compare-and-set across processes', () => {
  it('4 processes × 500 CAS increments end at exactly 2000', async () => {
    const path = temp.file();
    const started = Date.now();
    const results = await Promise.all([0, 1, 2, 3].map(() => waitForExit(spawnWorker('cas', path, 500), 150_000)));
    for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0 });
    const conflicts = results.reduce((sum, r) => sum + Number(/conflicts (\d+)/.exec(r.stdout)?.[1]), 0);
    console.info(`json-file CAS: 2000 increments by 4 processes in ${Date.now() - started} ms, ${conflicts} version conflicts retried`);
    const store = await openStore(path);
    const counter = await store.get(['cas'], 'counter');
    expect(counter?.value).toBe(2000);
    expect(counter?.version).toBe(2000);
    await store.close();
  }, 180_000);
});
