import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { compileFilter, exactTopK, matchesClauses, type Filter, type Metadata, type MetadataValue } from '@mem/core';
import { createSqliteBackend } from '../src/index.js';

const store = createSqliteBackend({ path: ':memory:' });
afterAll(() => store.close());

const FIELDS = ['a', 'b', 'c-d'] as const;
const NOW = Date.now();
// A small pool, drawn most often, makes equal values and near misses frequent; the rest explores the full ranges.
const POOL: MetadataValue[] = [null, true, false, 0, -0, 1, 1.5, -2, 2 ** 60, 1e20, 5e-324, '', 'a', 'b', 'A', '1', 'true', 'null', '\uFFFF', '\u{10000}', 'é', 'a\u0000', NOW];
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

describe('SQL filter push-down', () => {
  it('selects exactly what matchesClauses selects, in list and in search (fast-check)', async () => {
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
      { numRuns: 300 },
    );
  });

  it('pushes metadata filters into the prefix range scan (no full scan for a namespace prefix)', () => {
    const raw = (store as unknown as { db: import('better-sqlite3').Database }).db;
    const plan = raw.prepare("EXPLAIN QUERY PLAN SELECT * FROM mem_entries WHERE ns >= ? AND ns < ? AND json_type(metadata, ?) = 'text' ORDER BY ns, key").all('a', 'b', '$.x') as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/SEARCH mem_entries USING INDEX/);
  });
});
