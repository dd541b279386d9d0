import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

/** Options of {@link startRedisServer}. */
export interface RedisServerOptions {
  /**
   * AOF persistence: `'always'` fsyncs before every reply, `'everysec'` once a second.
   * @default false (no persistence at all)
   */
  readonly appendonly?: false | 'always' | 'everysec';
  /** `requirepass`: clients must authenticate. */
  readonly password?: string;
  /** Serve TLS only, with this certificate and key (PEM file paths). */
  readonly tls?: { readonly certFile: string; readonly keyFile: string; readonly caFile: string };
  /** Extra `redis-server` arguments, e.g. `['--cluster-enabled', 'yes']`. */
  readonly extraArgs?: readonly string[];
  /** Data directory; a fresh temp directory (removed by `stop`) when absent. */
  readonly dir?: string;
  /**
   * How long to wait for "Ready to accept connections".
   * @default 15000
   */
  readonly startTimeoutMs?: number;
}

/** A running `redis-server` this process started. */
export interface RedisServer {
  readonly host: string;
  readonly port: number;
  /** `redis://127.0.0.1:port` (or `rediss://` with TLS), without credentials. */
  readonly url: string;
  readonly dir: string;
  /** SIGKILL, as a crash: nothing is flushed beyond what the fsync policy already wrote. */
  kill(): Promise<void>;
  /** SIGSTOP: the server keeps its connections open but answers nothing (a hung host). */
  pause(): void;
  /** SIGCONT after `pause`. */
  resume(): void;
  /** Starts the server again on the same port and data directory. */
  restart(): Promise<void>;
  /** Stops the server and removes its temp directory. Safe to call twice. */
  stop(): Promise<void>;
}

async function waitReady(child: ChildProcess, timeoutMs: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => fail(new Error(`redis-server not ready within ${timeoutMs} ms:\n${log}`)), timeoutMs);
    const onData = (chunk: Buffer): void => {
      log += chunk.toString();
      if (log.includes('Ready to accept connections')) done();
    };
    const onExit = (code: number | null): void => fail(new Error(`redis-server exited (${code}) before it was ready:\n${log}`));
    function cleanup(): void {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      // Keep draining so a full pipe never blocks the server.
      child.stdout?.resume();
    }
    function done(): void {
      cleanup();
      resolve();
    }
    function fail(error: Error): void {
      cleanup();
      child.kill('SIGKILL');
      reject(error);
    }
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

async function waitExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => child.once('exit', () => resolve()));
}

/** Starts a `redis-server` on a free loopback port and waits until it accepts connections. */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const port = await freePort();
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'mem-redis-')));
  const args = ['--bind', '127.0.0.1', '--save', '', '--dir', dir, '--logfile', '', '--daemonize', 'no', '--protected-mode', 'no'];
  if (options.tls) {
    args.push('--port', '0', '--tls-port', String(port), '--tls-cert-file', options.tls.certFile, '--tls-key-file', options.tls.keyFile, '--tls-ca-cert-file', options.tls.caFile, '--tls-auth-clients', 'no');
  } else args.push('--port', String(port));
  if (options.appendonly) args.push('--appendonly', 'yes', '--appendfsync', options.appendonly);
  else args.push('--appendonly', 'no');
  if (options.password !== undefined) args.push('--requirepass', options.password);
  args.push(...(options.extraArgs ?? []));
  const timeout = options.startTimeoutMs ?? 15_000;
  let child: ChildProcess;
  const launch = async (): Promise<void> => {
    child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'inherit'] });
    await waitReady(child, timeout);
  };
  await launch();
  let stopped = false;
  const server: RedisServer = {
    host: '127.0.0.1',
    port,
    url: `${options.tls ? 'rediss' : 'redis'}://127.0.0.1:${port}`,
    dir,
    async kill() {
      child.kill('SIGKILL');
      await waitExit(child);
    },
    pause() {
      child.kill('SIGSTOP');
    },
    resume() {
      child.kill('SIGCONT');
    },
    async restart() {
      await waitExit(child);
      await launch();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      child.kill('SIGCONT');
      child.kill('SIGKILL');
      await waitExit(child);
      if (ownDir) await rm(dir, { recursive: true, force: true });
    },
  };
  return server;
}
