import { BackendUnavailableError, ConfigError, type MemErrorContext } from '@mem/core';
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { RedisBackendOptions } from './redis-backend-options.js';
import { isAuthenticationFailure, toMemError } from './redis-errors.js';
import { parseRedisLocation, redactRedisUrl, type RedisConnectionSettings } from './redis-url.js';

/** A connected client, and whether the backend owns (and so closes) it. */
export interface RedisConnection {
  /** The standalone or cluster client. */
  readonly client: Redis | Cluster;
  /** Whether the backend created it (and so quits it on `close`). */
  readonly owned: boolean;
}

const context: MemErrorContext = { backend: 'redis', operation: 'connect' };

/** Settings from `options.url`, with explicit options winning. */
export function connectionSettings(options: RedisBackendOptions): RedisConnectionSettings {
  if (typeof options.url !== 'string') throw new ConfigError('give url (redis://, rediss://, redis+cluster://) or client', context);
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):([^?]*)(?:\?(.*))?$/s.exec(options.url.trim());
  if (!match) throw new ConfigError(`malformed Redis URL ${redactRedisUrl(options.url)}`, context);
  const params = Object.fromEntries(new URLSearchParams(match[3] ?? ''));
  const parsed = parseRedisLocation(match[1]!.toLowerCase(), match[2]!, params, options.url);
  return {
    ...parsed,
    username: options.username ?? parsed.username,
    password: options.password ?? parsed.password,
    tls: parsed.tls || options.tls !== undefined,
  };
}

/** The ioredis options for one connection: fail fast, never queue while offline, never resend blindly. */
export function nodeOptions(settings: RedisConnectionSettings, options: RedisBackendOptions, connectTimeoutMs: number, commandTimeoutMs: number): RedisOptions {
  return {
    ...(settings.username === undefined ? {} : { username: settings.username }),
    ...(settings.password === undefined ? {} : { password: settings.password }),
    ...(settings.db === undefined ? {} : { db: settings.db }),
    ...(settings.tls ? { tls: { ...options.tls } } : {}),
    lazyConnect: true,
    connectTimeout: connectTimeoutMs,
    commandTimeout: commandTimeoutMs,
    // In-flight commands fail at once when the connection drops; the backend retries writes
    // itself with their operation id, which ioredis' blind resend could not do safely.
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    enableOfflineQueue: false,
    enableAutoPipelining: options.autoPipelining ?? true,
    retryStrategy: (attempt: number) => Math.min(attempt * 50, 500),
  };
}

/** The ioredis options of a cluster client built from `nodeOptions`. */
export function clusterOptions(redisOptions: RedisOptions, options: RedisBackendOptions, commandTimeoutMs: number): ClusterOptions {
  // The cluster client owns queueing and reconnection of its node connections.
  const { enableAutoPipelining, enableOfflineQueue: _queue, retryStrategy: _retry, ...perNode } = redisOptions;
  return {
    lazyConnect: true,
    // Unlike a single client, the cluster client must queue: with its queue off, a command (even
    // its own ready check) sent while a node finishes its handshake fails. The backend's own
    // per-call deadline bounds how long anything waits in this queue.
    enableOfflineQueue: true,
    enableAutoPipelining: enableAutoPipelining ?? true,
    scaleReads: 'master',
    maxRedirections: 64,
    retryDelayOnMoved: 0,
    retryDelayOnTryAgain: 50,
    retryDelayOnClusterDown: 100,
    slotsRefreshTimeout: Math.min(commandTimeoutMs, 2000),
    clusterRetryStrategy: (attempt: number) => Math.min(attempt * 100, 1000),
    redisOptions: { ...perNode, lazyConnect: false },
    ...(options.tls === undefined && !redisOptions.tls ? {} : { dnsLookup: (address, callback) => callback(null, address) }),
  };
}

/** Rejects with `onTimeout()` unless `promise` settles within `ms`. */
export async function withDeadline<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Connects and proves the connection with a round trip. A dead server is a
 * `BackendUnavailableError`, bad credentials an `AuthenticationError`, both within
 * `connectTimeoutMs`.
 */
export async function openConnection(options: RedisBackendOptions, connectTimeoutMs: number, commandTimeoutMs: number): Promise<RedisConnection> {
  if (options.client !== undefined) {
    // ioredis would prefix KEYS but not the key names the scripts and SCAN patterns build.
    if (options.client.options.keyPrefix) throw new ConfigError('a client passed in must not use ioredis keyPrefix; use the backend option keyPrefix instead', context);
    return { client: options.client, owned: false };
  }
  const settings = connectionSettings(options);
  const perNode = nodeOptions(settings, options, connectTimeoutMs, commandTimeoutMs);
  const client: Redis | Cluster = settings.cluster
    ? new Cluster(settings.nodes.map((n) => ({ host: n.host, port: n.port })), clusterOptions(perNode, options, commandTimeoutMs))
    : new Redis({ ...perNode, host: settings.nodes[0]!.host, port: settings.nodes[0]!.port });
  let lastError: unknown;
  // Without a listener ioredis would report every reconnect failure as an unhandled 'error'.
  const remember = (error: unknown): void => {
    lastError = error;
  };
  client.on('error', remember);
  // A cluster reports a node's failures (such as a refused password) as 'node error'.
  if (settings.cluster) client.on('node error', remember);
  const where = settings.nodes.map((n) => `${n.host}:${n.port}`).join(',');
  try {
    await withDeadline(
      (async () => {
        await client.connect();
        await client.ping();
      })(),
      connectTimeoutMs,
      () => new BackendUnavailableError(`no answer from ${where} within ${connectTimeoutMs} ms`, { ...context, cause: lastError }),
    );
    return { client, owned: true };
  } catch (error) {
    client.disconnect();
    const cause = isAuthenticationFailure(lastError) ? lastError : error;
    const mapped = toMemError(cause, context);
    if (mapped instanceof BackendUnavailableError && !(error instanceof BackendUnavailableError)) {
      throw new BackendUnavailableError(`cannot reach ${where}: ${(error as Error).message}`, { ...context, cause: error });
    }
    throw mapped;
  }
}
