import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackend, type StorageBackend } from '@mem/core';
import { Redis } from 'ioredis';
import { heapFootprint } from '../measure/heap-footprint.js';
import { keyvMemorySubject, keyvRedisSubject, keyvSqliteSubject } from '../subjects/keyv-subjects.js';
import { langGraphSubject } from '../subjects/langgraph-subject.js';
import { rawLruCacheSubject, rawMapSubject } from '../subjects/raw-memory-subjects.js';
import { rawRedisSubject } from '../subjects/raw-redis-subject.js';
import { rawSqliteSubject } from '../subjects/raw-sqlite-subject.js';
import type { BackendFamily, OursVariant } from './backend-family.js';
import { redisServerAvailable, startRedisServer, type StartedRedis } from './redis-server.js';

/** Every family the bench knows, in report order. */
export const FAMILY_NAMES = ['memory', 'sqlite', 'json', 'redis', 'lancedb'] as const;

/** A family that could not be prepared, with the reason. */
export interface FamilySkip {
  /** Family name. */
  readonly family: string;
  /** Why (the error message, or a missing server). */
  readonly reason: string;
}

// Expired entries must be physically removed within the churn run, so churn opens use a short sweep.
const CHURN_SWEEP_MS = 250;

const bytesOf = (...files: string[]): number =>
  files.reduce((sum, f) => {
    try {
      return sum + statSync(f).size;
    } catch {
      return sum;
    }
  }, 0);

type Builder = (dir: string) => Promise<BackendFamily>;

const memory: Builder = async () => ({
  name: 'memory',
  openBackend: (variant, options) => createBackend({ url: 'memory:', options: { ...(variant === 'churn' ? { sweepIntervalMs: CHURN_SWEEP_MS } : {}), ...options } }),
  oursFootprint: heapFootprint,
  raws: [rawLruCacheSubject, rawMapSubject],
  peers: [keyvMemorySubject, langGraphSubject],
  durableSkip: 'not persistent',
  dispose: async () => {},
});

function fileFamily(name: string, scheme: string, ext: string, durable: Record<string, unknown>, churn: Record<string, unknown>, extra: Partial<BackendFamily>): Builder {
  return async (dir) => {
    let opened = 0;
    const paths = new WeakMap<StorageBackend, string>();
    return {
      name,
      openBackend: async (variant: OursVariant, options?: Readonly<Record<string, unknown>>) => {
        const path = join(dir, `mem-${++opened}.${ext}`);
        const variantOptions = variant === 'durable' ? durable : variant === 'churn' ? churn : {};
        const backend = await createBackend({ url: `${scheme}:${path}`, options: { ...variantOptions, ...options } });
        paths.set(backend, path);
        return backend;
      },
      oursFootprint: (backend: StorageBackend) => {
        const path = paths.get(backend) ?? '';
        return { value: bytesOf(path, `${path}-wal`), unit: 'file bytes' };
      },
      raws: [],
      peers: [],
      dispose: async () => {},
      ...extra,
    };
  };
}

const sqlite: Builder = (dir) =>
  fileFamily('sqlite', 'sqlite', 'db', { durability: 'full' }, { sweepIntervalMs: CHURN_SWEEP_MS }, {
    raws: [() => rawSqliteSubject({ file: join(dir, `raw-${Date.now()}.db`) })],
    peers: [() => keyvSqliteSubject(join(dir, `keyv-${Date.now()}.db`))],
    durableRaw: () => rawSqliteSubject({ file: join(dir, 'raw-full.db'), synchronous: 'FULL' }),
  })(dir);

const json: Builder = fileFamily('json', 'json', 'json', {}, {}, { durableSkip: undefined });

const lancedb: Builder = fileFamily('lancedb', 'lancedb', 'lance', {}, {}, { durableSkip: 'vector store; measured by the vector workloads' });

const redis: Builder = async () => {
  if (!(await redisServerAvailable())) throw new Error('redis-server is not installed (apt-get install redis-server)');
  const server = await startRedisServer();
  let durableServer: StartedRedis | undefined;
  let opened = 0;
  const probe = new Redis({ host: '127.0.0.1', port: server.port, db: 0 });
  return {
    name: 'redis',
    openBackend: async (variant, options) => {
      if (variant === 'durable') durableServer ??= await startRedisServer({ args: ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', mkdtempSync(join(tmpdir(), 'mem-bench-aof-'))] });
      const port = variant === 'durable' ? durableServer!.port : server.port;
      const url = `redis://127.0.0.1:${port}/0`;
      return createBackend({ url, options: { keyPrefix: `b${++opened}:`, ...(variant === 'churn' ? { sweepIntervalMs: CHURN_SWEEP_MS } : {}), ...options } });
    },
    oursFootprint: async () => ({ value: await probe.dbsize(), unit: 'keys (DBSIZE)' }),
    raws: [() => rawRedisSubject({ port: server.port, db: 1 })],
    peers: [() => keyvRedisSubject(server.port, 2)],
    durableRaw: () => ({ ...rawRedisSubject({ port: durableServer!.port, db: 1 }), name: 'ioredis (appendfsync always)' }),
    dispose: async () => {
      probe.disconnect();
      await Promise.all([server.stop(), durableServer?.stop()]);
    },
  };
};

const BUILDERS: Record<(typeof FAMILY_NAMES)[number], Builder> = { memory, sqlite, json, redis, lancedb };

/**
 * Prepares the requested families: a temp directory each, servers started, and our backend opened
 * once to prove it loads. A family that fails is returned in `skipped` with the reason, never dropped.
 */
export async function buildFamilies(names: readonly string[]): Promise<{ families: BackendFamily[]; skipped: FamilySkip[] }> {
  const families: BackendFamily[] = [];
  const skipped: FamilySkip[] = [];
  for (const name of names) {
    const builder = BUILDERS[name as keyof typeof BUILDERS];
    if (!builder) {
      skipped.push({ family: name, reason: `unknown backend; known: ${FAMILY_NAMES.join(', ')}` });
      continue;
    }
    const dir = mkdtempSync(join(tmpdir(), `mem-bench-${name}-`));
    const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
    try {
      const family = await builder(dir);
      try {
        await (await family.openBackend('default')).close();
      } catch (error) {
        await family.dispose();
        throw error;
      }
      families.push({ ...family, dispose: async () => (await family.dispose(), cleanup()) });
    } catch (error) {
      cleanup();
      skipped.push({ family: name, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return { families, skipped };
}
