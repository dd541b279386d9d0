import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCasProcesses } from './fixtures/run-cas-processes.js';
import { skipWithoutRedis, startRedisServer, type RedisServer } from './harness/index.js';

describe.skipIf(skipWithoutRedis('redis cross-process CAS'))('cross-process CAS (standalone)', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => server?.stop());

  it('4 processes x 1,000 CAS increments on one key end at exactly 4,000', async () => {
    const { reports, counter } = await runCasProcesses({ url: server.url, keyPrefix: 'xp:' }, 4, 1000);
    expect(reports.map((r) => r.done)).toEqual([1000, 1000, 1000, 1000]);
    expect(counter).toMatchObject({ value: 4000, version: 4000 });
    console.info(`[redis cross-process] conflicts retried: ${reports.map((r) => r.conflicts).join(', ')}`);
  }, 120_000);
});
