import type { StorageBackend } from '@mem/core';

// No vitest import here: child processes use these too.

/** Reads the counter and writes +1 with ifVersion, retrying on conflict. Returns how many conflicts it met. */
export async function casIncrement(backend: StorageBackend, namespace: readonly string[], key: string): Promise<number> {
  for (let conflicts = 0; ; conflicts++) {
    const current = await backend.get(namespace, key);
    const next = ((current?.value as number | undefined) ?? 0) + 1;
    try {
      await backend.put(namespace, key, next, { ifVersion: current?.version ?? 0 });
      return conflicts;
    } catch (error) {
      if ((error as { code?: string }).code !== 'VERSION_CONFLICT') throw error;
      if (conflicts > 10_000) throw new Error('CAS increment starved after 10000 conflicts');
    }
  }
}

/** Settles every promise and counts fulfilments and version conflicts (anything else is rethrown). */
export async function countOutcomes(attempts: Promise<unknown>[]): Promise<{ won: number; conflicts: number }> {
  const settled = await Promise.allSettled(attempts);
  let won = 0;
  let conflicts = 0;
  for (const s of settled) {
    if (s.status === 'fulfilled') won++;
    else if ((s.reason as { code?: string }).code === 'VERSION_CONFLICT') conflicts++;
    else throw s.reason;
  }
  return { won, conflicts };
}
