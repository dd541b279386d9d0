import type { Entry } from '../types/entry.js';
import type { StorageBackend } from '../types/storage-backend.js';
import { META } from './memory-layout.js';

// A memory is first stored under its content hash, so a duplicate is found with one `get`. When
// the content behind a key changes (update) or a hash's key is taken (stored again after such an
// update), an alias entry maps the hash to the key that holds that content now. Aliases live under
// a sibling root (`<root>#content-hash`, same scope and type segments after it), so no memory scan
// ever meets them and forgetting a scope prefix can clear its aliases with one more `clear`. An
// alias is checked against the memory it names, so a stale one (its memory deleted or changed
// again) is ignored, never trusted.
const ALIAS_ROOT_SUFFIX = '#content-hash';

/** Where the aliases of memories under a namespace (or namespace prefix) starting with the root live. */
export function aliasNamespace(namespace: readonly string[]): string[] {
  return [`${namespace[0]!}${ALIAS_ROOT_SUFFIX}`, ...namespace.slice(1)];
}

/** The memory in `namespace` whose content hash is `hash`, if any: at most two or three `get`s, never a scan. */
export async function findByContentHash(backend: StorageBackend, namespace: readonly string[], hash: string): Promise<Entry | undefined> {
  const direct = await backend.get(namespace, hash);
  if (direct?.metadata?.[META.hash] === hash) return direct;
  const alias = await backend.get(aliasNamespace(namespace), hash);
  if (typeof alias?.value !== 'string') return undefined;
  const target = await backend.get(namespace, alias.value);
  return target?.metadata?.[META.hash] === hash ? target : undefined;
}

/** Records that the memory holding content `hash` in `namespace` lives at `key`; expires with it. */
export async function recordContentHash(backend: StorageBackend, namespace: readonly string[], hash: string, key: string, ttlMs: number | undefined): Promise<void> {
  if (key === hash) return;
  await backend.put(aliasNamespace(namespace), hash, key, ttlMs === undefined ? {} : { ttlMs });
}
