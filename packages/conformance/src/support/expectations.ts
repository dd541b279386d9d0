import type { Entry, ListOptions, MemErrorCode, StorageBackend } from '@mem/core';
import { expect } from 'vitest';

/** What a typed mem error must look like, checked by name and code so two copies of `@mem/core` still agree. */
export interface ExpectedError {
  /** The `MemError` code, e.g. `VALIDATION`. */
  readonly code: MemErrorCode;
  /** The operation the message must name, e.g. `put`. */
  readonly operation?: string;
}

const ERROR_NAMES: Record<MemErrorCode, string> = {
  VALIDATION: 'ValidationError',
  VERSION_CONFLICT: 'VersionConflictError',
  NOT_FOUND: 'NotFoundError',
  BACKEND_UNAVAILABLE: 'BackendUnavailableError',
  AUTHENTICATION: 'AuthenticationError',
  UNSUPPORTED_CAPABILITY: 'UnsupportedCapabilityError',
  CONFIG: 'ConfigError',
  CORRUPT_DATA: 'CorruptDataError',
  STORAGE: 'StorageError',
};

/**
 * Asserts that `action` fails with a typed mem error that names the backend (and the operation,
 * when given). Returns the error for further checks.
 */
export async function expectMemError(backend: StorageBackend, action: () => Promise<unknown>, expected: ExpectedError): Promise<Error & Record<string, unknown>> {
  let outcome: { ok: true; value: unknown } | { ok: false; error: unknown };
  try {
    outcome = { ok: true, value: await action() };
  } catch (error) {
    outcome = { ok: false, error };
  }
  if (outcome.ok) expect.fail(`expected ${ERROR_NAMES[expected.code]} (${expected.code}), but the call succeeded with ${describeValue(outcome.value)}`);
  const error = outcome.error as Error & Record<string, unknown>;
  expect(error, `expected a ${ERROR_NAMES[expected.code]}, got ${String(error)}`).toBeInstanceOf(Error);
  expect(error.code, `error code of: ${error.message}`).toBe(expected.code);
  expect(error.name).toBe(ERROR_NAMES[expected.code]);
  expect(error.message, 'the message names the backend').toContain(backend.name);
  if (expected.operation !== undefined) expect(error.message, 'the message names the operation').toContain(expected.operation);
  return error;
}

function describeValue(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))?.slice(0, 200) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Follows cursors to the end; fails if a page lies about `hasMore` or the scan does not end. */
export async function listAll(backend: StorageBackend, options: Omit<ListOptions, 'cursor'> = {}, maxPages = 10_000): Promise<Entry[]> {
  const out: Entry[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const result = await backend.list(cursor === undefined ? options : { ...options, cursor });
    out.push(...result.entries);
    if (!result.hasMore) {
      expect(result.cursor, 'a last page has no cursor').toBeUndefined();
      return out;
    }
    expect(typeof result.cursor, 'a page with hasMore carries a cursor').toBe('string');
    cursor = result.cursor;
  }
  return expect.fail(`list did not end within ${maxPages} pages`);
}

/** `namespace/key` of an entry, for readable comparisons (segments joined by a character keys never use here). */
export function refOf(entry: { namespace: readonly string[]; key: string }): string {
  return `${JSON.stringify(entry.namespace)} ${JSON.stringify(entry.key)}`;
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits until the wall clock passes `epochMs`. */
export async function sleepUntil(epochMs: number): Promise<void> {
  const left = epochMs - Date.now();
  if (left > 0) await sleep(left + 1);
}

/** Polls `check` every few milliseconds until it returns true; fails after `timeoutMs`. */
export async function eventually(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) expect.fail(`${what}: not true within ${timeoutMs} ms`);
    await sleep(5);
  }
}

/** Number of live entries, read through `stats`. */
export async function countEntries(backend: StorageBackend): Promise<number> {
  return (await backend.stats()).entries;
}
