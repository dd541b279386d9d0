import { MAX_KEY_LENGTH, MAX_LIST_LIMIT, MAX_NAMESPACE_DEPTH, type StorageBackend } from '@mem/core';
import { expect } from 'vitest';
import type { ConformanceCase, ConformanceGroup } from '../conformance-case.js';
import { expectMemError, listAll, refOf } from '../support/expectations.js';

const NS = ['bad'];

// The calls below break the types on purpose: they are what untyped callers send.
/* eslint-disable @typescript-eslint/no-explicit-any */
type Loose = any;

class Point {
  constructor(readonly x: number) {}
}

function cyclic(): unknown {
  const a: Record<string, unknown> = { name: 'a' };
  a.self = { back: a };
  return a;
}

async function snapshot(backend: StorageBackend): Promise<string> {
  const entries = await listAll(backend);
  return JSON.stringify(entries.map((e) => [refOf(e), e.version, e.expiresAt ?? null, e.embedding ? Array.from(e.embedding) : null]));
}

/**
 * One bad call: it must fail with a ValidationError naming the backend and operation, and leave the
 * store exactly as it was (seeded with an entry at ['bad'] 'k' that has an embedding when vectors are on).
 */
function rejects(title: string, operation: string, call: (b: StorageBackend) => Promise<unknown>): ConformanceCase {
  return {
    title: `${title} → ValidationError, nothing stored`,
    run: async ({ backend, capabilities }) => {
      await backend.put(NS, 'k', 'original', capabilities.vectorSearch === 'none' ? {} : { embedding: [1, 2, 3] });
      const before = await snapshot(backend);
      await expectMemError(backend, () => call(backend), { code: 'VALIDATION', operation });
      expect(await snapshot(backend)).toBe(before);
      expect((await backend.get(NS, 'k'))!.value).toBe('original');
    },
  };
}

// Arguments count (not defaults) decide what is left out, so an explicit `undefined` key reaches the backend.
const put =
  (value: unknown, options?: Loose, ...target: [key?: Loose, ns?: Loose]) =>
  (b: StorageBackend) =>
    b.put(target.length > 1 ? target[1] : NS, target.length > 0 ? target[0] : 'k', value, options);

function writeCases(): ConformanceCase[] {
  return [
    rejects('a namespace that is not an array', 'put', put(1, undefined, 'k', 'bad')),
    rejects('an empty namespace', 'put', put(1, undefined, 'k', [])),
    rejects('an empty namespace segment', 'put', put(1, undefined, 'k', ['bad', ''])),
    rejects('a non-string namespace segment', 'put', put(1, undefined, 'k', ['bad', 1])),
    rejects('a namespace deeper than the limit', 'put', put(1, undefined, 'k', Array.from({ length: MAX_NAMESPACE_DEPTH + 1 }, () => 's'))),
    rejects('a segment with a lone surrogate', 'put', put(1, undefined, 'k', ['\uD800'])),
    rejects('a non-string key', 'put', put(1, undefined, 42)),
    rejects('an undefined key', 'put', put(1, undefined, undefined)),
    rejects('an empty key', 'put', put(1, undefined, '')),
    rejects('a key over the length limit', 'put', put(1, undefined, 'k'.repeat(MAX_KEY_LENGTH + 1))),
    rejects('a key with a lone surrogate', 'put', put(1, undefined, 'a\uDC00')),
    rejects('ttlMs of 0', 'put', put('new', { ttlMs: 0 })),
    rejects('a negative ttlMs', 'put', put('new', { ttlMs: -5 })),
    rejects('ttlMs NaN', 'put', put('new', { ttlMs: Number.NaN })),
    rejects('ttlMs Infinity', 'put', put('new', { ttlMs: Number.POSITIVE_INFINITY })),
    rejects('ttlMs as a string', 'put', put('new', { ttlMs: '100' })),
    rejects('a negative ifVersion', 'put', put('new', { ifVersion: -1 })),
    rejects('a fractional ifVersion', 'put', put('new', { ifVersion: 1.5 })),
    rejects('a fractional ifVersion on delete', 'delete', (b) => b.delete(NS, 'k', { ifVersion: 0.5 })),
    rejects('a value holding a function', 'put', put({ f: () => 1 })),
    rejects('a value holding a symbol', 'put', put({ s: Symbol('x') })),
    rejects('a value with a symbol key', 'put', put({ [Symbol('x')]: 1 })),
    rejects('a cyclic value', 'put', put(cyclic())),
    rejects('a class instance', 'put', put(new Point(1))),
    rejects('a Map', 'put', put(new Map([['a', 1]]))),
    rejects('a value holding NaN', 'put', put({ n: Number.NaN })),
    rejects('an undefined value', 'put', put(undefined)),
    rejects('a sparse array', 'put', put([1, , 3])),
    rejects('metadata that is not flat', 'put', put('new', { metadata: { nested: { a: 1 } } })),
    rejects('metadata with a reserved key', 'put', put('new', { metadata: { createdAt: 1 } })),
    rejects('put options that are not an object', 'put', put('new', 'fast')),
    rejects('a putMany item holding a class instance', 'putMany', (b) => b.putMany([{ namespace: NS, key: 'n1', value: 1 }, { namespace: NS, key: 'n2', value: new Point(2) }])),
    rejects('a putMany that is not an array', 'putMany', (b) => b.putMany({ namespace: NS, key: 'k', value: 1 } as Loose)),
    rejects('a getMany reference without a key', 'getMany', (b) => b.getMany([{ namespace: NS } as Loose])),
    rejects('a delete with an empty segment', 'delete', (b) => b.delete(['bad', ''], 'k')),
    rejects('clear with a namespace that is not an array', 'clear', (b) => b.clear('bad' as Loose)),
  ];
}

function readCases(capabilities: { maxK: number; vectorSearch: string }): ConformanceCase[] {
  const cases = [
    rejects('an unknown filter operator in list', 'list', (b) => b.list({ filter: { n: { $regex: 'x' } as Loose } })),
    rejects('a filter operand of the wrong type in list', 'list', (b) => b.list({ filter: { n: { $in: 'x' } as Loose } })),
    rejects('a nested object as a filter value', 'list', (b) => b.list({ filter: { n: { a: 1 } as Loose } })),
    rejects('a list limit of 0', 'list', (b) => b.list({ limit: 0 })),
    rejects(`a list limit over ${MAX_LIST_LIMIT}`, 'list', (b) => b.list({ limit: MAX_LIST_LIMIT + 1 })),
    rejects('a fractional list limit', 'list', (b) => b.list({ limit: 1.5 })),
    rejects('a list prefix with an empty segment', 'list', (b) => b.list({ prefix: [''] })),
    rejects('a listNamespaces maxDepth of 0', 'listNamespaces', (b) => b.listNamespaces({ maxDepth: 0 })),
  ];
  if (capabilities.vectorSearch === 'none') return cases;
  return [
    ...cases,
    rejects('an embedding holding NaN', 'put', put('new', { embedding: [1, Number.NaN, 3] })),
    rejects('an embedding holding Infinity', 'put', put('new', { embedding: [1, Number.POSITIVE_INFINITY, 3] })),
    rejects('a zero-vector embedding', 'put', put('new', { embedding: [0, 0, 0] })),
    rejects('an embedding of the wrong dimension', 'put', put('new', { embedding: [1, 2] })),
    rejects('an embedding of the wrong dimension in putMany', 'putMany', (b) => b.putMany([{ namespace: NS, key: 'n', value: 1, embedding: [1, 2, 3, 4] }])),
    rejects('an embedding that is not numeric', 'put', put('new', { embedding: ['1', '2', '3'] })),
    rejects('search with k = 0', 'search', (b) => b.search({ vector: [1, 2, 3], k: 0 })),
    rejects(`search with k over maxK (${capabilities.maxK})`, 'search', (b) => b.search({ vector: [1, 2, 3], k: capabilities.maxK + 1 })),
    rejects('search with a fractional k', 'search', (b) => b.search({ vector: [1, 2, 3], k: 2.5 })),
    rejects('search with a zero query vector', 'search', (b) => b.search({ vector: [0, 0, 0] })),
    rejects('search with NaN in the query vector', 'search', (b) => b.search({ vector: [Number.NaN, 0, 1] })),
    rejects('search with a query vector of the wrong dimension', 'search', (b) => b.search({ vector: [1, 2] })),
    rejects('search with an unknown filter operator', 'search', (b) => b.search({ vector: [1, 2, 3], filter: { n: { $near: 1 } as Loose } })),
    rejects('search with minScore NaN', 'search', (b) => b.search({ vector: [1, 2, 3], minScore: Number.NaN })),
  ];
}

/** Every item of the "bad input" list: a typed ValidationError naming backend and operation, nothing stored. */
export const badInputGroup: ConformanceGroup = {
  id: 'bad-input',
  title: 'bad input',
  select: () => ({ kind: 'run' }),
  cases: (capabilities) => [...writeCases(), ...readCases(capabilities)],
};
