import fc from 'fast-check';

/** Object keys that stress the codec: its own tag, prototype-polluting names, empty and control characters. */
export const trickyKey = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom('$mem', '__proto__', 'constructor', 'prototype', 'v', '', '\u0000', '"\\'),
);

/** Leaves of plain data: JSON scalars plus every tagged type, with full-Unicode strings (lone surrogates too). */
export const plainLeaf = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(-0),
  fc.date({ noInvalidDate: true }),
  fc.uint8Array({ maxLength: 12 }),
  fc.bigInt(),
  // A user object shaped like the codec's own tags must still come back as that object.
  fc.record({ $mem: fc.constantFrom('date', 'bytes', 'bigint', '-0', 'object', 'x'), v: fc.oneof(fc.integer(), fc.string()) }, { noNullPrototype: true }),
);

/** Any value the codec accepts: nested arrays and plain objects over {@link plainLeaf}. */
export const plainValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, plainLeaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 5 }),
  object: fc.dictionary(trickyKey, tie('value'), { maxKeys: 5, noNullPrototype: true }),
})).value;

/** Every object reachable from `value` (arrays, plain objects, Dates, Uint8Arrays and their buffers). */
export function reachableObjects(value: unknown, into = new Set<object>()): Set<object> {
  if (value === null || typeof value !== 'object' || into.has(value)) return into;
  into.add(value);
  if (value instanceof Uint8Array) into.add(value.buffer);
  else if (!(value instanceof Date)) for (const key of Object.keys(value)) reachableObjects((value as Record<string, unknown>)[key], into);
  return into;
}

/** `depth` arrays nested in one another around `0`. */
export function nestedArrays(depth: number): unknown {
  let value: unknown = 0;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/**
 * Asserts that two plain values are the same data: same types (Date, Uint8Array, bigint, -0 vs 0),
 * same own keys, same prototypes. Unlike `toStrictEqual`, a data key named `constructor` is just data.
 */
export function assertSameValue(actual: unknown, expected: unknown, path = '$'): void {
  const fail = (why: string): never => {
    throw new Error(`values differ at ${path}: ${why}`);
  };
  if (expected === null || typeof expected !== 'object') {
    if (!Object.is(actual, expected)) fail(`${String(actual)} is not ${String(expected)}`);
    return;
  }
  if (actual === null || typeof actual !== 'object') return fail('expected an object');
  if (Object.getPrototypeOf(actual) !== Object.getPrototypeOf(expected)) fail('different prototypes');
  if (expected instanceof Date) {
    if ((actual as Date).getTime() !== expected.getTime()) fail('different times');
    return;
  }
  if (expected instanceof Uint8Array) {
    if (Buffer.compare(actual as Uint8Array, expected) !== 0) fail('different bytes');
    return;
  }
  const keys = Object.keys(expected);
  if (Object.keys(actual).join('\u0000') !== keys.join('\u0000')) fail(`keys ${Object.keys(actual).join(',')} vs ${keys.join(',')}`);
  for (const key of keys) {
    const a = Object.getOwnPropertyDescriptor(actual, key)?.value as unknown;
    const e = Object.getOwnPropertyDescriptor(expected, key)?.value as unknown;
    assertSameValue(a, e, `${path}[${JSON.stringify(key)}]`);
  }
}
