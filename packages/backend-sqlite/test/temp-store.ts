import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createSqliteBackend, type SqliteBackend, type SqliteBackendOptions } from '../src/index.js';

/** A temp folder removed after the file's tests; `file(name)` gives a path inside it. */
export function tempFolder(label: string): { dir: string; file: (name: string) => string } {
  const dir = mkdtempSync(join(tmpdir(), `mem-sqlite-${label}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  return { dir, file: (name: string) => join(dir, `${n++}-${name}`) };
}

/** Opens a fresh store in `folder`; the sweeper and checkpoint timers stay quiet unless asked. */
export function openStore(folder: { file: (name: string) => string }, options: SqliteBackendOptions = {}): SqliteBackend {
  return createSqliteBackend({ path: folder.file('store.db'), sweepIntervalMs: 3_600_000, checkpointIntervalMs: 3_600_000, ...options });
}
