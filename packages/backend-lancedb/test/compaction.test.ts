import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLanceDbBackend } from '../src/index.js';
import { removeTempStores, tempStorePath } from './support/temp-store.js';
import { bytesUnder } from './support/disk-usage.js';

afterAll(removeTempStores);


describe('lancedb backend: compaction and version cleanup', () => {
  it('1,000 entries rewritten 30 times: after optimize() versions, fragments and disk stay bounded', async () => {
    const path = tempStorePath('compact');
    const backend = await createLanceDbBackend({ path, versionRetentionMs: 0, optimizeEveryWrites: 1_000_000 });
    const round = (r: number) =>
      backend.putMany(Array.from({ length: 1000 }, (_, i) => ({ namespace: ['c'], key: `k${i}`, value: { r, text: 'x'.repeat(100) }, embedding: [1, r, i] })));
    const samples: { bytes: number; versions: number; fragments: number }[] = [];
    for (let r = 0; r < 30; r++) {
      await round(r);
      // A few single puts and deletes too: each is its own commit and fragment.
      await backend.put(['c'], `k${r}`, r);
      await backend.delete(['c'], `k${r + 500}`);
      if (r % 10 === 9) {
        const before = bytesUnder(path);
        await backend.optimize();
        const stats = await backend.stats();
        samples.push({ bytes: bytesUnder(path), versions: Number(stats.details?.['tableVersion']), fragments: Number(stats.details?.['fragments']) });
        expect(samples.at(-1)!.bytes).toBeLessThan(before);
      }
    }
    if (process.env['MEM_LANCEDB_VERBOSE']) console.log(samples);
    const versionsOnDisk = readdirSync(join(path, 'entries.lance', '_versions')).length;
    expect(versionsOnDisk).toBeLessThanOrEqual(3);
    for (const s of samples) expect(s.fragments).toBeLessThanOrEqual(2);
    // Without cleanup each round leaves ~1,000 rewritten rows behind; with it the size stays flat.
    expect(samples[2]!.bytes).toBeLessThan(samples[0]!.bytes * 1.5);
    expect((await backend.stats()).entries).toBe(999);
    await backend.close();
  }, 120_000);
});
