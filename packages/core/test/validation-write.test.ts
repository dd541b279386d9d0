import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_VALUE_BYTES,
  MAX_BATCH_SIZE,
  MAX_KEY_LENGTH,
  MAX_NAMESPACE_DEPTH,
  MAX_SEGMENT_LENGTH,
  encodeValue,
  operationContext,
  prepareDelete,
  preparePut,
  preparePutMany,
  prepareRefs,
  type PrepareWriteOptions,
  type PutItem,
  type PutOptions,
} from '../src/index.js';
import { expectRejected as rejected } from './validation-expect.js';

const ctx = operationContext('acme-store', 'put');
const clone: PrepareWriteOptions = { valueForm: 'clone', capabilities: { maxValueBytes: DEFAULT_MAX_VALUE_BYTES } };
const encode: PrepareWriteOptions = { valueForm: 'encode', capabilities: { maxValueBytes: DEFAULT_MAX_VALUE_BYTES }, dimension: 3 };
const put = (namespace: unknown, key: unknown, value: unknown = 1, options?: unknown, how = clone) => preparePut(namespace, key, value, options as PutOptions, how, ctx);

const expectRejected = (call: () => unknown, pattern?: RegExp) => rejected(call, 'acme-store put', pattern);

describe('namespace and key', () => {
  const badNamespaces: [string, unknown][] = [
    ['a string', 'a'],
    ['undefined', undefined],
    ['null', null],
    ['an object', { 0: 'a', length: 1 }],
    ['empty', []],
    ['an empty segment', ['a', '']],
    ['a number segment', ['a', 1]],
    ['a null segment', [null]],
    ['a hole', new Array(1)],
    ['a lone high surrogate', ['a\uD800']],
    ['a lone low surrogate', ['\uDC00b']],
    ['too deep', Array.from({ length: MAX_NAMESPACE_DEPTH + 1 }, () => 's')],
    ['a too long segment', ['x'.repeat(MAX_SEGMENT_LENGTH + 1)]],
  ];
  it.each(badNamespaces)('rejects a namespace that is %s', (_name, namespace) => {
    expectRejected(() => put(namespace, 'k'), /namespace/);
    expectRejected(() => prepareDelete(namespace, 'k', undefined, ctx), /namespace/);
    expectRejected(() => prepareRefs([{ namespace, key: 'k' }] as never, ctx), /namespace/);
  });

  const badKeys: [string, unknown][] = [
    ['a number', 1],
    ['undefined', undefined],
    ['null', null],
    ['an array', ['k']],
    ['empty', ''],
    ['a lone surrogate', 'k\uD83D'],
    ['too long', 'k'.repeat(MAX_KEY_LENGTH + 1)],
  ];
  it.each(badKeys)('rejects a key that is %s', (_name, key) => {
    expectRejected(() => put(['ns'], key), /key/);
    expectRejected(() => prepareDelete(['ns'], key, undefined, ctx), /key/);
  });

  it('accepts the limits themselves and any well-formed Unicode', () => {
    const ns = Array.from({ length: MAX_NAMESPACE_DEPTH }, (_, i) => `${i}`);
    expect(put(ns, 'k'.repeat(MAX_KEY_LENGTH)).namespace).toEqual(ns);
    expect(put(['x'.repeat(MAX_SEGMENT_LENGTH)], 'k').key).toBe('k');
    expect(put(['\u0000', '😀', 'a:b'], '\u{10FFFF}\u0000').key).toBe('\u{10FFFF}\u0000');
  });
});

describe('ttlMs and ifVersion', () => {
  it.each([0, -1, -0.5, Number.NaN, Infinity, -Infinity, '1000', null, true])('rejects ttlMs %s', (ttlMs) => {
    expectRejected(() => put(['ns'], 'k', 1, { ttlMs }), /ttlMs/);
  });
  it('accepts positive finite ttlMs, fractional included', () => {
    expect(put(['ns'], 'k', 1, { ttlMs: 1 }).ttlMs).toBe(1);
    expect(put(['ns'], 'k', 1, { ttlMs: 0.5 }).ttlMs).toBe(0.5);
    expect(put(['ns'], 'k', 1, {}).ttlMs).toBeUndefined();
  });

  it.each([-1, 1.5, Number.NaN, Infinity, '1', null, 2 ** 53])('rejects ifVersion %s', (ifVersion) => {
    expectRejected(() => put(['ns'], 'k', 1, { ifVersion }), /ifVersion/);
    expectRejected(() => prepareDelete(['ns'], 'k', { ifVersion } as never, ctx), /ifVersion/);
  });
  it('accepts ifVersion 0 (must not exist) and positive integers', () => {
    expect(put(['ns'], 'k', 1, { ifVersion: 0 }).ifVersion).toBe(0);
    expect(prepareDelete(['ns'], 'k', { ifVersion: 7 }, ctx).ifVersion).toBe(7);
  });

  it('rejects options that are not an object', () => {
    expectRejected(() => put(['ns'], 'k', 1, 'ttl'), /options/);
    expectRejected(() => put(['ns'], 'k', 1, null), /options/);
  });
});

describe('embeddings', () => {
  const bad: [string, unknown, RegExp][] = [
    ['NaN', [1, Number.NaN, 0], /finite/],
    ['Infinity', Float32Array.from([1, Infinity, 0]), /finite/],
    ['-Infinity', [-Infinity, 1, 1], /finite/],
    ['overflowing float32', [1e39, 1, 1], /finite/],
    ['the zero vector', [0, 0, 0], /zero vector/],
    ['all components underflowing float32 to zero', [1e-50, 0, 0], /zero vector/],
    ['the wrong dimension', [1, 2], /dimension 2.*3/],
    ['empty', [], /empty/],
    ['a string', '1,2,3', /embedding/],
    ['a non-number component', [1, '2', 3], /embedding\[1\]/],
    ['a Float64Array', Float64Array.from([1, 2, 3]), /embedding/],
  ];
  it.each(bad)('rejects %s', (_name, embedding, pattern) => {
    expectRejected(() => put(['ns'], 'k', 1, { embedding }, encode), pattern);
  });

  it('returns a standalone Float32Array copy', () => {
    const input = Float32Array.from([1, 2, 3]);
    const { embedding } = put(['ns'], 'k', 1, { embedding: input }, encode);
    expect(embedding).toBeInstanceOf(Float32Array);
    expect(embedding).not.toBe(input);
    input[0] = 99;
    expect([...embedding!]).toEqual([1, 2, 3]);
    expect([...put(['ns'], 'k', 1, { embedding: [0.5, 0, 0] }, encode).embedding!]).toEqual([0.5, 0, 0]);
  });
});

describe('metadata', () => {
  const bad: [string, unknown][] = [
    ['an array', [1]],
    ['a string', 'meta'],
    ['null', null],
    ['a Date', new Date()],
    ['a Map', new Map()],
    ['an empty key', { '': 1 }],
    ['a key starting with a digit', { '1a': 1 }],
    ['a dotted key', { 'a.b': 1 }],
    ['a key over 128 characters', { ['k'.repeat(129)]: 1 }],
    ['the reserved key createdAt', { createdAt: 1 }],
    ['the reserved key updatedAt', { updatedAt: 1 }],
    ['an object value', { a: { b: 1 } }],
    ['an array value', { a: [1] }],
    ['NaN', { a: Number.NaN }],
    ['Infinity', { a: Infinity }],
    ['undefined', { a: undefined }],
    ['a bigint', { a: 1n }],
    ['a Date value', { a: new Date() }],
    ['a lone surrogate string', { a: 'x\uDFFF' }],
  ];
  it.each(bad)('rejects metadata with %s', (_name, metadata) => {
    expectRejected(() => put(['ns'], 'k', 1, { metadata }), /metadata/);
  });

  it('accepts flat scalars, returns a copy and keeps __proto__ as plain data', () => {
    const input = { s: 'x', n: -1.5, b: false, z: null, 'with-dash_1': 1 };
    const { metadata } = put(['ns'], 'k', 1, { metadata: input });
    expect(metadata).toEqual(input);
    expect(metadata).not.toBe(input);
    const hostile = JSON.parse('{"__proto__":"x","ok":1}') as Record<string, unknown>;
    const copy = put(['ns'], 'k', 1, { metadata: hostile }).metadata!;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).toBe('x');
  });

  it('accepts a null-prototype dictionary, as values do, and returns a plain object', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { topic: 'x' });
    const copy = put(['ns'], 'k', 1, { metadata: bare }).metadata!;
    expect(copy).toEqual({ topic: 'x' });
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
  });
});

describe('values and write forms', () => {
  it('rejects values that are not plain data, naming the path', () => {
    expectRejected(() => put(['ns'], 'k', { f: () => 1 }), /\$\.f/);
    expectRejected(() => put(['ns'], 'k', { f: () => 1 }, undefined, encode), /\$\.f/);
  });

  it('enforces maxValueBytes in both forms', () => {
    const tight = (valueForm: 'clone' | 'encode'): PrepareWriteOptions => ({ valueForm, capabilities: { maxValueBytes: 10 } });
    expect(put(['ns'], 'k', '12345678', undefined, tight('encode')).encodedValue).toBe('"12345678"');
    expectRejected(() => put(['ns'], 'k', '123456789', undefined, tight('encode')), /maxValueBytes 10/);
    expectRejected(() => put(['ns'], 'k', '123456789', undefined, tight('clone')), /maxValueBytes 10/);
  });

  it('clones in clone form and encodes canonically in encode form, copying the namespace', () => {
    const value = { list: [1, new Date(5)] };
    const namespace = ['a', 'b'];
    const cloned = put(namespace, 'k', value);
    expect(cloned.value).toEqual(value);
    expect(cloned.value).not.toBe(value);
    expect(cloned.approxBytes).toBeGreaterThanOrEqual(Buffer.byteLength(encodeValue(value)));
    namespace[0] = 'changed';
    expect(cloned.namespace).toEqual(['a', 'b']);
    const encoded = put(['a'], 'k', value, undefined, encode);
    expect(encoded.encodedValue).toBe(encodeValue(value));
  });
});

describe('putMany, getMany/deleteMany references', () => {
  const item = (key: string, extra: Partial<PutItem> = {}): PutItem => ({ namespace: ['ns'], key, value: key, ...extra });

  it('validates every item before returning any, so a late bad item fails the whole batch', () => {
    expectRejected(() => preparePutMany([item('a'), item('b'), item('c', { ttlMs: -1 })], clone, ctx), /ttlMs/);
    expectRejected(() => preparePutMany([item('a'), item('')], clone, ctx), /key/);
    expectRejected(() => preparePutMany([item('a'), null as never], clone, ctx), /item 1/);
    expect(preparePutMany([item('a'), item('b')], clone, ctx).map((w) => w.key)).toEqual(['a', 'b']);
  });

  it('rejects ifVersion inside putMany and batches that are not arrays or too large', () => {
    expectRejected(() => preparePutMany([{ ...item('a'), ifVersion: 1 } as PutItem], clone, ctx), /ifVersion/);
    expectRejected(() => preparePutMany('items' as never, clone, ctx), /batch/);
    expectRejected(() => preparePutMany({ length: 1 } as never, clone, ctx), /batch/);
    expectRejected(() => preparePutMany(new Array(MAX_BATCH_SIZE + 1).fill(item('a')) as PutItem[], clone, ctx), /batch/);
  });

  it('makes one batch agree on a dimension when the store has none yet', () => {
    const noDimension: PrepareWriteOptions = { ...clone, dimension: undefined };
    expectRejected(() => preparePutMany([item('a', { embedding: [1, 2] }), item('b'), item('c', { embedding: [1, 2, 3] })], noDimension, ctx), /dimension 3.*2/);
    expect(preparePutMany([item('a', { embedding: [1, 2] }), item('b', { embedding: [3, 4] })], noDimension, ctx)).toHaveLength(2);
  });

  it('validates references of getMany/deleteMany', () => {
    expectRejected(() => prepareRefs('refs' as never, ctx), /batch/);
    expectRejected(() => prepareRefs([{ namespace: ['a'], key: 'k' }, null] as never, ctx), /reference 1/);
    expectRejected(() => prepareRefs([{ namespace: ['a'], key: '' }], ctx), /key/);
    const input = [{ namespace: ['a'], key: 'k' }];
    const refs = prepareRefs(input, ctx);
    expect(refs).toEqual(input);
    expect(refs[0]!.namespace).not.toBe(input[0]!.namespace);
  });
});
