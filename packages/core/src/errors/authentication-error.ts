import { MemError, type MemErrorContext } from './mem-error.js';

/** The store refused the credentials. The message never contains the secret. */
export class AuthenticationError extends MemError {
  constructor(message: string, context: MemErrorContext = {}) {
    super('AUTHENTICATION', message, context);
  }
}
