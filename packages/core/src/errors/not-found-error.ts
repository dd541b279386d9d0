import { MemError, type MemErrorContext } from './mem-error.js';

/** An entry or resource that had to exist does not. */
export class NotFoundError extends MemError {
  constructor(message: string, context: MemErrorContext = {}) {
    super('NOT_FOUND', message, context);
  }
}
