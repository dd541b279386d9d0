import { ConfigError, type BackendFactory } from '@mem/core';
import { createRedisBackend } from './redis-backend.js';
import type { RedisBackendOptions } from './redis-backend-options.js';

const NUMERIC_PARAMS = ['connectTimeoutMs', 'commandTimeoutMs', 'dimension', 'maxValueBytes', 'sweepIntervalMs'] as const;

/**
 * `createBackend('redis://…' | 'rediss://…' | 'redis+cluster://…')`. URL parameters
 * `keyPrefix`, `connectTimeoutMs`, `commandTimeoutMs`, `dimension`, `maxValueBytes`,
 * `sweepIntervalMs`, `autoPipelining` and `tls` are read; options given in code win.
 */
export const backendFactory: BackendFactory = async (input) => {
  const fromParams: Record<string, unknown> = {};
  for (const name of NUMERIC_PARAMS) {
    const raw = input.params[name];
    if (raw === undefined) continue;
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n)) throw new ConfigError(`URL parameter ${name} must be a number`, { backend: 'redis', operation: 'connect' });
    fromParams[name] = n;
  }
  if (input.params['keyPrefix'] !== undefined) fromParams['keyPrefix'] = input.params['keyPrefix'];
  if (input.params['autoPipelining'] !== undefined) fromParams['autoPipelining'] = input.params['autoPipelining'] !== 'false';
  return createRedisBackend({ ...fromParams, ...input.options, url: input.url } as RedisBackendOptions);
};
