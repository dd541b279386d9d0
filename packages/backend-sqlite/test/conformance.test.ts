import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { StorageBackend } from '@mem/core';
import { describeBackendConformance } from '@mem/conformance';
import { createSqliteBackend, type SqliteBackend } from '../src/index.js';
import { tempFolder } from './temp-store.js';

const folder = tempFolder('conformance');
const CHILD_MODULE = fileURLToPath(new URL('./fixtures/open-backend.ts', import.meta.url));
// A short sweep period lets the TTL group see expired rows physically removed.
const OPTIONS = { sweepIntervalMs: 50, checkpointIntervalMs: 1000 } as const;

const pathOf = (backend: StorageBackend): string => (backend as SqliteBackend).path;

describeBackendConformance({
  name: 'sqlite',
  create: async () => createSqliteBackend({ path: folder.file('store.db'), ...OPTIONS }),
  destroy: async (backend) => {
    await backend.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(pathOf(backend) + suffix, { force: true });
  },
  reopen: async (backend) => {
    await backend.close();
    return createSqliteBackend({ path: pathOf(backend), ...OPTIONS });
  },
  second: async (backend) => createSqliteBackend({ path: pathOf(backend), ...OPTIONS }),
  childProcess: (backend) => ({ module: CHILD_MODULE, args: { path: pathOf(backend), ...OPTIONS } }),
});
