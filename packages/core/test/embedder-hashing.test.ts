import { describe, expect, it } from 'vitest';
import { cosineSimilarity, HashingEmbedder, ValidationError, vectorNorm } from '../src/index.js';

describe('HashingEmbedder', () => {
  const embedder = new HashingEmbedder();

  it('is deterministic and unit length', async () => {
    const [a, b] = await embedder.embed(['The user prefers dark mode', 'The user prefers dark mode']);
    expect(a).toBeInstanceOf(Float32Array);
    expect(a).toHaveLength(256);
    expect([...a!]).toEqual([...b!]);
    expect(vectorNorm(a!)).toBeCloseTo(1, 5);
    const again = await new HashingEmbedder().embed(['The user prefers dark mode']);
    expect([...again[0]!]).toEqual([...a!]);
  });

  it('scores similar texts above unrelated ones', async () => {
    const [query, near, stem, far] = await embedder.embed([
      'which theme does the user like in the editor',
      'the user likes the dark theme in the code editor',
      'user liked theming editors',
      'invoice 4417 was paid by bank transfer on Monday',
    ]);
    const sNear = cosineSimilarity(query!, near!);
    const sStem = cosineSimilarity(query!, stem!);
    const sFar = cosineSimilarity(query!, far!);
    expect(sNear).toBeGreaterThan(sFar + 0.3);
    expect(sStem).toBeGreaterThan(sFar);
    expect(Math.abs(sFar)).toBeLessThan(0.2);
  });

  it('ranks a corpus by shared topic', async () => {
    const corpus = ['Paris is the capital of France', 'The cat sat on the mat', 'Python lists are mutable sequences', 'France borders Spain and Italy'];
    const vectors = await embedder.embed(corpus);
    const [q] = await embedder.embed(['what is the capital city of France']);
    const ranked = corpus.map((text, i) => ({ text, score: cosineSimilarity(q!, vectors[i]!) })).sort((a, b) => b.score - a.score);
    expect(ranked[0]!.text).toBe('Paris is the capital of France');
    expect(ranked[1]!.text).toBe('France borders Spain and Italy');
  });

  it('never returns the zero vector', async () => {
    const [empty, punct] = await embedder.embed(['', '!!! ...']);
    expect(vectorNorm(empty!)).toBeCloseTo(1, 5);
    expect(vectorNorm(punct!)).toBeCloseTo(1, 5);
  });

  it('honours the dimension and rejects bad options and inputs', async () => {
    expect((await new HashingEmbedder({ dimension: 64 }).embed(['x']))[0]).toHaveLength(64);
    expect(() => new HashingEmbedder({ dimension: 0 })).toThrow(ValidationError);
    expect(() => new HashingEmbedder({ dimension: 1.5 })).toThrow(ValidationError);
    expect(() => new HashingEmbedder({ wordWeight: -1 })).toThrow(ValidationError);
    await expect(embedder.embed([42 as unknown as string])).rejects.toBeInstanceOf(ValidationError);
    await expect(embedder.embed('text' as unknown as string[])).rejects.toBeInstanceOf(ValidationError);
  });
});
