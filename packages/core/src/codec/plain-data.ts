import { ValidationError } from '../errors/validation-error.js';
import type { MemErrorContext } from '../errors/mem-error.js';

/** Deepest nesting a value may have; deeper input would overflow the stack of every reader. */
export const MAX_VALUE_DEPTH = 512;

/** What the walk meets at one node, once validated: a number, so classifying allocates nothing. */
export const PlainKind = { Primitive: 0, NegativeZero: 1, BigInt: 2, Date: 3, Bytes: 4, Array: 5, Object: 6 } as const;
export type PlainKind = (typeof PlainKind)[keyof typeof PlainKind];

/** Classifies one node of a value, or throws `ValidationError` naming the path. */
export function classifyPlainNode(value: unknown, path: string, context: MemErrorContext): PlainKind {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return PlainKind.Primitive;
    case 'number':
      if (!Number.isFinite(value)) throw reject(`${path} is ${value}; only finite numbers are plain data`, context);
      return Object.is(value, -0) ? PlainKind.NegativeZero : PlainKind.Primitive;
    case 'bigint':
      return PlainKind.BigInt;
    case 'object': {
      if (value === null) return PlainKind.Primitive;
      const proto = Object.getPrototypeOf(value);
      if (proto === Object.prototype || proto === null) {
        if (Object.getOwnPropertySymbols(value).length > 0) throw reject(`${path} has symbol keys`, context);
        return PlainKind.Object;
      }
      if (proto === Array.prototype) return PlainKind.Array;
      if (proto === Date.prototype) {
        if (Number.isNaN((value as Date).getTime())) throw reject(`${path} is an invalid Date`, context);
        return PlainKind.Date;
      }
      if (proto === Uint8Array.prototype) return PlainKind.Bytes;
      if (Array.isArray(value)) throw reject(`${path} is an Array subclass`, context);
      if (value instanceof Date) throw reject(`${path} is a Date subclass`, context);
      if (value instanceof Uint8Array) throw reject(`${path} is a ${value.constructor.name}, not a plain Uint8Array`, context);
      const name = (value as { constructor?: { name?: string } }).constructor?.name ?? 'unknown';
      throw reject(`${path} is an instance of ${name}; only plain objects, arrays, Date, Uint8Array and bigint are stored`, context);
    }
    case 'undefined':
      throw reject(`${path} is undefined; use null or leave the property out`, context);
    default:
      throw reject(`${path} is a ${typeof value}`, context);
  }
}

/** Sets an own data property; plain assignment of `__proto__` would replace the prototype instead. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

export function reject(message: string, context: MemErrorContext): ValidationError {
  return new ValidationError(`value ${message}`, context);
}

/** Tracks the path from the root, so cycles are caught while shared (acyclic) references stay legal. */
export class AncestorGuard {
  private readonly ancestors = new Set<object>();

  enter(node: object, path: string, depth: number, context: MemErrorContext): void {
    if (depth > MAX_VALUE_DEPTH) throw reject(`nests deeper than ${MAX_VALUE_DEPTH} levels at ${path}`, context);
    if (this.ancestors.has(node)) throw reject(`${path} is a cycle (refers to one of its ancestors)`, context);
    this.ancestors.add(node);
  }

  leave(node: object): void {
    this.ancestors.delete(node);
  }
}

/**
 * The path of the root when nobody will read it: walks of valid data (the hot path) skip building
 * path strings, and a walk that fails is repeated from {@link ROOT_PATH} to name the culprit.
 */
export const UNTRACKED_PATH = '';
/** The path of the root in error messages. */
export const ROOT_PATH = '$';

export function childPath(path: string, key: string | number): string {
  if (path === UNTRACKED_PATH) return UNTRACKED_PATH;
  return typeof key === 'number' ? `${path}[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/**
 * Runs a validating walk without path tracking; if it rejects the value, runs it again with paths
 * so the error names where the problem is. Valid values pay for no path strings at all.
 */
export function walkWithPathOnFailure<T>(walk: (rootPath: string) => T): T {
  try {
    return walk(UNTRACKED_PATH);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    walk(ROOT_PATH);
    throw error;
  }
}
