import { CorruptDataError, decodeValue, type Entry, type MemErrorContext, type Metadata } from '@mem/core';

/** Hash fields read for a full entry, in the order `decodeEntry` expects. */
export const ENTRY_FIELDS = ['v', 'm', 'n', 'c', 'u', 'x', 'b'] as const;
/** Hash fields search needs to score and filter a candidate (no value). */
export const CANDIDATE_FIELDS = ['b', 'm', 'c', 'u', 'x'] as const;

/** Embedding as stored: raw little-endian float32 bytes. */
export function embeddingToBytes(embedding: Float32Array): Buffer {
  return Buffer.from(embedding.buffer, embedding.byteOffset, embedding.byteLength);
}

/** A fresh, aligned `Float32Array` from stored bytes. */
export function bytesToEmbedding(bytes: Buffer, context: MemErrorContext): Float32Array {
  if (bytes.byteLength % 4 !== 0) throw new CorruptDataError('stored embedding is not a whole number of float32s', context);
  const out = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

function parseMetadata(raw: Buffer, context: MemErrorContext): Metadata {
  try {
    return JSON.parse(raw.toString('utf8')) as Metadata;
  } catch (cause) {
    throw new CorruptDataError('stored metadata is not valid JSON', { ...context, cause });
  }
}

/** The expiry a hash carries, or `undefined`. */
export function readExpiry(raw: Buffer | null | undefined): number | undefined {
  return raw ? Number(raw.toString()) : undefined;
}

/** Scoring view of a candidate: what filters and cosine need. `undefined` when gone or expired. */
export interface Candidate {
  /** A fresh copy of the stored embedding, if any. */
  readonly embedding: Float32Array | undefined;
  /** The stored metadata, if any. */
  readonly metadata: Metadata | undefined;
  /** Epoch milliseconds of creation (filters may use it). */
  readonly createdAt: number;
  /** Epoch milliseconds of the latest write (filters may use it). */
  readonly updatedAt: number;
}

/** Decodes `CANDIDATE_FIELDS`; `undefined` when the entry is absent or expired at `now`. */
export function decodeCandidate(fields: (Buffer | null)[], now: number, context: MemErrorContext): Candidate | undefined {
  const [b, m, c, u, x] = fields;
  if (!c || !u) return undefined;
  const expiresAt = readExpiry(x);
  if (expiresAt !== undefined && expiresAt <= now) return undefined;
  return {
    embedding: b ? bytesToEmbedding(b, context) : undefined,
    metadata: m ? parseMetadata(m, context) : undefined,
    createdAt: Number(c.toString()),
    updatedAt: Number(u.toString()),
  };
}

/**
 * Builds a fresh `Entry` from `ENTRY_FIELDS`; `undefined` when absent or expired at `now`
 * (expiry is checked here too, so an entry is invisible from the millisecond it expires even
 * before Redis removes it).
 */
export function decodeEntry(namespace: readonly string[], key: string, fields: (Buffer | null)[], now: number, context: MemErrorContext): Entry | undefined {
  const [v, m, n, c, u, x, b] = fields;
  if (!v || !n || !c || !u) return undefined;
  const expiresAt = readExpiry(x);
  if (expiresAt !== undefined && expiresAt <= now) return undefined;
  const entry: Entry = {
    namespace: [...namespace],
    key,
    value: decodeValue(v.toString('utf8'), context),
    version: Number(n.toString()),
    createdAt: Number(c.toString()),
    updatedAt: Number(u.toString()),
  };
  if (m) entry.metadata = parseMetadata(m, context);
  if (b) entry.embedding = bytesToEmbedding(b, context);
  if (expiresAt !== undefined) entry.expiresAt = expiresAt;
  return entry;
}
