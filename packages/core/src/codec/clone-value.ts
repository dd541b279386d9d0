import type { MemErrorContext } from '../errors/mem-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { AncestorGuard, childPath, classifyPlainNode, PlainKind, setOwn, walkWithPathOnFailure } from './plain-data.js';
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
  const copy = walkWithPathOnFailure((path) => {
    size.upperBound = 0;
    return cloneNode(value, path, 0, new AncestorGuard(), context, size) as T;
  });
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
  switch (classifyPlainNode(value, path, context)) {
    case PlainKind.Primitive:
      // 25 = the longest number JSON.stringify writes, e.g. -0.0000012345678901234567.
      size.upperBound += typeof value === 'string' ? value.length * 6 + 2 : 25;
      return value;
    case PlainKind.NegativeZero:
      size.upperBound += 16;
      return -0;
    case PlainKind.BigInt:
      size.upperBound += (value as bigint).toString().length + 32;
      return value;
    case PlainKind.Date:
      size.upperBound += 40;
      return new Date((value as Date).getTime());
    case PlainKind.Bytes:
      size.upperBound += Math.ceil((value as Uint8Array).byteLength / 3) * 4 + 32;
      return (value as Uint8Array).slice();
    case PlainKind.Array: {
      const array = value as readonly unknown[];
      guard.enter(array, path, depth, context);
      const out = new Array<unknown>(array.length);
      size.upperBound += 2 + array.length;
      for (let i = 0; i < array.length; i++) {
        if (!(i in array)) throw new ValidationError(`value ${childPath(path, i)} is a hole in a sparse array`, context);
        out[i] = cloneNode(array[i], childPath(path, i), depth + 1, guard, context, size);
      }
      guard.leave(array);
      return out;
    }
    case PlainKind.Object: {
      const record = value as Readonly<Record<string, unknown>>;
      guard.enter(record, path, depth, context);
      const out: Record<string, unknown> = {};
      // 20 extra bytes per object cover a possible `$mem` wrapper.
      size.upperBound += 22;
      for (const key of Object.keys(record)) {
        size.upperBound += key.length * 6 + 4; // quotes, colon, comma
        setOwn(out, key, cloneNode(record[key], childPath(path, key), depth + 1, guard, context, size));
      }
      guard.leave(record);
      return out;
    }
  }
}
