import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, type BackendFactory } from '@mem/core';
import { createLanceDbBackend } from './lancedb-backend.js';

/** The database directory of a `lancedb:` URL location: `./rel`, `rel`, `/abs`, `///abs` or `file:///abs`. */
export function lanceDbPathFromLocation(location: string): string {
  if (location.startsWith('file:')) return fileURLToPath(location);
  // `lancedb:///abs/path` carries an empty authority, like file URLs.
  const path = location.startsWith('///') ? location.slice(2) : location;
  if (path === '' || path.startsWith('//')) {
    throw new ConfigError(`lancedb URL needs a directory, e.g. lancedb:./vectors or lancedb:///var/lib/mem, got lancedb:${location}`, { backend: 'lancedb', operation: 'open' });
  }
  return isAbsolute(path) ? path : resolve(path);
}

/** `lancedb:./path?dimension=384&indexThreshold=50000`; options given in code win over URL parameters. */
export const backendFactory: BackendFactory = async ({ location, params, options }) =>
  createLanceDbBackend({ path: lanceDbPathFromLocation(decodeURIComponent(location)), ...params, ...options } as never);
