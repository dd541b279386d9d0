import { MemError, type MemErrorContext } from './mem-error.js';

/** The store cannot be reached or did not answer in bounded time. The operation may or may not have been applied. */
export class BackendUnavailableError extends MemError {
  constructor(message: string, context: MemErrorContext = {}) {
    super('BACKEND_UNAVAILABLE', message, context);
  }
}
