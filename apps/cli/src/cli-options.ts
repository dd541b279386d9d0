import { Option } from 'commander';
import { UsageError } from './cli-error.js';

/** Parses a positive integer flag value. @throws UsageError */
export function positiveInt(name: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n <= 0) throw new UsageError(`${name} must be a positive integer, got ${JSON.stringify(value)}`);
    return n;
  };
}

/** `--prefix <segment>`, repeatable: one namespace segment each. */
export function prefixOption(): Option {
  return new Option('--prefix <segment>', 'only this namespace prefix; repeat for deeper segments').argParser((value: string, previous: string[] = []) => [...previous, value]);
}

/** `--batch-size <n>` of writes. */
export function batchSizeOption(): Option {
  return new Option('--batch-size <n>', 'entries written per batch').argParser(positiveInt('--batch-size')).default(500);
}

/** `--skip-existing`: keep the target's entries. */
export function skipExistingOption(): Option {
  return new Option('--skip-existing', 'keep entries the target already has instead of overwriting them');
}
