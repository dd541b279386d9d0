import { Cluster, Redis } from 'ioredis';
import type { BenchValue } from '../data/bench-values.js';
import type { BenchItem, KvSubject } from './kv-subject.js';

/** Options of {@link rawRedisSubject}. */
export interface RawRedisOptions {
  /** Row label. */
  readonly name: string;
  /** A new client; `autoPipelining` as asked (WATCH needs plain connections of its own). */
  readonly connect: (autoPipelining: boolean) => Redis | Cluster;
  /**
   * Key prefix; a cluster needs a hash tag (`{bench}:`) so batches stay in one slot.
   * @default 'bench:agent-1:'
   */
  readonly prefix?: string;
}

const parse = (s: string | null): unknown => (s === null ? undefined : JSON.parse(s));

/** Standalone server on 127.0.0.1, in its own logical database so raw rows never meet ours. */
export const standaloneClient = (port: number, db: number) => (autoPipelining: boolean) =>
  new Redis({ host: '127.0.0.1', port, db, enableAutoPipelining: autoPipelining, maxRetriesPerRequest: 1 });

/**
 * ioredis with no abstraction: a plain round trip for a lone call, auto-pipelining for calls in
 * flight together, an explicit pipeline for batches, WATCH/MULTI/EXEC for compare-and-set.
 */
export function rawRedisSubject(options: RawRedisOptions): KvSubject {
  const prefix = options.prefix ?? 'bench:agent-1:';
  const client = options.connect(true);
  // A lone awaited call is a plain round trip; calls issued while others are in flight share
  // auto-pipelined writes. (Auto-pipelining a lone call costs a tick, ~8 µs here.)
  const plain = options.connect(false);
  let inFlight = 0;
  const single = async <T>(call: (c: Redis | Cluster) => Promise<T>): Promise<T> => {
    const c = inFlight === 0 ? plain : client;
    inFlight++;
    try {
      return await call(c);
    } finally {
      inFlight--;
    }
  };
  const cluster = client instanceof Cluster;
  // WATCH state lives on a connection, so each concurrent increment needs a connection of its own.
  const idle: (Redis | Cluster)[] = [];
  const all: (Redis | Cluster)[] = [];
  const checkout = (): Redis | Cluster => idle.pop() ?? (all.push(options.connect(false)), all[all.length - 1]!);
  const k = (key: string): string => prefix + key;
  const masters = (): Redis[] => (client instanceof Cluster ? client.nodes('master') : [client]);
  const subject: KvSubject = {
    name: options.name,
    role: 'raw',
    put: (key: string, value: BenchValue) => single((c) => c.set(k(key), JSON.stringify(value))),
    get: async (key: string) => parse(await single((c) => c.get(k(key)))),
    getMany: async (keys: readonly string[]) => (await client.mget(keys.map(k))).map(parse),
    putMany: (items: readonly BenchItem[]) => {
      const pipeline = client.pipeline();
      for (const { key, value } of items) pipeline.set(k(key), JSON.stringify(value));
      return pipeline.exec();
    },
    readCounter: async (key: string) => (parse(await client.get(k(key))) as { n: number } | undefined)?.n ?? 0,
    putWithTtl: (key: string, value: BenchValue, ttlMs: number) => client.set(k(key), JSON.stringify(value), 'PX', ttlMs),
    liveCount: async () => (await Promise.all(masters().map((m) => m.dbsize()))).reduce((a, b) => a + b, 0),
    footprint: async () => ({ value: await subject.liveCount!(), unit: 'keys (DBSIZE)' }),
    reset: async () => {
      await Promise.all(masters().map((m) => m.flushdb()));
    },
    close: async () => {
      await Promise.all([client, plain, ...all].map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
  if (cluster) return subject;
  const redis = client as Redis;
  return {
    ...subject,
    scanAll: async () => {
      const keys: string[] = [];
      for await (const batch of redis.scanStream({ match: `${prefix}*`, count: 1000 }) as AsyncIterable<string[]>) keys.push(...batch);
      keys.sort();
      let count = 0;
      for (let i = 0; i < keys.length; i += 1000) count += (await redis.mget(keys.slice(i, i + 1000))).filter((v) => v !== null && JSON.parse(v) !== undefined).length;
      return count;
    },
    casIncrement: async (key: string) => {
      const conn = checkout() as Redis;
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
  };
}
