/**
 * Compares strings by Unicode code point (= UTF-8 byte order), not by UTF-16 code unit as `<`
 * and `localeCompare` do. `'\uFFFF' < '\u{10000}'` here, unlike in plain JavaScript.
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return liftSurrogate(x) - liftSurrogate(y);
  }
  return a.length - b.length;
}

// Surrogates (D800-DFFF) stand for code points above FFFF, so they must sort above E000-FFFF.
function liftSurrogate(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit <= 0xdfff ? unit + 0x2000 : unit - 0x800;
}

/** Compares namespaces segment by segment; a namespace sorts before its extensions. */
export function compareNamespaces(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareCodePoints(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** The order of `list`: namespace, then key. */
export function compareEntryRefs(a: { namespace: readonly string[]; key: string }, b: { namespace: readonly string[]; key: string }): number {
  return compareNamespaces(a.namespace, b.namespace) || compareCodePoints(a.key, b.key);
}

/** Whether `namespace` starts with `prefix`, segment by segment (`['acme']` does not prefix `['acme-corp']`). */
export function namespaceStartsWith(namespace: readonly string[], prefix: readonly string[]): boolean {
  if (prefix.length > namespace.length) return false;
  for (let i = 0; i < prefix.length; i++) if (namespace[i] !== prefix[i]) return false;
  return true;
}

/**
 * The smallest string greater than every string that starts with `prefix`, in code-point
 * order; `undefined` when none exists. Turns a prefix into a half-open range `[prefix, successor)`
 * for ordered stores (SQL `BETWEEN`, Redis `ZRANGEBYLEX`).
 */
export function prefixSuccessor(prefix: string): string | undefined {
  const points = Array.from(prefix, (ch) => ch.codePointAt(0)!);
  while (points.length > 0) {
    const last = points.pop()!;
    if (last < 0x10ffff) {
      points.push(last + 1 === 0xd800 ? 0xe000 : last + 1);
      return String.fromCodePoint(...points);
    }
  }
  return undefined;
}
