export { createMemoryBackend, MemoryBackend } from './memory-backend.js';
export type { MemoryBackendOptions } from './memory-backend-options.js';
export { backendFactory } from './backend-factory.js';
