import { VersionConflictError } from '../errors/version-conflict-error.js';
import { compareEntryRefs } from '../namespace/code-point-order.js';
import type { Entry, EntryRef } from '../types/entry.js';
import type { Filter } from '../types/filter.js';
import type { StorageBackend } from '../types/storage-backend.js';
import type { AccessTracker } from './access-tracker.js';
import type { MemoryLimits } from './i-memory-manager.js';
import { encodeMemoryId, META, memoryNamespace, scopeNamespace } from './memory-layout.js';
import { SCOPE_FIELDS, type MemoryScope, type MemoryType } from './memory-types.js';

/** What eviction needs to know about the memory just stored. */
export interface EvictionTarget {
  readonly root: string;
  readonly scope: MemoryScope;
  readonly type: MemoryType;
  /** The memory just stored: never its own victim. */
  readonly keep: EntryRef;
}

/**
 * Enforces the per-type and per-scope limits of one exact scope after a store: while over a
 * limit, deletes the lowest-importance memory, ties broken by least recent use. Scans at most
 * the scope's memories, which the limit itself keeps small. Returns how many were evicted.
 */
export async function evictOverLimits(backend: StorageBackend, limits: MemoryLimits, target: EvictionTarget, tracker: AccessTracker): Promise<number> {
  let evicted = 0;
  const typeLimit = limits.perType?.[target.type];
  if (typeLimit !== undefined) evicted += await evictFrom(backend, memoryNamespace(target.root, target.scope, target.type), {}, typeLimit, target.keep, tracker);
  if (limits.perScope !== undefined) {
    // The exact scope spans one namespace per type; deeper scopes share the prefix, so exclude them.
    const filter: Filter = Object.fromEntries(SCOPE_FIELDS.filter((f) => target.scope[f] === undefined).map((f) => [META[f], { $exists: false }]));
    evicted += await evictFrom(backend, scopeNamespace(target.root, target.scope), filter, limits.perScope, target.keep, tracker);
  }
  return evicted;
}

async function evictFrom(backend: StorageBackend, prefix: string[], filter: Filter, limit: number, keep: EntryRef, tracker: AccessTracker): Promise<number> {
  const entries: Entry[] = [];
  let cursor: string | undefined;
  do {
    const page = await backend.list({ prefix, filter, cursor, limit: 1000 });
    entries.push(...page.entries);
    cursor = page.cursor;
  } while (cursor !== undefined);
  if (entries.length <= limit) return 0;
  const rank = (e: Entry): [number, number] => {
    const meta = e.metadata ?? {};
    const updated = typeof meta[META.updatedAt] === 'number' ? (meta[META.updatedAt] as number) : e.updatedAt;
    return [typeof meta[META.importance] === 'number' ? (meta[META.importance] as number) : 0.5, tracker.lastUsed(encodeMemoryId(e.namespace, e.key), updated)];
  };
  const victims = entries
    .filter((e) => compareEntryRefs(e, keep) !== 0)
    .map((entry) => ({ entry, rank: rank(entry) }))
    .sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || compareEntryRefs(a.entry, b.entry))
    .slice(0, entries.length - limit);
  let evicted = 0;
  for (const { entry } of victims) {
    try {
      // Compare-and-set: a memory changed meanwhile was just used, so it is spared this round.
      if (await backend.delete(entry.namespace, entry.key, { ifVersion: entry.version })) evicted++;
      tracker.forget(encodeMemoryId(entry.namespace, entry.key));
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
    }
  }
  return evicted;
}
