import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLanceDbBackend, type LanceDbBackend, type LanceDbBackendOptions } from '../../src/index.js';

const made: string[] = [];

/** A fresh directory for one store; removed by `removeTempStores`. */
export function tempStorePath(label = 'store'): string {
  const dir = mkdtempSync(join(tmpdir(), `mem-lancedb-${label}-`));
  made.push(dir);
  return dir;
}

/** A backend on a fresh directory. */
export async function openTempBackend(options: Partial<LanceDbBackendOptions> = {}): Promise<LanceDbBackend> {
  return createLanceDbBackend({ path: tempStorePath(), ...options });
}

/** Deletes every directory `tempStorePath` made. */
export function removeTempStores(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
