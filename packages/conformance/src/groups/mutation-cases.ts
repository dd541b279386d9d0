import type { BackendCapabilities, Entry, StorageBackend } from '@mem/core';
import { expect } from 'vitest';
import type { ConformanceCase } from '../conformance-case.js';
import { listAll } from '../support/expectations.js';

const NS = ['mutation'];

function original(): { list: number[]; nested: { text: string }; when: Date; bytes: Uint8Array } {
  return { list: [1, 2, 3], nested: { text: 'a' }, when: new Date(1000), bytes: new Uint8Array([1, 2, 3]) };
}

// Scribbles over everything reachable from an entry a caller holds.
function scribble(entry: Entry): void {
  const value = entry.value as ReturnType<typeof original>;
  value.list.push(99);
  value.list[0] = -1;
  value.nested.text = 'changed';
  value.when.setTime(0);
  value.bytes[0] = 255;
  (value as Record<string, unknown>).added = true;
  if (entry.metadata) (entry.metadata as Record<string, unknown>).tag = 'changed';
  if (entry.embedding) entry.embedding.fill(7);
  (entry.namespace as string[])[0] = 'changed';
  entry.version = 1234;
}

async function expectUnchanged(backend: StorageBackend, withEmbedding: boolean): Promise<void> {
  const entry = await backend.get(NS, 'k');
  expect(entry!.value).toStrictEqual(original());
  expect(entry!.metadata).toEqual({ tag: 'x' });
  expect(entry!.version).toBe(1);
  expect(entry!.namespace).toEqual(NS);
  if (withEmbedding) expect(Array.from(entry!.embedding!)).toEqual([1, 2, 3]);
}

async function store(backend: StorageBackend, withEmbedding: boolean): Promise<void> {
  await backend.put(NS, 'k', original(), withEmbedding ? { metadata: { tag: 'x' }, embedding: new Float32Array([1, 2, 3]) } : { metadata: { tag: 'x' } });
}

function readerCase(title: string, read: (backend: StorageBackend) => Promise<Entry[]>): ConformanceCase {
  return {
    title: `mutating what ${title} returned never changes what is stored`,
    run: async ({ backend, capabilities }) => {
      const vectors = capabilities.vectorSearch !== 'none';
      await store(backend, vectors);
      for (const entry of await read(backend)) scribble(entry);
      await expectUnchanged(backend, vectors);
    },
  };
}

const plainCases: ConformanceCase[] = [
  {
    title: 'mutating a value after put never changes what is stored',
    run: async ({ backend }) => {
      const value = original();
      const metadata: Record<string, string> = { tag: 'x' };
      await backend.put(NS, 'k', value, { metadata });
      value.list.push(4);
      value.nested.text = 'b';
      value.when.setTime(5);
      value.bytes[1] = 0;
      metadata.tag = 'changed';
      await expectUnchanged(backend, false);
    },
  },
  {
    title: 'mutating putMany items after the call never changes what is stored',
    run: async ({ backend }) => {
      const value = original();
      const item = { namespace: [...NS], key: 'k', value, metadata: { tag: 'x' } };
      await backend.putMany([item]);
      value.list.length = 0;
      item.namespace[0] = 'elsewhere';
      (item.metadata as Record<string, string>).tag = 'y';
      await expectUnchanged(backend, false);
    },
  },
  {
    title: 'mutating the namespace array after put never moves the entry',
    run: async ({ backend }) => {
      const namespace = ['mutation'];
      await backend.put(namespace, 'k', original(), { metadata: { tag: 'x' } });
      namespace[0] = 'moved';
      await expectUnchanged(backend, false);
      expect(await backend.get(['moved'], 'k')).toBeUndefined();
    },
  },
  readerCase('get', async (b) => [(await b.get(NS, 'k'))!]),
  readerCase('getMany', async (b) => (await b.getMany([{ namespace: NS, key: 'k' }, { namespace: NS, key: 'k' }])) as Entry[]),
  readerCase('list', async (b) => listAll(b)),
];

const vectorCases: ConformanceCase[] = [
  {
    title: 'mutating an embedding (Float32Array or number[]) after put never changes what is stored',
    run: async ({ backend }) => {
      const typed = new Float32Array([1, 2, 3]);
      const plain = [1, 2, 3];
      await backend.put(NS, 'k', original(), { metadata: { tag: 'x' }, embedding: typed });
      await backend.put(NS, 'plain', 1, { embedding: plain });
      typed.fill(9);
      plain[0] = 9;
      await expectUnchanged(backend, true);
      expect(Array.from((await backend.get(NS, 'plain'))!.embedding!)).toEqual([1, 2, 3]);
      const [hit] = await backend.search({ vector: [1, 2, 3], k: 1, prefix: NS });
      expect(hit!.score).toBeCloseTo(1, 5);
    },
  },
  readerCase('search', async (b) => (await b.search({ vector: [1, 2, 3], k: 1 })).map((hit) => hit.entry)),
  {
    title: 'a returned embedding is a fresh Float32Array each time',
    run: async ({ backend }) => {
      await store(backend, true);
      const a = (await backend.get(NS, 'k'))!.embedding!;
      const b = (await backend.get(NS, 'k'))!.embedding!;
      expect(a).toBeInstanceOf(Float32Array);
      expect(a).not.toBe(b);
      expect(a.buffer).not.toBe(b.buffer);
    },
  },
];

/** The mutation tests of the values group: nothing the caller holds is shared with the store. */
export function mutationCases(capabilities: BackendCapabilities): ConformanceCase[] {
  const vectors = capabilities.vectorSearch !== 'none';
  return [...plainCases, ...(vectors ? vectorCases : [])];
}
