import { describe, expect, it } from 'vitest';
import {
  BackendUnavailableError,
  DEFAULT_LIST_LIMIT,
  DEFAULT_MAX_K,
  DEFAULT_MAX_VALUE_BYTES,
  MAX_LIST_LIMIT,
  MAX_NAMESPACE_DEPTH,
  UnsupportedCapabilityError,
  assertOpen,
  encodeCursor,
  operationContext,
  prepareClear,
  prepareList,
  prepareListNamespaces,
  prepareSearch,
  type BackendCapabilities,
  type MemError,
  type ListOptions,
  type SearchOptions,
} from '../src/index.js';
import { expectRejected as rejected } from './validation-expect.js';

const capabilities: BackendCapabilities = { persistent: false, crossProcess: false, vectorSearch: 'exact', atomicBatch: true, maxValueBytes: DEFAULT_MAX_VALUE_BYTES, maxK: DEFAULT_MAX_K };

const expectRejected = (call: () => unknown, operation: string, pattern: RegExp, type?: new (...args: never[]) => MemError) => rejected(call, `acme-store ${operation}`, pattern, type);

describe('prepareList', () => {
  const ctx = operationContext('acme-store', 'list');
  const bad: [string, unknown, RegExp][] = [
    ['limit 0', { limit: 0 }, /limit/],
    ['limit over the maximum', { limit: MAX_LIST_LIMIT + 1 }, /limit/],
    ['a fractional limit', { limit: 1.5 }, /limit/],
    ['a string limit', { limit: '10' }, /limit/],
    ['a NaN limit', { limit: Number.NaN }, /limit/],
    ['a garbage cursor', { cursor: 'garbage' }, /cursor/],
    ['a number cursor', { cursor: 5 }, /cursor/],
    ['a number keyPrefix', { keyPrefix: 5 }, /keyPrefix/],
    ['a lone-surrogate keyPrefix', { keyPrefix: 'a\uD800' }, /keyPrefix/],
    ['a string prefix', { prefix: 'a' }, /namespace/],
    ['a prefix with an empty segment', { prefix: ['a', ''] }, /namespace segment 1/],
    ['a prefix with a lone surrogate', { prefix: ['\uDC00'] }, /lone surrogate/],
    ['an unknown filter operator', { filter: { a: { $regex: 'x' } } }, /\$regex/],
    ['a non-object filter', { filter: 'a=1' }, /filter/],
    ['options that are a string', 'everything', /options/],
  ];
  it.each(bad)('rejects %s', (_name, options, pattern) => {
    expectRejected(() => prepareList(options as ListOptions, ctx), 'list', pattern);
  });

  it('applies defaults and decodes the cursor into a position', () => {
    expect(prepareList(undefined, ctx)).toEqual({ prefix: [], keyPrefix: undefined, clauses: [], limit: DEFAULT_LIST_LIMIT, after: undefined });
    const prepared = prepareList({ prefix: ['a'], keyPrefix: '', limit: MAX_LIST_LIMIT, cursor: encodeCursor({ namespace: ['a', 'b'], key: 'k' }), filter: { x: 1 } }, ctx);
    expect(prepared.keyPrefix).toBeUndefined();
    expect(prepared.limit).toBe(MAX_LIST_LIMIT);
    expect(prepared.after).toEqual({ namespace: ['a', 'b'], key: 'k' });
    expect(prepared.clauses).toEqual([{ field: 'x', op: '$eq', operand: 1 }]);
    expect(prepareList({ limit: 1, keyPrefix: 'k' }, ctx)).toMatchObject({ limit: 1, keyPrefix: 'k' });
  });
});

describe('prepareSearch', () => {
  const ctx = operationContext('acme-store', 'search');
  const search = (options: unknown, dimension: number | undefined = 2, caps = capabilities) => prepareSearch(options as SearchOptions, caps, dimension, ctx);
  const bad: [string, unknown, RegExp][] = [
    ['k 0', { vector: [1, 0], k: 0 }, /\bk\b/],
    ['k over maxK', { vector: [1, 0], k: DEFAULT_MAX_K + 1 }, /\bk\b.*1000/],
    ['a fractional k', { vector: [1, 0], k: 2.5 }, /\bk\b/],
    ['a string k', { vector: [1, 0], k: '5' }, /\bk\b/],
    ['a negative k', { vector: [1, 0], k: -1 }, /\bk\b/],
    ['a NaN query component', { vector: [Number.NaN, 1] }, /query vector/],
    ['an infinite query component', { vector: Float32Array.from([Infinity, 1]) }, /query vector/],
    ['a zero query vector', { vector: [0, 0] }, /zero vector/],
    ['a query of the wrong dimension', { vector: [1, 0, 0] }, /dimension 3.*2/],
    ['a missing vector', { k: 3 }, /query vector/],
    ['a NaN minScore', { vector: [1, 0], minScore: Number.NaN }, /minScore/],
    ['a string minScore', { vector: [1, 0], minScore: '0.5' }, /minScore/],
    ['a prefix with an empty segment', { vector: [1, 0], prefix: [''] }, /namespace/],
    ['an unknown filter operator', { vector: [1, 0], filter: { a: { $near: 1 } } }, /\$near/],
    ['null options', null, /options/],
  ];
  it.each(bad)('rejects %s', (_name, options, pattern) => {
    expectRejected(() => search(options), 'search', pattern);
  });

  it('honours a smaller declared maxK', () => {
    expectRejected(() => search({ vector: [1, 0], k: 6 }, 2, { ...capabilities, maxK: 5 }), 'search', /\bk\b.*5/);
    expect(search({ vector: [1, 0], k: 5 }, 2, { ...capabilities, maxK: 5 }).k).toBe(5);
    expect(search({ vector: [1, 0] }, 2, { ...capabilities, maxK: 5 }).k).toBe(5);
  });

  it('is UnsupportedCapabilityError on a backend without vector search', () => {
    expectRejected(() => search({ vector: [1, 0] }, 2, { ...capabilities, vectorSearch: 'none' }), 'search', /vector search/, UnsupportedCapabilityError);
  });

  it('applies defaults, copies the query and accepts any dimension while the store has none', () => {
    const query = [3, 4];
    const prepared = search({ vector: query });
    expect(prepared).toMatchObject({ k: 10, prefix: [], clauses: [], minScore: -Infinity });
    expect(prepared.vector).toBeInstanceOf(Float32Array);
    expect([...prepared.vector]).toEqual([3, 4]);
    expect(prepareSearch({ vector: [1, 2, 3], k: DEFAULT_MAX_K, minScore: 0.25 }, capabilities, undefined, ctx)).toMatchObject({ k: DEFAULT_MAX_K, minScore: 0.25 });
  });
});

describe('prepareListNamespaces and prepareClear', () => {
  const ctx = operationContext('acme-store', 'listNamespaces');
  it.each([0, MAX_NAMESPACE_DEPTH + 1, 1.5, '2'])('rejects maxDepth %j', (maxDepth) => {
    expectRejected(() => prepareListNamespaces({ maxDepth } as never, ctx), 'listNamespaces', /maxDepth/);
  });
  it('validates the prefix and applies defaults', () => {
    expectRejected(() => prepareListNamespaces({ prefix: [''] }, ctx), 'listNamespaces', /namespace/);
    expect(prepareListNamespaces(undefined, ctx)).toEqual({ prefix: [], maxDepth: undefined });
    expect(prepareListNamespaces({ prefix: ['a'], maxDepth: MAX_NAMESPACE_DEPTH }, ctx)).toEqual({ prefix: ['a'], maxDepth: MAX_NAMESPACE_DEPTH });
  });

  const clearCtx = operationContext('acme-store', 'clear');
  it.each([['a string', 'a'], ['an empty segment', ['']], ['a number segment', [1]], ['an object', { 0: 'a' }]])('clear rejects a prefix that is %s', (_name, prefix) => {
    expectRejected(() => prepareClear(prefix, clearCtx), 'clear', /namespace/);
  });
  it('clear takes undefined or [] as everything', () => {
    expect(prepareClear(undefined, clearCtx)).toEqual([]);
    expect(prepareClear([], clearCtx)).toEqual([]);
    expect(prepareClear(['a', 'b'], clearCtx)).toEqual(['a', 'b']);
  });
});

describe('assertOpen', () => {
  it('is BackendUnavailableError naming backend and operation once closed', () => {
    expectRejected(() => assertOpen(true, operationContext('acme-store', 'get')), 'get', /closed/, BackendUnavailableError);
    expect(() => assertOpen(false, operationContext('acme-store', 'get'))).not.toThrow();
  });
});
