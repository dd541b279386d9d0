import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StorageBackend } from '@mem/core';
import { createJsonFileBackend, type JsonFileBackendOptions } from '../src/index.js';

/** A fresh directory per test file, removed with everything in it by `cleanup`. */
export function tempDirectory(prefix = 'mem-json-'): { dir: string; file: (name?: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let n = 0;
  return {
    dir,
    file: (name) => join(dir, name ?? `store-${++n}.json`),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Opens a store with test-friendly lock settings (stale locks of killed children recovered after 2 s). */
export function openStore(path: string, options: Partial<JsonFileBackendOptions> = {}): Promise<StorageBackend> {
  return createJsonFileBackend({ lockStaleMs: 2000, ...options, path });
}
