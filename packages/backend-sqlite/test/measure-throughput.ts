// Figures for the README: this backend next to raw better-sqlite3 on the same machine. Raw and mem
// runs alternate and the median ratio of the rounds is reported, because this machine's load swings
// absolute numbers by ±50 %. Run: node --conditions=@mem/source --import tsx test/measure-throughput.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { createSqliteBackend, type SqliteBackend } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'mem-sqlite-measure-'));
const value = { text: 'x'.repeat(150), n: 42, tags: ['a', 'b'] };
const json = JSON.stringify(value);
const N = 10_000;
const ROUNDS = 5;
const key = (i: number) => `k${String(i).padStart(6, '0')}`;
let files = 0;

function rawDb(synchronous: 'NORMAL' | 'FULL'): BetterSqlite3.Database {
  const db = new BetterSqlite3(join(dir, `raw-${files++}.db`));
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.exec('CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT NOT NULL)');
  return db;
}
const memDb = (durability: 'normal' | 'full'): SqliteBackend => createSqliteBackend({ path: join(dir, `mem-${files++}.db`), durability });

async function seconds(run: () => unknown): Promise<number> {
  const started = performance.now();
  await run();
  return (performance.now() - started) / 1000;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Runs raw and mem alternately; prints median ops/s of each and the median of per-round ratios. */
async function compare(label: string, ops: number, raw: () => unknown, mem: () => unknown): Promise<void> {
  const rawRates: number[] = [];
  const memRates: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const a = ops / (await seconds(raw));
    const b = ops / (await seconds(mem));
    rawRates.push(a);
    memRates.push(b);
    ratios.push(b / a);
  }
  const fmt = (n: number) => Math.round(n).toLocaleString('en').padStart(9);
  console.log(`${label.padEnd(34)} raw ${fmt(median(rawRates))}/s  mem ${fmt(median(memRates))}/s  mem/raw ${median(ratios).toFixed(2)}`);
}

for (const durability of ['normal', 'full'] as const) {
  const writes = durability === 'full' ? 300 : 3000;
  const raw = rawDb(durability === 'full' ? 'FULL' : 'NORMAL');
  const insert = raw.prepare('INSERT OR REPLACE INTO kv (k, v) VALUES (?, ?)');
  const store = memDb(durability);
  await compare(`put, one commit each (${durability})`, writes, () => {
    for (let i = 0; i < writes; i++) insert.run(key(i), json);
  }, async () => {
    for (let i = 0; i < writes; i++) await store.put(['bench'], key(i), value);
  });
  raw.close();
  await store.close();
}

const items = Array.from({ length: N }, (_, i) => ({ namespace: ['bench'], key: key(i), value }));
{
  const raw = rawDb('NORMAL');
  const insert = raw.prepare('INSERT OR REPLACE INTO kv (k, v) VALUES (?, ?)');
  const store = memDb('normal');
  await compare(`${N} writes in one transaction`, N, () => raw.transaction(() => {
    for (let i = 0; i < N; i++) insert.run(key(i), JSON.stringify(value));
  })(), () => store.putMany(items));

  const select = raw.prepare('SELECT v FROM kv WHERE k = ?');
  await compare('point read (+ JSON.parse)', N, () => {
    for (let i = 0; i < N; i++) JSON.parse((select.get(key(i)) as { v: string }).v);
  }, async () => {
    for (let i = 0; i < N; i++) await store.get(['bench'], key(i));
  });

  const scan = raw.prepare('SELECT k, v FROM kv WHERE k >= ? AND k < ? ORDER BY k');
  await compare(`range of ${N} (+ JSON.parse) / list`, 1, () => {
    for (const row of scan.all('k', 'l') as { v: string }[]) JSON.parse(row.v);
  }, () => store.list({ prefix: ['bench'], limit: N }));
  raw.close();

  const DIM = 384;
  const vectors = Array.from({ length: 20_000 }, () => Float32Array.from({ length: DIM }, () => Math.random() - 0.5));
  await store.putMany(vectors.map((embedding, i) => ({ namespace: ['vec', `p${i % 4}`], key: `v${i}`, value: i, embedding, metadata: { bucket: i % 10 } })));
  for (const [label, extra] of [['search k=10, 20k x 384', {}], ['search k=10, prefix 1/4 + filter', { prefix: ['vec', 'p1'], filter: { bucket: 3 } }]] as const) {
    const times: number[] = [];
    for (let q = 0; q < 10; q++) times.push(await seconds(() => store.search({ vector: vectors[q]!, k: 10, ...extra })));
    console.log(`${label.padEnd(34)} median ${(median(times) * 1000).toFixed(1)} ms/query`);
  }
  await store.close();
}
rmSync(dir, { recursive: true, force: true });
