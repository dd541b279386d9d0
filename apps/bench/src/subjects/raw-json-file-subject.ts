import { closeSync, fsyncSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import type { BenchValue } from '../data/bench-values.js';
import type { BenchItem, KvSubject } from './kv-subject.js';

/**
 * The least a JSON-file store can do: a Map in memory, and on every write the whole file
 * rewritten to a temp file, fsynced and renamed over the old one (so a crash never leaves half a file).
 */
export function rawJsonFileSubject(file: string): KvSubject {
  const map = new Map<string, BenchValue | { n: number }>();
  const flush = (): void => {
    const tmp = `${file}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, JSON.stringify(Object.fromEntries(map)));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  };
  return {
    name: 'fs temp + fsync + rename',
    role: 'raw',
    put: (key: string, value: BenchValue) => (map.set(key, value), flush()),
    get: (key: string) => map.get(key),
    getMany: (keys: readonly string[]) => keys.map((key) => map.get(key)),
    putMany: (items: readonly BenchItem[]) => {
      for (const { key, value } of items) map.set(key, value);
      flush();
    },
    scanAll: () => [...map.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).length,
    casIncrement: async (key: string) => {
      map.set(key, { n: ((map.get(key) as { n: number } | undefined)?.n ?? 0) + 1 });
      flush();
      return 0;
    },
    readCounter: (key: string) => (map.get(key) as { n: number } | undefined)?.n ?? 0,
    footprint: () => ({ value: statSync(file, { throwIfNoEntry: false })?.size ?? 0, unit: 'file bytes' }),
    reset: () => {
      map.clear();
      flush();
    },
    close: () => map.clear(),
  };
}
