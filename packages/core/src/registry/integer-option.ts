import { ConfigError } from '../errors/config-error.js';
import type { MemErrorContext } from '../errors/mem-error.js';

/**
 * Reads an integer backend option given in code (a number) or as a URL parameter (a string).
 * One rule for every backend: a safe integer no smaller than `min`.
 * @throws ConfigError naming the option and the value it got.
 */
export function integerOption(name: string, value: unknown, min: number, context: MemErrorContext): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < min) {
    throw new ConfigError(`option ${name} must be an integer >= ${min}, got ${JSON.stringify(value)}`, context);
  }
  return n;
}
