import { MemError, type MemErrorContext } from './mem-error.js';

/** Input broke the contract (bad namespace, key, value, TTL, filter, embedding...). Nothing was written. */
export class ValidationError extends MemError {
  constructor(message: string, context: MemErrorContext = {}) {
    super('VALIDATION', message, context);
  }
}
