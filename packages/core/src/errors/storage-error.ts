import { MemError, type MemErrorContext } from './mem-error.js';

/** The store refused a write or read (read-only file, full disk, I/O error). Earlier data is intact. */
export class StorageError extends MemError {
  constructor(message: string, context: MemErrorContext = {}) {
    super('STORAGE', message, context);
  }
}
