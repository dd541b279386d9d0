import { Redis } from 'ioredis';
import type { BenchValue } from '../data/bench-values.js';
import type { BenchItem, KvSubject } from './kv-subject.js';

/** Options of {@link rawRedisSubject}. */
export interface RawRedisOptions {
  /** Server port on 127.0.0.1. */
  readonly port: number;
  /** Logical database, so the raw rows never meet ours. */
  readonly db: number;
  /**
   * Calls in flight at once per client (the pool used for WATCH-based compare-and-set).
   * @default 16
   */
  readonly casConnections?: number;
}

const PREFIX = 'bench:agent-1:';
const parse = (s: string | null): unknown => (s === null ? undefined : JSON.parse(s));

/**
 * ioredis with no abstraction: plain round trips for single calls, auto-pipelining for calls in
 * flight together, an explicit pipeline for batches, WATCH/MULTI/EXEC for compare-and-set.
 */
export function rawRedisSubject(options: RawRedisOptions): KvSubject {
  const connect = (autoPipeline: boolean): Redis =>
    new Redis({ host: '127.0.0.1', port: options.port, db: options.db, enableAutoPipelining: autoPipeline, lazyConnect: false, maxRetriesPerRequest: 1 });
  const client = connect(true);
  // WATCH state lives on a connection, so each concurrent increment needs a connection of its own.
  const idle: Redis[] = [];
  const all: Redis[] = [];
  const checkout = (): Redis => idle.pop() ?? (all.push(connect(false)), all[all.length - 1]!);
  const k = (key: string): string => PREFIX + key;
  return {
    name: 'ioredis',
    role: 'raw',
    put: (key: string, value: BenchValue) => client.set(k(key), JSON.stringify(value)),
    get: async (key: string) => parse(await client.get(k(key))),
    getMany: async (keys: readonly string[]) => (await client.mget(keys.map(k))).map(parse),
    putMany: (items: readonly BenchItem[]) => {
      const pipeline = client.pipeline();
      for (const { key, value } of items) pipeline.set(k(key), JSON.stringify(value));
      return pipeline.exec();
    },
    scanAll: async () => {
      const keys: string[] = [];
      for await (const batch of client.scanStream({ match: `${PREFIX}*`, count: 1000 }) as AsyncIterable<string[]>) keys.push(...batch);
      keys.sort();
      let count = 0;
      for (let i = 0; i < keys.length; i += 1000) count += (await client.mget(keys.slice(i, i + 1000))).filter((v) => v !== null && JSON.parse(v) !== undefined).length;
      return count;
    },
    casIncrement: async (key: string) => {
      const conn = checkout();
      try {
        for (let retries = 0; ; retries++) {
          await conn.watch(k(key));
          const n = (parse(await conn.get(k(key))) as { n: number } | undefined)?.n ?? 0;
          if ((await conn.multi().set(k(key), JSON.stringify({ n: n + 1 })).exec()) !== null) return retries;
        }
      } finally {
        idle.push(conn);
      }
    },
    readCounter: async (key: string) => (parse(await client.get(k(key))) as { n: number } | undefined)?.n ?? 0,
    putWithTtl: (key: string, value: BenchValue, ttlMs: number) => client.set(k(key), JSON.stringify(value), 'PX', ttlMs),
    liveCount: () => client.dbsize(),
    footprint: async () => ({ value: await client.dbsize(), unit: 'keys (DBSIZE)' }),
    reset: async () => {
      await client.flushdb();
    },
    close: async () => {
      await Promise.all([client, ...all].map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}
