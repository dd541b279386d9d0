import { ConfigError, MemError } from '@mem/core';

/** Exit code for a configuration problem (bad URL, unknown scheme, bad option). */
export const EXIT_CONFIG = 2;
/** Exit code for every other failure. */
export const EXIT_FAILURE = 1;

/** A usage problem found by the CLI itself (bad flag value): reported like a `ConfigError`. */
export class UsageError extends ConfigError {}

/**
 * Prints an error as one readable message (no stack trace unless `MEM_DEBUG` is set) and returns
 * the exit code: {@link EXIT_CONFIG} for configuration errors, {@link EXIT_FAILURE} otherwise.
 */
export function reportError(error: unknown, stderr: NodeJS.WritableStream = process.stderr): number {
  const debug = process.env['MEM_DEBUG'] !== undefined && process.env['MEM_DEBUG'] !== '';
  if (error instanceof MemError) {
    stderr.write(`mem: ${error.name}: ${error.message}\n`);
    if (debug && error.stack) stderr.write(`${error.stack}\n`);
    return error instanceof ConfigError ? EXIT_CONFIG : EXIT_FAILURE;
  }
  const message = error instanceof Error ? error.message : String(error);
  stderr.write(`mem: ${message}\n`);
  if (debug && error instanceof Error && error.stack) stderr.write(`${error.stack}\n`);
  return EXIT_FAILURE;
}
