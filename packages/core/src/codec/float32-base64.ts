// Text form of embeddings wherever mem writes them as text (JSON Lines exports, the JSON-file
// store): base64 of little-endian float32, exact to the bit, ~4x smaller than decimal text, and
// the same bytes on every machine.

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Base64 of the vector's little-endian float32 bytes. */
export function float32ToBase64(vector: Float32Array): string {
  const bytes = Buffer.alloc(vector.length * 4);
  for (let i = 0; i < vector.length; i++) bytes.writeFloatLE(vector[i]!, i * 4);
  return bytes.toString('base64');
}

/**
 * Inverts `float32ToBase64`; `undefined` when the text is not strict base64 of at least one whole
 * float32 (`Buffer.from` alone would skip stray characters and decode other bytes).
 */
export function base64ToFloat32(text: string): Float32Array | undefined {
  if (!BASE64.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length === 0 || bytes.length % 4 !== 0) return undefined;
  const vector = new Float32Array(bytes.length / 4);
  for (let i = 0; i < vector.length; i++) vector[i] = bytes.readFloatLE(i * 4);
  return vector;
}
