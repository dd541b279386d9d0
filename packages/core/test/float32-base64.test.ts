import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64ToFloat32, float32ToBase64 } from '../src/index.js';

describe('float32 <-> base64', () => {
  it('round-trips every float32 bit pattern exactly, little-endian', () => {
    fc.assert(
      fc.property(fc.float32Array({ minLength: 1, maxLength: 64 }), (vector) => {
        const back = base64ToFloat32(float32ToBase64(vector))!;
        expect(Buffer.from(back.buffer)).toEqual(Buffer.from(vector.buffer));
      }),
    );
    expect(float32ToBase64(new Float32Array([1]))).toBe(Buffer.from([0, 0, 0x80, 0x3f]).toString('base64'));
  });

  it.each(['', 'AAAA$AAA', 'AAA', 'AAAAAAA=', 'not base64!'])('rejects %j', (text) => {
    expect(base64ToFloat32(text)).toBeUndefined();
  });
});
