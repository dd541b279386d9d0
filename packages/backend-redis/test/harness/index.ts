export { freePort } from './free-port.js';
export { redisUnavailableReason, skipWithoutRedis } from './redis-available.js';
export { startRedisServer, type RedisServer, type RedisServerOptions } from './redis-server.js';
export { startRedisCluster, type RedisCluster } from './redis-cluster.js';
export { makeTestCertificate, redisSupportsTls, type TestCertificate } from './tls-certs.js';
