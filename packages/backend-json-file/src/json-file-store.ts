import { closeSync, fstatSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError, MemError, StorageError, type MemErrorContext } from '@mem/core';
import { EntryTable } from './entry-table.js';
import { parseStoreFile, readGeneration, renderStoreFile } from './file-format.js';
import { withFileLock, withFileLockSync, type HeldLock, type LockSettings } from './file-lock.js';
import type { ResolvedJsonFileOptions } from './json-file-backend-options.js';
import { isExpired, type StoredEntry } from './stored-entry.js';
import { ABSENT, currentStamp, findTempFiles, readIfChanged, removeFiles, sameStamp, writeFileDurably, writeFileDurablySync, type FileStamp } from './store-file-io.js';

/** A change not yet in the file (batched durability), replayed over the file's state if another process wrote meanwhile. */
type PendingChange = { readonly kind: 'set'; readonly entry: StoredEntry } | { readonly kind: 'delete'; readonly ref: string } | { readonly kind: 'clear'; readonly refPrefix: string };

/**
 * The file and its in-memory image. Every read first checks (one small read of the file's head)
 * whether another process replaced the file and reloads it if so; every write does the same under
 * the cross-process lock, so no process overwrites a write it has not seen.
 */
export class JsonFileStore {
  /** The entries as of the last load plus this process's changes. */
  table = new EntryTable();
  /** The store's embedding dimension, once known. */
  dimension: number | undefined;
  /** Counters for `stats().details`. */
  readonly counters = { loads: 0, flushes: 0, swept: 0, droppedOnMerge: 0 };
  private generation = 0;
  private stamp: FileStamp | undefined;
  private pending: PendingChange[] = [];
  // Counts changes applied to the image; a group commit writes the file only if it moved.
  private changes = 0;

  constructor(
    readonly file: string,
    private readonly options: ResolvedJsonFileOptions,
    private readonly lock: LockSettings,
  ) {}

  /** Writes not yet flushed (batched durability). */
  get pendingChanges(): number {
    return this.pending.length;
  }

  /** Size of the file at the last load or write, in bytes. */
  get fileBytes(): number {
    return this.stamp === undefined || this.stamp === ABSENT ? 0 : Number(this.stamp.size);
  }

  /** Loads the file; removes temp files a killed writer left (under the lock, so no live writer owns them). */
  async open(context: MemErrorContext): Promise<void> {
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      if ((await findTempFiles(this.file)).length > 0) {
        await withFileLock(this.file, this.lock, context, async () => removeFiles(await findTempFiles(this.file)));
      }
    } catch (error) {
      throw this.storageError('open', error, context);
    }
    await this.refresh(context);
  }

  /** Reloads the file if another process replaced it; pending changes are replayed over it. */
  async refresh(context: MemErrorContext): Promise<void> {
    let read;
    try {
      read = await readIfChanged(this.file, this.stamp, readGeneration);
    } catch (error) {
      throw this.storageError('read', error, context);
    }
    if (read !== undefined) this.load(read.stamp, read.text, context);
  }

  /** Synchronous `refresh` for the `exit` hook. */
  private refreshSync(context: MemErrorContext): void {
    let fd: number;
    try {
      fd = openSync(this.file, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw this.storageError('read', error, context);
      if (this.stamp !== ABSENT) this.load(ABSENT, undefined, context);
      return;
    }
    try {
      const text = readFileSync(fd, 'utf8');
      const st = fstatSync(fd, { bigint: true });
      const stamp = { ino: st.ino, size: st.size, mtimeNs: st.mtimeNs, ctimeNs: st.ctimeNs, generation: readGeneration(text.slice(0, 256)) };
      if (this.stamp === undefined || !sameStamp(this.stamp, stamp)) this.load(stamp, text, context);
    } finally {
      closeSync(fd);
    }
  }

  private load(stamp: FileStamp, text: string | undefined, context: MemErrorContext): void {
    const snapshot = text === undefined ? { generation: 0, dimension: undefined, entries: [] } : parseStoreFile(text, this.file, context);
    const configured = this.options.dimension;
    if (configured !== undefined && snapshot.dimension !== undefined && snapshot.dimension !== configured) {
      throw new ConfigError(`${this.file} holds embeddings of dimension ${snapshot.dimension}, but the option dimension is ${configured}`, context);
    }
    const mine = this.dimension;
    this.table = EntryTable.fromSorted(snapshot.entries);
    this.generation = snapshot.generation;
    this.dimension = snapshot.dimension ?? configured ?? (this.pending.length > 0 ? mine : undefined);
    this.stamp = stamp;
    this.counters.loads++;
    for (const change of this.pending) this.replay(change);
  }

  // Last writer wins per entry when two processes changed the store in one flush interval.
  private replay(change: PendingChange): void {
    if (change.kind === 'delete') this.table.delete(change.ref);
    else if (change.kind === 'clear') this.table.deletePrefix(change.refPrefix);
    else if (change.entry.embedding !== undefined && change.entry.embedding.length !== (this.dimension ??= change.entry.embedding.length)) {
      // Another process fixed a different dimension first; this entry cannot join the store.
      this.counters.droppedOnMerge++;
    } else this.table.set(change.entry);
  }

  /** Stores an entry (inside `mutate`). */
  set(entry: StoredEntry): void {
    this.table.set(entry);
    this.record({ kind: 'set', entry });
  }

  /** Removes an entry (inside `mutate`). */
  delete(ref: string): void {
    if (this.table.delete(ref)) this.record({ kind: 'delete', ref });
  }

  /** Removes every entry under an encoded namespace prefix (inside `mutate`); returns them. */
  clear(refPrefix: string): StoredEntry[] {
    const removed = this.table.deletePrefix(refPrefix);
    if (removed.length > 0) this.record({ kind: 'clear', refPrefix });
    return removed;
  }

  private record(change: PendingChange): void {
    this.changes++;
    if (this.options.durability === 'batched') this.pending.push(change);
  }

  /**
   * Runs each of `appliers` (which check versions and dimensions, then call `set`/`delete`/`clear`)
   * in order on a fresh image, and writes the file once for all of them (group commit). Immediate
   * durability: under the lock, and the file is replaced before this resolves. Batched: in memory;
   * `flush` writes it later. An applier that throws fails alone (it changed nothing); a failure to
   * lock, read or write fails them all.
   */
  async mutateAll(context: MemErrorContext, appliers: readonly (() => unknown)[]): Promise<PromiseSettledResult<unknown>[]> {
    if (this.options.durability === 'batched') {
      await this.refresh(context);
      return this.applyAll(appliers);
    }
    return withFileLock(this.file, this.lock, context, async (lock) => {
      await this.refresh(context);
      const before = this.changes;
      const results = this.applyAll(appliers);
      if (this.changes !== before) await this.commit(context, lock);
      return results;
    });
  }

  private applyAll(appliers: readonly (() => unknown)[]): PromiseSettledResult<unknown>[] {
    return appliers.map((apply) => {
      const before = this.changes;
      try {
        return { status: 'fulfilled', value: apply() };
      } catch (reason) {
        // Appliers check before they change anything; one that did not would leave the image half-changed.
        if (this.changes !== before) {
          this.stamp = undefined;
          throw reason;
        }
        return { status: 'rejected', reason };
      }
    });
  }

  /** Writes pending changes (and sweeps expired entries) when there are any, or when `force`. */
  async flush(context: MemErrorContext, force = false): Promise<void> {
    if (this.pending.length === 0 && !force) return;
    await withFileLock(this.file, this.lock, context, async (lock) => {
      await this.refresh(context);
      if (this.pending.length > 0 || this.hasExpired(Date.now())) await this.commit(context, lock);
    });
  }

  /** `flush` for the process `exit` hook: synchronous, best effort within the lock timeout. */
  flushSync(context: MemErrorContext): void {
    if (this.pending.length === 0) return;
    withFileLockSync(this.file, this.lock, () => {
      this.refreshSync(context);
      writeFileDurablySync(this.file, this.render());
      this.pending = [];
    });
  }

  /** Whether any entry in the image has expired (it still sits in the file until swept). */
  hasExpired(now: number): boolean {
    return this.table.all().some((entry) => isExpired(entry, now));
  }

  private render(): Buffer {
    const now = Date.now();
    const expired = this.table.all().filter((e) => isExpired(e, now));
    for (const entry of expired) this.table.delete(entry.ref);
    this.counters.swept += expired.length;
    this.generation++;
    return renderStoreFile(this.generation, this.dimension, this.table.all());
  }

  private async commit(context: MemErrorContext, lock: HeldLock): Promise<void> {
    try {
      await writeFileDurably(this.file, this.render(), () => lock.assertHeld());
      this.stamp = await currentStamp(this.file, this.generation);
      this.pending = [];
      this.counters.flushes++;
    } catch (error) {
      // The image is now ahead of the file: reload it at the next operation (pending changes are replayed).
      this.stamp = undefined;
      throw this.storageError('write', error, context);
    }
  }

  private storageError(what: string, error: unknown, context: MemErrorContext): MemError {
    if (error instanceof MemError) return error;
    return new StorageError(`could not ${what} ${this.file}: ${(error as Error).message}`, { ...context, cause: error });
  }
}
