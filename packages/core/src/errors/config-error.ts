import { MemError, type MemErrorContext } from './mem-error.js';

/** A backend URL or option is wrong, unknown or missing. */
export class ConfigError extends MemError {
  constructor(message: string, context: MemErrorContext = {}) {
    super('CONFIG', message, context);
  }
}
