import { afterAll, describe, expect, it } from 'vitest';
import { createLanceDbBackend } from '../src/index.js';
import { exited, onLines, spawnTs, supportFile } from './support/child-runner.js';
import { removeTempStores, tempStorePath } from './support/temp-store.js';

afterAll(removeTempStores);

describe('lancedb backend across processes', () => {
  it('CAS increments from 3 processes give exactly N, each racing insert has one winner, and every append persists', async () => {
    const path = tempStorePath('xproc');
    const backend = await createLanceDbBackend({ path });
    await backend.put(['shared'], 'counter', 0);
    const increments = 12;
    const appends = 20;
    const children = ['a', 'b', 'c'].map((id) => spawnTs(supportFile('cas-child.ts'), [path, id, String(increments), String(appends)], 'pipe'));
    const reports: { id: string; conflicts: number }[] = [];
    let ready = 0;
    for (const child of children) {
      onLines(child, (line) => {
        if (line !== 'ready') reports.push(JSON.parse(line) as { id: string; conflicts: number });
        else if (++ready === children.length) for (const c of children) c.stdin!.end('go\n');
      });
    }
    const exits = await Promise.all(children.map((child) => exited(child, 90_000)));
    for (const exit of exits) expect(exit.code, exit.stderr).toBe(0);
    expect(reports).toHaveLength(3);
    const counter = await backend.get(['shared'], 'counter');
    expect(counter).toMatchObject({ value: 3 * increments, version: 3 * increments + 1 });
    // Conflicts prove the processes really overlapped; the count above proves none was lost.
    expect(reports.reduce((sum, r) => sum + r.conflicts, 0)).toBeGreaterThan(0);
    const races = await backend.list({ prefix: ['shared'], keyPrefix: 'race-' });
    expect(races.entries).toHaveLength(increments);
    expect(races.entries.every((e) => e.version === 1)).toBe(true);
    for (const id of ['a', 'b', 'c']) expect((await backend.list({ prefix: ['append', id] })).entries).toHaveLength(appends);
    expect((await backend.stats()).details?.['storedRows']).toBe(1 + increments + 3 * appends);
    await backend.close();
  }, 120_000);

  it('a second instance sees the first one\'s commits on its next read', async () => {
    const path = tempStorePath('two');
    const a = await createLanceDbBackend({ path });
    const b = await createLanceDbBackend({ path });
    await a.put(['n'], 'k', 1, { embedding: [1, 0] });
    expect((await b.get(['n'], 'k'))?.value).toBe(1);
    expect(await b.search({ vector: [1, 0] })).toHaveLength(1);
    await b.put(['n'], 'k', 2, { ifVersion: 1 });
    await expect(a.put(['n'], 'k', 3, { ifVersion: 1 })).rejects.toMatchObject({ code: 'VERSION_CONFLICT', actualVersion: 2 });
    await Promise.all([a.close(), b.close()]);
  });
});
