import type { Filter, MetadataValue, StorageBackend } from '@mem/core';
import { expect } from 'vitest';
import type { ConformanceCase, ConformanceGroup } from '../conformance-case.js';
import { expectMemError, listAll, refOf } from '../support/expectations.js';

const NS = ['list'];

// Keys whose code-point order differs from JavaScript's UTF-16 order: U+FFFF sorts before U+1F600
// by code point, after it by UTF-16 unit (0xFFFF > 0xD83D).
export const CODE_POINT_ORDER = ['A', 'Z', 'a', 'a\u0000', 'aa', 'b', '\u00e9', '\u4e00', '\ufb01', '\uFFFD', '\uFFFF', '\u{10000}', '\u{1F600}', '\u{1F600}a', '\u{10FFFF}'];

interface Row {
  readonly key: string;
  readonly metadata?: Record<string, MetadataValue>;
}

// A small table the filter cases query; each case names the keys it expects.
const ROWS: Row[] = [
  { key: 'r1', metadata: { n: 1, s: 'apple', b: true, tag: 'x' } },
  { key: 'r2', metadata: { n: 2, s: 'banana', b: false, tag: null } },
  { key: 'r3', metadata: { n: 3, s: '\uFFFF', b: true } },
  { key: 'r4', metadata: { n: -1.5, s: '\u{1F600}', tag: 'y' } },
  { key: 'r5', metadata: { n: '2', s: 'apple' } },
  { key: 'r6' },
  { key: 'r7', metadata: { n: 10, s: 'Apple', b: true, tag: 'x' } },
];

async function putRows(backend: StorageBackend): Promise<void> {
  for (const row of ROWS) await backend.put(NS, row.key, row.key, row.metadata ? { metadata: row.metadata } : {});
}

function filterCase(title: string, filter: Filter, expected: string[]): ConformanceCase {
  return {
    title: `filter ${title}`,
    run: async ({ backend }) => {
      await putRows(backend);
      expect((await listAll(backend, { filter })).map((e) => e.key), JSON.stringify(filter)).toEqual(expected);
      // The filter applies before the page is cut: pages of 1 give the same entries.
      expect((await listAll(backend, { filter, limit: 1 })).map((e) => e.key)).toEqual(expected);
    },
  };
}

async function putKeys(backend: StorageBackend, n: number, namespace = NS): Promise<string[]> {
  const keys = Array.from({ length: n }, (_, i) => `k${String(i).padStart(3, '0')}`);
  await backend.putMany(keys.map((key) => ({ namespace, key, value: key })));
  return keys;
}

/** Order by code point, honest pagination with stable cursors, keyPrefix, and the filter language. */
export const listGroup: ConformanceGroup = {
  id: 'list',
  title: 'list / pagination / filters',
  select: () => ({ kind: 'run' }),
  cases: () => [
    {
      title: 'an empty store lists nothing, with hasMore false and no cursor',
      run: async ({ backend }) => {
        expect(await backend.list()).toEqual({ entries: [], hasMore: false });
        expect(await backend.list({ prefix: ['x'], limit: 1 })).toEqual({ entries: [], hasMore: false });
      },
    },
    {
      title: "keys order by code point, not UTF-16: '\\uFFFF' before '\\u{1F600}'",
      run: async ({ backend }) => {
        for (const key of [...CODE_POINT_ORDER].reverse()) await backend.put(NS, key, key);
        expect((await listAll(backend)).map((e) => e.key)).toEqual(CODE_POINT_ORDER);
        expect((await listAll(backend, { limit: 3 })).map((e) => e.key)).toEqual(CODE_POINT_ORDER);
      },
    },
    {
      title: 'namespace segments order by code point too',
      run: async ({ backend }) => {
        for (const s of [...CODE_POINT_ORDER].reverse()) await backend.put([s], 'k', s);
        expect((await listAll(backend)).map((e) => e.namespace[0])).toEqual(CODE_POINT_ORDER);
        expect((await backend.listNamespaces()).map((ns) => ns[0])).toEqual(CODE_POINT_ORDER);
      },
    },
    {
      title: 'entries come back complete from list',
      run: async ({ backend }) => {
        await backend.put(NS, 'k', { v: [1] }, { metadata: { m: 1 } });
        await backend.put(NS, 'k', { v: [2] }, { metadata: { m: 2 } });
        const [entry] = (await backend.list()).entries;
        expect(entry).toMatchObject({ namespace: NS, key: 'k', value: { v: [2] }, metadata: { m: 2 }, version: 2 });
        expect(entry!.createdAt).toBeLessThanOrEqual(entry!.updatedAt);
      },
    },
    {
      title: 'keyPrefix keeps only keys that start with it (by code point)',
      run: async ({ backend }) => {
        for (const key of ['a', 'ab', 'abc', 'abd', 'ac', 'b', 'ab\u{1F600}', 'ab\uFFFF', 'a\u0000b']) await backend.put(NS, key, 1);
        await backend.put(['other'], 'ab', 1);
        expect((await listAll(backend, { prefix: NS, keyPrefix: 'ab' })).map((e) => e.key)).toEqual(['ab', 'abc', 'abd', 'ab\uFFFF', 'ab\u{1F600}']);
        expect((await listAll(backend, { keyPrefix: 'ab', limit: 2 })).map(refOf)).toHaveLength(6);
        expect((await listAll(backend, { prefix: NS, keyPrefix: '\u{1F600}' }))).toEqual([]);
        expect((await listAll(backend, { prefix: NS, keyPrefix: 'a\u0000' })).map((e) => e.key)).toEqual(['a\u0000b']);
      },
    },
    {
      title: 'keyPrefix ending in a high code point matches longer keys only',
      run: async ({ backend }) => {
        for (const key of ['\u{10FFFF}', '\u{10FFFF}a', '\u{10FFFE}z', '\uFFFF\uFFFF', '\uFFFF']) await backend.put(NS, key, 1);
        expect((await listAll(backend, { keyPrefix: '\u{10FFFF}' })).map((e) => e.key)).toEqual(['\u{10FFFF}', '\u{10FFFF}a']);
        expect((await listAll(backend, { keyPrefix: '\uFFFF' })).map((e) => e.key)).toEqual(['\uFFFF', '\uFFFF\uFFFF']);
      },
    },
    {
      title: 'pages of every size from 1 to 8 concatenate to the full list with no repeats or gaps',
      run: async ({ backend }) => {
        const keys = await putKeys(backend, 23);
        for (let limit = 1; limit <= 8; limit++) expect((await listAll(backend, { limit })).map((e) => e.key), `limit ${limit}`).toEqual(keys);
      },
    },
    {
      title: 'hasMore is honest: a page that holds exactly the rest says no more',
      run: async ({ backend }) => {
        await putKeys(backend, 6);
        const full = await backend.list({ limit: 6 });
        expect(full.entries).toHaveLength(6);
        expect(full.hasMore).toBe(false);
        expect(full.cursor).toBeUndefined();
        const first = await backend.list({ limit: 3 });
        expect(first.hasMore).toBe(true);
        const second = await backend.list({ limit: 3, cursor: first.cursor! });
        expect(second.entries).toHaveLength(3);
        expect(second.hasMore).toBe(false);
      },
    },
    {
      title: 'the default page size returns up to 1000 entries and says whether more remain',
      run: async ({ backend }) => {
        const keys = (await putKeys(backend, 1001)).sort();
        const page = await backend.list();
        expect(page.entries.map((e) => e.key)).toEqual(keys.slice(0, 1000));
        expect(page.hasMore).toBe(true);
        const rest = await backend.list({ cursor: page.cursor! });
        expect(rest.entries.map((e) => e.key)).toEqual([keys[1000]]);
        expect(rest.hasMore).toBe(false);
      },
    },
    {
      title: 'cursors survive concurrent inserts: nothing that existed throughout is skipped or repeated',
      run: async ({ backend }) => {
        const keys = await putKeys(backend, 30);
        const seen: string[] = [];
        let cursor: string | undefined;
        let round = 0;
        do {
          const page = await backend.list({ limit: 4, ...(cursor ? { cursor } : {}) });
          seen.push(...page.entries.map((e) => e.key));
          cursor = page.cursor;
          // Inserts before, at and after the scan position.
          await backend.put(NS, `k${String(round).padStart(3, '0')}a`, 'new');
          await backend.put(NS, `k${String(29 - round).padStart(3, '0')}b`, 'new');
          await backend.put(NS, 'a-before-everything', 'new');
          round++;
        } while (cursor);
        expect(new Set(seen).size, 'no entry repeated').toBe(seen.length);
        for (const key of keys) expect(seen, key).toContain(key);
        expect([...seen].sort()).toEqual(seen.slice().sort());
      },
    },
    {
      title: 'cursors survive concurrent deletes, including of the entry the cursor points at',
      run: async ({ backend }) => {
        const keys = await putKeys(backend, 30);
        const deleted = new Set<string>();
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await backend.list({ limit: 5, ...(cursor ? { cursor } : {}) });
          seen.push(...page.entries.map((e) => e.key));
          cursor = page.cursor;
          const last = page.entries.at(-1)?.key;
          if (last) {
            await backend.delete(NS, last);
            deleted.add(last);
          }
          const ahead = keys.find((k) => !seen.includes(k) && !deleted.has(k) && k.endsWith('7'));
          if (ahead) {
            await backend.delete(NS, ahead);
            deleted.add(ahead);
          }
        } while (cursor);
        expect(new Set(seen).size).toBe(seen.length);
        for (const key of keys) if (!deleted.has(key) || seen.includes(key)) expect(seen, key).toContain(key);
        for (const key of seen) expect(keys).toContain(key);
      },
    },
    {
      title: 'a cursor continues under the same prefix, keyPrefix and filter',
      run: async ({ backend }) => {
        for (let i = 0; i < 20; i++) await backend.put(['p', String(i % 2)], `key${String(i).padStart(2, '0')}`, i, { metadata: { even: i % 4 === 0 } });
        const all = await listAll(backend, { prefix: ['p', '0'], keyPrefix: 'key', filter: { even: true }, limit: 2 });
        expect(all.map((e) => e.value)).toEqual([0, 4, 8, 12, 16]);
      },
    },
    {
      title: 'a malformed cursor is a ValidationError',
      run: async ({ backend }) => {
        await backend.put(NS, 'k', 1);
        for (const cursor of ['not a cursor', '', '!!!', Buffer.from('{"a":1}').toString('base64url')]) {
          await expectMemError(backend, () => backend.list({ cursor }), { code: 'VALIDATION', operation: 'list' });
        }
      },
    },
    filterCase('with a bare value means $eq and matches type exactly', { n: 2 }, ['r2']),
    filterCase('$eq on a string', { s: { $eq: 'apple' } }, ['r1', 'r5']),
    filterCase('$eq null matches a stored null only, never a missing field', { tag: null }, ['r2']),
    filterCase('$ne matches missing fields too', { tag: { $ne: 'x' } }, ['r2', 'r3', 'r4', 'r5', 'r6']),
    filterCase('$gt / $lte compare numbers with numbers only', { n: { $gt: 1, $lte: 10 } }, ['r2', 'r3', 'r7']),
    filterCase('$gte / $lt on negative and fractional numbers', { n: { $gte: -1.5, $lt: 2 } }, ['r1', 'r4']),
    filterCase("string ranges compare by code point ('\\uFFFF' < '\\u{1F600}')", { s: { $gt: 'b', $lt: '\u{1F600}' } }, ['r2', 'r3']),
    filterCase('ordering operators never compare a string with a number', { n: { $gte: '0' } }, ['r5']),
    filterCase('$in matches any listed value of the same type', { n: { $in: [1, '2', 10] } }, ['r1', 'r5', 'r7']),
    filterCase('$nin matches missing fields too', { tag: { $nin: ['x', null] } }, ['r3', 'r4', 'r5', 'r6']),
    filterCase('$exists true counts a stored null as present', { tag: { $exists: true } }, ['r1', 'r2', 'r4', 'r7']),
    filterCase('$exists false keeps entries without the field', { b: { $exists: false } }, ['r4', 'r5', 'r6']),
    filterCase('booleans match booleans only', { b: true }, ['r1', 'r3', 'r7']),
    filterCase('several fields are AND-ed', { b: true, tag: 'x', s: { $ne: 'apple' } }, ['r7']),
    filterCase('{} matches everything', {}, ['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7']),
    filterCase('strings compare case-sensitively', { s: 'Apple' }, ['r7']),
    {
      title: 'filters on createdAt and updatedAt use the entry timestamps',
      run: async ({ backend }) => {
        const a = await backend.put(NS, 'a', 1);
        await new Promise((r) => setTimeout(r, 5));
        const b = await backend.put(NS, 'b', 2);
        await new Promise((r) => setTimeout(r, 5));
        await backend.put(NS, 'a', 3);
        expect((await listAll(backend, { filter: { createdAt: { $gt: a.createdAt } } })).map((e) => e.key)).toEqual(['b']);
        expect((await listAll(backend, { filter: { updatedAt: { $gt: b.updatedAt } } })).map((e) => e.key)).toEqual(['a']);
        expect((await listAll(backend, { filter: { createdAt: { $lte: b.createdAt }, updatedAt: { $lte: b.updatedAt } } })).map((e) => e.key)).toEqual(['b']);
      },
    },
    {
      title: 'the filter applies before the page is cut, so sparse matches still fill pages',
      run: async ({ backend }) => {
        for (let i = 0; i < 40; i++) await backend.put(NS, `k${String(i).padStart(2, '0')}`, i, { metadata: { hit: i % 10 === 9 } });
        const page = await backend.list({ filter: { hit: true }, limit: 2 });
        expect(page.entries.map((e) => e.value)).toEqual([9, 19]);
        expect(page.hasMore).toBe(true);
        const rest = await backend.list({ filter: { hit: true }, limit: 2, cursor: page.cursor! });
        expect(rest.entries.map((e) => e.value)).toEqual([29, 39]);
        expect(rest.hasMore).toBe(false);
      },
    },
    {
      title: 'a filter that matches nothing gives an empty last page',
      run: async ({ backend }) => {
        await putKeys(backend, 10);
        expect(await backend.list({ filter: { missing: 1 }, limit: 3 })).toEqual({ entries: [], hasMore: false });
      },
    },
    {
      title: 'prefix, keyPrefix and filter combine',
      run: async ({ backend }) => {
        await backend.put(['t', 'a'], 'x1', 1, { metadata: { k: 1 } });
        await backend.put(['t', 'a'], 'x2', 2, { metadata: { k: 2 } });
        await backend.put(['t', 'a'], 'y1', 3, { metadata: { k: 1 } });
        await backend.put(['t', 'b'], 'x1', 4, { metadata: { k: 1 } });
        await backend.put(['t-a'], 'x1', 5, { metadata: { k: 1 } });
        expect((await listAll(backend, { prefix: ['t', 'a'], keyPrefix: 'x', filter: { k: 1 } })).map((e) => e.value)).toEqual([1]);
        expect((await listAll(backend, { prefix: ['t'], keyPrefix: 'x', filter: { k: 1 } })).map((e) => e.value)).toEqual([1, 4]);
      },
    },
  ],
};
