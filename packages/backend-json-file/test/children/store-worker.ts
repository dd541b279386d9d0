// A child process that writes to a store file; spawned by the crash and multi-process tests.
// argv: <mode: crash | cas | batched-exit | batched-drain> <path> <count>
import { VersionConflictError } from '@mem/core';
import { createJsonFileBackend } from '../../src/index.js';

const [mode, path, countText] = process.argv.slice(2) as [string, string, string];
const count = Number(countText);
const batched = mode.startsWith('batched');
const store = await createJsonFileBackend({ path, lockStaleMs: 2000, ...(batched ? { durability: 'batched', flushIntervalMs: 60_000 } : {}) });

if (mode === 'crash') {
  // Each acknowledged write is reported on stdout (a pipe: written synchronously on Linux) before the next starts.
  const first = ((await store.get(['crash'], 'next'))?.value as number | undefined) ?? 0;
  for (let i = first; i < first + count; i++) {
    await store.putMany([
      { namespace: ['crash', 'items'], key: `k${String(i).padStart(6, '0')}`, value: { i, pad: 'x'.repeat(i % 200) } },
      { namespace: ['crash'], key: 'next', value: i + 1 },
    ]);
    process.stdout.write(`ack ${i}\n`);
  }
} else if (mode === 'cas') {
  let conflicts = 0;
  for (let done = 0; done < count; ) {
    const current = await store.get(['cas'], 'counter');
    try {
      await store.put(['cas'], 'counter', ((current?.value as number | undefined) ?? 0) + 1, { ifVersion: current?.version ?? 0 });
      done++;
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
      conflicts++;
    }
  }
  process.stdout.write(`conflicts ${conflicts}\n`);
} else if (batched) {
  // Writes sit in memory (the flush interval is far away); the process then ends without close().
  for (let i = 0; i < count; i++) await store.put(['batched'], `k${i}`, i);
  process.stdout.write('written\n');
  // batched-exit: process.exit() runs only the synchronous `exit` hook; batched-drain: the loop drains (`beforeExit`).
  if (mode === 'batched-exit') process.exit(0);
} else throw new Error(`unknown mode ${mode}`);
if (!batched) await store.close();
