import type { MemErrorContext } from '../errors/mem-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { AncestorGuard, childPath, classifyPlainNode, setOwn } from './plain-data.js';
import { encodeValue } from './value-codec.js';

/**
 * Validates a value and returns a deep copy sharing nothing with the input: what in-process
 * backends store and hand out. Cheaper than `structuredClone` for small plain objects.
 * @throws ValidationError for anything `encodeValue` rejects, including size over `maxBytes`.
 */
export function cloneValue<T>(value: T, context: MemErrorContext = {}, maxBytes = Infinity): T {
  return cloneValueMeasured(value, context, maxBytes).value;
}

/** `cloneValue`, also reporting an upper bound of the encoded size (for byte-bounded caches). */
export function cloneValueMeasured<T>(value: T, context: MemErrorContext = {}, maxBytes = Infinity): { value: T; approxBytes: number } {
  const size = { upperBound: 0 };
  const copy = cloneNode(value, '$', 0, new AncestorGuard(), context, size) as T;
  // The walk only bounds the encoded size from above; encode for the exact figure when the bound is too high.
  if (size.upperBound > maxBytes) return { value: copy, approxBytes: Buffer.byteLength(encodeValue(value, context, maxBytes)) };
  return { value: copy, approxBytes: size.upperBound };
}

/** Deep copy of a value already known to be valid plain data (e.g. one a backend stored). */
export function copyValidValue<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copyValidValue) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (value instanceof Uint8Array) return value.slice() as T;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) setOwn(out, key, copyValidValue((value as Record<string, unknown>)[key]));
  return out as T;
}

function cloneNode(value: unknown, path: string, depth: number, guard: AncestorGuard, context: MemErrorContext, size: { upperBound: number }): unknown {
  const node = classifyPlainNode(value, path, context);
  switch (node.kind) {
    case 'primitive':
      // 25 = the longest number JSON.stringify writes, e.g. -0.0000012345678901234567.
      size.upperBound += typeof node.value === 'string' ? node.value.length * 6 + 2 : 25;
      return node.value;
    case 'negative-zero':
      size.upperBound += 16;
      return -0;
    case 'bigint':
      size.upperBound += node.value.toString().length + 32;
      return node.value;
    case 'date':
      size.upperBound += 40;
      return new Date(node.value.getTime());
    case 'bytes':
      size.upperBound += Math.ceil(node.value.byteLength / 3) * 4 + 32;
      return node.value.slice();
    case 'array': {
      guard.enter(node.value, path, depth, context);
      const out = new Array<unknown>(node.value.length);
      size.upperBound += 2 + node.value.length;
      for (let i = 0; i < node.value.length; i++) {
        if (!(i in node.value)) throw new ValidationError(`value ${childPath(path, i)} is a hole in a sparse array`, context);
        out[i] = cloneNode(node.value[i], childPath(path, i), depth + 1, guard, context, size);
      }
      guard.leave(node.value);
      return out;
    }
    case 'object': {
      guard.enter(node.value, path, depth, context);
      const out: Record<string, unknown> = {};
      // 20 extra bytes per object cover a possible `$mem` wrapper.
      size.upperBound += 22;
      for (const key of Object.keys(node.value)) {
        size.upperBound += key.length * 6 + 4; // quotes, colon, comma
        setOwn(out, key, cloneNode(node.value[key], childPath(path, key), depth + 1, guard, context, size));
      }
      guard.leave(node.value);
      return out;
    }
  }
}
