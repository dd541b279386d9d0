// A conformance initializer: `mem conformance packages/conformance/examples/memory-backend.mjs`.
// Export `create` (a fresh, empty store per call) and, for persistent or multi-process backends,
// `destroy`, `reopen`, `second` and `childProcess`. Plain JavaScript works; so does TypeScript.
import { createMemoryBackend } from '@mem/backend-memory';

export const name = 'memory (example initializer)';

export async function create() {
  return createMemoryBackend();
}

export async function destroy(backend) {
  await backend.close().catch(() => undefined);
}
