import { createMemoryBackend, type MemoryBackend } from '@mem/backend-memory';
import { describeBackendConformance } from '../src/index.js';

// Peeks at the private lru-cache only to count what is physically held, without the sweep that
// every public read triggers: that is what the physical-removal case needs.
const held = (backend: MemoryBackend): number => (backend as unknown as { cache: { size: number } }).cache.size;

describeBackendConformance({
  name: 'memory',
  create: async () => createMemoryBackend({ sweepIntervalMs: 50 }),
  countStored: async (backend) => held(backend as MemoryBackend),
  sweepBoundMs: 500,
});
