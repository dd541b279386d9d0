// Operation latency and disk growth of the LanceDB backend (figures for the README).
// Usage: node --conditions=@mem/source --import tsx scripts/measure-ops.ts
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLanceDbBackend } from '../src/index.js';
import { bytesUnder } from '../test/support/disk-usage.js';

const perOp = async (n: number, op: (i: number) => Promise<unknown>): Promise<string> => {
  const start = performance.now();
  for (let i = 0; i < n; i++) await op(i);
  return `${((performance.now() - start) / n).toFixed(1)} ms`;
};
const value = (i: number) => ({ i, text: 'x'.repeat(150) });

for (const readConsistencyIntervalMs of [0, 1000]) {
  const dir = mkdtempSync(join(tmpdir(), 'mem-lancedb-ops-'));
  const b = await createLanceDbBackend({ path: dir, readConsistencyIntervalMs, optimizeEveryWrites: 1_000_000 });
  const start = performance.now();
  for (let i = 0; i < 10_000; i += 1000) await b.putMany(Array.from({ length: 1000 }, (_, j) => ({ namespace: ['ops'], key: `k${i + j}`, value: value(i + j) })));
  const bulk = ((10_000 / (performance.now() - start)) * 1000).toFixed(0);
  await b.optimize();
  const row = {
    readConsistencyIntervalMs,
    'putMany (1000/batch) rows/s': bulk,
    'put (update, 10k rows, optimized)': await perOp(100, (i) => b.put(['ops'], `k${i * 97}`, value(i))),
    'put with ifVersion': await perOp(50, async (i) => b.put(['ops'], `k${i * 89}`, value(i), { ifVersion: (await b.get(['ops'], `k${i * 89}`))!.version }).catch(() => undefined)),
    'get (after the 150 writes above)': await perOp(100, (i) => b.get(['ops'], `k${i * 13}`)),
    'list page of 100': await perOp(20, () => b.list({ limit: 100 })),
  };
  await b.optimize();
  row['get (optimized again)' as keyof typeof row] = (await perOp(100, (i) => b.get(['ops'], `k${i * 13}`))) as never;
  console.log(row);
  await b.close();
  rmSync(dir, { recursive: true, force: true });
}

for (const optimize of [false, true]) {
  const dir = mkdtempSync(join(tmpdir(), 'mem-lancedb-disk-'));
  const b = await createLanceDbBackend({ path: dir, versionRetentionMs: 0, optimizeEveryWrites: 1_000_000 });
  const sizes: string[] = [];
  for (let r = 1; r <= 30; r++) {
    await b.putMany(Array.from({ length: 1000 }, (_, i) => ({ namespace: ['d'], key: `k${i}`, value: value(r), embedding: [1, r, i] })));
    if (optimize && r % 10 === 0) await b.optimize();
    if (r % 10 === 0) sizes.push(`${r} rewrites: ${(bytesUnder(dir) / 1e6).toFixed(2)} MB, ${readdirSync(join(dir, 'entries.lance', '_versions')).length} versions`);
  }
  console.log(`1000 entries rewritten, optimize ${optimize ? 'every 10 rounds' : 'never'}: ${sizes.join('; ')}`);
  await b.close();
  rmSync(dir, { recursive: true, force: true });
}
