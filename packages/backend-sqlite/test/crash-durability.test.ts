import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createSqliteBackend } from '../src/index.js';
import { spawnFixture } from './child-process.js';
import { tempFolder } from './temp-store.js';

const folder = tempFolder('crash');
const SEEDS = Array.from({ length: 20 }, (_, i) => 1000 + i);

// Kills the writer with SIGKILL after a seed-chosen number of acknowledged writes (plus a
// seed-chosen delay, so the kill lands anywhere inside a commit); returns every key it acknowledged.
function runUntilKilled(path: string, seed: number): Promise<string[]> {
  const killAfter = 10 + ((seed * 7919) % 200);
  const delayMs = (seed * 104729) % 7;
  const child = spawnFixture('crash-writer.ts', { path });
  const acked: string[] = [];
  let pending = '';
  let stderr = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`seed ${seed}: writer never reached ${killAfter} writes; stderr: ${stderr}`));
    }, 30_000);
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop()!;
      acked.push(...lines);
      if (acked.length >= killAfter && child.exitCode === null && !child.killed) setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.on('close', (_code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`seed ${seed}: writer exited on its own; stderr: ${stderr}`));
      else resolve(acked);
    });
  });
}

describe('crash safety in durability full', () => {
  it('after SIGKILL at a random point (20 seeds) the file is intact and holds every acknowledged write', async () => {
    // Two writers at a time: one per core.
    const queue = [...SEEDS];
    const worker = async () => {
      for (let seed = queue.shift(); seed !== undefined; seed = queue.shift()) {
        const path = folder.file(`crash-${seed}.db`);
        const acked = await runUntilKilled(path, seed);
        expect(acked.length).toBeGreaterThan(0);

        const raw = new BetterSqlite3(path);
        expect(raw.pragma('integrity_check', { simple: true }), `seed ${seed}`).toBe('ok');
        raw.close();

        const store = createSqliteBackend({ path });
        const got = await store.getMany(acked.map((key) => ({ namespace: ['crash'], key })));
        const missing = acked.filter((_, i) => got[i] === undefined || (got[i]!.value as { key: string }).key !== acked[i]);
        expect(missing, `seed ${seed}: acknowledged writes lost`).toEqual([]);
        // Batches are atomic: a batch's keys are all present or all absent.
        const { entries } = await store.list({ prefix: ['crash'], keyPrefix: 'b', limit: 100_000 });
        const perBatch = new Map<string, number>();
        for (const e of entries) perBatch.set(e.key.split('-')[0]!, (perBatch.get(e.key.split('-')[0]!) ?? 0) + 1);
        expect([...perBatch.values()].every((n) => n === 3), `seed ${seed}: torn batch`).toBe(true);
        await store.close();
      }
    };
    await Promise.all([worker(), worker()]);
  }, 120_000);
});
