/** How a backend answers vector search. */
export type VectorSearchMode = 'none' | 'exact' | 'approximate';

/**
 * What a backend declares it can do. The conformance suite runs every group a capability
 * claims; optional operations are found here, never by calling and catching.
 */
export interface BackendCapabilities {
  /** Acknowledged writes survive close and reopen (in the backend's durable mode). */
  readonly persistent: boolean;
  /** Several processes may open the same store at once and see each other's writes. */
  readonly crossProcess: boolean;
  /** `exact` = brute-force top-k; `approximate` = recall@10 >= 0.95; `none` = `search` throws. */
  readonly vectorSearch: VectorSearchMode;
  /** `putMany` / `deleteMany` apply all items or none. */
  readonly atomicBatch: boolean;
  /**
   * Largest encoded value accepted, in bytes (UTF-8 of the canonical encoding).
   * @default 1048576
   */
  readonly maxValueBytes: number;
  /**
   * Largest `k` accepted by `search`.
   * @default 1000
   */
  readonly maxK: number;
  /** The embedding dimension, when fixed by configuration; otherwise set by the first embedding written. */
  readonly dimension?: number;
}

/** Defaults every backend starts from. */
export const DEFAULT_MAX_VALUE_BYTES = 1_048_576;
/** Largest `k` a backend accepts unless it declares otherwise. */
export const DEFAULT_MAX_K = 1000;
/** Deepest namespace accepted. */
export const MAX_NAMESPACE_DEPTH = 32;
/** Longest namespace segment, in UTF-16 code units. */
export const MAX_SEGMENT_LENGTH = 1024;
/** Longest key, in UTF-16 code units. */
export const MAX_KEY_LENGTH = 8192;
/** Default page size of `list`. */
export const DEFAULT_LIST_LIMIT = 1000;
/** Largest page size of `list`. */
export const MAX_LIST_LIMIT = 100_000;
/** Largest batch accepted by `getMany`/`putMany`/`deleteMany`. */
export const MAX_BATCH_SIZE = 100_000;
