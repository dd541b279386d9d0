import { decodeNamespace, decodeValue, unescapeSegment, type Entry, type Metadata, type MemErrorContext, CorruptDataError } from '@mem/core';

/**
 * One row of `mem_entries` as entry reads select it ({@link ENTRY_COLUMNS}), in better-sqlite3's
 * raw (array) mode: building one object per row costs more than the rest of the read.
 */
export type EntryRow = [
  ns: string,
  key: string,
  value: string,
  metadata: string | null,
  embedding: Buffer | null,
  version: number,
  createdAt: number,
  updatedAt: number,
  expiresAt: number | null,
];

/** The columns every entry read selects, in `EntryRow` order. */
export const ENTRY_COLUMNS = 'ns, key, value, metadata, embedding, version, created_at, updated_at, expires_at';

/** Stores an embedding as a little-endian float32 blob (the format sqlite-vec reads). */
export function embeddingToBlob(embedding: Float32Array | undefined): Buffer | null {
  return embedding === undefined ? null : Buffer.from(embedding.buffer, embedding.byteOffset, embedding.byteLength);
}

/** A fresh, aligned `Float32Array` from a blob. */
export function blobToEmbedding(blob: Buffer): Float32Array {
  const out = new Float32Array(blob.byteLength >>> 2);
  new Uint8Array(out.buffer).set(blob);
  return out;
}

/**
 * Builds a fresh `Entry` from a row. `ref` skips decoding when the caller already knows the address;
 * its namespace array becomes the entry's, so it must be one no other entry shares.
 */
export function rowToEntry(row: EntryRow, context: MemErrorContext, ref?: { namespace: string[]; key: string }): Entry {
  const [ns, key, value, metadata, embedding, version, createdAt, updatedAt, expiresAt] = row;
  const entry: Entry = {
    namespace: ref === undefined ? decodeNamespace(ns) : ref.namespace,
    key: ref === undefined ? unescapeSegment(key) : ref.key,
    value: decodeValue(value, context),
    version,
    createdAt,
    updatedAt,
  };
  if (metadata !== null) entry.metadata = parseMetadata(metadata, context);
  if (embedding !== null) entry.embedding = blobToEmbedding(embedding);
  if (expiresAt !== null) entry.expiresAt = expiresAt;
  return entry;
}

function parseMetadata(text: string, context: MemErrorContext): Metadata {
  try {
    return JSON.parse(text) as Metadata;
  } catch (cause) {
    throw new CorruptDataError('stored metadata is not valid JSON', { ...context, cause });
  }
}
