import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';

/** A redis-server this run started on a free loopback port. */
export interface StartedRedis {
  /** Its port on 127.0.0.1. */
  readonly port: number;
  /** Stops it (SIGTERM, then SIGKILL after 2 s). */
  stop(): Promise<void>;
}

/** Options of {@link startRedisServer}. */
export interface StartRedisOptions {
  /** Extra `redis-server` arguments, e.g. `['--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir]`. */
  readonly args?: readonly string[];
  /**
   * How long to wait for PONG.
   * @default 10000
   */
  readonly timeoutMs?: number;
}

/** A port the OS says is free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Whether `redis-server` can be started here. */
export async function redisServerAvailable(): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn('redis-server', ['--version'], { stdio: 'ignore' });
    child.once('error', () => resolve(false));
    child.once('exit', (code) => resolve(code === 0));
  });
}

/** Starts `redis-server` on a free loopback port, without persistence unless `args` ask for it; never touches 6379. */
export async function startRedisServer(options: StartRedisOptions = {}): Promise<StartedRedis> {
  const port = await freePort();
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...(options.args ?? [])], {
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(killer);
  };
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode} before answering`);
    const probe = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => {});
    try {
      await probe.connect();
      if ((await probe.ping()) === 'PONG') return { port, stop };
    } catch {
      // not listening yet
    } finally {
      probe.disconnect();
    }
    await sleep(50);
  }
  await stop();
  throw new Error(`redis-server on port ${port} did not answer PING within ${options.timeoutMs ?? 10_000} ms`);
}
