import type { MemErrorContext } from '../errors/mem-error.js';
import { CorruptDataError } from '../errors/corrupt-data-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { AncestorGuard, childPath, classifyPlainNode, PlainKind, setOwn, walkWithPathOnFailure } from './plain-data.js';

/**
 * The tag that marks non-JSON types in the encoded form. A user object that has this key is
 * itself wrapped, so the encoding stays injective.
 */
export const VALUE_TAG = '$mem';

type Tagged = { [VALUE_TAG]: string; v?: unknown };

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Validates a value and encodes it as JSON text. `Date`, `Uint8Array`, `bigint` and `-0` are
 * tagged; everything else is plain JSON, so stored values stay readable.
 * @throws ValidationError for anything that is not plain data or exceeds `maxBytes`.
 */
export function encodeValue(value: unknown, context: MemErrorContext = {}, maxBytes = Infinity): string {
  const text = JSON.stringify(walkWithPathOnFailure((path) => toJsonTree(value, path, 0, new AncestorGuard(), context)));
  if (maxBytes !== Infinity && text.length > maxBytes / 3 && Buffer.byteLength(text) > maxBytes) {
    throw new ValidationError(`value is ${Buffer.byteLength(text)} bytes encoded, over maxValueBytes ${maxBytes}`, context);
  }
  return text;
}

/**
 * Decodes what `encodeValue` produced.
 * @throws CorruptDataError when the text is not a valid encoding.
 */
export function decodeValue(text: string, context: MemErrorContext = {}): unknown {
  let tree: unknown;
  try {
    tree = JSON.parse(text);
  } catch (cause) {
    throw new CorruptDataError('stored value is not valid JSON', { ...context, cause });
  }
  return text.includes(`"${VALUE_TAG}"`) ? fromJsonTree(tree, context) : tree;
}

function toJsonTree(value: unknown, path: string, depth: number, guard: AncestorGuard, context: MemErrorContext): unknown {
  switch (classifyPlainNode(value, path, context)) {
    case PlainKind.Primitive:
      return value;
    case PlainKind.NegativeZero:
      return { [VALUE_TAG]: '-0' };
    case PlainKind.BigInt:
      return { [VALUE_TAG]: 'bigint', v: (value as bigint).toString() };
    case PlainKind.Date:
      return { [VALUE_TAG]: 'date', v: (value as Date).getTime() };
    case PlainKind.Bytes:
      return { [VALUE_TAG]: 'bytes', v: Buffer.from((value as Uint8Array).buffer, (value as Uint8Array).byteOffset, (value as Uint8Array).byteLength).toString('base64') };
    case PlainKind.Array: {
      const array = value as readonly unknown[];
      guard.enter(array, path, depth, context);
      const out = new Array<unknown>(array.length);
      for (let i = 0; i < array.length; i++) {
        if (!(i in array)) throw new ValidationError(`value ${childPath(path, i)} is a hole in a sparse array`, context);
        out[i] = toJsonTree(array[i], childPath(path, i), depth + 1, guard, context);
      }
      guard.leave(array);
      return out;
    }
    case PlainKind.Object: {
      const record = value as Readonly<Record<string, unknown>>;
      guard.enter(record, path, depth, context);
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(record)) setOwn(out, key, toJsonTree(record[key], childPath(path, key), depth + 1, guard, context));
      guard.leave(record);
      return Object.hasOwn(out, VALUE_TAG) ? { [VALUE_TAG]: 'object', v: out } : out;
    }
  }
}

function fromJsonTree(tree: unknown, context: MemErrorContext): unknown {
  if (tree === null || typeof tree !== 'object') return tree;
  if (Array.isArray(tree)) return tree.map((item) => fromJsonTree(item, context));
  const record = tree as Record<string, unknown>;
  if (Object.hasOwn(record, VALUE_TAG)) return fromTagged(record as Tagged, context);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record)) setOwn(out, key, fromJsonTree(record[key], context));
  return out;
}

function fromTagged(tagged: Tagged, context: MemErrorContext): unknown {
  const { v } = tagged;
  switch (tagged[VALUE_TAG]) {
    case '-0':
      return -0;
    case 'bigint':
      if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
      break;
    case 'date':
      // Out-of-range times would decode to an invalid Date, which encodeValue never writes.
      if (typeof v === 'number' && Number.isFinite(new Date(v).getTime())) return new Date(v);
      break;
    case 'bytes':
      // Buffer.from skips characters outside base64 silently; corrupt text must not become other bytes.
      if (typeof v === 'string' && BASE64.test(v)) return new Uint8Array(Buffer.from(v, 'base64'));
      break;
    case 'object':
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
        const out: Record<string, unknown> = {};
        for (const key of Object.keys(v)) setOwn(out, key, fromJsonTree((v as Record<string, unknown>)[key], context));
        return out;
      }
      break;
  }
  throw new CorruptDataError(`stored value has a malformed ${VALUE_TAG} tag`, context);
}
