import { encodeEntryKey, StorageError, VersionConflictError, type MemErrorContext, type PreparedWrite, type WriteResult } from '@mem/core';
import { COLUMNS } from './arrow.js';
import { isLive, rowForWrite, writeResultOf, type EntryRow } from './entry-rows.js';
import type { LanceStore } from './lance-store.js';
import { allOf, expiredPredicate, livePredicate, sqlIn, sqlString } from './sql.js';

// A write loses a race only when another process changed the same entry in between; past this many
// rounds something keeps rewriting it and we report that instead of spinning.
const MAX_ROUNDS = 64;
// IN lists are chunked so one SQL text stays small.
const IN_CHUNK = 1000;

/**
 * Read-check-write against the table. Every write names the row it replaces (`pwid` = that row's
 * `wid`) in its merge condition, so a write whose basis changed in another process is not applied
 * and is re-planned from a fresh read: compare-and-set holds across processes, and a true conflict
 * surfaces as `VersionConflictError` from the re-check. Callers serialize calls per instance.
 */
export class WriteEngine {
  constructor(
    private readonly store: LanceStore,
    private readonly onWrites: (count: number) => void,
  ) {}

  /** The stored row (live or expired) of one entry key. */
  async readRow(ek: string): Promise<EntryRow | undefined> {
    return (await this.store.select(`${COLUMNS.entryKey} = ${sqlString(ek)}`, { limit: 1 }))[0];
  }

  /** Stored rows (live or expired) by entry key. */
  async readRows(keys: readonly string[]): Promise<Map<string, EntryRow>> {
    const unique = [...new Set(keys)];
    const found = new Map<string, EntryRow>();
    for (let i = 0; i < unique.length; i += IN_CHUNK) {
      for (const row of await this.store.select(sqlIn(COLUMNS.entryKey, unique.slice(i, i + IN_CHUNK)))) found.set(row.ek, row);
    }
    return found;
  }

  /** One `put`, honouring `ifVersion`. */
  async putOne(write: PreparedWrite, context: MemErrorContext): Promise<WriteResult> {
    if (write.embedding !== undefined) await this.store.ensureDimension(write.embedding.length, context);
    const ek = encodeEntryKey(write.namespace, write.key);
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const now = Date.now();
      const current = await this.readRow(ek);
      if (write.ifVersion !== undefined) {
        const actual = current !== undefined && isLive(current, now) ? current.ver : 0;
        if (actual !== write.ifVersion) throw new VersionConflictError(write.ifVersion, actual, context);
      }
      const row = rowForWrite(write, current, now);
      if ((await this.store.merge([row])).written === 1) {
        this.onWrites(1);
        return writeResultOf(row);
      }
    }
    throw new StorageError(`gave up after ${MAX_ROUNDS} rounds: other writers kept changing this entry`, context);
  }

  /**
   * `putMany` in one merge (one commit) when nobody else interferes; items whose basis changed in
   * another process meanwhile are re-planned and written in a further round.
   */
  async putMany(writes: readonly PreparedWrite[], context: MemErrorContext): Promise<WriteResult[]> {
    const first = writes.find((w) => w.embedding !== undefined);
    if (first !== undefined) await this.store.ensureDimension(first.embedding!.length, context);
    const keys = writes.map((w) => encodeEntryKey(w.namespace, w.key));
    const results: WriteResult[] = new Array(writes.length);
    let pending = writes.map((_, i) => i);
    for (let round = 0; round < MAX_ROUNDS && pending.length > 0; round++) {
      const now = Date.now();
      const stored = await this.readRows(pending.map((i) => keys[i]!));
      // Items for one key apply in order: each sees the previous one's row, the merge writes the last.
      const latest = new Map<string, EntryRow>();
      for (const i of pending) {
        const ek = keys[i]!;
        const row = rowForWrite(writes[i]!, latest.get(ek) ?? stored.get(ek), now);
        results[i] = writeResultOf(row);
        latest.set(ek, row);
      }
      const rows = [...latest.values()].map((row) => ({ ...row, pwid: stored.get(row.ek)?.wid ?? null }));
      const { written } = await this.store.merge(rows);
      this.onWrites(written);
      if (written === rows.length) return results;
      const landed = await this.readRows(rows.map((r) => r.ek));
      const applied = new Set(rows.filter((r) => landed.get(r.ek)?.wid === r.wid).map((r) => r.ek));
      pending = pending.filter((i) => !applied.has(keys[i]!));
    }
    if (pending.length > 0) throw new StorageError(`gave up after ${MAX_ROUNDS} rounds: other writers kept changing ${pending.length} of these entries`, context);
    return results;
  }

  /** One `delete`, honouring `ifVersion`; `true` when a live entry was removed. */
  async deleteOne(ek: string, ifVersion: number | undefined, context: MemErrorContext): Promise<boolean> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const current = await this.readRow(ek);
      const live = current !== undefined && isLive(current, Date.now());
      if (ifVersion !== undefined) {
        const actual = live ? current.ver : 0;
        if (actual !== ifVersion) throw new VersionConflictError(ifVersion, actual, context);
      }
      // An expired row is already gone for every reader; the sweeper removes it physically.
      if (!live) return false;
      const removed = await this.store.delete(`${COLUMNS.entryKey} = ${sqlString(ek)} AND ${COLUMNS.writeId} = ${sqlString(current.wid)}`);
      if (removed === 1) {
        this.onWrites(1);
        return true;
      }
    }
    throw new StorageError(`gave up after ${MAX_ROUNDS} rounds: other writers kept changing this entry`, context);
  }

  /** Deletes the live entries among `keys`; returns how many (expired ones are left to the sweeper). */
  async deleteKeys(keys: readonly string[]): Promise<number> {
    let removed = 0;
    for (let i = 0; i < keys.length; i += IN_CHUNK) removed += await this.store.delete(allOf(sqlIn(COLUMNS.entryKey, keys.slice(i, i + IN_CHUNK)), livePredicate(Date.now()))!);
    this.onWrites(removed);
    return removed;
  }

  /** Deletes every row in a namespace range (`undefined` = all); returns how many were live. */
  async clearRange(range: string | undefined): Promise<number> {
    const now = Date.now();
    const removed = await this.store.delete(allOf(range, livePredicate(now))!);
    // Expired rows in the range go too; they are invisible already, so they are not counted.
    const expired = allOf(range, expiredPredicate(now))!;
    if ((await this.store.count(expired)) > 0) await this.store.delete(expired);
    this.onWrites(removed);
    return removed;
  }
}
