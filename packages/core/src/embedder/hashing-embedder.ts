import { ValidationError } from '../errors/validation-error.js';
import { validateIntegerInRange } from '../validation/validate-input.js';
import type { Embedder } from './embedder.js';

/** Options of {@link HashingEmbedder}. */
export interface HashingEmbedderOptions {
  /**
   * Vector length. More dimensions mean fewer hash collisions between unrelated features.
   * @default 256
   */
  readonly dimension?: number;
  /**
   * Length of the character n-grams taken inside each word (with word-boundary markers), so
   * `remember` and `remembered` share most features; `0` turns them off.
   * @default 3
   */
  readonly ngram?: number;
  /**
   * Weight of a whole word relative to one character n-gram.
   * @default 2
   */
  readonly wordWeight?: number;
  /**
   * Weight of a pair of adjacent words, which rewards matching phrases over bags of words.
   * @default 1
   */
  readonly bigramWeight?: number;
}

// Frequent English function words carry little meaning but would make unrelated sentences look
// alike, so they count a tenth of a normal word.
const STOP_WORDS = new Set(
  'a an and are as at be by for from has have i in is it its of on or that the this to was were will with'.split(' '),
);
const WORD = /[\p{L}\p{N}]+/gu;

/**
 * A deterministic, offline embedder: the feature-hashing trick ("signed hashing", Weinberger et
 * al. 2009) over words, adjacent word pairs and character n-grams, L2-normalised. No model and no
 * network, so search works in demos and tests; texts that share words or word stems score higher
 * than unrelated ones, but it knows no synonyms — use a real model for semantic recall.
 */
export class HashingEmbedder implements Embedder {
  /** Length of every vector. */
  readonly dimension: number;
  /** `hashing-<dimension>`. */
  readonly name: string;
  private readonly ngram: number;
  private readonly wordWeight: number;
  private readonly bigramWeight: number;

  constructor(options: HashingEmbedderOptions = {}) {
    const context = { backend: 'hashing-embedder', operation: 'create' };
    this.dimension = validateIntegerInRange(options.dimension ?? 256, 'dimension', 2, 65_536, context);
    this.ngram = validateIntegerInRange(options.ngram ?? 3, 'ngram', 0, 16, context);
    this.wordWeight = nonNegative(options.wordWeight ?? 2, 'wordWeight', context);
    this.bigramWeight = nonNegative(options.bigramWeight ?? 1, 'bigramWeight', context);
    this.name = `hashing-${this.dimension}`;
  }

  /** Embeds each text; never returns the zero vector (an empty text gets a fixed unit vector). */
  embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (!Array.isArray(texts)) return Promise.reject(new ValidationError('embed needs an array of strings', { backend: this.name, operation: 'embed' }));
    try {
      return Promise.resolve(texts.map((text) => this.embedOne(text)));
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  /** Synchronous form of `embed` for one text. */
  embedOne(text: string): Float32Array {
    if (typeof text !== 'string') throw new ValidationError(`embed needs strings, got ${typeof text}`, { backend: this.name, operation: 'embed' });
    const vector = new Float32Array(this.dimension);
    const words = text.normalize('NFKC').toLowerCase().match(WORD) ?? [];
    let previous: string | undefined;
    for (const word of words) {
      const weight = STOP_WORDS.has(word) ? 0.1 : 1;
      this.add(vector, `w:${word}`, this.wordWeight * weight);
      if (previous !== undefined) this.add(vector, `b:${previous} ${word}`, this.bigramWeight * weight);
      previous = word;
      if (this.ngram > 0 && weight === 1) {
        const padded = Array.from(`^${word}$`);
        for (let i = 0; i + this.ngram <= padded.length; i++) this.add(vector, `n:${padded.slice(i, i + this.ngram).join('')}`, 1);
      }
    }
    return normalise(vector, text, this);
  }

  private add(vector: Float32Array, feature: string, weight: number): void {
    const h = fnv1a(feature);
    // One hash gives both the bucket and the sign; the sign keeps collisions unbiased in expectation.
    vector[(h >>> 1) % this.dimension]! += h & 1 ? weight : -weight;
  }
}

function normalise(vector: Float32Array, text: string, embedder: HashingEmbedder): Float32Array {
  let sum = 0;
  for (const x of vector) sum += x * x;
  if (sum === 0) {
    // No features (empty or punctuation-only text) or features that cancelled out: a fixed unit
    // vector derived from the raw text keeps the result valid and deterministic.
    vector[fnv1a(`t:${text}`) % embedder.dimension] = 1;
    return vector;
  }
  const inverse = 1 / Math.sqrt(sum);
  for (let i = 0; i < vector.length; i++) vector[i]! *= inverse;
  return vector;
}

/** 32-bit FNV-1a over UTF-16 code units: fast, stable across platforms and well spread. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function nonNegative(n: unknown, name: string, context: { backend: string; operation: string }): number {
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) throw new ValidationError(`${name} must be a finite number >= 0`, context);
  return n;
}
