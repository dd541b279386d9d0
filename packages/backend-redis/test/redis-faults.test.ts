import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError, BackendUnavailableError, MemError, VersionConflictError } from '@mem/core';
import { createRedisBackend, type RedisBackend } from '../src/index.js';
import { freePort, skipWithoutRedis, startRedisServer, type RedisServer } from './harness/index.js';

describe.skipIf(skipWithoutRedis('redis faults'))('redis faults', () => {
  it('a server that is not running is BackendUnavailableError within the 500 ms connect timeout', async () => {
    const port = await freePort();
    const started = Date.now();
    const error = await createRedisBackend({ url: `redis://127.0.0.1:${port}`, connectTimeoutMs: 500 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as MemError).message).toMatch(/\[redis connect\]/);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('an address that never answers (blackhole) also gives up within the connect timeout', async () => {
    // 10.255.255.1 is non-routable: SYN packets vanish, so only the timeout can end the wait.
    const started = Date.now();
    const error = await createRedisBackend({ url: 'redis://10.255.255.1:6379', connectTimeoutMs: 500 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('a hung server (SIGSTOP) is BackendUnavailableError within the command timeout; the client recovers', async () => {
    const server = await startRedisServer();
    const backend = await createRedisBackend({ url: server.url, commandTimeoutMs: 500, sweepIntervalMs: 0 });
    try {
      await backend.put(['hang'], 'k', 1);
      server.pause();
      const started = Date.now();
      const error = await backend.get(['hang'], 'k').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BackendUnavailableError);
      expect(Date.now() - started).toBeLessThan(1500);
      server.resume();
      expect((await backend.get(['hang'], 'k'))?.value).toBe(1);
    } finally {
      server.resume();
      await backend.close();
      await server.stop();
    }
  });

  describe('with a password', () => {
    let server: RedisServer;
    beforeAll(async () => {
      server = await startRedisServer({ password: 's3cret-Pa55' });
    });
    afterAll(async () => server?.stop());

    it('a wrong password is AuthenticationError naming authentication, without the password', async () => {
      const error = await createRedisBackend({ url: `redis://:wrong-Secret-42@127.0.0.1:${server.port}`, connectTimeoutMs: 2000 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthenticationError);
      expect((error as Error).message).toMatch(/authentication/i);
      expect((error as Error).message).not.toContain('wrong-Secret-42');
      expect(String((error as Error).stack)).not.toContain('wrong-Secret-42');
    });

    it('no password at all is AuthenticationError too', async () => {
      await expect(createRedisBackend({ url: server.url, connectTimeoutMs: 2000 })).rejects.toBeInstanceOf(AuthenticationError);
    });

    it('the right password (URL-encoded user:pass) works', async () => {
      const backend = await createRedisBackend({ url: `redis://default:${encodeURIComponent('s3cret-Pa55')}@127.0.0.1:${server.port}/2`, sweepIntervalMs: 0 });
      await backend.put(['p'], 'k', 1);
      expect((await backend.get(['p'], 'k'))?.value).toBe(1);
      await backend.close();
    });
  });

  describe('server killed during a CAS load and restarted', () => {
    let server: RedisServer;
    const clients: RedisBackend[] = [];
    beforeAll(async () => {
      // fsync before every reply, so an acknowledged write survives SIGKILL.
      server = await startRedisServer({ appendonly: 'always' });
    });
    afterAll(async () => {
      await Promise.all(clients.map((c) => c.close()));
      await server?.stop();
    });

    it('10k increments from 4 clients: each call succeeds or fails typed in bounded time, final = acknowledged', async () => {
      const commandTimeoutMs = 3000;
      for (let i = 0; i < 4; i++) clients.push(await createRedisBackend({ url: server.url, commandTimeoutMs, connectTimeoutMs: 2000, sweepIntervalMs: 0 }));
      const target = 10_000;
      let acknowledged = 0;
      let failures = 0;
      let slowest = 0;
      const untyped: unknown[] = [];
      const timed = async <T>(work: () => Promise<T>): Promise<T> => {
        const started = Date.now();
        try {
          return await work();
        } finally {
          slowest = Math.max(slowest, Date.now() - started);
        }
      };
      const worker = async (backend: RedisBackend): Promise<void> => {
        while (acknowledged < target) {
          try {
            const current = await timed(() => backend.get(['load'], 'counter'));
            const next = ((current?.value as number | undefined) ?? 0) + 1;
            await timed(() => backend.put(['load'], 'counter', next, { ifVersion: current?.version ?? 0 }));
            acknowledged++;
          } catch (error) {
            if (error instanceof VersionConflictError) continue;
            if (error instanceof BackendUnavailableError) failures++;
            else untyped.push(error);
            await new Promise((r) => setTimeout(r, 20));
          }
        }
      };
      const chaos = (async () => {
        while (acknowledged < 3000) await new Promise((r) => setTimeout(r, 20));
        await server.kill();
        await new Promise((r) => setTimeout(r, 300));
        await server.restart();
      })();
      await Promise.all([...clients.map(worker), chaos]);
      const final = await clients[0]!.get(['load'], 'counter');
      expect(untyped).toEqual([]);
      expect(slowest).toBeLessThan(commandTimeoutMs + 1000);
      expect(final?.value).toBe(acknowledged);
      expect(final?.version).toBe(acknowledged);
      const retries = (await Promise.all(clients.map(async (c) => (await c.stats()).details?.['retries'] as number))).reduce((a, b) => a + b, 0);
      // The outage was crossed by retries, not dodged.
      expect(retries).toBeGreaterThan(0);
      console.info(`[redis faults] CAS under restart: ${acknowledged} acknowledged, ${failures} typed unavailable errors, ${retries} retries, slowest call ${slowest} ms`);
      // The same clients work after the restart.
      for (const c of clients) await expect(c.put(['after'], 'k', 1)).resolves.toMatchObject({ version: expect.any(Number) });
    }, 120_000);
  });
});
