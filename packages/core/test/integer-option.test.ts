import { describe, expect, it } from 'vitest';
import { ConfigError, integerOption } from '../src/index.js';

const context = { backend: 'test', operation: 'open' };

describe('integerOption', () => {
  it('reads numbers from code and strings from URL parameters', () => {
    expect(integerOption('n', 5, 1, context)).toBe(5);
    expect(integerOption('n', '42', 1, context)).toBe(42);
    expect(integerOption('n', 0, 0, context)).toBe(0);
  });

  it.each([0, -1, 1.5, '', ' ', 'abc', '1e400', Number.NaN, null, true, 2 ** 53])('rejects %j with a ConfigError naming option and backend', (value) => {
    const read = () => integerOption('sweepMs', value, 1, context);
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(/^\[test open\] option sweepMs must be an integer >= 1, got /);
  });
});
