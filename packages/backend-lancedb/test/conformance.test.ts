import { rmSync } from 'node:fs';
import { describeBackendConformance } from '@mem/conformance';
import { afterAll } from 'vitest';
import { createLanceDbBackend, type LanceDbBackend } from '../src/index.js';
import { supportFile } from './support/child-runner.js';
import { removeTempStores, tempStorePath } from './support/temp-store.js';

afterAll(removeTempStores);

// A short sweep interval so the physical-removal case sees expired rows go within its bound.
const open = (path: string): Promise<LanceDbBackend> => createLanceDbBackend({ path, sweepIntervalMs: 300 });
const pathOf = (backend: unknown): string => (backend as LanceDbBackend).path;

describeBackendConformance({
  name: 'lancedb',
  create: async () => open(tempStorePath('conf')),
  destroy: async (backend) => {
    await backend.close().catch(() => undefined);
    rmSync(pathOf(backend), { recursive: true, force: true });
  },
  reopen: async (backend) => {
    await backend.close();
    return open(pathOf(backend));
  },
  second: async (backend) => open(pathOf(backend)),
  childProcess: (backend) => ({ module: supportFile('open-backend.ts'), args: { path: pathOf(backend) } }),
  countStored: async (backend) => Number((await backend.stats()).details?.['storedRows']),
});
