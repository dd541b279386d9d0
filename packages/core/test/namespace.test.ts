import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CorruptDataError,
  collectNamespaces,
  compareCodePoints,
  compareEntryRefs,
  compareNamespaces,
  decodeEntryKey,
  decodeNamespace,
  encodeEntryKey,
  encodeNamespace,
  escapeSegment,
  namespaceStartsWith,
  unescapeSegment,
} from '../src/index.js';

// A small alphabet makes equal segments, shared prefixes and the escaped characters (\0 \1 \2 and
// their neighbours) common; the rest covers the BMP/astral boundary and separator look-alikes.
const char = fc.constantFrom('\u0000', '\u0001', '\u0002', '\u0003', '\u0004', 'a', 'b', ':', '/', '\uD7FF', '\uE000', '\uFFFF', '\u{10000}', '\u{10FFFF}');
const segment = fc.string({ unit: char, minLength: 1, maxLength: 3 });
const key = fc.string({ unit: char, minLength: 1, maxLength: 3 });
const namespace = fc.array(segment, { minLength: 1, maxLength: 3 });
const ref = fc.record({ namespace, key });
const sign = (n: number): number => Math.sign(n);
const utf8Order = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
const sameRef = (a: { namespace: readonly string[]; key: string }, b: { namespace: readonly string[]; key: string }): boolean =>
  a.key === b.key && a.namespace.length === b.namespace.length && a.namespace.every((s, i) => s === b.namespace[i]);

// Reference semantics, written independently of the code under test.
const refStartsWith = (ns: readonly string[], prefix: readonly string[]): boolean => prefix.length <= ns.length && prefix.every((s, i) => ns[i] === s);
const codePoints = (s: string): number[] => Array.from(s, (c) => c.codePointAt(0)!);
function refCompareStrings(a: string, b: string): number {
  const x = codePoints(a);
  const y = codePoints(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}
function refCompareNamespaces(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = refCompareStrings(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

describe('namespace and entry-key encoding', () => {
  it('decoding inverts encoding', () => {
    fc.assert(
      fc.property(namespace, key, (ns, k) => {
        expect(decodeNamespace(encodeNamespace(ns))).toEqual(ns);
        expect(decodeEntryKey(encodeEntryKey(ns, k))).toEqual({ namespace: ns, key: k });
        expect(unescapeSegment(escapeSegment(k))).toBe(k);
      }),
      { numRuns: 1000 },
    );
  });

  it('is injective: distinct (namespace, key) pairs never encode alike', () => {
    fc.assert(
      fc.property(ref, ref, (a, b) => {
        expect(encodeEntryKey(a.namespace, a.key) === encodeEntryKey(b.namespace, b.key)).toBe(sameRef(a, b));
        expect(encodeNamespace(a.namespace) === encodeNamespace(b.namespace)).toBe(a.namespace.join('\u0000') === b.namespace.join('\u0000') && a.namespace.length === b.namespace.length);
      }),
      { numRuns: 2000 },
    );
  });

  it('orders encodings (by code point and by UTF-8 bytes) exactly as compareEntryRefs orders refs', () => {
    fc.assert(
      fc.property(ref, ref, (a, b) => {
        const expected = sign(compareEntryRefs(a, b));
        expect(sign(refCompareNamespaces(a.namespace, b.namespace) || refCompareStrings(a.key, b.key))).toBe(expected);
        const ea = encodeEntryKey(a.namespace, a.key);
        const eb = encodeEntryKey(b.namespace, b.key);
        expect(sign(compareCodePoints(ea, eb))).toBe(expected);
        expect(sign(utf8Order(ea, eb))).toBe(expected);
        expect(sign(utf8Order(encodeNamespace(a.namespace), encodeNamespace(b.namespace)))).toBe(sign(compareNamespaces(a.namespace, b.namespace)));
      }),
      { numRuns: 2000 },
    );
  });

  it('makes an encoded namespace prefix a string prefix exactly when namespaceStartsWith', () => {
    const prefix = fc.array(segment, { minLength: 0, maxLength: 3 });
    fc.assert(
      fc.property(namespace, prefix, key, (ns, p, k) => {
        const expected = refStartsWith(ns, p);
        expect(namespaceStartsWith(ns, p)).toBe(expected);
        expect(encodeNamespace(ns).startsWith(encodeNamespace(p))).toBe(expected);
        expect(encodeEntryKey(ns, k).startsWith(encodeNamespace(p))).toBe(expected);
      }),
      { numRuns: 2000 },
    );
    // The generator hits the true case often only through extension; check it directly too.
    fc.assert(
      fc.property(namespace, namespace, key, (p, rest, k) => {
        expect(encodeEntryKey([...p, ...rest], k).startsWith(encodeNamespace(p))).toBe(true);
      }),
    );
  });

  it('escapes keys preserving order and prefixes, so keyPrefix ranges work on encodings', () => {
    fc.assert(
      fc.property(key, key, (a, b) => {
        expect(sign(compareCodePoints(escapeSegment(a), escapeSegment(b)))).toBe(sign(refCompareStrings(a, b)));
        expect(escapeSegment(a).startsWith(escapeSegment(b))).toBe(a.startsWith(b));
        expect(encodeEntryKey(['n'], a).startsWith(encodeEntryKey(['n'], b))).toBe(a.startsWith(b));
      }),
      { numRuns: 1000 },
    );
  });

  it('never produces NUL', () => {
    fc.assert(
      fc.property(namespace, key, (ns, k) => {
        expect(encodeEntryKey(ns, k)).not.toContain('\u0000');
      }),
    );
  });

  it('keeps the DESIGN.md examples apart', () => {
    const lookalikes = [['a:b', 'c'], ['a', 'b:c'], ['a', 'b', 'c'], ['a/b', 'c'], ['a', 'b/c'], ['a.b', 'c']];
    const encoded = lookalikes.map(encodeNamespace);
    expect(new Set(encoded).size).toBe(lookalikes.length);
    for (const [i, e] of encoded.entries()) {
      for (const [j, f] of encoded.entries()) if (i !== j) expect(e.startsWith(f)).toBe(false);
    }
    expect(new Set(lookalikes.map((ns) => encodeEntryKey(ns, 'k'))).size).toBe(lookalikes.length);
    expect(namespaceStartsWith(['acme-corp'], ['acme'])).toBe(false);
    expect(namespaceStartsWith(['acme', 'x'], ['acme'])).toBe(true);
    expect(encodeNamespace(['acme-corp']).startsWith(encodeNamespace(['acme']))).toBe(false);
    expect(encodeEntryKey(['acme-corp'], 'k').startsWith(encodeNamespace(['acme']))).toBe(false);
    expect(encodeEntryKey(['acme', 'x'], 'k').startsWith(encodeNamespace(['acme']))).toBe(true);
  });

  it('puts every entry of a namespace before every entry of a deeper one, whatever the keys', () => {
    const shallow = encodeEntryKey(['a'], '\u{10FFFF}\u{10FFFF}');
    const deep = encodeEntryKey(['a', '\u0000'], '\u0000');
    expect(compareEntryRefs({ namespace: ['a'], key: '\u{10FFFF}' }, { namespace: ['a', '\u0000'], key: '\u0000' })).toBeLessThan(0);
    expect(compareCodePoints(shallow, deep)).toBeLessThan(0);
    expect(compareCodePoints(encodeEntryKey(['a'], 'c'), encodeEntryKey(['a', 'b'], 'x'))).toBeLessThan(0);
  });

  it('reports malformed encodings as CorruptDataError', () => {
    expect(() => decodeNamespace('abc')).toThrow(CorruptDataError);
    expect(() => decodeNamespace('a\u0002\u0009\u0001')).toThrow(CorruptDataError);
    expect(() => decodeNamespace('a\u0002')).toThrow(CorruptDataError);
    expect(() => decodeEntryKey('no namespace here')).toThrow(CorruptDataError);
    expect(() => decodeEntryKey('a\u0001\u0001k\u0002')).toThrow(CorruptDataError);
    expect(() => unescapeSegment('\u0002\u0001')).toThrow(CorruptDataError);
  });
});

describe('collectNamespaces', () => {
  it('filters by prefix, truncates to maxDepth, de-duplicates and sorts by code point per segment', () => {
    const depth = fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined });
    fc.assert(
      fc.property(fc.array(namespace, { maxLength: 20 }), fc.array(segment, { maxLength: 2 }), depth, (all, prefix, maxDepth) => {
        const expected = new Map<string, string[]>();
        for (const ns of all) {
          if (!refStartsWith(ns, prefix)) continue;
          const kept = maxDepth === undefined ? ns : ns.slice(0, maxDepth);
          expected.set(JSON.stringify(kept), kept);
        }
        const sorted = [...expected.values()].sort(refCompareNamespaces);
        expect(collectNamespaces(all, prefix, maxDepth)).toEqual(sorted);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps ["acme-corp"] out of prefix ["acme"]', () => {
    expect(collectNamespaces([['acme', 'a'], ['acme-corp', 'b'], ['acme']], ['acme'], 1)).toEqual([['acme']]);
  });
});
