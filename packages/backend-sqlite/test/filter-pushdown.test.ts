import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { compileFilter, exactTopK, matchesClauses, type Filter, type Metadata, type MetadataValue } from '@mem/core';
import { createSqliteBackend } from '../src/index.js';

const plain = createSqliteBackend({ path: ':memory:' });
// Same data with expression indexes: the index prefilters must never change a result.
const indexed = createSqliteBackend({ path: ':memory:', indexedFields: ['a', 'b', 'c-d'] });
afterAll(async () => {
  await plain.close();
  await indexed.close();
});

const FIELDS = ['a', 'b', 'c-d'] as const;
const NOW = Date.now();
// A small pool, drawn most often, makes equal values and near misses frequent; the rest explores the full ranges.
const POOL: MetadataValue[] = [null, true, false, 0, -0, 1, 1.5, -2, 2 ** 60, 2 ** 62 + 2 ** 10, 1e20, 5e-324, '', 'a', 'b', 'A', '1', 'true', 'null', '\uFFFF', '\u{10000}', 'é', 'a\u0000', NOW];
const scalar: fc.Arbitrary<MetadataValue> = fc.oneof(
  { arbitrary: fc.constantFrom(...POOL), weight: 6 },
  { arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }), weight: 1 },
  { arbitrary: fc.integer({ min: -3, max: 3 }), weight: 1 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 3 }), weight: 1 },
  { arbitrary: fc.integer({ min: NOW - 5_000, max: NOW + 60_000 }), weight: 1 },
);
const metadata: fc.Arbitrary<Metadata | undefined> = fc.option(fc.dictionary(fc.constantFrom(...FIELDS), scalar, { maxKeys: 3, noNullPrototype: true }), { nil: undefined });
function filterArbitrary(values: fc.Arbitrary<MetadataValue>): fc.Arbitrary<Filter> {
  const ordered = values.filter((v): v is number | string => typeof v === 'number' || typeof v === 'string');
  const operands = {
    $eq: values,
    $ne: values,
    $gt: ordered,
    $gte: ordered,
    $lt: ordered,
    $lte: ordered,
    $in: fc.array(values, { maxLength: 4 }),
    $nin: fc.array(values, { maxLength: 4 }),
    $exists: fc.boolean(),
  };
  // Mostly one operator per field (so $ne/$nin/$exists:false meet missing fields alone), sometimes several.
  const condition = fc.oneof(
    values,
    ...Object.entries(operands).map(([op, operand]) => fc.record({ [op]: operand as fc.Arbitrary<unknown> })),
    fc.record(operands, { requiredKeys: [] }).filter((ops) => Object.keys(ops).length > 0),
  );
  return fc.dictionary(fc.constantFrom(...FIELDS, 'createdAt', 'updatedAt', 'zz'), condition, { maxKeys: 3, noNullPrototype: true }) as fc.Arbitrary<Filter>;
}

// Operands are drawn half the time from the values actually stored, so boundaries ($gt vs $gte, -0 vs 0) are hit.
const scenario = fc.array(metadata, { minLength: 1, maxLength: 12 }).chain((metas) => {
  const stored = metas.flatMap((m) => (m === undefined ? [] : Object.values(m)));
  const values = stored.length === 0 ? scalar : fc.oneof(scalar, fc.constantFrom(...stored));
  return fc.tuple(fc.constant(metas), fc.array(filterArbitrary(values), { minLength: 1, maxLength: 4 }));
});

// Boundaries random draws hit rarely: an integer JSON text that SQLite reads as a different
// integer than the double it stands for, -0, missing vs null, booleans vs 1/0, empty $in.
const EDGE_CASES: [(Metadata | undefined)[], Filter[]][] = [
  [[{ a: 2 ** 62 + 2 ** 10 }, { a: 2 ** 62 }], [{ a: 2 ** 62 + 2 ** 10 }, { a: { $gte: 2 ** 62 + 2 ** 10 } }, { a: { $lt: 2 ** 62 + 2 ** 10 } }, { a: { $in: [2 ** 62 + 2 ** 10] } }]],
  [[{ a: -0 }, { a: 0 }, { a: 5e-324 }], [{ a: 0 }, { a: { $gt: 0 } }, { a: { $lte: -0 } }]],
  [[undefined, { a: null }, { a: 1 }, { a: true }], [{ a: { $ne: 1 } }, { a: { $exists: true } }, { a: { $exists: false } }, { a: true }, { a: { $nin: [null] } }, { a: { $in: [] } }]],
  [[{ b: '' }, { b: 'a' }, { b: 'a\u0000' }, { b: '\uFFFF' }, { b: '\u{10000}' }], [{ b: { $gt: '' } }, { b: { $lt: '\u{10000}' } }, { b: { $gte: 'a', $lte: 'a\u0000' } }]],
];

describe('SQL filter push-down', () => {
  it.each([
    ['without field indexes', plain],
    ['with expression indexes on every field (indexedFields)', indexed],
  ])('selects exactly what matchesClauses selects, in list and in search, %s (fast-check)', async (_name, store) => {
    await fc.assert(
      fc.asyncProperty(scenario, async ([metas, filters]) => {
        await store.clear();
        await store.putMany(metas.map((m, i) => ({ namespace: ['f'], key: `k${String(i).padStart(2, '0')}`, value: i, embedding: [1, i + 1], ...(m === undefined ? {} : { metadata: m }) })));
        const all = (await store.list()).entries;
        for (const f of filters) {
          const clauses = compileFilter(f);
          const expected = all.filter((e) => matchesClauses(e, clauses)).map((e) => e.key);
          expect((await store.list({ filter: f })).entries.map((e) => e.key)).toEqual(expected);
          const oracle = exactTopK(new Float32Array([1, 0]), all.filter((e) => matchesClauses(e, clauses)), 5).map((s) => s.item.key);
          expect((await store.search({ vector: [1, 0], k: 5, filter: f })).map((h) => h.entry.key)).toEqual(oracle);
        }
      }),
      { numRuns: 300, examples: EDGE_CASES.map((c) => [c]) },
    );
  });

  it('takes $in / $nin lists of any length (one JSON parameter, not one per value)', async () => {
    await plain.clear();
    await plain.putMany(Array.from({ length: 50 }, (_, i) => ({ namespace: ['big'], key: `k${i}`, value: i, metadata: { n: i, s: `s${i}` } })));
    const many = Array.from({ length: 60_000 }, (_, i) => i * 3);
    expect((await plain.list({ filter: { n: { $in: many } } })).entries.map((e) => e.value as number).sort((x, y) => x - y)).toEqual(Array.from({ length: 17 }, (_, i) => i * 3));
    expect((await plain.list({ filter: { s: { $nin: many.map((i) => `s${i}`) } } })).entries).toHaveLength(33);
  });

  it('uses the expression index of an indexed field for equality and ranges', async () => {
    await indexed.clear();
    await indexed.putMany(Array.from({ length: 2000 }, (_, i) => ({ namespace: ['plan', `n${i % 50}`], key: `k${i}`, value: i, metadata: { a: i, b: `s${i}` } })));
    const raw = (indexed as unknown as { db: import('better-sqlite3').Database }).db;
    const statements = (indexed as unknown as { shapes: { get(sql: string): unknown } }).shapes;
    const seen: string[] = [];
    const original = statements.get.bind(statements);
    statements.get = (sql: string) => (seen.push(sql), original(sql));
    expect((await indexed.list({ filter: { a: 1234 } })).entries.map((e) => e.key)).toEqual(['k1234']);
    expect((await indexed.list({ filter: { b: { $gt: 's1997', $lte: 's1999' } } })).entries.map((e) => e.key)).toEqual(['k1998', 'k1999']);
    const plans = seen.map((sql) => (raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array.from(sql.matchAll(/\?/g), () => null)) as { detail: string }[]).map((p) => p.detail).join(' '));
    for (const plan of plans) expect(plan).toMatch(/USING INDEX mem_field_(a|b)/);
  });
});
