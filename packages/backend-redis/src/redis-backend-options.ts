import type { ConnectionOptions } from 'node:tls';
import type { Cluster, Redis } from 'ioredis';

/** Options of {@link createRedisBackend}. Give either `url` or `client`. */
export interface RedisBackendOptions {
  /**
   * Where the server is: `redis://[user:pass@]host:port/db`, `rediss://…` (TLS) or
   * `redis+cluster://[user:pass@]host1:port1,host2:port2` (add `?tls=true` for a TLS cluster).
   */
  readonly url?: string;
  /** An ioredis client or cluster the caller owns; `close()` leaves it connected. Wins over `url`. */
  readonly client?: Redis | Cluster;
  /**
   * Prefix of every key this backend writes; stores with different prefixes never meet.
   * Must not contain `{` or `}` (they would break hash tags).
   * @default 'mem:'
   */
  readonly keyPrefix?: string;
  /**
   * How long creating the backend may wait for the server before `BackendUnavailableError`.
   * @default 5000
   */
  readonly connectTimeoutMs?: number;
  /**
   * Bound on one operation: a command that gets no reply in this time fails, and connection
   * errors are retried (writes carry an operation id, so a resend is never applied twice) until
   * this much time has passed since the call began.
   * @default 5000
   */
  readonly commandTimeoutMs?: number;
  /** Embedding dimension; otherwise fixed (and stored in Redis) by the first embedding written. */
  readonly dimension?: number;
  /**
   * Largest encoded value accepted, in bytes.
   * @default 1048576
   */
  readonly maxValueBytes?: number;
  /**
   * Period of the sweep that drops expired keys from the per-namespace indexes (Redis removes the
   * entries themselves). `0` turns the timer off; reads still prune what they meet.
   * @default 60000
   */
  readonly sweepIntervalMs?: number;
  /**
   * ioredis auto-pipelining: commands issued in one tick share one write to the socket.
   * @default true
   */
  readonly autoPipelining?: boolean;
  /** Extra TLS options (e.g. `ca`); giving them turns TLS on even for `redis://`. */
  readonly tls?: ConnectionOptions;
  /** ACL user name; wins over the URL's. */
  readonly username?: string;
  /** Password; wins over the URL's. Never appears in error messages. */
  readonly password?: string;
}

/** Defaults of {@link RedisBackendOptions}. */
export const REDIS_DEFAULTS = {
  keyPrefix: 'mem:',
  connectTimeoutMs: 5000,
  commandTimeoutMs: 5000,
  sweepIntervalMs: 60_000,
} as const;
