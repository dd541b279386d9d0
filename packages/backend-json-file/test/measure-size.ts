// Measures how put latency grows with the store size, for the README's "when to move to SQLite" table.
// Not a test (timings belong outside unit tests). Run:
//   node --conditions=@mem/source --import tsx test/measure-size.ts [1000,10000,50000]
import { readFileSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createJsonFileBackend } from '../src/index.js';
import { writeFileDurably } from '../src/store-file-io.js';
import { tempDirectory } from './temp-store.js';

const sizes = (process.argv[2] ?? '1000,10000,50000').split(',').map(Number);
const temp = tempDirectory('mem-json-measure-');
const value = (i: number) => ({ id: i, text: `memory ${i} `.padEnd(160, 'x'), tags: ['a', 'b'], score: i / 7 });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timeEach(n: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    times.push(performance.now() - t);
  }
  return median(times);
}

const fmt = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(1)} ms`);

/** One table row for a store of `size` entries (~230-byte values in 50 namespaces). */
async function measure(size: number): Promise<string> {
  const path = temp.file(`size-${size}.json`);
  const seed = await createJsonFileBackend({ path });
  await seed.putMany(Array.from({ length: size }, (_, i) => ({ namespace: ['agent', `conv-${i % 50}`], key: `k${i}`, value: value(i) })));
  await seed.close();
  const bytes = statSync(path).size;
  const t = performance.now();
  const store = await createJsonFileBackend({ path });
  const openMs = performance.now() - t;
  const putMs = await timeEach(30, (i) => store.put(['agent', 'conv-0'], `new-${i}`, value(i)));
  const getMs = await timeEach(200, (i) => store.get(['agent', `conv-${i % 50}`], `k${i}`));
  // Group commit: 200 puts issued together share file replaces.
  const t2 = performance.now();
  await Promise.all(Array.from({ length: 200 }, (_, i) => store.put(['agent', 'conv-2'], `c-${i}`, value(i))));
  const concurrentMs = performance.now() - t2;
  await store.close();
  const batched = await createJsonFileBackend({ path, durability: 'batched', flushIntervalMs: 100 });
  const batchedMs = await timeEach(200, (i) => batched.put(['agent', 'conv-1'], `b-${i}`, value(i)));
  await batched.close();
  // The physical floor on the same bytes: write-file-atomic (temp + fsync + rename) plus the directory fsync.
  const bytesNow = readFileSync(path);
  const rawMs = await timeEach(10, () => writeFileDurably(`${path}.raw`, bytesNow, () => undefined));
  return `| ${size.toLocaleString('en')} | ${(bytes / 1e6).toFixed(1)} MB | ${fmt(openMs)} | ${fmt(putMs)} (raw ${fmt(rawMs)}) | ${fmt(concurrentMs)} | ${fmt(batchedMs)} | ${fmt(getMs)} |`;
}

// An unprinted small round first, so JIT warm-up does not land in the first row.
await measure(200);
console.log('| entries | file size | open (load + parse) | put, immediate (median; raw atomic write of the file) | 200 concurrent immediate puts (total) | put, batched (median) | get (median) |');
console.log('|---:|---:|---:|---:|---:|---:|---:|');
for (const size of sizes) console.log(await measure(size));
temp.cleanup();
