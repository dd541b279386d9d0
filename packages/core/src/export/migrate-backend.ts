import type { StorageBackend } from '../types/storage-backend.js';
import { exportJsonl, type ExportOptions } from './jsonl-export.js';
import { importJsonl, type ImportOptions, type ImportSummary } from './jsonl-import.js';

/** Options of {@link migrateBackend}. */
export interface MigrateOptions extends Pick<ExportOptions, 'prefix' | 'pageSize'>, Pick<ImportOptions, 'batchSize' | 'onConflict'> {
  /** Called as entries are read from the source and written to the target. */
  readonly onProgress?: ExportOptions['onProgress'];
}

/**
 * Copies every live entry (under `prefix`) from one backend to another through the JSON Lines
 * stream, without a file and without holding the store in memory; same guarantees as an export
 * followed by an import.
 */
export async function migrateBackend(from: StorageBackend, to: StorageBackend, options: MigrateOptions = {}): Promise<ImportSummary> {
  const { onProgress, prefix, pageSize, batchSize, onConflict } = options;
  const source = exportJsonl(from, { ...(prefix && { prefix }), ...(pageSize && { pageSize }), ...(onProgress && { onProgress }) });
  return importJsonl(to, source, { ...(batchSize && { batchSize }), ...(onConflict && { onConflict }), ...(onProgress && { onProgress }) });
}
