import { randomUUID } from 'node:crypto';
import { decodeEntryKey, decodeValue, encodeEntryKey, encodeNamespace, escapeSegment, type Entry, type Metadata, type MemErrorContext, type PreparedWrite, type WriteResult, CorruptDataError } from '@mem/core';
import { COLUMNS } from './arrow.js';

/** One row of the entries table as JavaScript sees it. */
export interface EntryRow {
  /** `encodeEntryKey(namespace, key)`. */
  readonly ek: string;
  /** `encodeNamespace(namespace)`. */
  readonly ns: string;
  /** `escapeSegment(key)`. */
  readonly k: string;
  /** Canonical encoded value. */
  readonly val: string;
  /** Metadata as JSON text; null = none. */
  readonly meta: string | null;
  /** Entry version. */
  readonly ver: number;
  /** Creation time, epoch ms. */
  readonly created_at: number;
  /** Last write, epoch ms. */
  readonly updated_at: number;
  /** Expiry, epoch ms; null = never. */
  readonly expires_at: number | null;
  /** Id of the write that produced this row. */
  readonly wid: string;
  /** Id of the row this one replaced; null when it created the entry. */
  readonly pwid: string | null;
  /** Embedding; null when none (or when the table has no vector column yet, undefined). */
  readonly vec?: Float32Array | null;
}

/** Whether a stored row is visible at `now`. */
export function isLive(row: Pick<EntryRow, 'expires_at'>, now: number): boolean {
  return row.expires_at === null || row.expires_at > now;
}

/**
 * The row a validated write produces over `current` (the stored row, live or expired, if any):
 * version +1 and `createdAt` kept when `current` is live, else a fresh entry at version 1.
 */
export function rowForWrite(write: PreparedWrite, current: EntryRow | undefined, now: number): EntryRow {
  const live = current !== undefined && isLive(current, now);
  return {
    ek: encodeEntryKey(write.namespace, write.key),
    ns: encodeNamespace(write.namespace),
    k: escapeSegment(write.key),
    val: write.encodedValue,
    meta: write.metadata === undefined ? null : JSON.stringify(write.metadata),
    ver: live ? current.ver + 1 : 1,
    created_at: live ? current.created_at : now,
    updated_at: now,
    expires_at: write.ttlMs === undefined ? null : now + write.ttlMs,
    wid: randomUUID(),
    pwid: current === undefined ? null : current.wid,
    vec: write.embedding ?? null,
  };
}

/** What a write reports back. */
export function writeResultOf(row: EntryRow): WriteResult {
  return row.expires_at === null
    ? { version: row.ver, createdAt: row.created_at, updatedAt: row.updated_at }
    : { version: row.ver, createdAt: row.created_at, updatedAt: row.updated_at, expiresAt: row.expires_at };
}

/** Metadata parsed from its JSON column; `__proto__` stays an own data key. */
export function parseMetadata(text: string | null, context: MemErrorContext): Metadata | undefined {
  if (text === null) return undefined;
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(parsed)) Object.defineProperty(out, key, { value: parsed[key], enumerable: true, writable: true, configurable: true });
    return out as Metadata;
  } catch (cause) {
    throw new CorruptDataError('stored metadata is not valid JSON', { ...context, cause });
  }
}

/** A fresh `Entry` (own value, metadata and embedding copies) from a stored row. */
export function entryFromRow(row: EntryRow, context: MemErrorContext): Entry {
  const { namespace, key } = decodeEntryKey(row.ek);
  const entry: Entry = { namespace, key, value: decodeValue(row.val, context), version: row.ver, createdAt: row.created_at, updatedAt: row.updated_at };
  const metadata = parseMetadata(row.meta, context);
  if (metadata !== undefined) entry.metadata = metadata;
  if (row.vec !== undefined && row.vec !== null) entry.embedding = new Float32Array(row.vec);
  if (row.expires_at !== null) entry.expiresAt = row.expires_at;
  return entry;
}

/** The row fields a filter reads, without decoding the value. */
export function filterViewOfRow(row: Pick<EntryRow, 'meta' | 'created_at' | 'updated_at'>, context: MemErrorContext): Pick<Entry, 'metadata' | 'createdAt' | 'updatedAt'> {
  const metadata = parseMetadata(row.meta, context);
  return metadata === undefined ? { createdAt: row.created_at, updatedAt: row.updated_at } : { metadata, createdAt: row.created_at, updatedAt: row.updated_at };
}

/** Every column except the vector, for scans that do not need it. */
export const SCALAR_COLUMNS: readonly string[] = Object.values(COLUMNS).filter((c) => c !== COLUMNS.vector);
