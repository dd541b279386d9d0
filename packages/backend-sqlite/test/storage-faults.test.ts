import { chmodSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StorageError } from '@mem/core';
import { createSqliteBackend } from '../src/index.js';
import { finished, spawnFixture } from './child-process.js';
import { snapshot } from './file-snapshot.js';
import { openStore, tempFolder } from './temp-store.js';

const folder = tempFolder('faults');

async function seeded(path: string): Promise<void> {
  const store = createSqliteBackend({ path });
  await store.put(['keep'], 'a', { n: 1 }, { metadata: { m: 1 } });
  await store.put(['keep'], 'b', 'two');
  await store.close();
}

async function expectReadableAndRefusingWrites(path: string, options: { readonly?: boolean }): Promise<void> {
  const before = snapshot(path);
  const store = createSqliteBackend({ path, ...options });
  expect((await store.get(['keep'], 'a'))?.value).toEqual({ n: 1 });
  expect((await store.list({ prefix: ['keep'], filter: { m: 1 } })).entries.map((e) => e.key)).toEqual(['a']);
  for (const write of [() => store.put(['keep'], 'c', 3), () => store.delete(['keep'], 'a'), () => store.putMany([{ namespace: ['x'], key: 'y', value: 1 }]), () => store.clear()]) {
    const error = await write().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).message).toMatch(/^\[sqlite (put|delete|putMany|clear)\] database is read-only/);
  }
  expect((await store.stats()).entries).toBe(2);
  await store.close();
  expect(snapshot(path).bytes).toEqual(before.bytes);
}

describe('read-only file', () => {
  it('opened with readonly: reads work, every write is a StorageError, the file is unchanged', async () => {
    const path = folder.file('ro-option.db');
    await seeded(path);
    await expectReadableAndRefusingWrites(path, { readonly: true });
  });

  it('a file without write permission is opened read-only automatically (as an unprivileged user)', async () => {
    const path = folder.file('ro-chmod.db');
    await seeded(path);
    chmodSync(path, 0o444);
    // WAL readers need the -shm file: the folder stays writable, only the database file is read-only.
    chmodSync(dirname(path), 0o777);
    const before = snapshot(path);
    // root may write any file, so the probe drops to nobody when the tests run as root.
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const run = await finished(spawnFixture('readonly-probe.ts', { path }, asNobody), 60_000);
    expect(run, run.stderr).toMatchObject({ code: 0 });
    expect(JSON.parse(run.stdout)).toEqual({ value: { n: 1 }, errorName: 'StorageError', errorMessage: expect.stringMatching(/^\[sqlite put\] database is read-only/) });
    expect(snapshot(path).bytes).toEqual(before.bytes);
  });
});

describe('full disk (simulated with maxDatabaseBytes, i.e. PRAGMA max_page_count)', () => {
  it('a write past the limit is a StorageError, stores nothing, and earlier data stays readable', async () => {
    const store = openStore(folder, { maxDatabaseBytes: 96 * 1024 });
    await store.put(['keep'], 'a', 'small');
    const big = 'x'.repeat(20_000);
    let error: unknown;
    let stored = 0;
    for (let i = 0; i < 50 && error === undefined; i++) {
      try {
        await store.put(['fill'], `k${i}`, big);
        stored++;
      } catch (e) {
        error = e;
      }
    }
    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toMatch(/^\[sqlite put\] database or disk is full/);
    expect(await store.get(['fill'], `k${stored}`)).toBeUndefined();
    // A batch that does not fit stores none of its items.
    await expect(store.putMany([{ namespace: ['batch'], key: 'one', value: 'tiny' }, { namespace: ['batch'], key: 'two', value: big }])).rejects.toBeInstanceOf(StorageError);
    expect(await store.get(['batch'], 'one')).toBeUndefined();
    expect((await store.get(['keep'], 'a'))?.value).toBe('small');
    expect((await store.list({ prefix: ['fill'] })).entries).toHaveLength(stored);
    // Freeing space makes writes work again.
    await store.clear(['fill']);
    await store.put(['fill'], 'again', big);
    expect((await store.get(['fill'], 'again'))?.value).toBe(big);
    await store.close();
  });
});
