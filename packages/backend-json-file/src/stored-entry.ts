import type { Entry, Metadata } from '@mem/core';
import { decodeValue, type MemErrorContext } from '@mem/core';

/** One entry as the backend keeps it in memory: immutable, replaced on every write. */
export interface StoredEntry {
  /** `encodeEntryKey(namespace, key)`: its code-point order is the order of `list` and of the file. */
  readonly ref: string;
  readonly namespace: readonly string[];
  readonly key: string;
  /** Canonical encoding of the value (`encodeValue`); decoded on every read, so reads return fresh objects. */
  readonly encodedValue: string;
  readonly metadata: Metadata | undefined;
  readonly embedding: Float32Array | undefined;
  readonly version: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly expiresAt: number | undefined;
  /** The entry's text in the file, rendered at the first flush that writes it and reused by later ones. */
  rendered?: Buffer;
}

/** Whether the entry has expired at `now` (it is invisible from its expiry on). */
export function isExpired(entry: StoredEntry, now: number): boolean {
  return entry.expiresAt !== undefined && entry.expiresAt <= now;
}

/** A fresh `Entry` for the caller: nothing it holds is shared with the store. */
export function toEntry(stored: StoredEntry, context: MemErrorContext): Entry {
  const entry: Entry = {
    namespace: [...stored.namespace],
    key: stored.key,
    value: decodeValue(stored.encodedValue, context),
    version: stored.version,
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
  };
  if (stored.metadata !== undefined) entry.metadata = Object.fromEntries(Object.entries(stored.metadata));
  if (stored.embedding !== undefined) entry.embedding = stored.embedding.slice();
  if (stored.expiresAt !== undefined) entry.expiresAt = stored.expiresAt;
  return entry;
}
