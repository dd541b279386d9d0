import { compareNamespaces, namespaceStartsWith } from './code-point-order.js';
import { encodeNamespace } from './namespace-encoding.js';

/**
 * Turns the namespaces of live entries into what `listNamespaces` returns: under `prefix`,
 * truncated to `maxDepth`, de-duplicated, sorted per segment by code point.
 */
export function collectNamespaces(namespaces: Iterable<readonly string[]>, prefix: readonly string[], maxDepth: number | undefined): string[][] {
  const unique = new Map<string, string[]>();
  for (const namespace of namespaces) {
    if (!namespaceStartsWith(namespace, prefix)) continue;
    const kept = maxDepth === undefined ? [...namespace] : namespace.slice(0, maxDepth);
    unique.set(encodeNamespace(kept), kept);
  }
  return [...unique.values()].sort(compareNamespaces);
}
