import { afterAll, describe, expect, it } from 'vitest';
import { createLanceDbBackend } from '../src/index.js';
import { exited, onLines, spawnTs, supportFile } from './support/child-runner.js';
import { removeTempStores, tempStorePath } from './support/temp-store.js';

afterAll(removeTempStores);

const KILLS = 10;

/** Runs the fault child, SIGKILLs it once `shouldKill` says so (after a random 0..maxDelayMs), returns what it acknowledged. */
async function runAndKill(path: string, mode: 'writes' | 'optimize', tag: string, maxDelayMs: number, shouldKill: (line: string, acks: number) => boolean): Promise<{ acks: number; begun: boolean; finishedAfterKillChosen: boolean }> {
  const child = spawnTs(supportFile('fault-child.ts'), [path, mode, tag]);
  let acks = 0;
  let begun = false;
  let killing = false;
  let finishedAfterKillChosen = false;
  onLines(child, (line) => {
    if (killing && (line === 'optimized' || line.startsWith('ack '))) finishedAfterKillChosen = true;
    if (line.startsWith('ack ')) {
      acks++;
      begun = false;
    } else if (line.startsWith('begin ')) begun = true;
    if (!killing && shouldKill(line, acks)) {
      killing = true;
      setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * maxDelayMs));
    }
  });
  const exit = await exited(child, 60_000);
  expect(exit.signal, exit.stderr).toBe('SIGKILL');
  return { acks, begun, finishedAfterKillChosen };
}

describe('lancedb backend survives SIGKILL', () => {
  it(`during batches of writes, ${KILLS} times: the table opens and holds exactly the acknowledged batches`, async () => {
    const path = tempStorePath('kill-writes');
    const expected = new Map<string, number>();
    for (let run = 0; run < KILLS; run++) {
      const target = 1 + (run % 3);
      const { acks, begun } = await runAndKill(path, 'writes', `w${run}`, 40, (line, n) => line.startsWith('begin') && n >= target);
      const backend = await createLanceDbBackend({ path });
      const rows = (await backend.list({ prefix: ['run', `w${run}`], limit: 100_000 })).entries.length;
      // A batch is one commit: it is there whole or not at all; an unacknowledged one may have landed.
      if (begun && rows === (acks + 1) * 20) expected.set(`w${run}`, rows);
      else {
        expect(rows).toBe(acks * 20);
        expected.set(`w${run}`, rows);
      }
      for (const [tag, count] of expected) expect((await backend.list({ prefix: ['run', tag], limit: 100_000 })).entries.length).toBe(count);
      await backend.close();
    }
  }, 150_000);

  it(`during optimize(), ${KILLS} times: the table opens, holds every acknowledged write and optimizes again`, async () => {
    const path = tempStorePath('kill-optimize');
    let total = 0;
    let killedMidOptimize = 0;
    for (let run = 0; run < KILLS; run++) {
      const { acks, begun, finishedAfterKillChosen } = await runAndKill(path, 'optimize', `o${run}`, 8, (line) => line === 'optimize');
      if (!finishedAfterKillChosen) killedMidOptimize++;
      const backend = await createLanceDbBackend({ path });
      const rows = (await backend.list({ prefix: ['run', `o${run}`] })).entries.length;
      // When the kill landed after optimize() returned, the put in flight may have committed unacknowledged.
      expect(rows === acks || (begun && rows === acks + 1), `${rows} rows, ${acks} acknowledged`).toBe(true);
      total += rows;
      expect((await backend.stats()).entries).toBe(total);
      expect(await backend.search({ vector: [1, 0, 0], k: 3 })).toHaveLength(3);
      await backend.close();
    }
    if (process.env['MEM_LANCEDB_VERBOSE']) console.log(`killed inside optimize(): ${killedMidOptimize}/${KILLS}`);
    // Most kills must land inside optimize(), or this would test nothing.
    expect(killedMidOptimize).toBeGreaterThanOrEqual(KILLS / 2);
    const backend = await createLanceDbBackend({ path, versionRetentionMs: 0 });
    await backend.optimize();
    expect((await backend.stats()).entries).toBe(total);
    await backend.close();
  }, 150_000);
});
