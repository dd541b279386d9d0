/** A seeded PRNG (mulberry32): the same data set in every run and every process. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal sample (Box–Muller). */
function gaussian(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Clustered vectors in one contiguous buffer, row `i` at `[i * dimension, (i + 1) * dimension)`. */
export interface VectorSet {
  readonly count: number;
  readonly dimension: number;
  readonly data: Float32Array;
}

/** Options of {@link gaussianMixture}. */
export interface GaussianMixtureOptions {
  /** Vectors to draw. */
  readonly count: number;
  /** Dimension of each vector. */
  readonly dimension: number;
  /**
   * Mixture components. Uniformly random vectors are the worst case for ANN indexes (recall
   * 0.01–0.27 here), clusters resemble real embeddings.
   * @default 100
   */
  readonly clusters?: number;
  /**
   * Standard deviation around each centre, relative to the centres' spread of 1.
   * @default 0.35
   */
  readonly spread?: number;
  /**
   * PRNG seed.
   * @default 42
   */
  readonly seed?: number;
}

/** Draws a Gaussian mixture: random centres, points scattered around them. */
export function gaussianMixture(options: GaussianMixtureOptions): VectorSet {
  const { count, dimension, clusters = 100, spread = 0.35, seed = 42 } = options;
  const random = seededRandom(seed);
  const centres = new Float32Array(clusters * dimension);
  for (let i = 0; i < centres.length; i++) centres[i] = gaussian(random);
  const data = new Float32Array(count * dimension);
  for (let row = 0; row < count; row++) {
    const c = Math.floor(random() * clusters) * dimension;
    const o = row * dimension;
    for (let d = 0; d < dimension; d++) data[o + d] = centres[c + d]! + spread * gaussian(random);
  }
  return { count, dimension, data };
}

/** Row `i` as a standalone copy (native kernels may ignore a view's byteOffset). */
export function vectorAt(set: VectorSet, i: number): Float32Array {
  return set.data.slice(i * set.dimension, (i + 1) * set.dimension);
}
