import { statSync } from 'node:fs';
import KeyvRedis from '@keyv/redis';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';
import type { BenchValue } from '../data/bench-values.js';
import { heapFootprint } from '../measure/heap-footprint.js';
import type { BenchItem, Footprint, KvSubject } from './kv-subject.js';

function keyvSubject(name: string, keyv: Keyv<BenchValue>, footprint?: () => Promise<Footprint> | Footprint): KvSubject {
  return {
    name,
    role: 'peer',
    put: (key: string, value: BenchValue) => keyv.set(key, value),
    get: (key: string) => keyv.get(key),
    getMany: (keys: readonly string[]) => keyv.getMany([...keys]),
    putMany: (items: readonly BenchItem[]) => keyv.setMany(items.map(({ key, value }) => ({ key, value }))),
    scanAll: async () => {
      if (!keyv.iterator) return 0;
      const rows: [string, unknown][] = [];
      for await (const row of keyv.iterator(keyv.namespace)) rows.push(row as [string, unknown]);
      rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      return rows.length;
    },
    putWithTtl: (key: string, value: BenchValue, ttlMs: number) => keyv.set(key, value, ttlMs),
    ...(footprint ? { footprint } : {}),
    reset: () => keyv.clear(),
    close: async () => {
      await keyv.clear();
      await keyv.disconnect();
    },
  };
}

/** Keyv with its default in-memory store and default serializer (what `new Keyv()` gives). */
export function keyvMemorySubject(): KvSubject {
  return keyvSubject('keyv (memory)', new Keyv<BenchValue>(), heapFootprint);
}

/** Keyv over @keyv/sqlite (the sqlite3 driver underneath). */
export function keyvSqliteSubject(file: string): KvSubject {
  const store = new KeyvSqlite({ uri: `sqlite://${file}` });
  const keyv = new Keyv<BenchValue>({ store });
  return {
    ...keyvSubject('keyv + @keyv/sqlite', keyv, () => ({ value: statSync(file, { throwIfNoEntry: false })?.size ?? 0, unit: 'file bytes' })),
    // Its setMany is one autocommit (and fsync) per key; loading read data inside one transaction
    // keeps set-up time sane without touching what is measured.
    bulkLoad: async (items: readonly BenchItem[]) => {
      await store.query('BEGIN');
      try {
        await keyv.setMany(items.map(({ key, value }) => ({ key, value })));
      } finally {
        await store.query('COMMIT');
      }
    },
  };
}

/** Keyv over @keyv/redis (node-redis underneath), in its own logical database. */
export function keyvRedisSubject(port: number, db: number): KvSubject {
  const store = new KeyvRedis(`redis://127.0.0.1:${port}/${db}`);
  const keyv = new Keyv<BenchValue>({ store });
  return keyvSubject('keyv + @keyv/redis', keyv, async () => ({ value: await (await store.getClient()).dbSize(), unit: 'keys (DBSIZE)' }));
}
