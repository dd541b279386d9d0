import { fileURLToPath } from 'node:url';

/** A server started by the redis helper's test harness (packages/backend-redis/test/harness). */
export interface HarnessRedisServer {
  readonly host: string;
  readonly port: number;
  readonly url: string;
  stop(): Promise<void>;
}

/** A cluster started by the same harness. */
export interface HarnessRedisCluster {
  readonly nodes: readonly HarnessRedisServer[];
  readonly url: string;
  stop(): Promise<void>;
}

/** The part of the harness the bench uses. */
export interface RedisHarness {
  redisUnavailableReason(): string | undefined;
  startRedisServer(options?: { appendonly?: false | 'always' | 'everysec' }): Promise<HarnessRedisServer>;
  startRedisCluster(options?: { masters?: number }): Promise<HarnessRedisCluster>;
}

// The tests' own harness, so the bench starts Redis exactly as they do (free loopback ports, temp
// dirs, bounded waits). It is test code of another package, so it is loaded at run time by path.
const HARNESS = fileURLToPath(new URL('../../../../packages/backend-redis/test/harness/index.ts', import.meta.url));

/** Loads the harness; throws with the reason when it cannot be loaded. */
export async function loadRedisHarness(): Promise<RedisHarness> {
  return (await import(HARNESS)) as RedisHarness;
}
