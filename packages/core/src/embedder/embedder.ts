/**
 * Turns texts into vectors for semantic search. `MemoryManager` calls it on `store` (the
 * memory's text) and on `search` (the query). Plug in a real model (OpenAI, transformers.js)
 * by implementing this; {@link HashingEmbedder} is the built-in offline one.
 */
export interface Embedder {
  /** Length of every vector `embed` returns; a store keeps one dimension, so do not change it for existing data. */
  readonly dimension: number;
  /** Short name shown in stats and the CLI, e.g. `hashing-256` or `openai:text-embedding-3-small`. */
  readonly name?: string;
  /**
   * Embeds a batch of texts, one vector per text, in order. Vectors must be finite and not all
   * zeros (cosine similarity is undefined for the zero vector).
   */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}
