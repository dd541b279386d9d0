import { ValidationError, decodeValue, escapeSegment, type Entry, type MemErrorContext, type Metadata, type PreparedWrite, type WriteResult } from '@mem/core';

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

/**
 * The namespace part of the entry's ref (the encoded namespace and its end marker): equal for all
 * entries of one namespace and for no others, which is what de-duplicating needs.
 */
export function namespaceRef(entry: StoredEntry): string {
  return entry.ref.slice(0, entry.ref.length - escapeSegment(entry.key).length);
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

/** The entry a validated write produces over `current` (the live entry, if any): version +1, `createdAt` kept. */
export function nextStoredEntry(ref: string, write: PreparedWrite, current: StoredEntry | undefined, now: number): StoredEntry {
  return {
    ref,
    namespace: write.namespace,
    key: write.key,
    encodedValue: write.encodedValue,
    metadata: write.metadata,
    embedding: write.embedding,
    version: (current?.version ?? 0) + 1,
    createdAt: current?.createdAt ?? now,
    updatedAt: now,
    // A write without ttlMs clears an earlier expiry.
    expiresAt: write.ttlMs === undefined ? undefined : now + write.ttlMs,
  };
}

/** What `put` / `putMany` report for a stored entry. */
export function writeResultOf(entry: StoredEntry): WriteResult {
  const { version, createdAt, updatedAt, expiresAt } = entry;
  return expiresAt === undefined ? { version, createdAt, updatedAt } : { version, createdAt, updatedAt, expiresAt };
}

/**
 * Re-checks embedding dimensions under the lock: validation ran against the dimension known before
 * it, and another process may have fixed one since. @throws ValidationError
 */
export function checkDimension(writes: readonly PreparedWrite[], known: number | undefined, context: MemErrorContext): void {
  let dimension = known;
  for (const { embedding } of writes) {
    if (embedding === undefined) continue;
    dimension ??= embedding.length;
    if (embedding.length !== dimension) throw new ValidationError(`embedding has dimension ${embedding.length}, this store uses ${dimension}`, context);
  }
}
