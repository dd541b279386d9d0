import { encodeNamespace, prefixSuccessor } from '@mem/core';

/** A WHERE clause assembled from fixed fragments, with every value kept as a positional parameter. */
export class SqlConditions {
  private readonly parts: string[] = [];
  /** Parameters of the fragments, in order. */
  readonly params: unknown[] = [];

  /** Adds one fragment (AND-ed) and its parameters. */
  add(fragment: string, ...params: unknown[]): void {
    this.parts.push(fragment);
    this.params.push(...params);
  }

  /** The fragments AND-ed; `1` when there are none. */
  sql(): string {
    return this.parts.length === 0 ? '1' : this.parts.join(' AND ');
  }
}

/**
 * Restricts `ns` to a namespace prefix as a half-open range over the encoded form, which the
 * `(ns, key)` index serves directly. Returns the range's lower bound (absent for `[]`).
 */
export function namespaceRange(where: SqlConditions, prefix: readonly string[], lowerBound = true): string | undefined {
  if (prefix.length === 0) return undefined;
  const low = encodeNamespace(prefix);
  if (lowerBound) where.add('ns >= ?', low);
  // Encoded namespaces end in a terminator below U+10FFFF, so a successor always exists.
  where.add('ns < ?', prefixSuccessor(low)!);
  return low;
}
