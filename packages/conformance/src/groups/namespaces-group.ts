import { MAX_NAMESPACE_DEPTH, MAX_SEGMENT_LENGTH } from '@mem/core';
import { expect } from 'vitest';
import type { ConformanceGroup } from '../conformance-case.js';
import { countEntries, listAll, refOf } from '../support/expectations.js';

// Namespaces that naive encodings (joined by ':' or '/') confuse.
const LOOKALIKES: string[][] = [['a:b', 'c'], ['a', 'b:c'], ['a', 'b', 'c'], ['a/b', 'c'], ['a', 'b/c'], ['a:b:c'], ['a/b/c'], ['a.b', 'c'], ['a\\b', 'c'], ['a\u0000b', 'c'], ['a\u0001', 'b', 'c'], ['a\u0002b', 'c']];

/** Namespaces are injective and prefixes match per segment, in list, clear, listNamespaces and stats. */
export const namespacesGroup: ConformanceGroup = {
  id: 'namespaces',
  title: 'namespaces',
  select: () => ({ kind: 'run' }),
  cases: () => [
    {
      title: "['a:b','c'], ['a','b:c'] and ['a','b','c'] (and other separator look-alikes) never meet",
      run: async ({ backend }) => {
        for (const ns of LOOKALIKES) await backend.put(ns, 'k', ns.join('|'));
        for (const ns of LOOKALIKES) {
          const entry = await backend.get(ns, 'k');
          expect(entry!.value).toBe(ns.join('|'));
          expect(entry!.namespace).toEqual(ns);
          expect(entry!.version).toBe(1);
        }
        expect(await countEntries(backend)).toBe(LOOKALIKES.length);
        expect((await backend.stats()).namespaces).toBe(LOOKALIKES.length);
      },
    },
    {
      title: 'a namespace and a key never combine into another (namespace, key)',
      run: async ({ backend }) => {
        await backend.put(['a'], 'b:c', 1);
        await backend.put(['a', 'b'], 'c', 2);
        await backend.put(['a:b'], 'c', 3);
        await backend.put(['a'], 'b/c', 4);
        expect((await backend.get(['a'], 'b:c'))!.value).toBe(1);
        expect((await backend.get(['a', 'b'], 'c'))!.value).toBe(2);
        expect((await backend.get(['a:b'], 'c'))!.value).toBe(3);
        expect((await backend.get(['a'], 'b/c'))!.value).toBe(4);
        expect((await listAll(backend, { prefix: ['a'] })).map((e) => e.value).sort()).toEqual([1, 2, 4]);
      },
    },
    {
      title: "list prefix ['acme'] never matches ['acme-corp'] or ['acmex']",
      run: async ({ backend }) => {
        for (const ns of [['acme'], ['acme', 'x'], ['acme-corp'], ['acmex'], ['acme-corp', 'x'], ['acm']]) await backend.put(ns, 'k', ns.join('/'));
        const listed = await listAll(backend, { prefix: ['acme'] });
        expect(listed.map((e) => e.namespace)).toEqual([['acme'], ['acme', 'x']]);
      },
    },
    {
      title: 'list prefixes match per segment for every look-alike',
      run: async ({ backend }) => {
        for (const ns of LOOKALIKES) await backend.put(ns, 'k', 1);
        for (const prefix of [['a'], ['a', 'b'], ['a:b'], ['a/b'], ['a', 'b:c'], ['a:b:c']]) {
          const expected = LOOKALIKES.filter((ns) => prefix.every((s, i) => ns[i] === s)).map((ns) => JSON.stringify(ns)).sort();
          const actual = (await listAll(backend, { prefix })).map((e) => JSON.stringify(e.namespace)).sort();
          expect(actual, `prefix ${JSON.stringify(prefix)}`).toEqual(expected);
        }
      },
    },
    {
      title: 'a prefix matches its own namespace and deeper ones, never shallower ones',
      run: async ({ backend }) => {
        await backend.put(['a'], 'k', 1);
        await backend.put(['a', 'b'], 'k', 2);
        await backend.put(['a', 'b', 'c'], 'k', 3);
        expect((await listAll(backend, { prefix: ['a', 'b'] })).map((e) => e.value)).toEqual([2, 3]);
        expect((await listAll(backend, { prefix: ['a', 'b', 'c', 'd'] }))).toEqual([]);
      },
    },
    {
      title: "clear(['a']) removes ['a', …] and touches nothing outside",
      run: async ({ backend }) => {
        const inside = [['a'], ['a', 'b'], ['a', 'b', 'c'], ['a', 'a-b']];
        const outside = [['a-b'], ['ab'], ['b', 'a'], ['a:b'], ['a/b'], ['A'], ['a\u0000'], ['b']];
        for (const ns of [...inside, ...outside]) await backend.put(ns, 'k', 1);
        expect(await backend.clear(['a'])).toBe(inside.length);
        for (const ns of inside) expect(await backend.get(ns, 'k')).toBeUndefined();
        for (const ns of outside) expect(await backend.get(ns, 'k'), JSON.stringify(ns)).toBeDefined();
        expect(await countEntries(backend)).toBe(outside.length);
      },
    },
    {
      title: 'clear of a deeper prefix leaves its parent and siblings',
      run: async ({ backend }) => {
        for (const ns of [['a'], ['a', 'b'], ['a', 'b', 'x'], ['a', 'bc'], ['a', 'c']]) await backend.put(ns, 'k', 1);
        expect(await backend.clear(['a', 'b'])).toBe(2);
        expect((await listAll(backend)).map((e) => e.namespace)).toEqual([['a'], ['a', 'bc'], ['a', 'c']]);
      },
    },
    {
      title: 'clear() and clear([]) remove everything and report how many',
      run: async ({ backend }) => {
        for (const ns of [['a'], ['b'], ['c', 'd']]) await backend.put(ns, 'k', 1);
        expect(await backend.clear()).toBe(3);
        expect(await countEntries(backend)).toBe(0);
        await backend.put(['x'], 'k', 1);
        expect(await backend.clear([])).toBe(1);
        expect(await backend.list()).toEqual({ entries: [], hasMore: false });
      },
    },
    {
      title: 'clear of a prefix with nothing under it removes nothing and returns 0',
      run: async ({ backend }) => {
        await backend.put(['a'], 'k', 1);
        expect(await backend.clear(['nothing'])).toBe(0);
        expect(await backend.clear(['a', 'deeper'])).toBe(0);
        expect(await countEntries(backend)).toBe(1);
      },
    },
    {
      title: 'listNamespaces returns distinct namespaces sorted per segment by code point',
      run: async ({ backend }) => {
        const namespaces = [['b'], ['a', 'z'], ['a-'], ['a'], ['\u{1F600}'], ['\uFFFF'], ['a', 'b', 'c'], ['A']];
        for (const ns of namespaces) {
          await backend.put(ns, 'k1', 1);
          await backend.put(ns, 'k2', 2);
        }
        expect(await backend.listNamespaces()).toEqual([['A'], ['a'], ['a', 'b', 'c'], ['a', 'z'], ['a-'], ['b'], ['\uFFFF'], ['\u{1F600}']]);
      },
    },
    {
      title: "listNamespaces prefix ['acme'] never returns ['acme-corp']",
      run: async ({ backend }) => {
        for (const ns of [['acme'], ['acme', 'x'], ['acme-corp'], ['acme-corp', 'y'], ['acmex']]) await backend.put(ns, 'k', 1);
        expect(await backend.listNamespaces({ prefix: ['acme'] })).toEqual([['acme'], ['acme', 'x']]);
      },
    },
    {
      title: 'listNamespaces maxDepth truncates and de-duplicates',
      run: async ({ backend }) => {
        for (const ns of [['a', 'b', 'c'], ['a', 'b', 'd'], ['a', 'e'], ['f']]) await backend.put(ns, 'k', 1);
        expect(await backend.listNamespaces({ maxDepth: 1 })).toEqual([['a'], ['f']]);
        expect(await backend.listNamespaces({ maxDepth: 2 })).toEqual([['a', 'b'], ['a', 'e'], ['f']]);
        expect(await backend.listNamespaces({ prefix: ['a'], maxDepth: 2 })).toEqual([['a', 'b'], ['a', 'e']]);
      },
    },
    {
      title: 'listNamespaces forgets a namespace once its last entry is deleted',
      run: async ({ backend }) => {
        await backend.put(['a'], 'k', 1);
        await backend.put(['b'], 'k', 1);
        await backend.put(['b'], 'j', 1);
        await backend.delete(['a'], 'k');
        await backend.delete(['b'], 'k');
        expect(await backend.listNamespaces()).toEqual([['b']]);
        expect((await backend.stats()).namespaces).toBe(1);
      },
    },
    {
      title: 'list orders namespaces per segment, not as joined strings',
      run: async ({ backend }) => {
        // Joined with '/', 'a-' (0x2d) sorts before 'a/z' (0x2f); per segment ['a', …] comes first.
        for (const ns of [['a-'], ['a', 'z'], ['a'], ['a', '\u0000'], ['a\u0000']]) await backend.put(ns, 'k', 1);
        expect((await listAll(backend)).map((e) => e.namespace)).toEqual([['a'], ['a', '\u0000'], ['a', 'z'], ['a\u0000'], ['a-']]);
      },
    },
    {
      title: `namespaces of ${MAX_NAMESPACE_DEPTH} segments and segments of ${MAX_SEGMENT_LENGTH} characters work`,
      run: async ({ backend }) => {
        const deep = Array.from({ length: MAX_NAMESPACE_DEPTH }, (_, i) => `s${i}`);
        const wide = ['x'.repeat(MAX_SEGMENT_LENGTH), '\u{1F600}'.repeat(MAX_SEGMENT_LENGTH / 2)];
        await backend.put(deep, 'k', 'deep');
        await backend.put(wide, 'k', 'wide');
        expect((await backend.get(deep, 'k'))!.namespace).toEqual(deep);
        expect((await backend.get(wide, 'k'))!.value).toBe('wide');
        expect((await listAll(backend, { prefix: deep.slice(0, 10) })).map((e) => e.value)).toEqual(['deep']);
      },
    },
    {
      title: 'Unicode, emoji and control characters in segments are distinct and round-trip',
      run: async ({ backend }) => {
        const namespaces = [['\u0000'], ['\u0000\u0000'], ['\u0001'], ['\u0002'], ['\u{1F600}'], ['\uFFFF'], ['caf\u00e9'], ['cafe\u0301'], ['\u202e'], ['\t'], ['\n'], [' ']];
        for (const [i, ns] of namespaces.entries()) await backend.put(ns, 'k', i);
        for (const [i, ns] of namespaces.entries()) expect((await backend.get(ns, 'k'))!.value).toBe(i);
        const listed = await listAll(backend);
        expect(listed).toHaveLength(namespaces.length);
        expect(new Set(listed.map(refOf)).size).toBe(namespaces.length);
      },
    },
    {
      title: 'getMany and deleteMany address namespaces exactly',
      run: async ({ backend }) => {
        await backend.put(['a', 'b'], 'c', 1);
        await backend.put(['a:b'], 'c', 2);
        const got = await backend.getMany([
          { namespace: ['a:b'], key: 'c' },
          { namespace: ['a', 'b:c'], key: 'c' },
        ]);
        expect(got.map((e) => e?.value)).toEqual([2, undefined]);
        expect(await backend.deleteMany([{ namespace: ['a/b'], key: 'c' }, { namespace: ['a:b'], key: 'c' }])).toBe(1);
        expect((await backend.get(['a', 'b'], 'c'))!.value).toBe(1);
      },
    },
  ],
};
