import { MemError, type MemErrorContext } from './mem-error.js';

/** The backend does not declare the capability the operation needs. */
export class UnsupportedCapabilityError extends MemError {
  constructor(message: string, context: MemErrorContext = {}) {
    super('UNSUPPORTED_CAPABILITY', message, context);
  }
}
