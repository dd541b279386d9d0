import { readFileSync, readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnWorker, waitForExit } from './children/spawn-worker.js';
import { openStore, tempDirectory } from './temp-store.js';

const temp = tempDirectory();
afterAll(() => temp.cleanup());

const KILLS = 20;

/** Parses the file directly (no backend) and returns the item indexes it holds and its `next` counter. */
function readFileState(path: string): { items: Set<number>; next: number } {
  const file = JSON.parse(readFileSync(path, 'utf8')) as { entries: { namespace: string[]; key: string; value: unknown }[] };
  const items = new Set<number>();
  let next = 0;
  for (const e of file.entries) {
    if (e.namespace.join('/') === 'crash/items') items.add((e.value as { i: number }).i);
    if (e.namespace.join('/') === 'crash' && e.key === 'next') next = e.value as number;
  }
  return { items, next };
}

function tempFilesNextTo(path: string): string[] {
  return readdirSync(temp.dir).filter((name) => name.startsWith(`${basename(path)}.`) && /\.\d+$/.test(name));
}

describe('json-file: SIGKILL during immediate-mode writes', () => {
  it(`keeps every acknowledged write through ${KILLS} kills at random points`, async () => {
    const path = temp.file();
    const acknowledged = new Set<number>();
    const landedUnacknowledged = new Set<number>();
    let tempFilesSeen = 0;
    for (let round = 0; round < KILLS; round++) {
      const child = spawnWorker('crash', path, 100_000);
      const exit = waitForExit(child, 30_000);
      // Kill once the child has acknowledged a few writes, after a further random delay, so kills land anywhere in a write.
      await new Promise<void>((resolve) => {
        let seen = 0;
        let partial = '';
        child.stdout!.on('data', (chunk: Buffer) => {
          const lines = (partial + chunk.toString()).split('\n');
          partial = lines.pop()!;
          for (const line of lines) {
            const match = /^ack (\d+)$/.exec(line);
            if (match) acknowledged.add(Number(match[1]));
            if (match && ++seen === 3) setTimeout(resolve, Math.random() * 60);
          }
        });
        child.on('close', () => resolve());
      });
      child.kill('SIGKILL');
      const result = await exit;
      expect(result.signal, result.stderr).toBe('SIGKILL');

      const state = readFileState(path);
      for (const i of acknowledged) expect(state.items.has(i), `acknowledged write ${i} lost after kill ${round + 1}`).toBe(true);
      // Beyond what was acknowledged, at most the one write in flight at this kill may have landed.
      const extras = [...state.items].filter((i) => !acknowledged.has(i) && !landedUnacknowledged.has(i));
      expect(extras.length).toBeLessThanOrEqual(1);
      for (const i of extras) landedUnacknowledged.add(i);
      expect(state.next).toBe(Math.max(...state.items) + 1);
      tempFilesSeen += tempFilesNextTo(path).length;

      const store = await openStore(path);
      expect(tempFilesNextTo(path)).toEqual([]);
      expect((await store.list({ prefix: ['crash', 'items'], limit: 100_000 })).entries.length).toBe(state.items.size);
      await store.close();
    }
    console.info(`json-file crash test: ${KILLS} kills, ${acknowledged.size} acknowledged writes kept, ${tempFilesSeen} leftover temp files removed at reopen`);
  }, 170_000);
});
