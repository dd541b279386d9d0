import { encodeNamespace, escapeSegment, ValidationError, VersionConflictError, type MemErrorContext, type PreparedWrite, type WriteResult } from '@mem/core';
import { embeddingToBlob } from './entry-row.js';
import type { FixedStatements } from './statement-cache.js';

/** Writes one validated entry (one upsert statement); a row that had expired restarts at version 1. */
export function upsertEntry(statements: FixedStatements, write: PreparedWrite, now: number): WriteResult {
  const expiresAt = write.ttlMs === undefined ? null : now + write.ttlMs;
  const metadata = write.metadata === undefined ? null : JSON.stringify(write.metadata);
  const ns = encodeNamespace(write.namespace);
  // all(), not get(): get() leaves a RETURNING statement unfinished until its reset, and an autocommit
  // write then commits twice as slowly under synchronous=FULL (measured: 4.9k vs 10k puts/s).
  const [version, createdAt] = (statements.upsert.all(ns, escapeSegment(write.key), write.encodedValue, metadata, embeddingToBlob(write.embedding), now, now, expiresAt) as [number, number][])[0]!;
  return expiresAt === null ? { version, createdAt, updatedAt: now } : { version, createdAt, updatedAt: now, expiresAt };
}

/** Deletes one row; `true` when it held a live (unexpired) entry. */
export function deleteEntry(statements: FixedStatements, namespace: readonly string[], key: string, now: number): boolean {
  // all(), not get(): see upsertEntry.
  const row = (statements.delete.all(encodeNamespace(namespace), escapeSegment(key)) as { expires_at: number | null }[])[0];
  return row !== undefined && (row.expires_at === null || row.expires_at > now);
}

/** Inside a write transaction. @throws VersionConflictError unless the live version (0 = absent or expired) is `expected`. */
export function assertLiveVersion(statements: FixedStatements, namespace: readonly string[], key: string, expected: number, now: number, context: MemErrorContext): void {
  const row = statements.current.get(encodeNamespace(namespace), escapeSegment(key)) as { version: number; expires_at: number | null } | undefined;
  const actual = row === undefined || (row.expires_at !== null && row.expires_at <= now) ? 0 : row.version;
  if (actual !== expected) throw new VersionConflictError(expected, actual, context);
}

/** The embedding dimension persisted in the file, if any. */
export function readStoredDimension(statements: FixedStatements): number | undefined {
  const row = statements.readDimension.get() as { value: string } | undefined;
  return row === undefined ? undefined : Number(row.value);
}

/**
 * Inside a write transaction: the first embedding ever written fixes (and persists) the store's
 * dimension; later ones must match it, whichever process wrote first. @throws ValidationError
 */
export function claimDimension(statements: FixedStatements, writes: readonly PreparedWrite[], context: MemErrorContext): void {
  const first = writes.find((w) => w.embedding !== undefined)?.embedding;
  if (first === undefined) return;
  const stored = readStoredDimension(statements);
  if (stored === undefined) statements.writeDimension.run(String(first.length));
  else if (stored !== first.length) throw new ValidationError(`embedding has dimension ${first.length}, this store uses ${stored}`, context);
}
