import { closeSync, fsyncSync, openSync, promises as fsp } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';

/** What identifies one version of the file on disk; a writer compares it to tell whether someone else wrote. */
export interface FileStamp {
  readonly ino: bigint;
  readonly size: bigint;
  readonly mtimeNs: bigint;
  readonly ctimeNs: bigint;
  /** The `generation` in the file's first lines, when readable there. */
  readonly generation: number | undefined;
}

/** A stamp for "there is no file". */
export const ABSENT: FileStamp = { ino: -1n, size: -1n, mtimeNs: -1n, ctimeNs: -1n, generation: undefined };

const HEAD_BYTES = 256;

/**
 * Whether two stamps denote the same file version. A header without a readable generation (a
 * hand-reformatted file) never matches, so such a file is simply re-read until the next write.
 */
export function sameStamp(a: FileStamp, b: FileStamp): boolean {
  if (a === ABSENT || b === ABSENT) return a === b;
  return a.generation !== undefined && a.generation === b.generation && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;
}

async function openForRead(file: string): Promise<fsp.FileHandle | undefined> {
  try {
    return await fsp.open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function stampOf(handle: fsp.FileHandle, head: string, readGeneration: (head: string) => number | undefined): Promise<FileStamp> {
  const st = await handle.stat({ bigint: true });
  return { ino: st.ino, size: st.size, mtimeNs: st.mtimeNs, ctimeNs: st.ctimeNs, generation: readGeneration(head) };
}

/**
 * Reads the stamp of the current file and, when it differs from `known`, the whole text — both
 * through one descriptor, so they describe the same file even if another process renames a new
 * one into place meanwhile.
 */
export async function readIfChanged(
  file: string,
  known: FileStamp | undefined,
  readGeneration: (head: string) => number | undefined,
): Promise<{ stamp: FileStamp; text: string | undefined } | undefined> {
  const handle = await openForRead(file);
  if (handle === undefined) return known === ABSENT ? undefined : { stamp: ABSENT, text: undefined };
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    const stamp = await stampOf(handle, buffer.toString('utf8', 0, bytesRead), readGeneration);
    if (known !== undefined && sameStamp(known, stamp)) return undefined;
    return { stamp, text: await handle.readFile('utf8') };
  } finally {
    await handle.close();
  }
}

/** The stamp of the file as it is now (after our own write, under the lock). */
export async function currentStamp(file: string, generation: number): Promise<FileStamp> {
  const st = await fsp.stat(file, { bigint: true });
  return { ino: st.ino, size: st.size, mtimeNs: st.mtimeNs, ctimeNs: st.ctimeNs, generation };
}

/**
 * Atomic replace: write-file-atomic writes a temp file in the same directory, fsyncs it and
 * renames it over the target; the directory fsync that makes the rename itself durable is ours.
 * `beforeCommit` runs once the temp file exists, before the rename, and may throw to abort.
 */
export async function writeFileDurably(file: string, text: Buffer, beforeCommit: () => void): Promise<void> {
  await writeFileAtomic(file, text, { fsync: true, tmpfileCreated: beforeCommit });
  await fsyncDirectory(dirname(file));
}

/** The same, synchronously, for the `exit` hook where nothing asynchronous runs any more. */
export function writeFileDurablySync(file: string, text: Buffer): void {
  writeFileAtomic.sync(file, text, { fsync: true });
  const fd = openSync(dirname(file), 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await fsp.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** write-file-atomic names its temp files `<file>.<32-bit murmur hash>`. */
function tempFilePattern(file: string): RegExp {
  return new RegExp(`^${basename(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.\\d{1,10}$`);
}

/** Temp files a killed writer left next to the store (they never replace it: the rename did not happen). */
export async function findTempFiles(file: string): Promise<string[]> {
  const dir = dirname(file);
  const pattern = tempFilePattern(file);
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names.filter((name) => pattern.test(name)).map((name) => join(dir, name));
}

/** Removes leftover temp files; call only under the lock, when no writer of ours is mid-write. */
export async function removeFiles(files: readonly string[]): Promise<void> {
  await Promise.all(files.map((f) => fsp.rm(f, { force: true })));
}
