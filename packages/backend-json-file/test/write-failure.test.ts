import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StorageError } from '@mem/core';
import { openStore, tempDirectory } from './temp-store.js';

const temp = tempDirectory();
afterAll(() => temp.cleanup());

// A 250-character file name: the file and its 255-character `.lock` fit the file-system limit, but
// write-file-atomic's temp name (`<name>.<hash>`) does not, so every write fails with ENAMETOOLONG
// after the lock is taken — a real write failure, with no mock and no root-proof permission trick.
const LONG_NAME = `${'n'.repeat(245)}.json`;

async function storeWithOneEntry(): Promise<string> {
  const seed = temp.file();
  const store = await openStore(seed);
  await store.put(['w'], 'kept', 'before');
  await store.close();
  const path = join(temp.dir, LONG_NAME);
  copyFileSync(seed, path);
  return path;
}

describe('json-file: a write that cannot reach the disk', () => {
  it('immediate: fails with StorageError, leaves the file and the visible state as they were', async () => {
    const path = await storeWithOneEntry();
    const before = readFileSync(path, 'utf8');
    const store = await openStore(path);
    await expect(store.put(['w'], 'lost', 'after')).rejects.toBeInstanceOf(StorageError);
    await expect(store.delete(['w'], 'kept')).rejects.toThrow(/could not write/);
    // The image was reloaded from disk: no write that failed is visible.
    expect(await store.get(['w'], 'lost')).toBeUndefined();
    expect((await store.get(['w'], 'kept'))?.value).toBe('before');
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(readdirSync(temp.dir).filter((name) => name.startsWith(LONG_NAME.slice(0, 20)))).toEqual([LONG_NAME]);
    await store.close();
  });

  it('batched: the failed flush is reported in stats, kept pending, and thrown by close', async () => {
    const path = await storeWithOneEntry();
    const store = await openStore(path, { durability: 'batched', flushIntervalMs: 20 });
    await store.put(['w'], 'pending', 1);
    const deadline = Date.now() + 10_000;
    let details = (await store.stats()).details;
    while (details?.['lastFlushError'] === undefined && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      details = (await store.stats()).details;
    }
    expect(details?.['lastFlushError']).toMatch(/could not write/);
    expect(details?.['pendingWrites']).toBe(1);
    expect((await store.get(['w'], 'pending'))?.value).toBe(1);
    await expect(store.close()).rejects.toBeInstanceOf(StorageError);
  });
});
