import { BackendUnavailableError, CorruptDataError, MemError, StorageError, type MemErrorContext } from '@mem/core';

function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/**
 * Turns what better-sqlite3 throws into mem's typed errors; mem's own errors pass through.
 * A lock held past `busyTimeoutMs` is `BackendUnavailableError` (retrying later can succeed);
 * a read-only file, full disk or I/O failure is `StorageError` (earlier data stays intact);
 * a damaged or foreign file is `CorruptDataError`.
 */
export function translateSqliteError(error: unknown, context: MemErrorContext): Error {
  if (error instanceof MemError) return error;
  const code = sqliteCode(error);
  const native = error instanceof Error ? error.message : String(error);
  const ctx = { ...context, cause: error };
  if (code === undefined) return error instanceof Error ? error : new StorageError(native, ctx);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new BackendUnavailableError(`database is locked by another connection past busyTimeoutMs (${code}: ${native})`, ctx);
  }
  if (code.startsWith('SQLITE_READONLY')) return new StorageError(`database is read-only (${code}: ${native})`, ctx);
  if (code === 'SQLITE_FULL') return new StorageError(`database or disk is full; nothing of this write was stored (${code})`, ctx);
  if (code === 'SQLITE_NOTADB') return new CorruptDataError(`file is not a SQLite database (${code}: ${native})`, ctx);
  if (code.startsWith('SQLITE_CORRUPT')) return new CorruptDataError(`database file is damaged (${code}: ${native})`, ctx);
  return new StorageError(`${code}: ${native}`, ctx);
}
