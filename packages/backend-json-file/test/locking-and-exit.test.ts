import { mkdirSync, readFileSync, rmSync, utimesSync, existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { BackendUnavailableError, StorageError } from '@mem/core';
import { withFileLock } from '../src/file-lock.js';
import { spawnWorker, waitForExit } from './children/spawn-worker.js';
import { openStore, tempDirectory } from './temp-store.js';

const temp = tempDirectory();
afterAll(() => temp.cleanup());

const keysIn = (path: string): string[] => (JSON.parse(readFileSync(path, 'utf8')) as { entries: { key: string }[] }).entries.map((e) => e.key);

describe('json-file: the lock', () => {
  it('a write waiting on a held lock fails with BackendUnavailableError in bounded time, writing nothing', async () => {
    const path = temp.file();
    const store = await openStore(path, { lockTimeoutMs: 300, lockStaleMs: 60_000 });
    mkdirSync(`${path}.lock`);
    const started = Date.now();
    await expect(store.put(['l'], 'k', 1)).rejects.toBeInstanceOf(BackendUnavailableError);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(existsSync(path)).toBe(false);
    rmSync(`${path}.lock`, { recursive: true });
    await store.put(['l'], 'k', 1);
    expect(keysIn(path)).toEqual(['k']);
    await store.close();
  });

  it('takes over a stale lock left by a killed process', async () => {
    const path = temp.file();
    mkdirSync(`${path}.lock`);
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${path}.lock`, old, old);
    const store = await openStore(path, { lockTimeoutMs: 5000 });
    await store.put(['l'], 'k', 1);
    expect(keysIn(path)).toEqual(['k']);
    await store.close();
  });

  it('reports a compromised lock as a StorageError instead of crashing the process', async () => {
    const path = temp.file();
    const settings = { lockPath: `${path}.lock`, staleMs: 2000, timeoutMs: 1000 };
    const outcome = withFileLock(path, settings, { backend: 'json', operation: 'put' }, async (lock) => {
      // Someone removes our lock; proper-lockfile notices at its next refresh (after ~1 s).
      rmSync(settings.lockPath, { recursive: true });
      for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
        lock.assertHeld();
        await new Promise((r) => setTimeout(r, 50));
      }
    });
    await expect(outcome).rejects.toBeInstanceOf(StorageError);
    await expect(outcome).rejects.toThrow(/compromised/);
  });
});

describe('json-file: batched writes at process exit', () => {
  it.each(['batched-exit', 'batched-drain'] as const)('%s: writes not yet flushed reach the file', async (mode) => {
    const path = temp.file();
    const result = await waitForExit(spawnWorker(mode, path, 25), 20_000);
    expect(result, result.stderr).toMatchObject({ code: 0, stdout: 'written\n' });
    expect(keysIn(path)).toHaveLength(25);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });
});
