import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackendUnavailableError } from '@mem/core';
import { createRedisBackend } from '../src/index.js';
import { makeTestCertificate, redisSupportsTls, skipWithoutRedis, startRedisServer, type RedisServer, type TestCertificate } from './harness/index.js';

const opensslMissing = spawnSync('openssl', ['version']).status !== 0;
const why = opensslMissing ? 'the openssl CLI (makes the test certificate) is not installed' : !(await redisSupportsTls()) ? 'redis-server was built without TLS (no libssl)' : undefined;
const tlsMissing = !skipWithoutRedis('redis TLS') && why !== undefined;
if (tlsMissing) {
  if (process.env['CI'] === 'true') throw new Error(`[redis TLS] cannot run in CI: ${why}`);
  console.warn(`[redis TLS] SKIPPED: ${why}; URL → option mapping is still tested in redis-url.test.ts`);
}

describe.skipIf(skipWithoutRedis('redis TLS') || tlsMissing)('redis over TLS (rediss://, real server)', () => {
  let cert: TestCertificate;
  let server: RedisServer;
  beforeAll(async () => {
    cert = await makeTestCertificate();
    server = await startRedisServer({ tls: cert, password: 'tls-pass' });
  });
  afterAll(async () => {
    await server?.stop();
    await cert?.remove();
  });

  it('rediss:// with the CA connects, authenticates and round-trips', async () => {
    const backend = await createRedisBackend({ url: `rediss://default:tls-pass@127.0.0.1:${server.port}/1`, tls: { ca: cert.caPem }, sweepIntervalMs: 0 });
    await backend.put(['tls'], 'k', { secure: true });
    expect((await backend.get(['tls'], 'k'))?.value).toEqual({ secure: true });
    await backend.close();
  });

  it('an untrusted certificate fails typed within the connect timeout', async () => {
    const started = Date.now();
    const error = await createRedisBackend({ url: `rediss://default:tls-pass@127.0.0.1:${server.port}`, connectTimeoutMs: 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as Error).message).not.toContain('tls-pass');
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('plain redis:// against the TLS port fails typed, never hangs', async () => {
    const started = Date.now();
    await expect(createRedisBackend({ url: `redis://127.0.0.1:${server.port}`, connectTimeoutMs: 1000 })).rejects.toBeInstanceOf(BackendUnavailableError);
    expect(Date.now() - started).toBeLessThan(2500);
  });
});
