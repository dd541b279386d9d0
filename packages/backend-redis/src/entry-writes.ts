import { randomUUID } from 'node:crypto';
import { VersionConflictError, type EntryRef, type MemErrorContext, type PreparedWrite, type WriteResult } from '@mem/core';
import type { CallRunner } from './call-runner.js';
import { embeddingToBytes } from './entry-codec.js';
import type { RedisStore } from './namespace-scan.js';

/** Entries per script call in batches: atomic per namespace chunk, short enough not to stall Redis. */
export const SCRIPT_BATCH = 500;

/** Splits items into chunks of one namespace, at most `SCRIPT_BATCH` each; gives item positions. */
export function namespaceChunks(items: readonly { namespace: readonly string[] }[]): number[][] {
  const groups = new Map<string, number[]>();
  items.forEach((item, i) => {
    const id = JSON.stringify(item.namespace);
    const group = groups.get(id);
    if (group === undefined) groups.set(id, [i]);
    else group.push(i);
  });
  const chunks: number[][] = [];
  for (const at of groups.values()) for (let i = 0; i < at.length; i += SCRIPT_BATCH) chunks.push(at.slice(i, i + SCRIPT_BATCH));
  return chunks;
}

/** Writes entries of one namespace in one script call. @throws VersionConflictError */
export async function writeEntries(store: RedisStore, runner: CallRunner, writes: readonly PreparedWrite[], ifVersion: number | undefined, context: MemErrorContext): Promise<WriteResult[]> {
  const keys = store.layout.namespace(writes[0]!.namespace);
  const now = Date.now();
  const expiries = writes.map((w) => (w.ttlMs === undefined ? undefined : now + Math.max(1, Math.ceil(w.ttlMs))));
  // The operation id stays the same across retries of this call: a resend is recognised.
  const args: (string | Buffer)[] = [String(now), randomUUID(), ifVersion === undefined ? '' : String(ifVersion), store.registry, keys.encoded];
  writes.forEach((w, i) => {
    const expiry = expiries[i];
    args.push(w.key, expiry === undefined ? '' : String(expiry), w.encodedValue, w.metadata === undefined ? '' : JSON.stringify(w.metadata), w.embedding === undefined ? '' : embeddingToBytes(w.embedding));
  });
  const redisKeys = [keys.index, keys.expiry, ...writes.map((w) => keys.entryPrefix + w.key)];
  const reply = await runner.run(context, () => store.client.memPut(redisKeys, args));
  const first = reply[0]!;
  if (first[0] === -1) throw new VersionConflictError(ifVersion ?? 0, first[1], context);
  return reply.map(([version, createdAt], i) => {
    const expiresAt = expiries[i];
    return expiresAt === undefined ? { version, createdAt, updatedAt: now } : { version, createdAt, updatedAt: now, expiresAt };
  });
}

/** Deletes entries of one namespace in one script call; returns how many were live. @throws VersionConflictError */
export async function deleteEntries(store: RedisStore, runner: CallRunner, refs: readonly EntryRef[], ifVersion: number | undefined, context: MemErrorContext): Promise<number> {
  const keys = store.layout.namespace(refs[0]!.namespace);
  const redisKeys = [keys.index, keys.expiry, ...refs.map((r) => keys.entryPrefix + r.key)];
  const args = [String(Date.now()), ifVersion === undefined ? '' : String(ifVersion), store.registry, keys.encoded, ...refs.map((r) => r.key)];
  const [removed, actual] = await runner.run(context, () => store.client.memDelete(redisKeys, args));
  if (removed === -1) throw new VersionConflictError(ifVersion ?? 0, actual, context);
  return removed;
}
