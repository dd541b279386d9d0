import { createMemoryBackend } from '@mem/backend-memory';
import { describeBackendConformance } from '../src/index.js';

describeBackendConformance({ name: 'memory', create: async () => createMemoryBackend() });
