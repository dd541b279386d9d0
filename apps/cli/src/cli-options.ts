import { UsageError } from './cli-error.js';

/** Parses a positive integer flag value. @throws UsageError */
export function positiveInt(name: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n <= 0) throw new UsageError(`${name} must be a positive integer, got ${JSON.stringify(value)}`);
    return n;
  };
}

/** Collects a repeatable `--prefix <segment>` into a namespace prefix. */
export function collectSegment(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
