import type { BackendFactory } from '@mem/core';
import { createMemoryBackend } from './memory-backend.js';
import { resolveMemoryOptions } from './memory-backend-options.js';

/** `memory:` URLs, e.g. `memory:?maxEntries=10000&sweepIntervalMs=500`; options in code win over URL parameters. */
export const backendFactory: BackendFactory = async ({ params, options }) =>
  createMemoryBackend(resolveMemoryOptions({ ...params, ...options }));
