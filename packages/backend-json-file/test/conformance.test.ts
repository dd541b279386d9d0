import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { StorageBackend } from '@mem/core';
import { describeBackendConformance } from '@mem/conformance';
import { createJsonFileBackend, type JsonFileBackendOptions } from '../src/index.js';
import { tempDirectory } from './temp-store.js';

const temp = tempDirectory('mem-json-conformance-');
const CHILD_MODULE = fileURLToPath(new URL('./fixtures/open-backend.ts', import.meta.url));

function suite(name: string, extra: Partial<JsonFileBackendOptions>): void {
  const optionsOf = new WeakMap<StorageBackend, JsonFileBackendOptions>();
  const open = async (options: JsonFileBackendOptions): Promise<StorageBackend> => {
    const backend = await createJsonFileBackend(options);
    optionsOf.set(backend, options);
    return backend;
  };
  const options = (backend: StorageBackend): JsonFileBackendOptions => optionsOf.get(backend)!;
  describeBackendConformance({
    name,
    // A short sweep period lets expired entries leave the file within the TTL group's patience.
    create: async () => open({ path: temp.file(), lockStaleMs: 2000, sweepIntervalMs: 50, ...extra }),
    destroy: async (backend) => {
      await backend.close();
      rmSync(options(backend).path, { force: true });
    },
    reopen: async (backend) => {
      await backend.close();
      return open(options(backend));
    },
    // Batched mode does not declare crossProcess (its writes sit in one process until a flush), so it gets no second instance.
    ...(extra.durability === 'batched'
      ? {}
      : { second: async (backend: StorageBackend) => open(options(backend)), childProcess: (backend: StorageBackend) => ({ module: CHILD_MODULE, args: options(backend) }) }),
  });
}

suite('json-file (immediate)', {});
suite('json-file (batched)', { durability: 'batched', flushIntervalMs: 20 });
