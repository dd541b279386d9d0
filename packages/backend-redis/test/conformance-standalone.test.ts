import { afterAll } from 'vitest';
import { describeBackendConformance } from '@mem/conformance';
import { redisConformanceTarget } from './fixtures/conformance-target.js';
import { skipWithoutRedis, startRedisServer } from './harness/index.js';

// The suite probes capabilities while collecting tests, so the server starts at import time.
if (!skipWithoutRedis('redis conformance (standalone)')) {
  const server = await startRedisServer();
  afterAll(async () => server.stop());
  describeBackendConformance(redisConformanceTarget('redis standalone', server.url));
}
