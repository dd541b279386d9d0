import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CorruptDataError, MAX_VALUE_DEPTH, ValidationError, cloneValue, decodeValue, encodeValue } from '../src/index.js';
import { assertSameValue, nestedArrays, plainLeaf, plainValue } from './codec-arbitraries.js';

const ctx = { backend: 'unit', operation: 'put' };
const roundTrip = (value: unknown): unknown => decodeValue(encodeValue(value, ctx), ctx);

function rejection(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError, nothing was thrown');
}

describe('value codec round-trips', () => {
  it('JSON values come back equal (fc.jsonValue)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        assertSameValue(roundTrip(value), value);
      }),
      { numRuns: 300 },
    );
  });

  it('plain data with Date, Uint8Array, bigint, -0 and $mem-shaped objects comes back equal', () => {
    fc.assert(
      fc.property(plainValue, (value) => {
        assertSameValue(roundTrip(value), value);
      }),
      { numRuns: 500 },
    );
  });

  it('is injective: distinct values never share an encoding', () => {
    // decode(encode(x)) = x above already implies it; this checks it directly on small values, which collide often.
    const small = fc.oneof(plainLeaf, fc.array(plainLeaf, { maxLength: 2 }), fc.dictionary(fc.constantFrom('$mem', 'v', 'a'), plainLeaf, { maxKeys: 2, noNullPrototype: true }));
    fc.assert(
      fc.property(fc.array(small, { maxLength: 40 }), (values) => {
        const byEncoding = new Map<string, unknown>();
        for (const value of values) {
          const text = encodeValue(value);
          if (byEncoding.has(text)) assertSameValue(value, byEncoding.get(text));
          else byEncoding.set(text, value);
        }
      }),
      { numRuns: 200 },
    );
    // Values that a naive tagging scheme would confuse with tagged types.
    const lookalikes = [
      new Date(5),
      { $mem: 'date', v: 5 },
      { $mem: 'object', v: { $mem: 'date', v: 5 } },
      -0,
      0,
      { $mem: '-0' },
      5n,
      '5',
      { $mem: 'bigint', v: '5' },
      new Uint8Array([1]),
      { $mem: 'bytes', v: 'AQ==' },
      'AQ==',
    ];
    const encodings = lookalikes.map((v) => encodeValue(v));
    expect(new Set(encodings).size).toBe(lookalikes.length);
    for (const value of lookalikes) assertSameValue(roundTrip(value), value);
  });

  it('keeps types exactly: a string stays a string, -0 stays -0, falsy values are values', () => {
    for (const s of ['123', 'true', 'null', '', '{"$mem":"date","v":1}', '"$mem"', '2024-01-01T00:00:00.000Z']) {
      expect(roundTrip(s)).toBe(s);
    }
    expect(Object.is(roundTrip(-0), -0)).toBe(true);
    expect(Object.is(roundTrip(0), 0)).toBe(true);
    expect(Object.is((roundTrip([-0, { a: -0 }]) as [number, { a: number }])[1].a, -0)).toBe(true);
    expect(roundTrip(false)).toBe(false);
    expect(roundTrip(null)).toBe(null);
    expect(roundTrip(2n ** 200n + 1n)).toBe(2n ** 200n + 1n);
    expect(roundTrip(-(2n ** 70n))).toBe(-(2n ** 70n));
    expect(roundTrip(new Date(-8.64e15))).toStrictEqual(new Date(-8.64e15));
    expect(roundTrip(Number.MAX_VALUE)).toBe(Number.MAX_VALUE);
    expect(roundTrip(Number.MIN_VALUE)).toBe(Number.MIN_VALUE);
  });

  it('round-trips lone surrogates in strings and keys, writing only well-formed text (UTF-8 stores keep it)', () => {
    const odd = fc.string({ unit: fc.constantFrom('\uD800', '\uDBFF', '\uDC00', '\uDFFF', 'a', '😀', '\u0000', '"', '\\'), maxLength: 8 });
    fc.assert(
      fc.property(odd, odd, (key, text) => {
        const value = { [key]: [text, { $mem: text }] };
        const encoded = encodeValue(value);
        expect(encoded.isWellFormed()).toBe(true);
        expect(Buffer.from(encoded, 'utf8').toString('utf8')).toBe(encoded);
        assertSameValue(decodeValue(encoded), value);
      }),
      { numRuns: 500 },
    );
  });

  it('encodes a Uint8Array view by its own bytes, not its whole buffer', () => {
    const view = new Uint8Array([9, 1, 2, 3, 9]).subarray(1, 4);
    const back = roundTrip(view) as Uint8Array;
    expect(back).toBeInstanceOf(Uint8Array);
    expect([...back]).toEqual([1, 2, 3]);
    expect(back.byteLength).toBe(3);
  });

  it('stores JSON values as readable plain JSON (tags only where JSON has no type)', () => {
    expect(encodeValue({ a: [1, 'x', true, null] })).toBe('{"a":[1,"x",true,null]}');
    expect(JSON.parse(encodeValue({ when: new Date(0) }))).toEqual({ when: { $mem: 'date', v: 0 } });
  });

  it('allows shared acyclic references and returns independent copies of them', () => {
    const shared = { n: 1, d: new Date(3) };
    const value = { x: shared, y: shared, list: [shared, [shared]] };
    const back = roundTrip(value) as { x: typeof shared; y: typeof shared };
    expect(back).toStrictEqual(value);
    back.x.n = 2;
    expect(back.y.n).toBe(1);
  });
});

describe('__proto__ and constructor keys', () => {
  const hostile = () => JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"a":{"__proto__":[1]}}') as Record<string, unknown>;

  it('round-trip as plain own data properties', () => {
    const back = roundTrip(hostile()) as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.hasOwn(back, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(back, '__proto__')?.value).toEqual({ polluted: true });
    expect(back['constructor']).toEqual({ prototype: { polluted: true } });
    expect(Object.getOwnPropertyDescriptor(back['a'], '__proto__')?.value).toEqual([1]);
  });

  it('survive the $mem object wrapper and cloning', () => {
    const value = { ...hostile(), $mem: 'x' };
    Object.defineProperty(value, '__proto__', { value: { polluted: true }, enumerable: true });
    const back = roundTrip(value) as Record<string, unknown>;
    expect(Object.getOwnPropertyDescriptor(back, '__proto__')?.value).toEqual({ polluted: true });
    expect(back['$mem']).toBe('x');
    const copy = cloneValue(value) as Record<string, unknown>;
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).toEqual({ polluted: true });
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
  });

  it('never pollute Object.prototype', () => {
    roundTrip(hostile());
    decodeValue('{"$mem":"object","v":{"__proto__":{"polluted":true},"$mem":1}}');
    cloneValue(hostile());
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});

describe('value codec rejects what is not plain data', () => {
  class Point {
    x = 1;
  }
  class MyArray extends Array<number> {}
  class MyDate extends Date {}
  const cyclicObject = () => {
    const o: Record<string, unknown> = { a: { b: {} } };
    ((o['a'] as Record<string, unknown>)['b'] as Record<string, unknown>)['back'] = o;
    return o;
  };
  const cyclicArray = () => {
    const a: unknown[] = [1];
    a.push([a]);
    return { list: a };
  };
  const cases: [string, () => unknown, string][] = [
    ['a function', () => ({ a: { f: () => 1 } }), '$.a.f'],
    ['a symbol', () => ({ a: [0, Symbol('s')] }), '$.a[1]'],
    ['symbol keys', () => ({ a: { [Symbol('k')]: 1 } }), '$.a'],
    ['a class instance', () => ({ p: new Point() }), '$.p'],
    ['a Map', () => ({ m: new Map() }), '$.m'],
    ['a Set', () => [new Set([1])], '$[0]'],
    ['a RegExp', () => ({ r: /x/ }), '$.r'],
    ['an Error', () => ({ e: new Error('x') }), '$.e'],
    ['a boxed string', () => ({ s: new String('x') }), '$.s'],
    ['a Buffer', () => ({ b: Buffer.from('x') }), '$.b'],
    ['a Float32Array', () => ({ f: new Float32Array(1) }), '$.f'],
    ['an Array subclass', () => ({ a: MyArray.from([1]) }), '$.a'],
    ['a Date subclass', () => ({ d: new MyDate(0) }), '$.d'],
    ['an invalid Date', () => ({ d: new Date(Number.NaN) }), '$.d'],
    ['a cycle through objects', cyclicObject, '$.a.b.back'],
    ['a cycle through arrays', cyclicArray, '$.list[1][0]'],
    ['NaN', () => ({ n: Number.NaN }), '$.n'],
    ['Infinity', () => ({ 'odd key': Infinity }), '$["odd key"]'],
    ['-Infinity', () => [-Infinity], '$[0]'],
    ['undefined at the top', () => undefined, '$'],
    ['undefined in an object', () => ({ u: undefined }), '$.u'],
    ['undefined in an array', () => [1, undefined], '$[1]'],
    // eslint-disable-next-line no-sparse-arrays
    ['a sparse array', () => ({ s: [1, , 3] }), '$.s[1]'],
    ['a hole at the end', () => ({ s: new Array(2) }), '$.s[0]'],
  ];

  it.each(cases)('%s, naming the path, backend and operation', (_name, make, path) => {
    const encodeError = rejection(() => encodeValue(make(), ctx));
    expect(encodeError.message).toContain(path);
    expect(encodeError.message.startsWith('[unit put] ')).toBe(true);
    expect(encodeError.code).toBe('VALIDATION');
    const cloneError = rejection(() => cloneValue(make(), ctx));
    expect(cloneError.message).toContain(path);
    expect(cloneError.message.startsWith('[unit put] ')).toBe(true);
  });

  it('rejects nesting deeper than MAX_VALUE_DEPTH without overflowing the stack', () => {
    expect(roundTrip(nestedArrays(MAX_VALUE_DEPTH))).toStrictEqual(nestedArrays(MAX_VALUE_DEPTH));
    expect(rejection(() => encodeValue(nestedArrays(MAX_VALUE_DEPTH + 2), ctx)).message).toContain(String(MAX_VALUE_DEPTH));
    expect(rejection(() => cloneValue(nestedArrays(MAX_VALUE_DEPTH + 2), ctx)).message).toContain(String(MAX_VALUE_DEPTH));
    // Far deeper than the JS stack allows for naive recursion: still a ValidationError, never a RangeError.
    rejection(() => encodeValue(nestedArrays(200_000), ctx));
    rejection(() => cloneValue(nestedArrays(200_000), ctx));
  });
});

describe('maxBytes', () => {
  const sized = fc.oneof(plainValue, fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }), fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 30 }));

  it('is enforced exactly at the boundary on UTF-8 bytes, by encode and clone alike', () => {
    fc.assert(
      fc.property(sized, (value) => {
        const bytes = Buffer.byteLength(encodeValue(value));
        expect(encodeValue(value, ctx, bytes)).toBe(encodeValue(value));
        assertSameValue(cloneValue(value, ctx, bytes), value);
        expect(rejection(() => encodeValue(value, ctx, bytes - 1)).message).toContain(`${bytes} bytes`);
        rejection(() => cloneValue(value, ctx, bytes - 1));
      }),
      { numRuns: 250 },
    );
  });

  it('counts multi-byte characters and long numbers, where character counts and rough bounds go wrong', () => {
    const cases: unknown[] = [
      'é'.repeat(100),
      '😀'.repeat(100),
      '\u0001'.repeat(100),
      Array.from({ length: 200 }, () => -0.0000012345678901234567),
      Object.fromEntries(Array.from({ length: 200 }, (_, i) => [String.fromCharCode(i % 31) + String(i), ''])),
    ];
    for (const value of cases) {
      const bytes = Buffer.byteLength(encodeValue(value));
      assertSameValue(cloneValue(value, ctx, bytes), value);
      rejection(() => encodeValue(value, ctx, bytes - 1));
      rejection(() => cloneValue(value, ctx, bytes - 1));
    }
  });
});

describe('decodeValue of garbage', () => {
  const garbage = [
    '',
    'not json',
    '{',
    '{"$mem":"bogus"}',
    '{"$mem":"bigint","v":"12a"}',
    '{"$mem":"bigint","v":5}',
    '{"$mem":"bigint"}',
    '{"$mem":"date","v":"yesterday"}',
    '{"$mem":"date","v":1e300}',
    '{"$mem":"bytes","v":5}',
    '{"$mem":"bytes","v":"!!not base64!!"}',
    '{"$mem":"object","v":[1]}',
    '{"$mem":"object","v":null}',
    '{"$mem":7}',
    '[1,{"a":{"$mem":"nope"}}]',
  ];

  it.each(garbage)('%j is CorruptDataError naming backend and operation', (text) => {
    let caught: unknown;
    try {
      decodeValue(text, { backend: 'unit', operation: 'get' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CorruptDataError);
    expect((caught as CorruptDataError).code).toBe('CORRUPT_DATA');
    expect((caught as Error).message.startsWith('[unit get] ')).toBe(true);
  });

  it('keeps the JSON parser error as the native cause', () => {
    try {
      decodeValue('{oops');
      expect.unreachable();
    } catch (error) {
      expect((error as Error).cause).toBeInstanceOf(SyntaxError);
    }
  });
});
