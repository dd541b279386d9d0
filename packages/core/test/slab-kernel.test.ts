import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VectorSlab } from '../src/index.js';

function cosine64(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return dot / Math.sqrt(na * nb);
}

const vector = (dim: number) =>
  fc.float32Array({ minLength: dim, maxLength: dim, noNaN: true, noDefaultInfinity: true, min: -100, max: 100 }).filter((v) => v.some((x) => Math.abs(x) > 1e-3));

describe('VectorSlab (SIMD dot kernel)', () => {
  it('scores equal float64 cosine for any dimension, padding included', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }).chain((dim) => fc.tuple(vector(dim), fc.array(vector(dim), { minLength: 1, maxLength: 20 }))), ([query, rows]) => {
        const slab = new VectorSlab(query.length);
        const slots = rows.map((row) => slab.add(row));
        const scores = slab.scoreAll(query);
        expect(scores.length).toBe(rows.length);
        slots.forEach((slot, i) => expect(scores[slot]!).toBeCloseTo(cosine64(query, rows[i]!), 4));
      }),
      { numRuns: 150 },
    );
  });

  it('keeps rows in place while growing past its first capacity and reuses freed slots', () => {
    const dim = 13;
    const slab = new VectorSlab(dim);
    const rows = Array.from({ length: 3000 }, (_, i) => Float32Array.from({ length: dim }, (_, j) => Math.sin(i * 31 + j) + 0.01));
    const slots = rows.map((row) => slab.add(row));
    slab.remove(slots[5]!);
    expect(slab.scoreAll(rows[5]!)[slots[5]!]).toBe(0);
    const reused = slab.add(rows[7]!);
    expect(reused).toBe(slots[5]);
    const query = rows[2999]!;
    const scores = slab.scoreAll(query);
    expect(scores.length).toBe(3000);
    expect(scores[slots[2999]!]).toBeCloseTo(1, 5);
    expect(scores[reused]).toBeCloseTo(cosine64(query, rows[7]!), 5);
    expect(scores[slots[1234]!]).toBeCloseTo(cosine64(query, rows[1234]!), 5);
  });

  it('forgets everything on clear', () => {
    const slab = new VectorSlab(4);
    slab.add(new Float32Array([1, 2, 3, 4]));
    slab.clear();
    expect(slab.size).toBe(0);
    expect(slab.add(new Float32Array([0, 0, 0, 1]))).toBe(0);
    expect(slab.scoreAll(new Float32Array([0, 0, 0, 2]))[0]).toBeCloseTo(1, 6);
  });
});
