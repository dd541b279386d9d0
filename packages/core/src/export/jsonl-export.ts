import { createWriteStream } from 'node:fs';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Namespace } from '../types/entry.js';
import type { StorageBackend } from '../types/storage-backend.js';
import { validateIntegerInRange, validateNamespace } from '../validation/validate-input.js';
import { entryToLine, JSONL_FORMAT, JSONL_FORMAT_VERSION, type JsonlHeader } from './entry-record.js';
import type { ProgressCallback } from './transfer-progress.js';

/** Options of an export. */
export interface ExportOptions {
  /**
   * Only entries under this namespace prefix.
   * @default [] (everything)
   */
  readonly prefix?: Namespace;
  /**
   * Entries read per `list` page; bounds the memory an export uses.
   * @default 1000
   */
  readonly pageSize?: number;
  /** Called after every page and at the end. */
  readonly onProgress?: ProgressCallback;
}

/**
 * Streams a backend as JSON Lines: a header line, then one line per live entry in list order,
 * each ending in `\n`. Reads one page at a time, so the store is never held in memory.
 */
export async function* exportJsonl(backend: StorageBackend, options: ExportOptions = {}): AsyncGenerator<string> {
  const ctx = { backend: backend.name, operation: 'export' };
  const prefix = validateNamespace(options.prefix ?? [], ctx, true);
  const limit = options.pageSize === undefined ? 1000 : validateIntegerInRange(options.pageSize, 'pageSize', 1, 100_000, ctx);
  const total = prefix.length === 0 ? (await backend.stats()).entries : undefined;
  const header: JsonlHeader = { format: JSONL_FORMAT, version: JSONL_FORMAT_VERSION, exportedAt: Date.now(), source: backend.name, prefix };
  yield `${JSON.stringify(header)}\n`;
  let done = 0;
  let cursor: string | undefined;
  do {
    const page = await backend.list({ prefix, cursor, limit });
    // One string per page keeps the number of stream writes low without holding more than a page.
    if (page.entries.length > 0) yield page.entries.map((e) => `${entryToLine(e)}\n`).join('');
    done += page.entries.length;
    options.onProgress?.(total === undefined ? { phase: 'export', done } : { phase: 'export', done, total: Math.max(total, done) });
    cursor = page.cursor;
  } while (cursor !== undefined);
}

/** What an export wrote. */
export interface ExportSummary {
  /** Entries written. */
  readonly entries: number;
  /** Bytes written (UTF-8). */
  readonly bytes: number;
}

/** Writes an export to a file path or a writable stream, with backpressure. */
export async function exportToJsonl(backend: StorageBackend, destination: string | Writable, options: ExportOptions = {}): Promise<ExportSummary> {
  let entries = 0;
  let bytes = 0;
  const counted = async function* (): AsyncGenerator<string> {
    for await (const chunk of exportJsonl(backend, { ...options, onProgress: (p) => { entries = p.done; options.onProgress?.(p); } })) {
      bytes += Buffer.byteLength(chunk);
      yield chunk;
    }
  };
  const sink = typeof destination === 'string' ? createWriteStream(destination) : destination;
  // A stream the caller passed (stdout, a socket) stays open for them; a file we opened is closed.
  await pipeline(Readable.from(counted()), sink, { end: typeof destination === 'string' });
  return { entries, bytes };
}
