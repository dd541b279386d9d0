import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError, decodeCursor, encodeCursor } from '../src/index.js';

const text = fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }).filter((s) => s.isWellFormed());
const ref = fc.record({ namespace: fc.array(text, { minLength: 1, maxLength: 4 }), key: text });
const ctx = { backend: 'unit', operation: 'list' };
const b64 = (json: string): string => Buffer.from(json, 'utf8').toString('base64url');

describe('list cursors', () => {
  it('round-trip any position and stay URL-safe', () => {
    fc.assert(
      fc.property(ref, (r) => {
        const cursor = encodeCursor(r);
        expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(decodeCursor(cursor, ctx)).toEqual(r);
      }),
      { numRuns: 1000 },
    );
  });

  const garbage = ['', 'not a cursor', '!!!', b64('{}'), b64('[]'), b64('[["a"]]'), b64('[["a"],1]'), b64('[[1],"k"]'), b64('["a","k"]'), b64('[["a"],"k",3]'), b64('null'), b64('"k"')];

  it.each(garbage)('rejects %j with a ValidationError naming backend and operation', (cursor) => {
    expect(() => decodeCursor(cursor, ctx)).toThrow(ValidationError);
    expect(() => decodeCursor(cursor, ctx)).toThrow(/^\[unit list\] cursor/);
  });

  it('never throws anything but ValidationError on random input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (cursor) => {
        try {
          const r = decodeCursor(cursor, ctx);
          expect(r.namespace.every((s) => typeof s === 'string') && typeof r.key === 'string').toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
