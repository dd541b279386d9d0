import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackend, type StorageBackend } from '@mem/core';
import { Cluster, Redis } from 'ioredis';
import { heapFootprint } from '../measure/heap-footprint.js';
import { keyvMemorySubject, keyvRedisSubject, keyvSqliteSubject } from '../subjects/keyv-subjects.js';
import { langGraphSubject } from '../subjects/langgraph-subject.js';
import { contractFloorSubject, rawLruCacheSubject, rawMapSubject } from '../subjects/raw-memory-subjects.js';
import { rawJsonFileSubject } from '../subjects/raw-json-file-subject.js';
import { rawRedisSubject, standaloneClient } from '../subjects/raw-redis-subject.js';
import { rawSqliteSubject } from '../subjects/raw-sqlite-subject.js';
import type { KvSubject } from '../subjects/kv-subject.js';
import type { BackendFamily, OursVariant } from './backend-family.js';
import { loadRedisHarness, type HarnessRedisServer } from './redis-harness.js';

/** Every family the bench knows, in report order. */
export const FAMILY_NAMES = ['memory', 'sqlite', 'json', 'redis', 'redis-cluster', 'lancedb'] as const;

/** A family that could not be prepared, with the reason. */
export interface FamilySkip {
  /** Family name. */
  readonly family: string;
  /** Why (the error message, or a missing server). */
  readonly reason: string;
}

// Expired entries must be physically removed within the churn run, so churn opens use a short sweep.
const CHURN_SWEEP_MS = 250;

// Files and whole directories (a LanceDB store is a directory of fragments and versions).
function bytesOf(...paths: string[]): number {
  let sum = 0;
  for (const path of paths) {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat?.isDirectory()) sum += bytesOf(...readdirSync(path).map((name) => join(path, name)));
    else if (stat) sum += stat.size;
  }
  return sum;
}

type Builder = (dir: string) => Promise<BackendFamily>;

const memory: Builder = async () => ({
  name: 'memory',
  inProcess: true,
  openBackend: (variant, options) => createBackend({ url: 'memory:', options: { ...(variant === 'churn' ? { sweepIntervalMs: CHURN_SWEEP_MS } : {}), ...options } }),
  oursFootprint: heapFootprint,
  raws: [rawLruCacheSubject, rawMapSubject, contractFloorSubject],
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
        return { value: bytesOf(path, `${path}-wal`), unit: 'bytes on disk' };
      },
      raws: [],
      peers: [],
      dispose: async () => {},
      ...extra,
    };
  };
}

let fileCounter = 0;
const fresh = (dir: string, stem: string): string => join(dir, `${stem}-${++fileCounter}.db`);

const sqlite: Builder = (dir) =>
  fileFamily('sqlite', 'sqlite', 'db', { durability: 'full' }, { sweepIntervalMs: CHURN_SWEEP_MS }, {
    raws: [() => rawSqliteSubject({ file: fresh(dir, 'raw') })],
    peers: [() => keyvSqliteSubject(fresh(dir, 'keyv'))],
    durableRaw: () => rawSqliteSubject({ file: fresh(dir, 'raw-full'), synchronous: 'FULL' }),
  })(dir);

const json: Builder = (dir) =>
  fileFamily('json', 'json', 'json', { durability: 'immediate' }, { sweepIntervalMs: CHURN_SWEEP_MS }, {
    raws: [() => rawJsonFileSubject(join(dir, `raw-${++fileCounter}.json`))],
    durableRaw: () => rawJsonFileSubject(join(dir, `raw-${++fileCounter}.json`)),
    vectorLimit: { count: 10_000, reason: 'one human-readable JSON file rewritten per write: 100k × 384 floats is ~300 MB of JSON text, not what this backend is for' },
  })(dir);

const lancedb: Builder = fileFamily('lancedb', 'lancedb', 'lance', {}, { sweepIntervalMs: CHURN_SWEEP_MS }, {
  durableSkip: 'no separate durable mode (every acknowledged write is a committed table version)',
  // A bulk load would otherwise start a background optimize (and index build) every 500 writes;
  // the vector workload calls optimize() once after loading instead, as an operator would.
  vectorOptions: { optimizeEveryWrites: 1_000_000_000 },
});

const redisFamily = (cluster: boolean): Builder => async () => {
  const harness = await loadRedisHarness();
  const unavailable = harness.redisUnavailableReason();
  if (unavailable) throw new Error(unavailable);
  const servers: { stop(): Promise<void> }[] = [];
  let durableServer: HarnessRedisServer | undefined;
  let opened = 0;
  let url: string;
  let probe: Redis | Cluster;
  let raw: () => KvSubject;
  let peers: (() => KvSubject)[] = [];
  if (cluster) {
    const c = await harness.startRedisCluster({ masters: 3 });
    servers.push(c);
    url = c.url;
    const startup = c.nodes.map((n) => ({ host: n.host, port: n.port }));
    probe = new Cluster(startup);
    raw = () => rawRedisSubject({ name: 'ioredis Cluster', prefix: '{bench}:', connect: (autoPipelining) => new Cluster(startup, { enableAutoPipelining: autoPipelining }) });
  } else {
    const server = await harness.startRedisServer();
    servers.push(server);
    url = `${server.url}/0`;
    probe = new Redis({ host: server.host, port: server.port, db: 0 });
    raw = () => rawRedisSubject({ name: 'ioredis', connect: standaloneClient(server.port, 1) });
    peers = [() => keyvRedisSubject(server.port, 2)];
  }
  const masters = (): Redis[] => (probe instanceof Cluster ? probe.nodes('master') : [probe]);
  return {
    name: cluster ? 'redis-cluster' : 'redis',
    openBackend: async (variant, options) => {
      if (variant === 'durable' && !durableServer) {
        durableServer = await harness.startRedisServer({ appendonly: 'always' });
        servers.push(durableServer);
      }
      return createBackend({
        url: variant === 'durable' ? `${durableServer!.url}/0` : url,
        options: { keyPrefix: `b${++opened}:`, ...(variant === 'churn' ? { sweepIntervalMs: CHURN_SWEEP_MS } : {}), ...options },
      });
    },
    oursFootprint: async () => ({ value: (await Promise.all(masters().map((m) => m.dbsize()))).reduce((a, b) => a + b, 0), unit: 'keys (DBSIZE)' }),
    raws: [raw],
    peers,
    ...(cluster
      ? { durableSkip: 'measured on the standalone server (same AOF fsync policy per node)' }
      : { durableRaw: () => ({ ...rawRedisSubject({ name: 'ioredis (appendfsync always)', connect: standaloneClient(durableServer!.port, 1) }) }) }),
    dispose: async () => {
      probe.disconnect();
      await Promise.all(servers.map((s) => s.stop()));
    },
  };
};

const BUILDERS: Record<(typeof FAMILY_NAMES)[number], Builder> = { memory, sqlite, json, redis: redisFamily(false), 'redis-cluster': redisFamily(true), lancedb };

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
