import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VersionConflictError } from '@mem/core';
import { createRedisBackend, type RedisBackend } from '../src/index.js';
import { runCasProcesses } from './fixtures/run-cas-processes.js';
import { skipWithoutRedis, startRedisCluster, type RedisCluster } from './harness/index.js';

type SlotRange = [start: number, end: number, ...nodes: [host: string, port: number, nodeId: string, info: unknown[]][]];

function ownerOf(map: SlotRange[], slot: number): number | undefined {
  return map.find(([from, to]) => slot >= from && slot <= to)?.[2]?.[1];
}

describe.skipIf(skipWithoutRedis('redis cluster'))('redis cluster (3 masters)', () => {
  let cluster: RedisCluster;
  let backend: RedisBackend;

  beforeAll(async () => {
    cluster = await startRedisCluster({ masters: 3 });
    backend = await createRedisBackend({ url: cluster.url, keyPrefix: 'c:', sweepIntervalMs: 0 });
  }, 60_000);
  afterAll(async () => {
    await backend?.close();
    await cluster?.stop();
  });

  it('spreads namespaces over every master; list, listNamespaces, stats and clear see them all', async () => {
    const namespaces = Array.from({ length: 60 }, (_, i) => ['tenant', `t${i}`]);
    await backend.putMany(namespaces.flatMap((namespace) => ['a', 'b'].map((key) => ({ namespace, key, value: key }))));
    const perNode = await Promise.all(cluster.nodes.map(async (n) => Number(await cluster.cli(n, 'dbsize'))));
    expect(perNode.every((count) => count > 0)).toBe(true);
    expect(await backend.listNamespaces({ prefix: ['tenant'] })).toHaveLength(60);
    const all = [];
    let cursor: string | undefined;
    do {
      const page = await backend.list({ prefix: ['tenant'], limit: 7, ...(cursor ? { cursor } : {}) });
      all.push(...page.entries);
      cursor = page.cursor;
    } while (cursor);
    expect(all).toHaveLength(120);
    expect(await backend.stats()).toMatchObject({ entries: 120, namespaces: 60 });
    expect(await backend.clear(['tenant'])).toBe(120);
    expect(await backend.stats()).toMatchObject({ entries: 0, namespaces: 0 });
  });

  it('4 processes x 1,000 CAS increments end at exactly 4,000', async () => {
    const { reports, counter } = await runCasProcesses({ url: cluster.url, keyPrefix: 'xp:' }, 4, 1000);
    expect(reports.map((r) => r.done)).toEqual([1000, 1000, 1000, 1000]);
    expect(counter).toMatchObject({ value: 4000, version: 4000 });
  }, 120_000);

  it('a slot migration during reads and writes loses nothing and surfaces no MOVED/ASK/CROSSSLOT', async () => {
    const namespaces = Array.from({ length: 200 }, (_, i) => [`m${i}`]);
    await backend.putMany(namespaces.flatMap((namespace) => Array.from({ length: 5 }, (_, k) => ({ namespace, key: `k${k}`, value: 0 }))));
    const raw = new Redis(cluster.nodes[0]!.port, '127.0.0.1');
    const mapBefore = (await raw.cluster('SLOTS')) as SlotRange[];
    const slotsBefore = await Promise.all(namespaces.map(async (ns) => Number(await raw.cluster('KEYSLOT', `c:{${ns[0]}\u0001}:i`))));
    const ownerBefore = slotsBefore.map((slot) => ownerOf(mapBefore, slot));
    let stop = false;
    const errors: unknown[] = [];
    let writes = 0;
    const load = async (offset: number): Promise<void> => {
      let round = offset;
      while (!stop) {
        round++;
        const ns = namespaces[round % namespaces.length]!;
        try {
          const current = await backend.get(ns, 'k0');
          await backend.put(ns, 'k0', ((current?.value as number) ?? 0) + 1, { ifVersion: current?.version ?? 0 });
          writes++;
          await backend.getMany(namespaces.slice(0, 20).map((n) => ({ namespace: n, key: 'k1' })));
        } catch (error) {
          if (!(error instanceof VersionConflictError)) errors.push(error);
        }
      }
    };
    const loads = Promise.all([0, 67, 134].map(load));
    await cluster.reshard(0, 1, 1000);
    stop = true;
    await loads;
    const slotsAfter = (await raw.cluster('SLOTS')) as SlotRange[];
    raw.disconnect();
    expect(errors.map(String)).toEqual([]);
    // Every write is there: the counters add up to the acknowledged writes, every key still exists.
    const counters = await backend.getMany(namespaces.map((namespace) => ({ namespace, key: 'k0' })));
    expect(counters.reduce((sum, e) => sum + ((e?.value as number) ?? 0), 0)).toBe(writes);
    const page = await backend.list({ prefix: [], limit: 10_000 });
    expect(page.entries.filter((e) => e.namespace[0]!.startsWith('m'))).toHaveLength(1000);
    // The migration really moved keys of ours: some of their slots changed owner.
    const movedNamespaces = slotsBefore.filter((slot, i) => ownerBefore[i] !== ownerOf(slotsAfter, slot)).length;
    expect(movedNamespaces).toBeGreaterThan(0);
    console.info(`[redis cluster] reshard moved ${movedNamespaces} of 200 namespaces during ${writes} CAS writes; backend retries ${(await backend.stats()).details?.['retries']}`);
  }, 180_000);
});
