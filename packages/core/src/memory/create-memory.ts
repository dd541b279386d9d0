import type { Embedder } from '../embedder/embedder.js';
import { HashingEmbedder } from '../embedder/hashing-embedder.js';
import { createBackend, type BackendConfig } from '../registry/backend-registry.js';
import type { StorageBackend } from '../types/storage-backend.js';
import type { MemoryManagerOptions } from './i-memory-manager.js';
import { MemoryManager } from './memory-manager.js';

/** Options of {@link createMemory}: where memories live, plus the manager's options. */
export interface CreateMemoryOptions extends Omit<MemoryManagerOptions, 'embedder'> {
  /** Backend URL or config; ignored when `backend` is given. @default `MEM_URL`, else the embedded default */
  readonly url?: string | BackendConfig;
  /** A backend already open; the manager does not close it unless `closeBackend` is set. */
  readonly backend?: StorageBackend;
  /** The embedder; `false` = none (search by vector only). @default a `HashingEmbedder` (256 dimensions, offline) */
  readonly embedder?: Embedder | false;
}

/**
 * Opens a memory manager. With no options it uses `MEM_URL` or the embedded default backend and
 * the offline `HashingEmbedder`, so it works with no server, model or network.
 * @throws ConfigError for an unknown or malformed URL (the message lists the known schemes)
 */
export async function createMemory(options: CreateMemoryOptions = {}): Promise<MemoryManager> {
  const { url, backend: given, embedder, ...rest } = options;
  const backend = given ?? (await createBackend(url));
  try {
    return new MemoryManager(backend, {
      ...rest,
      embedder: embedder === false ? undefined : (embedder ?? new HashingEmbedder()),
      closeBackend: rest.closeBackend ?? given === undefined,
    });
  } catch (error) {
    if (given === undefined) await backend.close();
    throw error;
  }
}
