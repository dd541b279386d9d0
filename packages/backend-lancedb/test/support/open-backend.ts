import type { StorageBackend } from '@mem/core';
import { createLanceDbBackend, type LanceDbBackendOptions } from '../../src/index.js';

/** What child processes (conformance cross-process group, fault tests) call to open the store under test. */
export async function openBackend(args: LanceDbBackendOptions): Promise<StorageBackend> {
  return createLanceDbBackend(args);
}
