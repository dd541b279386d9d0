import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareCodePoints, compareNamespaces, prefixSuccessor } from '../src/index.js';

// Well-formed full-Unicode strings, weighted towards the ranges where UTF-16 order and code-point
// order disagree (E000-FFFF vs astral) and the ends of the code space.
const edgeChar = fc.constantFrom('a', '\u007F', '\u0080', '\u07FF', '\u0800', '\uD7FF', '\uE000', '\uFFFF', '\u{10000}', '\u{1F600}', '\u{10FFFF}');
const anyChar = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => c.isWellFormed());
const text = fc.string({ unit: fc.oneof(edgeChar, anyChar), maxLength: 6 });
const utf8Order = (a: string, b: string): number => Math.sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));

describe('compareCodePoints', () => {
  it('equals UTF-8 byte order (Buffer.compare) on random full-Unicode strings', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(Math.sign(compareCodePoints(a, b))).toBe(utf8Order(a, b));
      }),
      { numRuns: 3000 },
    );
  });

  it('is antisymmetric and zero exactly on equal strings', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(Math.sign(compareCodePoints(a, b)) + Math.sign(compareCodePoints(b, a))).toBe(0);
        expect(compareCodePoints(a, b) === 0).toBe(a === b);
      }),
    );
  });

  it('sorts astral characters after U+E000..U+FFFF, unlike JavaScript <', () => {
    expect('\u{10000}' < '\uFFFF').toBe(true);
    expect(compareCodePoints('\uFFFF', '\u{10000}')).toBeLessThan(0);
    expect(compareCodePoints('\uE000', '\u{1F600}')).toBeLessThan(0);
    expect(compareCodePoints('\uD7FF', '\u{10000}')).toBeLessThan(0);
    expect(compareCodePoints('\u{10000}', '\u{10001}')).toBeLessThan(0);
    expect(compareCodePoints('ab', 'abc')).toBeLessThan(0);
    expect(compareCodePoints('', 'a')).toBeLessThan(0);
    expect(['\u{1F600}', '\uFFFF', 'z', '\uE000'].sort(compareCodePoints)).toEqual(['z', '\uE000', '\uFFFF', '\u{1F600}']);
  });
});

describe('compareNamespaces', () => {
  it('compares per segment, so a namespace sorts before its extensions and before longer segments', () => {
    expect(compareNamespaces(['a'], ['a', 'b'])).toBeLessThan(0);
    expect(compareNamespaces(['a', 'z'], ['ab'])).toBeLessThan(0);
    expect(compareNamespaces(['a', '\uFFFF'], ['a', '\u{10000}'])).toBeLessThan(0);
    expect(compareNamespaces(['x', 'y'], ['x', 'y'])).toBe(0);
  });
});

describe('prefixSuccessor', () => {
  const startsWithOften = fc.tuple(text, text, fc.boolean()).map(([p, s, extend]) => [p, extend ? p + s : s] as const);

  it('bounds exactly the strings that start with the prefix: prefix <= s < successor', () => {
    fc.assert(
      fc.property(startsWithOften, ([prefix, s]) => {
        const successor = prefixSuccessor(prefix);
        const inRange = compareCodePoints(prefix, s) <= 0 && (successor === undefined || compareCodePoints(s, successor) < 0);
        expect(inRange).toBe(s.startsWith(prefix));
        if (successor !== undefined) {
          expect(successor.isWellFormed()).toBe(true);
          expect(successor.startsWith(prefix)).toBe(false);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('carries over U+10FFFF, skips the surrogate range and has no successor for an all-maximal prefix', () => {
    expect(prefixSuccessor('ab')).toBe('ac');
    expect(prefixSuccessor('a\u{10FFFF}')).toBe('b');
    expect(prefixSuccessor('a\u{10FFFF}\u{10FFFF}')).toBe('b');
    expect(prefixSuccessor('\uD7FF')).toBe('\uE000');
    expect(prefixSuccessor('\uFFFF')).toBe('\u{10000}');
    expect(prefixSuccessor('\u{10FFFF}')).toBeUndefined();
    expect(prefixSuccessor('')).toBeUndefined();
  });
});
