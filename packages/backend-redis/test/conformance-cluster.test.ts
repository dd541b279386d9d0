import { afterAll } from 'vitest';
import { describeBackendConformance } from '@mem/conformance';
import { redisConformanceTarget } from './fixtures/conformance-target.js';
import { skipWithoutRedis, startRedisCluster } from './harness/index.js';

// The suite probes capabilities while collecting tests, so the cluster starts at import time.
if (!skipWithoutRedis('redis conformance (cluster)')) {
  const cluster = await startRedisCluster({ masters: 3 });
  afterAll(async () => cluster.stop());
  describeBackendConformance(redisConformanceTarget('redis cluster', cluster.url));
}
