import { createMemoryBackend, type MemoryBackend } from '@mem/backend-memory';
import { describeBackendConformance } from '../src/index.js';

// heldEntries() counts what is physically held without the sweep that every public read triggers:
// that is what the physical-removal case needs.
const held = (backend: MemoryBackend): number => backend.heldEntries();

describeBackendConformance({
  name: 'memory',
  create: async () => createMemoryBackend({ sweepIntervalMs: 50 }),
  countStored: async (backend) => held(backend as MemoryBackend),
  sweepBoundMs: 500,
});
