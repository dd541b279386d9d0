import { expect } from 'vitest';
import { ValidationError, type MemError } from '../src/index.js';

/**
 * Runs `call`, asserts it throws `type` (ValidationError unless told) whose message starts with
 * `[backend operation] ` and matches `pattern`, and returns the error.
 */
export function expectRejected(call: () => unknown, where: string, pattern?: RegExp, type: new (...args: never[]) => MemError = ValidationError): MemError {
  let caught: unknown;
  try {
    call();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(type);
  const message = (caught as Error).message;
  expect(message.startsWith(`[${where}] `)).toBe(true);
  if (pattern) expect(message).toMatch(pattern);
  return caught as MemError;
}
