import type { BackendFactory } from '@mem/core';
import { createSqliteBackend } from './sqlite-backend.js';
import { sqlitePathFromLocation, type SqliteBackendOptions } from './sqlite-backend-options.js';

/**
 * `sqlite:` URLs: `sqlite:./path.db`, `sqlite:///abs/path.db`, `sqlite::memory:`, with options as
 * parameters (`?durability=full&busyTimeoutMs=10000`). Options given in code win over the URL.
 */
export const backendFactory: BackendFactory = async ({ location, params, options }) => {
  const path = sqlitePathFromLocation(location);
  return createSqliteBackend({ ...params, ...(path === undefined ? {} : { path }), ...options } as SqliteBackendOptions);
};
