import { statSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore, tempFolder } from './temp-store.js';

const folder = tempFolder('maintenance');
const walSize = (path: string): number => {
  try {
    return statSync(`${path}-wal`).size;
  } catch {
    return 0;
  }
};

async function waitFor(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('TTL sweeper', () => {
  it('hides expired entries at once and deletes their rows within a few sweep periods; storage stays bounded', async () => {
    const store = openStore(folder, { sweepIntervalMs: 25, sweepBatchSize: 500 });
    const raw = new BetterSqlite3(store.path, { readonly: true });
    const rows = () => (raw.prepare('SELECT count(*) AS n FROM mem_entries').get() as { n: number }).n;
    await store.putMany(Array.from({ length: 10 }, (_, i) => ({ namespace: ['keep'], key: `k${i}`, value: i })));
    let pagesAfterFirstCycle = 0;
    for (let cycle = 0; cycle < 4; cycle++) {
      await store.putMany(Array.from({ length: 3000 }, (_, i) => ({ namespace: ['tmp', `c${i % 7}`], key: `k${i}`, value: 'v'.repeat(200), ttlMs: 40 })));
      await new Promise((r) => setTimeout(r, 45));
      // Invisible to every read from the moment they expire, swept or not.
      expect((await store.stats()).entries).toBe(10);
      expect((await store.list({ prefix: ['tmp'] })).entries).toEqual([]);
      expect(await store.get(['tmp', 'c0'], 'k0')).toBeUndefined();
      expect(await store.listNamespaces()).toEqual([['keep']]);
      await waitFor('the sweeper to delete expired rows', () => rows() === 10);
      const pages = (await store.stats()).bytes!;
      if (cycle === 0) pagesAfterFirstCycle = pages;
      // Freed pages are reused: the file does not grow cycle after cycle.
      else expect(pages).toBeLessThanOrEqual(pagesAfterFirstCycle);
    }
    expect((await store.stats()).details).toMatchObject({ sweptRows: 12_000 });
    const plan = raw.prepare('EXPLAIN QUERY PLAN SELECT id FROM mem_entries WHERE expires_at <= ? LIMIT ?').all(1, 1) as { detail: string }[];
    expect(plan[0]!.detail).toMatch(/USING (COVERING )?INDEX mem_entries_expiry/);
    raw.close();
    await store.close();
  });
});

describe('WAL checkpoints', () => {
  const payload = 'w'.repeat(1000);

  it('keeps the WAL bounded while a paginated reader walks the store between writes', async () => {
    const store = openStore(folder, { walAutocheckpointPages: 200, walSizeLimitBytes: 1 << 20, checkpointIntervalMs: 20 });
    await store.putMany(Array.from({ length: 2000 }, (_, i) => ({ namespace: ['seed'], key: `k${String(i).padStart(5, '0')}`, value: i })));
    let cursor: string | undefined;
    let maxWal = 0;
    let read = 0;
    for (let round = 0; round < 150; round++) {
      await store.putMany(Array.from({ length: 100 }, (_, i) => ({ namespace: ['bulk'], key: `r${round}-${i}`, value: payload })));
      const page = await store.list({ prefix: ['seed'], limit: 13, ...(cursor ? { cursor } : {}) });
      read += page.entries.length;
      cursor = page.cursor;
      maxWal = Math.max(maxWal, walSize(store.path));
    }
    expect(read).toBe(1950);
    // About 15 MB went through the WAL; it never held more than a few checkpoint periods' worth.
    expect(maxWal).toBeLessThan(4 << 20);
    await store.close();
  });

  it('truncates the WAL on the periodic checkpoint once a long read transaction ends, without further writes', async () => {
    const store = openStore(folder, { checkpointIntervalMs: 25 });
    const reader = new BetterSqlite3(store.path, { readonly: true });
    reader.prepare('BEGIN').run();
    reader.prepare('SELECT count(*) FROM mem_entries').get();
    for (let round = 0; round < 20; round++) {
      await store.putMany(Array.from({ length: 200 }, (_, i) => ({ namespace: ['long'], key: `r${round}-${i}`, value: payload })));
    }
    await new Promise((r) => setTimeout(r, 60));
    // The open snapshot pins the WAL: nothing past it can be copied back yet.
    expect(walSize(store.path)).toBeGreaterThan(2 << 20);
    reader.prepare('COMMIT').run();
    await waitFor('the periodic checkpoint to truncate the WAL', () => walSize(store.path) === 0);
    expect((await store.stats()).details!['walTruncations']).toBeGreaterThan(0);
    reader.close();
    await store.close();
  });
});
