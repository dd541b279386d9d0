import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError, compileFilter, matchesClauses, matchesFilter, type Filter, type Metadata, type MetadataValue } from '../src/index.js';

const ctx = { backend: 'unit', operation: 'list' };
const entry = (metadata: Metadata | undefined, createdAt = 1000, updatedAt = 2000) => ({ metadata, createdAt, updatedAt });
const matches = (metadata: Metadata | undefined, filter: Filter) => matchesClauses(entry(metadata), compileFilter(filter, ctx));

describe('filter operators', () => {
  const m = { n: 5, s: 'b', t: true, z: null, zero: 0, empty: '' };
  const cases: [Filter, boolean][] = [
    [{}, true],
    [{ n: 5 }, true],
    [{ n: 6 }, false],
    [{ n: { $eq: 5 } }, true],
    [{ n: { $ne: 5 } }, false],
    [{ n: { $ne: 6 } }, true],
    [{ n: { $gt: 4 } }, true],
    [{ n: { $gt: 5 } }, false],
    [{ n: { $gte: 5 } }, true],
    [{ n: { $gte: 5.0001 } }, false],
    [{ n: { $lt: 6 } }, true],
    [{ n: { $lt: 5 } }, false],
    [{ n: { $lte: 5 } }, true],
    [{ n: { $lte: 4.9999 } }, false],
    [{ n: { $gt: 1, $lt: 9 } }, true],
    [{ n: { $gt: 1, $lt: 5 } }, false],
    [{ n: { $in: [1, 5] } }, true],
    [{ n: { $in: [1, 2] } }, false],
    [{ n: { $in: [] } }, false],
    [{ n: { $nin: [1, 5] } }, false],
    [{ n: { $nin: [1, 2] } }, true],
    [{ n: { $nin: [] } }, true],
    [{ n: { $exists: true } }, true],
    [{ n: { $exists: false } }, false],
    [{ s: 'b' }, true],
    [{ s: { $gt: 'a' } }, true],
    [{ s: { $gt: 'b' } }, false],
    [{ s: { $gte: 'b' } }, true],
    [{ s: { $lt: 'ba' } }, true],
    [{ s: { $lte: 'a' } }, false],
    [{ t: true }, true],
    [{ t: false }, false],
    [{ zero: 0 }, true],
    [{ zero: false }, false],
    [{ zero: null }, false],
    [{ empty: '' }, true],
    [{ empty: null }, false],
    [{ n: 5, s: 'b', t: true }, true],
    [{ n: 5, s: 'c' }, false],
  ];

  it.each(cases)('%j → %s', (filter, expected) => {
    expect(matches(m, filter)).toBe(expected);
    expect(matchesFilter(entry(m), filter)).toBe(expected);
  });
});

describe('missing field versus stored null', () => {
  const withNull = { f: null };
  const without = { other: 1 };
  const cases: [string, Filter, boolean, boolean][] = [
    ['bare null', { f: null }, true, false],
    ['$eq null', { f: { $eq: null } }, true, false],
    ['$ne null', { f: { $ne: null } }, false, true],
    ['$ne 1', { f: { $ne: 1 } }, true, true],
    ['$in [null]', { f: { $in: [null] } }, true, false],
    ['$nin [null]', { f: { $nin: [null] } }, false, true],
    ['$nin [1]', { f: { $nin: [1] } }, true, true],
    ['$exists true', { f: { $exists: true } }, true, false],
    ['$exists false', { f: { $exists: false } }, false, true],
    ['$gt 0', { f: { $gt: 0 } }, false, false],
    ['$lte ""', { f: { $lte: '' } }, false, false],
  ];

  it.each(cases)('%s: stored null %s, missing %s', (_name, filter, onNull, onMissing) => {
    expect(matches(withNull, filter)).toBe(onNull);
    expect(matches(without, filter)).toBe(onMissing);
    expect(matches(undefined, filter)).toBe(onMissing);
  });
});

describe('type mismatches never match ordering or equality', () => {
  const cases: [MetadataValue, Filter][] = [
    [1, { f: '1' }],
    ['1', { f: 1 }],
    [1, { f: true }],
    [true, { f: 1 }],
    [0, { f: false }],
    ['', { f: null }],
    ['2', { f: { $gt: 1 } }],
    [2, { f: { $gt: '1' } }],
    [true, { f: { $gte: 0 } }],
    [null, { f: { $lte: 0 } }],
    [1, { f: { $in: ['1', true] } }],
  ];
  it.each(cases)('%j does not match %j', (value, filter) => {
    expect(matches({ f: value }, filter)).toBe(false);
  });

  it('$ne and $nin match a value of another type', () => {
    expect(matches({ f: 1 }, { f: { $ne: '1' } })).toBe(true);
    expect(matches({ f: 1 }, { f: { $nin: ['1', true, null] } })).toBe(true);
  });

  it('compares strings by code point, not UTF-16', () => {
    expect(matches({ f: '\u{10000}' }, { f: { $gt: '\uFFFF' } })).toBe(true);
    expect(matches({ f: '\uFFFF' }, { f: { $gt: '\u{10000}' } })).toBe(false);
  });
});

describe('createdAt and updatedAt', () => {
  it('come from the entry, not from metadata', () => {
    const e = entry({ x: 1 }, 1000, 2000);
    expect(matchesClauses(e, compileFilter({ createdAt: { $gte: 1000, $lt: 1001 } }))).toBe(true);
    expect(matchesClauses(e, compileFilter({ updatedAt: 2000 }))).toBe(true);
    expect(matchesClauses(e, compileFilter({ updatedAt: { $lt: 2000 } }))).toBe(false);
    expect(matchesClauses(e, compileFilter({ createdAt: { $exists: true } }))).toBe(true);
    expect(matchesClauses(entry(undefined, 5, 6), compileFilter({ createdAt: 5, updatedAt: { $in: [6] } }))).toBe(true);
  });
});

describe('bad filters are ValidationError naming backend and operation', () => {
  const bad: [string, unknown][] = [
    ['a string filter', 'x'],
    ['an array filter', [{ a: 1 }]],
    ['a null filter', null],
    ['unknown operator $regex', { a: { $regex: 'x' } }],
    ['unknown operator $or', { a: { $or: [1] } }],
    ['a top-level $and', { $and: [{ a: 1 }] }],
    ['an empty operator object', { a: {} }],
    ['an array condition', { a: [1, 2] }],
    ['an undefined condition', { a: undefined }],
    ['NaN', { a: Number.NaN }],
    ['Infinity', { a: { $eq: Infinity } }],
    ['$gt null', { a: { $gt: null } }],
    ['$gt true', { a: { $gt: true } }],
    ['$lt an object', { a: { $lt: { x: 1 } } }],
    ['$eq an object', { a: { $eq: { x: 1 } } }],
    ['$ne an array', { a: { $ne: [1] } }],
    ['$in not an array', { a: { $in: 1 } }],
    ['$in with an object', { a: { $in: [{}] } }],
    ['$nin with NaN', { a: { $nin: [Number.NaN] } }],
    ['$exists "yes"', { a: { $exists: 'yes' } }],
    ['an empty field name', { '': 1 }],
    ['a dotted field name', { 'a.b': 1 }],
    ['a field name with a space', { 'a b': 1 }],
    ['a field name starting with a digit', { '1a': 1 }],
    ['a $-prefixed field name', { $a: 1 }],
    ['a lone surrogate operand', { a: { $lt: '\uD800' } }],
    ['a lone surrogate in $in', { a: { $in: ['ok', '\uDC00'] } }],
  ];

  it.each(bad)('%s', (_name, filter) => {
    expect(() => compileFilter(filter as Filter, ctx)).toThrow(ValidationError);
    expect(() => compileFilter(filter as Filter, ctx)).toThrow(/^\[unit list\] /);
  });

  it('names the known operators when one is unknown', () => {
    expect(() => compileFilter({ a: { $like: 'x' } } as unknown as Filter, ctx)).toThrow(/\$like.*\$eq \$ne \$gt \$gte \$lt \$lte \$in \$nin \$exists/);
  });

  it('compiles an absent filter to no clauses', () => {
    expect(compileFilter(undefined)).toEqual([]);
  });
});

// An independent reference of the documented semantics, to compare the evaluator with.
const scalar = fc.constantFrom<MetadataValue>(null, 0, 1, -1, 2.5, '', 'a', 'b', 'ab', '\uFFFF', '\u{10000}', true, false);
const orderable = fc.constantFrom<number | string>(0, 1, -1, 2.5, '', 'a', 'b', 'ab', '\uFFFF', '\u{10000}');
const field = fc.constantFrom('a', 'b', 'createdAt');
const condition = fc.oneof(
  scalar,
  fc.record(
    {
      $eq: scalar,
      $ne: scalar,
      $gt: orderable,
      $gte: orderable,
      $lt: orderable,
      $lte: orderable,
      $in: fc.array(scalar, { maxLength: 3 }),
      $nin: fc.array(scalar, { maxLength: 3 }),
      $exists: fc.boolean(),
    },
    { requiredKeys: [] },
  ).filter((ops) => Object.keys(ops).length > 0),
);
const filterArb = fc.dictionary(field, condition, { maxKeys: 3, noNullPrototype: true }) as fc.Arbitrary<Filter>;
const metadataArb = fc.dictionary(fc.constantFrom('a', 'b', 'c'), scalar, { maxKeys: 3, noNullPrototype: true });

function codePointSign(a: string, b: string): number {
  return Math.sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
}

function referenceMatch(metadata: Record<string, MetadataValue>, createdAt: number, filter: Filter): boolean {
  return Object.entries(filter).every(([name, cond]) => {
    const present = name === 'createdAt' || Object.hasOwn(metadata, name);
    const value = name === 'createdAt' ? createdAt : metadata[name];
    const ops = cond !== null && typeof cond === 'object' ? cond : { $eq: cond };
    return Object.entries(ops).every(([op, operand]) => {
      const equal = (x: unknown) => present && value === x;
      const order = (): number | undefined => {
        if (!present || typeof value !== typeof operand) return undefined;
        if (typeof value === 'number') return Math.sign(value - (operand as number));
        if (typeof value === 'string') return codePointSign(value, operand as string);
        return undefined;
      };
      const o = order();
      switch (op) {
        case '$eq': return equal(operand);
        case '$ne': return !equal(operand);
        case '$gt': return o === 1;
        case '$gte': return o === 1 || o === 0;
        case '$lt': return o === -1;
        case '$lte': return o === -1 || o === 0;
        case '$in': return (operand as unknown[]).some(equal);
        case '$nin': return !(operand as unknown[]).some(equal);
        case '$exists': return present === operand;
        default: throw new Error(`reference does not know ${op}`);
      }
    });
  });
}

describe('matchesClauses against an independent reference', () => {
  it('agrees on random entries and filters', () => {
    fc.assert(
      fc.property(metadataArb, fc.integer({ min: -2, max: 2 }), filterArb, (metadata, createdAt, filter) => {
        const e = { metadata, createdAt, updatedAt: createdAt };
        expect(matchesClauses(e, compileFilter(filter))).toBe(referenceMatch(metadata, createdAt, filter));
      }),
      { numRuns: 3000 },
    );
  });
});
