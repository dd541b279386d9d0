import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError } from '@mem/core';
import { createRedisBackend } from '../src/index.js';
import { skipWithoutRedis, startRedisCluster, type RedisCluster } from './harness/index.js';

describe.skipIf(skipWithoutRedis('redis cluster auth'))('redis cluster with a password', () => {
  let cluster: RedisCluster;
  beforeAll(async () => {
    cluster = await startRedisCluster({ masters: 3, password: 'cluster-Pw-9' });
  }, 60_000);
  afterAll(async () => cluster?.stop());

  it('the right password reaches every master', async () => {
    const url = cluster.url.replace('redis+cluster://', `redis+cluster://default:cluster-Pw-9@`);
    const backend = await createRedisBackend({ url, sweepIntervalMs: 0 });
    await backend.putMany(Array.from({ length: 30 }, (_, i) => ({ namespace: [`n${i}`], key: 'k', value: i })));
    expect((await backend.stats()).entries).toBe(30);
    await backend.close();
  });

  it('a wrong password is AuthenticationError without the password, within the connect timeout', async () => {
    const url = cluster.url.replace('redis+cluster://', `redis+cluster://default:Wrong-Pw-77@`);
    const started = Date.now();
    const error = await createRedisBackend({ url, connectTimeoutMs: 2000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toMatch(/authentication/i);
    expect((error as Error).message).not.toContain('Wrong-Pw-77');
    expect(Date.now() - started).toBeLessThan(3500);
  });
});
