import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TopK, cosineSimilarity, exactTopK, vectorNorm, type EntryRef } from '../src/index.js';

const component = fc.float({ min: -1000, max: 1000, noNaN: true, noDefaultInfinity: true });
const vectorOf = (dim: number) =>
  fc.array(component, { minLength: dim, maxLength: dim }).filter((v) => v.some((x) => x !== 0)).map((v) => Float32Array.from(v));

function reference(a: Float32Array, b: Float32Array): number {
  const x = Array.from(a, Number);
  const y = Array.from(b, Number);
  const dot = x.reduce((s, v, i) => s + v * y[i]!, 0);
  return dot / (Math.sqrt(x.reduce((s, v) => s + v * v, 0)) * Math.sqrt(y.reduce((s, v) => s + v * v, 0)));
}

describe('cosineSimilarity', () => {
  it('equals a float64 reference', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }).chain((d) => fc.tuple(vectorOf(d), vectorOf(d))), ([a, b]) => {
        const score = cosineSimilarity(a, b);
        expect(Math.abs(score - reference(a, b))).toBeLessThan(1e-12);
        expect(Math.abs(cosineSimilarity(a, b, vectorNorm(a), vectorNorm(b)) - score)).toBeLessThan(1e-15);
        expect(score).toBeGreaterThanOrEqual(-1 - 1e-12);
        expect(score).toBeLessThanOrEqual(1 + 1e-12);
      }),
      { numRuns: 1000 },
    );
  });

  it('is 1 for a vector with itself or a positive multiple, -1 for the opposite, 0 for orthogonal', () => {
    const v = Float32Array.from([3, 4]);
    expect(cosineSimilarity(v, v)).toBeCloseTo(1, 15);
    expect(cosineSimilarity(v, Float32Array.from([6, 8]))).toBeCloseTo(1, 15);
    expect(cosineSimilarity(v, Float32Array.from([-3, -4]))).toBeCloseTo(-1, 15);
    expect(cosineSimilarity(v, Float32Array.from([-4, 3]))).toBe(0);
    expect(vectorNorm(v)).toBe(5);
  });

  it('accumulates in float64, so large components neither overflow float32 nor lose the result', () => {
    const big = Float32Array.from([3e38, 3e38]);
    expect(cosineSimilarity(big, big)).toBeCloseTo(1, 12);
  });
});

type Candidate = EntryRef & { embedding?: Float32Array };

const cpSign = (a: string, b: string) => Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b)));
function refOrder(a: EntryRef, b: EntryRef): number {
  for (let i = 0; i < Math.min(a.namespace.length, b.namespace.length); i++) {
    const c = cpSign(a.namespace[i]!, b.namespace[i]!);
    if (c !== 0) return c;
  }
  return a.namespace.length - b.namespace.length || cpSign(a.key, b.key);
}

// Few distinct small-integer vectors, so equal scores (ties) are common.
const smallVector = fc.array(fc.integer({ min: -2, max: 2 }), { minLength: 3, maxLength: 3 }).map((v) => Float32Array.from(v));
const name = fc.constantFrom('a', 'b', '\uFFFF', '\u{10000}');
const candidates = fc
  .uniqueArray(
    fc.record({
      namespace: fc.array(name, { minLength: 1, maxLength: 2 }),
      key: name,
      embedding: fc.option(fc.oneof({ weight: 8, arbitrary: smallVector }, { weight: 1, arbitrary: fc.constant(Float32Array.from([1, 1])) }), { nil: undefined, freq: 8 }),
    }),
    { selector: (c) => JSON.stringify([c.namespace, c.key]), maxLength: 40 },
  )
  .map((list) => list.map((c): Candidate => (c.embedding === undefined ? { namespace: c.namespace, key: c.key } : c)));

function bruteForce(query: Float32Array, list: readonly Candidate[], k: number, minScore: number) {
  return list
    .filter((c) => c.embedding !== undefined && c.embedding.length === query.length)
    .map((c) => ({ item: c, score: cosineSimilarity(query, c.embedding!) }))
    .filter((s) => s.score >= minScore)
    .sort((x, y) => y.score - x.score || refOrder(x.item, y.item))
    .slice(0, k);
}

const describeHits = (hits: { item: EntryRef; score: number }[]) => hits.map((h) => [h.item.namespace, h.item.key, h.score]);

describe('exactTopK', () => {
  it('equals a full sort (score desc, ties by namespace then key by code point), after minScore and dimension checks', () => {
    const query = smallVector.filter((v) => v.some((x) => x !== 0));
    const minScore = fc.oneof(fc.constant(-Infinity), fc.double({ min: -1, max: 1, noNaN: true }));
    fc.assert(
      fc.property(query, candidates, fc.integer({ min: 1, max: 45 }), minScore, (q, list, k, min) => {
        expect(describeHits(exactTopK(q, list, k, min))).toEqual(describeHits(bruteForce(q, list, k, min)));
      }),
      { numRuns: 1500 },
    );
  });

  it('orders tied scores by (namespace, key) in code-point order', () => {
    const e = Float32Array.from([1, 0]);
    const list: Candidate[] = [
      { namespace: ['b'], key: 'a', embedding: e },
      { namespace: ['a', 'x'], key: 'a', embedding: e },
      { namespace: ['a'], key: '\u{10000}', embedding: e },
      { namespace: ['a'], key: '\uFFFF', embedding: e },
      { namespace: ['a'], key: 'z', embedding: Float32Array.from([2, 0]) },
    ];
    const hits = exactTopK(Float32Array.from([5, 0]), list, 10);
    expect(hits.map((h) => [h.item.namespace.join('/'), h.item.key])).toEqual([
      ['a', 'z'],
      ['a', '\uFFFF'],
      ['a', '\u{10000}'],
      ['a/x', 'a'],
      ['b', 'a'],
    ]);
    expect(exactTopK(Float32Array.from([5, 0]), list, 2).map((h) => h.item.key)).toEqual(['z', '\uFFFF']);
  });

  it('skips candidates without an embedding, with another dimension, or with a zero embedding', () => {
    const list: Candidate[] = [
      { namespace: ['n'], key: 'none' },
      { namespace: ['n'], key: 'short', embedding: Float32Array.from([1]) },
      { namespace: ['n'], key: 'zero', embedding: Float32Array.from([0, 0]) },
      { namespace: ['n'], key: 'ok', embedding: Float32Array.from([0, 1]) },
    ];
    expect(exactTopK(Float32Array.from([1, 1]), list, 10).map((h) => h.item.key)).toEqual(['ok']);
  });

  it('drops hits below minScore and keeps those equal to it', () => {
    const list: Candidate[] = [
      { namespace: ['n'], key: 'same', embedding: Float32Array.from([1, 0]) },
      { namespace: ['n'], key: 'orthogonal', embedding: Float32Array.from([0, 1]) },
      { namespace: ['n'], key: 'opposite', embedding: Float32Array.from([-1, 0]) },
    ];
    expect(exactTopK(Float32Array.from([1, 0]), list, 10, 0).map((h) => h.item.key)).toEqual(['same', 'orthogonal']);
    expect(exactTopK(Float32Array.from([1, 0]), list, 10, 0.5).map((h) => h.item.key)).toEqual(['same']);
    expect(exactTopK(Float32Array.from([1, 0]), list, 10).map((h) => h.item.key)).toEqual(['same', 'orthogonal', 'opposite']);
  });

  it('returns nothing for k = 0 instead of failing', () => {
    expect(exactTopK(Float32Array.from([1]), [{ namespace: ['n'], key: 'k', embedding: Float32Array.from([1]) }], 0)).toEqual([]);
    expect(new TopK(0).threshold).toBe(Infinity);
  });
});

describe('TopK', () => {
  it('keeps the best k of a stream in any arrival order, and its threshold is the worst kept score once full', () => {
    const item = fc.record({ key: fc.string({ minLength: 1, maxLength: 3 }), score: fc.integer({ min: -3, max: 3 }).map((s) => s / 3) });
    fc.assert(
      fc.property(fc.uniqueArray(item, { selector: (i) => i.key, maxLength: 30 }), fc.integer({ min: 1, max: 10 }), (items, k) => {
        const top = new TopK<EntryRef>(k);
        for (const i of items) top.offer({ namespace: ['n'], key: i.key }, i.score);
        const expected = [...items].sort((a, b) => b.score - a.score || cpSign(a.key, b.key)).slice(0, k);
        const result = top.result();
        expect(result.map((r) => [r.item.key, r.score])).toEqual(expected.map((e) => [e.key, e.score]));
        expect(top.threshold).toBe(items.length < k ? -Infinity : expected[k - 1]!.score);
      }),
      { numRuns: 1000 },
    );
  });
});
