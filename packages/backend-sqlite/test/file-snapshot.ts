import { readFileSync, statSync } from 'node:fs';

/** Bytes and mtime of a file, to prove an operation left it untouched. */
export function snapshot(path: string): { bytes: Buffer; mtimeMs: number; size: number } {
  const stat = statSync(path);
  return { bytes: readFileSync(path), mtimeMs: stat.mtimeMs, size: stat.size };
}
