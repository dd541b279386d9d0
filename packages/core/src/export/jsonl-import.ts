import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { CorruptDataError } from '../errors/corrupt-data-error.js';
import { ValidationError } from '../errors/validation-error.js';
import type { PutItem, StorageBackend } from '../types/storage-backend.js';
import { validateIntegerInRange } from '../validation/validate-input.js';
import { lineToEntry, parseHeader, type JsonlHeader } from './entry-record.js';
import type { ProgressCallback } from './transfer-progress.js';

/** Options of an import. */
export interface ImportOptions {
  /**
   * Entries written per `putMany`.
   * @default 500
   */
  readonly batchSize?: number;
  /**
   * What to do with an entry whose (namespace, key) already exists in the target: `overwrite`
   * it, or `skip` it (keeps the target's; makes a re-run after a failure cheap).
   * @default 'overwrite'
   */
  readonly onConflict?: 'overwrite' | 'skip';
  /** Expected entries, for progress (e.g. from the header's source). */
  readonly total?: number;
  /** Called after every batch and at the end. */
  readonly onProgress?: ProgressCallback;
}

/** What an import did. */
export interface ImportSummary {
  /** The export's header. */
  readonly header: JsonlHeader;
  /** Entries read from the input. */
  readonly read: number;
  /** Entries written to the target. */
  readonly imported: number;
  /** Entries already expired by the time they were read (TTL is kept as an absolute expiry). */
  readonly expired: number;
  /** Entries left alone because they existed (`onConflict: 'skip'`). */
  readonly existing: number;
}

/**
 * Reads JSON Lines made by `exportJsonl` into a backend, batch by batch, never holding more than
 * one batch. Values, metadata and embeddings round-trip exactly; each entry's absolute expiry is
 * kept (it is re-armed as the remaining TTL; already expired entries are skipped). Versions and
 * timestamps start afresh in the target, as for any new write. A malformed line stops the import
 * with a `CorruptDataError` naming the line; batches before it stay written.
 *
 * @param source a file path, a readable byte stream, or an iterable of lines
 */
export async function importJsonl(backend: StorageBackend, source: string | Readable | AsyncIterable<string> | Iterable<string>, options: ImportOptions = {}): Promise<ImportSummary> {
  const ctx = { backend: backend.name, operation: 'import' };
  const batchSize = options.batchSize === undefined ? 500 : validateIntegerInRange(options.batchSize, 'batchSize', 1, 100_000, ctx);
  const onConflict = options.onConflict ?? 'overwrite';
  if (onConflict !== 'overwrite' && onConflict !== 'skip') throw new ValidationError('onConflict must be overwrite or skip', ctx);
  let header: JsonlHeader | undefined;
  let lineNumber = 0;
  let read = 0;
  let imported = 0;
  let expired = 0;
  let existing = 0;
  let batch: PutItem[] = [];
  const report = (): void => options.onProgress?.(options.total === undefined ? { phase: 'import', done: read } : { phase: 'import', done: read, total: Math.max(options.total, read) });
  const flush = async (): Promise<void> => {
    let items = batch;
    batch = [];
    if (onConflict === 'skip' && items.length > 0) {
      const found = await backend.getMany(items.map(({ namespace, key }) => ({ namespace, key })));
      items = items.filter((_, i) => found[i] === undefined);
      existing += found.length - items.length;
    }
    if (items.length > 0) await backend.putMany(items);
    imported += items.length;
    report();
  };
  for await (const line of lines(source)) {
    lineNumber++;
    if (line.trim() === '') continue;
    if (header === undefined) {
      header = parseHeader(line, ctx);
      continue;
    }
    const entry = lineToEntry(line, lineNumber, ctx);
    read++;
    let ttlMs: number | undefined;
    if (entry.expiresAt !== undefined) {
      ttlMs = entry.expiresAt - Date.now();
      if (ttlMs <= 0) {
        expired++;
        continue;
      }
    }
    batch.push({ namespace: entry.namespace, key: entry.key, value: entry.value, metadata: entry.metadata, embedding: entry.embedding, ttlMs });
    if (batch.length >= batchSize) await flush();
  }
  if (header === undefined) throw new CorruptDataError('the input is empty: no export header', ctx);
  await flush();
  return { header, read, imported, expired, existing };
}

async function* lines(source: string | Readable | AsyncIterable<string> | Iterable<string>): AsyncGenerator<string> {
  if (typeof source === 'string' || isReadable(source)) {
    const input = typeof source === 'string' ? createReadStream(source, { encoding: 'utf8' }) : source;
    const reader = createInterface({ input, crlfDelay: Infinity });
    try {
      yield* reader;
    } finally {
      reader.close();
      if (typeof source === 'string') input.destroy();
    }
    return;
  }
  // Chunks from exportJsonl hold whole lines (one page each); split them again.
  for await (const chunk of source) for (const line of chunk.split('\n')) yield line;
}

function isReadable(source: unknown): source is Readable {
  return typeof (source as Readable | null)?.pipe === 'function' && typeof (source as Readable).on === 'function';
}
