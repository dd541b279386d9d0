import type { StorageBackend } from '@mem/core';
import { expect } from 'vitest';
import type { ConformanceCase, ConformanceGroup } from '../conformance-case.js';
import { expectMemError, listAll } from '../support/expectations.js';
import { mutationCases } from './mutation-cases.js';

const NS = ['values'];

async function roundTrip(backend: StorageBackend, value: unknown, key = 'k'): Promise<unknown> {
  await backend.put(NS, key, value);
  const entry = await backend.get(NS, key);
  expect(entry, `entry ${key} is present`).toBeDefined();
  return entry!.value;
}

function roundTripCase(title: string, value: () => unknown, check?: (got: unknown, sent: unknown) => void): ConformanceCase {
  return {
    title,
    run: async ({ backend }) => {
      const sent = value();
      const got = await roundTrip(backend, sent);
      if (check) check(got, sent);
      else expect(got).toStrictEqual(value());
    },
  };
}

// The largest ASCII string whose canonical encoding (with its two quotes) fits in `bytes`.
const asciiOfEncodedSize = (bytes: number): string => 'x'.repeat(bytes - 2);

/** Values round-trip exactly, stay plain data, and are never shared with the caller. */
export const valuesGroup: ConformanceGroup = {
  id: 'values',
  title: 'values',
  select: () => ({ kind: 'run' }),
  cases: (capabilities) => [
    roundTripCase('strings stay strings, even when they look like other JSON', () => ['42', '1', 'true', 'null', '{"a":1}', '[1]', '', ' ', '-0', '1e3'], (got, sent) => {
      expect(got).toStrictEqual(sent);
      for (const s of got as unknown[]) expect(typeof s).toBe('string');
    }),
    {
      title: "0, '', false and null are stored values, not misses",
      run: async ({ backend }) => {
        const falsy: [string, unknown][] = [['zero', 0], ['empty', ''], ['false', false], ['null', null]];
        for (const [key, value] of falsy) await backend.put(NS, key, value);
        for (const [key, value] of falsy) {
          const entry = await backend.get(NS, key);
          expect(entry, key).toBeDefined();
          expect(entry!.value).toBe(value);
        }
        const many = await backend.getMany(falsy.map(([key]) => ({ namespace: NS, key })));
        expect(many.map((e) => e?.value)).toEqual(falsy.map(([, v]) => v));
        expect((await listAll(backend)).map((e) => e.value)).toEqual(['', false, null, 0]);
      },
    },
    roundTripCase('numbers keep their exact value', () => [0, 1, -1, 0.1, 1 / 3, 1e21, -1e-7, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, Number.MAX_VALUE, Number.MIN_VALUE]),
    roundTripCase('-0 stays -0', () => -0, (got) => expect(Object.is(got, -0)).toBe(true)),
    roundTripCase('-0 nested in arrays and objects stays -0', () => ({ list: [-0, 0], v: -0 }), (got) => {
      const value = got as { list: number[]; v: number };
      expect(Object.is(value.list[0], -0)).toBe(true);
      expect(Object.is(value.list[1], 0)).toBe(true);
      expect(Object.is(value.v, -0)).toBe(true);
    }),
    roundTripCase('Date round-trips as a Date with the same time', () => ({ at: new Date(Date.UTC(2020, 1, 29, 12, 30, 15, 123)), epoch: new Date(0), early: new Date(-1e12) }), (got) => {
      const value = got as Record<string, Date>;
      for (const d of Object.values(value)) expect(d).toBeInstanceOf(Date);
      expect(value.at!.getTime()).toBe(Date.UTC(2020, 1, 29, 12, 30, 15, 123));
      expect(value.epoch!.getTime()).toBe(0);
      expect(value.early!.getTime()).toBe(-1e12);
    }),
    roundTripCase('Uint8Array round-trips every byte value, and an empty one', () => ({ all: Uint8Array.from({ length: 256 }, (_, i) => i), none: new Uint8Array(0) }), (got) => {
      const value = got as Record<string, Uint8Array>;
      expect(value.all).toBeInstanceOf(Uint8Array);
      expect(Array.from(value.all!)).toEqual(Array.from({ length: 256 }, (_, i) => i));
      expect(value.none).toBeInstanceOf(Uint8Array);
      expect(value.none!.length).toBe(0);
    }),
    roundTripCase('a Uint8Array view of part of a buffer stores only its own bytes', () => new Uint8Array(new Uint8Array([9, 1, 2, 3, 9]).buffer, 1, 3), (got) => {
      expect(got).toBeInstanceOf(Uint8Array);
      expect(Array.from(got as Uint8Array)).toEqual([1, 2, 3]);
    }),
    roundTripCase('bigint round-trips, however large or negative', () => [0n, -1n, 2n ** 64n, -(3n ** 100n), BigInt(Number.MAX_SAFE_INTEGER) + 2n], (got) => {
      expect(got).toStrictEqual([0n, -1n, 2n ** 64n, -(3n ** 100n), BigInt(Number.MAX_SAFE_INTEGER) + 2n]);
      for (const n of got as unknown[]) expect(typeof n).toBe('bigint');
    }),
    roundTripCase('nested objects and arrays round-trip deeply', () => ({
      a: [1, [2, [3, [4, { b: null, c: [true, false] }]]]],
      empty: {},
      emptyList: [],
      text: 'x',
      when: [new Date(5)],
      deep: Array.from({ length: 40 }).reduce<unknown>((acc) => ({ d: acc }), 'bottom'),
    })),
    roundTripCase('an object with the codec tag key "$mem" stays a plain object', () => ({ $mem: 'date', v: 5, nested: { $mem: 'bigint', v: '1' } })),
    roundTripCase('a value shaped like a tagged Date, bigint or bytes stays plain data', () => [{ $mem: 'date', v: 0 }, { $mem: 'bytes', v: 'AA==' }, { $mem: '-0' }]),
    roundTripCase('object key order and unusual keys survive', () => ({ z: 1, a: 2, '': 3, '0': 4, ' ': 5, 'a.b': 6, '\u0000': 7, '\u{1F600}': 8 }), (got) => {
      expect(got).toStrictEqual({ z: 1, a: 2, '': 3, '0': 4, ' ': 5, 'a.b': 6, '\u0000': 7, '\u{1F600}': 8 });
    }),
    {
      title: '__proto__, constructor and prototype keys stay plain data and pollute nothing',
      run: async ({ backend }) => {
        const value = JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"prototype":1,"nested":{"__proto__":{"x":1}}}') as Record<string, unknown>;
        const got = (await roundTrip(backend, value)) as Record<string, unknown>;
        expect(Object.getPrototypeOf(got)).toBe(Object.prototype);
        expect(Object.hasOwn(got, '__proto__')).toBe(true);
        expect(Object.getOwnPropertyDescriptor(got, '__proto__')!.value).toEqual({ polluted: true });
        expect(Object.hasOwn(got, 'constructor')).toBe(true);
        expect(Object.hasOwn(got.nested as object, '__proto__')).toBe(true);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect((got as { polluted?: unknown }).polluted).toBeUndefined();
        expect(Object.keys(got)).toEqual(['__proto__', 'constructor', 'prototype', 'nested']);
        for (const entry of await listAll(backend)) expect(Object.hasOwn(entry.value as object, '__proto__')).toBe(true);
      },
    },
    roundTripCase('an object with a null prototype round-trips as plain data', () => Object.assign(Object.create(null) as object, { a: 1 }), (got) => {
      expect({ ...(got as object) }).toEqual({ a: 1 });
    }),
    roundTripCase('Unicode, emoji, combining marks, control characters and NUL in strings survive', () => ['\u{1F600}\u{1F469}\u200d\u{1F4BB}', 'e\u0301', '\u0000a\u0000', '\u0001\u0002\u001f', '\uFFFF', '\u2028\u2029', 'tab\tnewline\n', '"quotes" \\backslash\\'], (got) => {
      expect(got).toStrictEqual(['\u{1F600}\u{1F469}\u200d\u{1F4BB}', 'e\u0301', '\u0000a\u0000', '\u0001\u0002\u001f', '\uFFFF', '\u2028\u2029', 'tab\tnewline\n', '"quotes" \\backslash\\']);
    }),
    {
      title: 'Unicode, emoji and NUL in keys are distinct keys that round-trip',
      run: async ({ backend }) => {
        const keys = ['\u0000', 'a\u0000b', 'a\u0000', 'a', '\u{1F600}', '\uFFFF', '\u0001', '\u0002', '\u{10FFFF}', 'k\u0301', '\u00e9', 'e\u0301'];
        for (const [i, key] of keys.entries()) await backend.put(NS, key, i);
        for (const [i, key] of keys.entries()) {
          const entry = await backend.get(NS, key);
          expect(entry!.key).toBe(key);
          expect(entry!.value).toBe(i);
        }
        expect((await listAll(backend)).map((e) => e.key).sort()).toEqual([...keys].sort());
      },
    },
    {
      title: 'a value whose encoding is exactly maxValueBytes is stored',
      run: async ({ backend }) => {
        const size = capabilities.maxValueBytes;
        const got = await roundTrip(backend, asciiOfEncodedSize(size));
        expect((got as string).length).toBe(size - 2);
      },
    },
    {
      title: 'a value one byte over maxValueBytes is a ValidationError and stores nothing',
      run: async ({ backend }) => {
        await expectMemError(backend, () => backend.put(NS, 'big', asciiOfEncodedSize(capabilities.maxValueBytes + 1)), { code: 'VALIDATION', operation: 'put' });
        expect(await backend.get(NS, 'big')).toBeUndefined();
      },
    },
    {
      title: 'maxValueBytes counts UTF-8 bytes, not UTF-16 code units',
      run: async ({ backend }) => {
        // '€' is 1 UTF-16 unit but 3 UTF-8 bytes: this string is short in JS and over the limit in bytes.
        const euros = '€'.repeat(Math.floor(capabilities.maxValueBytes / 3) + 1);
        expect(euros.length).toBeLessThan(capabilities.maxValueBytes);
        await expectMemError(backend, () => backend.put(NS, 'euros', euros), { code: 'VALIDATION' });
        const fits = '€'.repeat(Math.floor((capabilities.maxValueBytes - 2) / 3));
        expect(((await roundTrip(backend, fits)) as string).length).toBe(fits.length);
      },
    },
    {
      title: 'shared (acyclic) references inside a value are stored as copies',
      run: async ({ backend }) => {
        const shared = { n: 1 };
        const got = (await roundTrip(backend, { a: shared, b: shared, list: [shared] })) as Record<string, unknown>;
        expect(got).toEqual({ a: { n: 1 }, b: { n: 1 }, list: [{ n: 1 }] });
      },
    },
    ...mutationCases(capabilities),
  ],
};
