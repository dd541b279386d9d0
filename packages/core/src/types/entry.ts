/**
 * A namespace: 1..{@link MAX_NAMESPACE_DEPTH} non-empty strings, e.g. `['agent-7', 'conv-42', 'episodic']`.
 * Prefix matching is per segment: `['acme']` never matches `['acme-corp']`.
 */
export type Namespace = readonly string[];

/** A flat metadata value; filters compare these. */
export type MetadataValue = string | number | boolean | null;

/** Flat metadata used by filters. Keys match `/^[A-Za-z_][A-Za-z0-9_-]*$/` and are not `createdAt`/`updatedAt`. */
export type Metadata = Readonly<Record<string, MetadataValue>>;

/** Addresses one entry. */
export interface EntryRef {
  /** The entry's namespace. */
  readonly namespace: Namespace;
  /** The entry's key: any non-empty, well-formed Unicode string. */
  readonly key: string;
}

/** What a backend stores and returns. Every read returns a fresh object the caller may mutate freely. */
export interface Entry<V = unknown> extends EntryRef {
  /** Plain data: JSON values plus `Date`, `Uint8Array`, `bigint`; round-trips exactly. */
  value: V;
  /** Flat metadata, if any was written. */
  metadata?: Metadata;
  /** The embedding, if any was written; always a fresh copy. */
  embedding?: Float32Array;
  /** 1 on create, +1 on every write: the basis of compare-and-set. */
  version: number;
  /** Epoch milliseconds of the first write since the entry last did not exist. */
  createdAt: number;
  /** Epoch milliseconds of the latest write. */
  updatedAt: number;
  /** Epoch milliseconds after which the entry is invisible; absent = never expires. */
  expiresAt?: number;
}

/** What a write reports back: enough to chain compare-and-set without a read. */
export interface WriteResult {
  /** The version the write produced. */
  readonly version: number;
  /** Creation time of the entry (kept across updates). */
  readonly createdAt: number;
  /** Time of this write. */
  readonly updatedAt: number;
  /** Absolute expiry, when `ttlMs` was given. */
  readonly expiresAt?: number;
}
