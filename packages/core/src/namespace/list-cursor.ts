import type { MemErrorContext } from '../errors/mem-error.js';
import { ValidationError } from '../errors/validation-error.js';
import type { EntryRef } from '../types/entry.js';

/**
 * Makes an opaque cursor that points just after (namespace, key). Position-based, so it stays
 * valid under concurrent inserts and deletes: nothing that existed for the whole scan is skipped
 * or repeated.
 */
export function encodeCursor(ref: EntryRef): string {
  return Buffer.from(JSON.stringify([ref.namespace, ref.key]), 'utf8').toString('base64url');
}

/** Reads a cursor made by `encodeCursor`. @throws ValidationError when it is not one. */
export function decodeCursor(cursor: string, context: MemErrorContext = {}): EntryRef {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2) {
      const [namespace, key] = parsed as [unknown, unknown];
      if (Array.isArray(namespace) && namespace.every((s) => typeof s === 'string') && typeof key === 'string') {
        return { namespace: namespace as string[], key };
      }
    }
  } catch {
    // Reported below with the same message as a well-formed but wrong cursor.
  }
  throw new ValidationError('cursor is not one this library produced', context);
}
