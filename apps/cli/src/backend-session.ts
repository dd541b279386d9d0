import { createBackend, type StorageBackend } from '@mem/core';

/** Opens the backends a command needs, runs it, and closes them whatever happens. */
export async function withBackends<T>(urls: readonly string[], run: (...backends: StorageBackend[]) => Promise<T>): Promise<T> {
  const open: StorageBackend[] = [];
  try {
    for (const url of urls) open.push(await createBackend(url));
    return await run(...open);
  } finally {
    for (const backend of open.reverse()) await backend.close().catch(() => undefined);
  }
}
