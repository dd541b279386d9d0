import { ConfigError, decodeNamespace, encodeNamespace } from '@mem/core';

// Hash tags end at the first `}`, so the tag text escapes braces (and its own escape character)
// to stay injective: one namespace, one tag, one cluster slot.
const TAG_SPECIAL = /[%{}]/g;
const GLOB_SPECIAL = /[*?[\]\\]/g;

function escapeTag(encoded: string): string {
  return encoded.replace(TAG_SPECIAL, (ch) => `%${ch.charCodeAt(0).toString(16)}`);
}

function unescapeTag(tag: string): string {
  return tag.replace(/%(25|7b|7d)/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function escapeGlob(text: string): string {
  return text.replace(GLOB_SPECIAL, (ch) => `\\${ch}`);
}

/** The keys of one namespace; all share the hash tag `{<encoded namespace>}`. */
export interface NamespaceKeys {
  /** Sorted set, every score 0, members = entry keys: `ZRANGEBYLEX` gives code-point order. */
  readonly index: string;
  /** Sorted set of keys that expire, scored by `expiresAt`, so the index can be pruned. */
  readonly expiry: string;
  /** Prefix of the entry hashes: entry key = `entryPrefix + key`. */
  readonly entryPrefix: string;
  /** The encoded namespace: its member in the namespace registry. */
  readonly encoded: string;
}

/**
 * Names every Redis key the backend uses:
 * `<prefix>{<tag>}:i` (index), `<prefix>{<tag>}:x` (expiry index), `<prefix>{<tag>}:e:<key>`
 * (entry hash), `<prefix>dim` (the store's embedding dimension) and, on a standalone server,
 * `<prefix>ns` (the namespace registry).
 */
export class KeyLayout {
  /** Holds the store's embedding dimension once fixed. */
  readonly dimensionKey: string;
  /**
   * Sorted set of the encoded namespaces that have an index (all scores 0, so `ZRANGEBYLEX`
   * finds those under a prefix). Kept by the scripts on a standalone server only: in a cluster
   * it would live in another slot than the namespaces, so there namespaces are found by SCAN.
   */
  readonly registryKey: string;

  constructor(readonly prefix: string) {
    if (/[{}]/.test(prefix)) throw new ConfigError('keyPrefix must not contain { or } (they delimit Redis Cluster hash tags)', { backend: 'redis', operation: 'connect' });
    this.dimensionKey = `${prefix}dim`;
    this.registryKey = `${prefix}ns`;
  }

  /** The keys of `namespace`. */
  namespace(namespace: readonly string[]): NamespaceKeys {
    const encoded = encodeNamespace(namespace);
    const base = `${this.prefix}{${escapeTag(encoded)}}:`;
    return { index: `${base}i`, expiry: `${base}x`, entryPrefix: `${base}e:`, encoded };
  }

  /** `SCAN MATCH` pattern of the index (`'i'`) or expiry (`'x'`) keys of every namespace under `prefix`. */
  scanPattern(prefix: readonly string[], kind: 'i' | 'x'): string {
    return `${escapeGlob(this.prefix)}{${escapeGlob(escapeTag(encodeNamespace(prefix)))}*}:${kind}`;
  }

  /** The namespace an index or expiry key belongs to; `undefined` for a key of another shape. */
  namespaceOf(key: string): string[] | undefined {
    if (!key.startsWith(`${this.prefix}{`)) return undefined;
    const close = key.indexOf('}', this.prefix.length + 1);
    if (close < 0 || key.length !== close + 3) return undefined;
    try {
      return decodeNamespace(unescapeTag(key.slice(this.prefix.length + 1, close)));
    } catch {
      return undefined;
    }
  }
}
