export { createRedisBackend, RedisBackend } from './redis-backend.js';
export { REDIS_DEFAULTS, type RedisBackendOptions } from './redis-backend-options.js';
export { backendFactory } from './backend-factory.js';
export { parseRedisLocation, type RedisConnectionSettings, type RedisEndpoint } from './redis-url.js';
export { KeyLayout, type NamespaceKeys } from './key-layout.js';
