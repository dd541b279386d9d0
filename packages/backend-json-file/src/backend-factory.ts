import type { BackendFactory } from '@mem/core';
import { createJsonFileBackend } from './json-file-backend.js';
import { pathFromJsonUrl } from './json-file-backend-options.js';

/**
 * `json:` URLs: `json:./memory.json`, `json:///abs/path.json`, with parameters such as
 * `?durability=batched&flushIntervalMs=50`. Options given in code win over URL parameters.
 */
export const backendFactory: BackendFactory = async ({ location, params, options }) =>
  createJsonFileBackend({ path: pathFromJsonUrl(location), ...params, ...options } as never);
