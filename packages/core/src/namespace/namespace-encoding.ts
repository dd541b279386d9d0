import { CorruptDataError } from '../errors/corrupt-data-error.js';

// Order-preserving, injective, NUL-free encoding. Each segment is escaped so that it contains
// no character <= ESCAPE unescaped, then ends with TERMINATOR, which sorts below every escaped
// character. Hence byte order of encodings = per-segment code-point order of namespaces, and an
// encoded prefix is a string prefix exactly when the namespace prefix matches per segment.
const TERMINATOR = '\u0001';
const ESCAPE = '\u0002';
const NEEDS_ESCAPE = /[\u0000-\u0002]/;
const ESCAPED = /[\u0000-\u0002]/g;

// The escaped form is ESCAPE + (char + 2), i.e. \u0002\u0002..\u0002\u0004: never TERMINATOR, so
// TERMINATOR marks segment ends only and split/lastIndexOf on it are exact.
function escapeChar(ch: string): string {
  return ESCAPE + String.fromCharCode(ch.charCodeAt(0) + 2);
}

/** Escapes one segment or key (order-preserving, prefix-preserving, no terminator inside). */
export function escapeSegment(segment: string): string {
  return NEEDS_ESCAPE.test(segment) ? segment.replace(ESCAPED, escapeChar) : segment;
}

/** Inverts `escapeSegment`. */
export function unescapeSegment(escaped: string): string {
  if (!escaped.includes(ESCAPE)) return escaped;
  let out = '';
  for (let i = 0; i < escaped.length; i++) {
    const ch = escaped[i]!;
    if (ch === ESCAPE) {
      const next = escaped.charCodeAt(++i);
      if (!(next >= 2 && next <= 4)) throw new CorruptDataError('malformed escape in an encoded namespace or key');
      out += String.fromCharCode(next - 2);
    } else out += ch;
  }
  return out;
}

/** Encodes a namespace as one string; injective, order-preserving and prefix-preserving per segment. */
export function encodeNamespace(namespace: readonly string[]): string {
  let out = '';
  for (const segment of namespace) out += escapeSegment(segment) + TERMINATOR;
  return out;
}

/** Inverts `encodeNamespace`. */
export function decodeNamespace(encoded: string): string[] {
  if (encoded.length > 0 && !encoded.endsWith(TERMINATOR)) throw new CorruptDataError('encoded namespace is not terminated');
  const parts = encoded.split(TERMINATOR);
  parts.pop();
  return parts.map(unescapeSegment);
}

/**
 * Encodes (namespace, key) as one string whose code-point order is the order of `list`. An extra
 * terminator (an "empty segment", which real namespaces never have) ends the namespace, so an entry
 * sorts before every entry of a deeper namespace, whatever its key.
 */
export function encodeEntryKey(namespace: readonly string[], key: string): string {
  return encodeNamespace(namespace) + TERMINATOR + escapeSegment(key);
}

/** Inverts `encodeEntryKey`. */
export function decodeEntryKey(encoded: string): { namespace: string[]; key: string } {
  // Segments are non-empty and never contain a raw terminator, so the first doubled one ends the namespace.
  const cut = encoded.indexOf(TERMINATOR + TERMINATOR);
  if (cut < 0) throw new CorruptDataError('encoded entry key has no namespace');
  return { namespace: decodeNamespace(encoded.slice(0, cut + 1)), key: unescapeSegment(encoded.slice(cut + 2)) };
}
