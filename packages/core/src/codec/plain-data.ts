import { ValidationError } from '../errors/validation-error.js';
import type { MemErrorContext } from '../errors/mem-error.js';

/** Deepest nesting a value may have; deeper input would overflow the stack of every reader. */
export const MAX_VALUE_DEPTH = 512;

/** What the walk meets at one node, once validated. */
export type PlainNode =
  | { kind: 'primitive'; value: string | number | boolean | null }
  | { kind: 'negative-zero' }
  | { kind: 'bigint'; value: bigint }
  | { kind: 'date'; value: Date }
  | { kind: 'bytes'; value: Uint8Array }
  | { kind: 'array'; value: readonly unknown[] }
  | { kind: 'object'; value: Readonly<Record<string, unknown>> };

/** Classifies one node of a value, or throws `ValidationError` naming the path. */
export function classifyPlainNode(value: unknown, path: string, context: MemErrorContext): PlainNode {
  switch (typeof value) {
    case 'string':
      return { kind: 'primitive', value };
    case 'boolean':
      return { kind: 'primitive', value };
    case 'number':
      if (!Number.isFinite(value)) throw reject(`${path} is ${value}; only finite numbers are plain data`, context);
      return Object.is(value, -0) ? { kind: 'negative-zero' } : { kind: 'primitive', value };
    case 'bigint':
      return { kind: 'bigint', value };
    case 'object': {
      if (value === null) return { kind: 'primitive', value: null };
      if (Array.isArray(value)) {
        if (Object.getPrototypeOf(value) !== Array.prototype) throw reject(`${path} is an Array subclass`, context);
        return { kind: 'array', value };
      }
      if (value instanceof Date) {
        if (Object.getPrototypeOf(value) !== Date.prototype) throw reject(`${path} is a Date subclass`, context);
        if (Number.isNaN(value.getTime())) throw reject(`${path} is an invalid Date`, context);
        return { kind: 'date', value };
      }
      if (value instanceof Uint8Array) {
        if (Object.getPrototypeOf(value) !== Uint8Array.prototype) throw reject(`${path} is a ${value.constructor.name}, not a plain Uint8Array`, context);
        return { kind: 'bytes', value };
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        const name = (value as { constructor?: { name?: string } }).constructor?.name ?? 'unknown';
        throw reject(`${path} is an instance of ${name}; only plain objects, arrays, Date, Uint8Array and bigint are stored`, context);
      }
      if (Object.getOwnPropertySymbols(value).length > 0) throw reject(`${path} has symbol keys`, context);
      return { kind: 'object', value: value as Record<string, unknown> };
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

export function childPath(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}
