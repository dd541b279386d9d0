import { setTimeout as sleep } from 'node:timers/promises';
import lockfile from 'proper-lockfile';
import { BackendUnavailableError, StorageError, type MemErrorContext } from '@mem/core';

/** How the store file is locked against other processes. */
export interface LockSettings {
  /** The lock directory (`<file>.lock`). */
  readonly lockPath: string;
  /** Age after which a lock whose holder stopped refreshing it is taken over (proper-lockfile's minimum is 2000). */
  readonly staleMs: number;
  /** Longest wait for the lock before `BackendUnavailableError`. */
  readonly timeoutMs: number;
}

/** What a lock holder can ask while it works. */
export interface HeldLock {
  /** @throws StorageError when the lock was compromised (taken over or lost) since it was acquired. */
  assertHeld(): void;
}

// One queue per lock path: instances in one process wait their turn here instead of polling the
// lock directory (proper-lockfile keeps one lock record per path and process).
const localQueues = new Map<string, Promise<void>>();

// Lock paths this process holds right now (through `withFileLock`).
const heldHere = new Set<string>();

async function inLocalQueue<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = localQueues.get(key) ?? Promise.resolve();
  let done!: () => void;
  const mine = new Promise<void>((resolve) => (done = resolve));
  const tail = previous.then(() => mine);
  localQueues.set(key, tail);
  await previous;
  try {
    return await fn();
  } finally {
    done();
    if (localQueues.get(key) === tail) localQueues.delete(key);
  }
}

function lockOptions(file: string, settings: LockSettings, onCompromised: (error: Error) => void): lockfile.LockOptions {
  return { lockfilePath: settings.lockPath, realpath: false, stale: settings.staleMs, retries: 0, onCompromised };
}

/**
 * Runs `fn` holding the cross-process lock of `file`. Waits with jittered polling up to
 * `timeoutMs` (then `BackendUnavailableError`); a lock abandoned by a killed process is taken over
 * once stale. A compromised lock makes `assertHeld` throw a `StorageError` instead of crashing.
 */
export async function withFileLock<T>(file: string, settings: LockSettings, context: MemErrorContext, fn: (lock: HeldLock) => Promise<T>): Promise<T> {
  return inLocalQueue(settings.lockPath, async () => {
    let compromised: Error | undefined;
    const release = await acquire(file, settings, context, (error) => {
      compromised = error;
    });
    heldHere.add(settings.lockPath);
    const held: HeldLock = {
      assertHeld() {
        if (compromised) throw new StorageError(`the lock ${settings.lockPath} was compromised (${compromised.message}); this write was not committed`, { ...context, cause: compromised });
      },
    };
    try {
      return await fn(held);
    } finally {
      heldHere.delete(settings.lockPath);
      // After a compromise the lock is no longer ours to remove; proper-lockfile already dropped it.
      if (!compromised) await release().catch(() => undefined);
    }
  });
}

async function acquire(file: string, settings: LockSettings, context: MemErrorContext, onCompromised: (error: Error) => void): Promise<() => Promise<void>> {
  const deadline = Date.now() + settings.timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await lockfile.lock(file, lockOptions(file, settings, onCompromised));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ELOCKED') throw new StorageError(`could not create the lock ${settings.lockPath}: ${(error as Error).message}`, { ...context, cause: error });
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new BackendUnavailableError(`could not lock ${file} within ${settings.timeoutMs} ms: another process holds ${settings.lockPath}`, { ...context, cause: error });
      }
      // Jittered, slowly growing pauses keep several waiting processes from polling in step.
      await sleep(Math.min(left, 1 + Math.random() * Math.min(50, 2 + attempt * 2)));
    }
  }
}

/**
 * Synchronous variant for the process `exit` hook, where nothing asynchronous runs: busy-waits in
 * short sleeps up to `timeoutMs`. @returns whether `fn` ran.
 */
export function withFileLockSync(file: string, settings: LockSettings, fn: () => void): boolean {
  // The process is exiting while its own asynchronous holder is frozen mid-operation: the lock is
  // ours already, and waiting for it to be released would only stall the exit.
  if (heldHere.has(settings.lockPath)) {
    fn();
    return true;
  }
  const deadline = Date.now() + settings.timeoutMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    let release: (() => void) | undefined;
    try {
      release = lockfile.lockSync(file, lockOptions(file, settings, () => undefined));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED' || Date.now() >= deadline) return false;
      Atomics.wait(pause, 0, 0, 5);
      continue;
    }
    try {
      fn();
      return true;
    } finally {
      release();
    }
  }
}
