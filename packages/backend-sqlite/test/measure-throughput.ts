// Figures for the README: this backend next to raw better-sqlite3 on the same machine, in one run
// (ratios are what to compare; absolute numbers swing with machine load).
// Run: node --conditions=@mem/source --import tsx test/measure-throughput.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { createSqliteBackend } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'mem-sqlite-measure-'));
const value = { text: 'x'.repeat(150), n: 42, tags: ['a', 'b'] };
const json = JSON.stringify(value);
const N = 10_000;

async function rate(label: string, ops: number, run: () => unknown): Promise<number> {
  const started = performance.now();
  await run();
  const seconds = (performance.now() - started) / 1000;
  const perSecond = ops / seconds;
  console.log(`${label.padEnd(44)} ${Math.round(perSecond).toLocaleString('en').padStart(10)} ops/s  (${(seconds * 1000).toFixed(1)} ms)`);
  return perSecond;
}

function rawDb(name: string, synchronous: string): BetterSqlite3.Database {
  const db = new BetterSqlite3(join(dir, name));
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.exec('CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT NOT NULL)');
  return db;
}

const results: Record<string, number> = {};
for (const durability of ['normal', 'full'] as const) {
  const raw = rawDb(`raw-${durability}.db`, durability.toUpperCase());
  const insert = raw.prepare('INSERT OR REPLACE INTO kv (k, v) VALUES (?, ?)');
  const writes = durability === 'full' ? 2000 : 5000;
  results[`raw put ${durability}`] = await rate(`raw autocommit insert (${durability})`, writes, () => {
    for (let i = 0; i < writes; i++) insert.run(`k${i}`, json);
  });
  const store = createSqliteBackend({ path: join(dir, `mem-${durability}.db`), durability });
  results[`put ${durability}`] = await rate(`mem put, await each (${durability})`, writes, async () => {
    for (let i = 0; i < writes; i++) await store.put(['bench'], `k${i}`, value);
  });
  raw.close();
  await store.close();
}

const raw = rawDb('raw-bulk.db', 'NORMAL');
const insert = raw.prepare('INSERT INTO kv (k, v) VALUES (?, ?)');
results['raw bulk'] = await rate(`raw ${N} inserts in one transaction`, N, () => raw.transaction(() => {
  for (let i = 0; i < N; i++) insert.run(`k${String(i).padStart(6, '0')}`, json);
})());
const store = createSqliteBackend({ path: join(dir, 'mem-bulk.db') });
const items = Array.from({ length: N }, (_, i) => ({ namespace: ['bench'], key: `k${String(i).padStart(6, '0')}`, value }));
results['putMany'] = await rate(`mem putMany of ${N}`, N, () => store.putMany(items));

const select = raw.prepare('SELECT v FROM kv WHERE k = ?');
results['raw get'] = await rate('raw prepared point select + JSON.parse', N * 5, () => {
  for (let i = 0; i < N * 5; i++) JSON.parse((select.get(`k${String(i % N).padStart(6, '0')}`) as { v: string }).v);
});
results['get'] = await rate('mem get, await each', N * 5, async () => {
  for (let i = 0; i < N * 5; i++) await store.get(['bench'], `k${String(i % N).padStart(6, '0')}`);
});

const scan = raw.prepare('SELECT k, v FROM kv WHERE k >= ? AND k < ? ORDER BY k');
results['raw scan'] = await rate(`raw ${N}-row range scan + JSON.parse (x10)`, 10, () => {
  for (let r = 0; r < 10; r++) for (const row of scan.all('k', 'l') as { v: string }[]) JSON.parse(row.v);
});
results['list'] = await rate(`mem list of ${N} (x10)`, 10, async () => {
  for (let r = 0; r < 10; r++) await store.list({ prefix: ['bench'], limit: N });
});

const DIM = 384;
const vectors = Array.from({ length: 20_000 }, () => Float32Array.from({ length: DIM }, () => Math.random() - 0.5));
await store.putMany(vectors.map((embedding, i) => ({ namespace: ['vec', `p${i % 4}`], key: `v${i}`, value: i, embedding, metadata: { bucket: i % 10 } })));
results['search'] = await rate('mem search k=10 over 20k x 384', 20, async () => {
  for (let q = 0; q < 20; q++) await store.search({ vector: vectors[q]!, k: 10 });
});
results['search filtered'] = await rate('mem search k=10, prefix 1/4 + filter 1/10', 20, async () => {
  for (let q = 0; q < 20; q++) await store.search({ vector: vectors[q]!, k: 10, prefix: ['vec', 'p1'], filter: { bucket: 3 } });
});

console.log('\nratios (mem / raw):');
console.log(`  get ${(results['get']! / results['raw get']!).toFixed(2)}  putMany ${(results['putMany']! / results['raw bulk']!).toFixed(2)}  ` +
  `put normal ${(results['put normal']! / results['raw put normal']!).toFixed(2)}  put full ${(results['put full']! / results['raw put full']!).toFixed(2)}  ` +
  `list time ${(results['raw scan']! / results['list']!).toFixed(2)}x raw`);
await store.close();
raw.close();
rmSync(dir, { recursive: true, force: true });
