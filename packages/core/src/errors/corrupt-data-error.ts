import { MemError, type MemErrorContext } from './mem-error.js';

/** Stored data could not be read back as written; the store was left untouched. */
export class CorruptDataError extends MemError {
  constructor(message: string, context: MemErrorContext = {}) {
    super('CORRUPT_DATA', message, context);
  }
}
