import { decodeNamespace, decodeValue, unescapeSegment, type Entry, type Metadata, type MemErrorContext, CorruptDataError } from '@mem/core';

/** One row of `mem_entries` as the read statements select it. */
export interface EntryRow {
  readonly ns: string;
  readonly key: string;
  readonly value: string;
  readonly metadata: string | null;
  readonly embedding: Buffer | null;
  readonly version: number;
  readonly created_at: number;
  readonly updated_at: number;
  readonly expires_at: number | null;
}

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

/** Builds a fresh `Entry` from a row; `ref` skips decoding when the caller already knows the address. */
export function rowToEntry(row: EntryRow, context: MemErrorContext, ref?: { namespace: readonly string[]; key: string }): Entry {
  const entry: Entry = {
    namespace: ref === undefined ? decodeNamespace(row.ns) : [...ref.namespace],
    key: ref === undefined ? unescapeSegment(row.key) : ref.key,
    value: decodeValue(row.value, context),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (row.metadata !== null) entry.metadata = parseMetadata(row.metadata, context);
  if (row.embedding !== null) entry.embedding = blobToEmbedding(row.embedding);
  if (row.expires_at !== null) entry.expiresAt = row.expires_at;
  return entry;
}

function parseMetadata(text: string, context: MemErrorContext): Metadata {
  try {
    return JSON.parse(text) as Metadata;
  } catch (cause) {
    throw new CorruptDataError('stored metadata is not valid JSON', { ...context, cause });
  }
}
