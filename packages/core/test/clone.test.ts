import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError, cloneValue, cloneValueMeasured, copyValidValue, encodeValue } from '../src/index.js';
import { assertSameValue, plainValue, reachableObjects } from './codec-arbitraries.js';

function expectDisjoint(copy: unknown, original: unknown): void {
  const originals = reachableObjects(original);
  for (const object of reachableObjects(copy)) expect(originals.has(object)).toBe(false);
}

describe('cloneValue', () => {
  it.each([
    ['cloneValue', cloneValue],
    ['copyValidValue', copyValidValue],
  ])('%s returns an equal deep copy that shares no object, array, Date, Uint8Array or buffer', (_name, copyOf) => {
    fc.assert(
      fc.property(plainValue, (value) => {
        const copy = copyOf(value);
        assertSameValue(copy, value);
        expectDisjoint(copy, value);
      }),
      { numRuns: 400 },
    );
  });

  it('isolates the copy: mutating either side leaves the other unchanged', () => {
    const original = { list: [1, { deep: 'x' }], when: new Date(10), bytes: new Uint8Array([1, 2]), n: 5n };
    const copy = cloneValue(original);
    copy.list.push(2);
    (copy.list[1] as { deep: string }).deep = 'changed';
    copy.when.setTime(99);
    copy.bytes[0] = 42;
    expect(original).toEqual({ list: [1, { deep: 'x' }], when: new Date(10), bytes: new Uint8Array([1, 2]), n: 5n });
    original.bytes[1] = 7;
    expect([...copy.bytes]).toEqual([42, 2]);
  });

  it('copies a shared reference into independent objects', () => {
    const shared = { hits: 0 };
    const copy = cloneValue({ a: shared, b: shared });
    copy.a.hits = 1;
    expect(copy.b.hits).toBe(0);
    expect(shared.hits).toBe(0);
  });

  it('turns a null-prototype object into a plain object with the same data', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 });
    const copy = cloneValue(bare);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(copy).toEqual({ a: 1 });
  });

  it('copies only the viewed bytes of a Uint8Array view', () => {
    const view = new Uint8Array([0, 1, 2, 3]).subarray(1, 3);
    const copy = cloneValue(view);
    expect([...copy]).toEqual([1, 2]);
    expect(copy.buffer.byteLength).toBe(2);
  });

  it('names the backend and operation when it rejects', () => {
    expect(() => cloneValue({ f: () => 1 }, { backend: 'b', operation: 'putMany' })).toThrow(ValidationError);
    expect(() => cloneValue({ f: () => 1 }, { backend: 'b', operation: 'putMany' })).toThrow(/^\[b putMany\] value \$\.f is a function/);
  });
});

describe('cloneValueMeasured', () => {
  it('reports an upper bound of the encoded UTF-8 size (what byte-bounded caches count)', () => {
    fc.assert(
      fc.property(plainValue, (value) => {
        const { value: copy, approxBytes } = cloneValueMeasured(value);
        expect(approxBytes).toBeGreaterThanOrEqual(Buffer.byteLength(encodeValue(value)));
        assertSameValue(copy, value);
      }),
      { numRuns: 500 },
    );
  });

  it('reports the exact size when it had to encode to check maxBytes', () => {
    const value = { text: 'é'.repeat(50) };
    const bytes = Buffer.byteLength(encodeValue(value));
    expect(cloneValueMeasured(value, {}, bytes).approxBytes).toBe(bytes);
  });
});

describe('copyValidValue', () => {
  it('keeps a __proto__ key as own data and pollutes nothing', () => {
    const value = JSON.parse('{"__proto__":{"polluted":true}}') as object;
    const copy = copyValidValue(value);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).toEqual({ polluted: true });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
