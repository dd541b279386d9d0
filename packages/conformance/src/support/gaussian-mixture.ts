/** A deterministic pseudo-random generator (mulberry32): the same seed gives the same data set everywhere. */
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

function gaussian(random: () => number): number {
  // Box-Muller; 1 - u keeps the logarithm finite.
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Shape of the clustered data set used for recall checks. */
export interface MixtureOptions {
  /** Vectors in the data set. */
  readonly points: number;
  /** Query vectors drawn from the same mixture. */
  readonly queries: number;
  /** Dimension of every vector. */
  readonly dimension: number;
  /** Number of Gaussian clusters. */
  readonly clusters: number;
  /** Standard deviation around each cluster centre (centres are unit-scale). */
  readonly spread: number;
  /** Seed of the generator. */
  readonly seed: number;
}

/** A clustered Gaussian-mixture data set: realistic for embeddings, hard for careless ANN indexes. */
export function gaussianMixture(options: MixtureOptions): { points: Float32Array[]; queries: Float32Array[] } {
  const random = seededRandom(options.seed);
  const centres = Array.from({ length: options.clusters }, () => Array.from({ length: options.dimension }, () => gaussian(random)));
  const sample = (): Float32Array => {
    const centre = centres[Math.floor(random() * centres.length)]!;
    return Float32Array.from(centre, (c) => c + options.spread * gaussian(random));
  };
  return {
    points: Array.from({ length: options.points }, sample),
    queries: Array.from({ length: options.queries }, sample),
  };
}
