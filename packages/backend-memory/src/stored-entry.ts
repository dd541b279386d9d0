import { copyValidValue, type Entry, type Metadata } from '@mem/core';

/** What the store keeps per entry: already validated and deep-copied, never handed out. */
export interface StoredEntry {
  readonly namespace: readonly string[];
  readonly namespaceId: string;
  readonly key: string;
  readonly value: unknown;
  readonly metadata: Metadata | undefined;
  readonly embedding: Float32Array | undefined;
  readonly norm: number;
  /** Row of the embedding in the backend's `VectorSlab`; -1 without an embedding. */
  readonly slot: number;
  readonly version: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly expiresAt: number | undefined;
}

/** A fresh, caller-owned copy of a stored entry. */
export function toEntry(stored: StoredEntry): Entry {
  const entry: Entry = {
    namespace: [...stored.namespace],
    key: stored.key,
    value: copyValidValue(stored.value),
    version: stored.version,
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
  };
  if (stored.metadata !== undefined) entry.metadata = { ...stored.metadata };
  if (stored.embedding !== undefined) entry.embedding = stored.embedding.slice();
  if (stored.expiresAt !== undefined) entry.expiresAt = stored.expiresAt;
  return entry;
}
