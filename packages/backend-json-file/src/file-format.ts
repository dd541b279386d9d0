import {
  CorruptDataError,
  base64ToFloat32,
  float32ToBase64,
  compareCodePoints,
  decodeValue,
  VALUE_TAG,
  encodeEntryKey,
  validateKey,
  validateMetadata,
  validateNamespace,
  type MemErrorContext,
} from '@mem/core';
import type { StoredEntry } from './stored-entry.js';

/** The `format` field every store file carries. */
export const FILE_FORMAT = 'mem-json-file';
/** The layout version this code writes and reads. */
export const FORMAT_VERSION = 1;

/** What a store file holds once parsed and checked. */
export interface StoreSnapshot {
  /** +1 on every write by any process: how a writer tells that someone else wrote. */
  readonly generation: number;
  /** The store's embedding dimension, once fixed. */
  readonly dimension: number | undefined;
  /** Every entry, sorted by `ref`, no duplicates (expired ones included: they are swept at the next write). */
  readonly entries: StoredEntry[];
}

const SEPARATOR = Buffer.from(',\n');

/**
 * The file: pretty-printed, entries in (namespace, key) code-point order, values in core's
 * canonical encoding parsed back to JSON (readable, not strings of JSON), embeddings as base64 of
 * little-endian float32 bytes. `generation` sits in the first lines so `readGeneration` finds it
 * cheaply. Each entry's bytes are rendered once and reused, so a flush is mostly one memory copy.
 */
export function renderStoreFile(generation: number, dimension: number | undefined, entries: readonly StoredEntry[]): Buffer {
  const head = `{\n  "format": "${FILE_FORMAT}",\n  "formatVersion": ${FORMAT_VERSION},\n  "generation": ${generation},\n  "dimension": ${dimension ?? null},\n`;
  if (entries.length === 0) return Buffer.from(`${head}  "entries": []\n}\n`);
  const parts: Buffer[] = [Buffer.from(`${head}  "entries": [\n`)];
  let length = parts[0]!.length;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    entry.rendered ??= Buffer.from(renderEntry(entry));
    if (i > 0) parts.push(SEPARATOR);
    parts.push(entry.rendered);
    length += entry.rendered.length + (i > 0 ? SEPARATOR.length : 0);
  }
  const tail = Buffer.from('\n  ]\n}\n');
  parts.push(tail);
  return Buffer.concat(parts, length + tail.length);
}

function renderEntry(entry: StoredEntry): string {
  const lines = [
    `"namespace": ${JSON.stringify(entry.namespace)}`,
    `"key": ${JSON.stringify(entry.key)}`,
    `"version": ${entry.version}`,
    `"createdAt": ${entry.createdAt}`,
    `"updatedAt": ${entry.updatedAt}`,
  ];
  if (entry.expiresAt !== undefined) lines.push(`"expiresAt": ${entry.expiresAt}`);
  if (entry.metadata !== undefined) lines.push(`"metadata": ${JSON.stringify(entry.metadata)}`);
  if (entry.embedding !== undefined) lines.push(`"embedding": "${float32ToBase64(entry.embedding)}"`);
  // JSON text never holds a raw newline inside a string, so re-indenting by line is safe.
  lines.push(`"value": ${JSON.stringify(JSON.parse(entry.encodedValue), null, 2).replaceAll('\n', '\n      ')}`);
  return `    {\n      ${lines.join(',\n      ')}\n    }`;
}


/** Reads `generation` from the first bytes of a file this code wrote; `undefined` when it is not there. */
export function readGeneration(head: string): number | undefined {
  const match = /^\{\s*"format":\s*"[^"]*",\s*"formatVersion":\s*\d+,\s*"generation":\s*(\d+)[,\s]/.exec(head);
  return match ? Number(match[1]) : undefined;
}

/**
 * Parses and checks a whole store file.
 * @throws CorruptDataError naming the file when it is not a complete, valid store file.
 */
export function parseStoreFile(text: string, file: string, context: MemErrorContext): StoreSnapshot {
  const fail = (why: string, cause?: unknown): CorruptDataError =>
    new CorruptDataError(`${file} is not a valid mem JSON file (${why}); it was left untouched — see the README on recovery`, { ...context, cause });
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (cause) {
    throw fail(text.length === 0 ? 'the file is empty' : 'it is not complete JSON; it may be truncated', cause);
  }
  if (!isRecord(root) || root['format'] !== FILE_FORMAT) throw fail(`the top level must be an object with "format": "${FILE_FORMAT}"`);
  const { formatVersion, generation, dimension, entries } = root;
  if (formatVersion !== FORMAT_VERSION) throw fail(`formatVersion ${JSON.stringify(formatVersion)} is not ${FORMAT_VERSION}; a newer mem may have written it`);
  if (!isCount(generation)) throw fail('generation must be a non-negative integer');
  if (dimension !== null && !(isCount(dimension) && dimension > 0)) throw fail('dimension must be null or a positive integer');
  if (!Array.isArray(entries)) throw fail('entries must be an array');
  const parsed = entries.map((raw, i) => {
    try {
      return parseEntry(raw, dimension ?? undefined, context);
    } catch (cause) {
      throw fail(`entries[${i}]: ${cause instanceof Error ? cause.message : String(cause)}`, cause);
    }
  });
  parsed.sort((a, b) => compareCodePoints(a.ref, b.ref));
  for (let i = 1; i < parsed.length; i++) {
    if (parsed[i]!.ref === parsed[i - 1]!.ref) throw fail(`two entries have namespace ${JSON.stringify(parsed[i]!.namespace)} and key ${JSON.stringify(parsed[i]!.key)}`);
  }
  return { generation, dimension: dimension ?? undefined, entries: parsed };
}

function parseEntry(raw: unknown, dimension: number | undefined, context: MemErrorContext): StoredEntry {
  if (!isRecord(raw)) throw new Error('must be an object');
  const namespace = validateNamespace(raw['namespace'], context);
  const key = validateKey(raw['key'], context);
  const { version, createdAt, updatedAt, expiresAt, embedding } = raw;
  if (!isCount(version) || version < 1) throw new Error('version must be a positive integer');
  if (!isTime(createdAt) || !isTime(updatedAt)) throw new Error('createdAt and updatedAt must be finite numbers');
  if (expiresAt !== undefined && !isTime(expiresAt)) throw new Error('expiresAt must be a finite number');
  if (!Object.hasOwn(raw, 'value')) throw new Error('value is missing');
  const encodedValue = JSON.stringify(raw['value']);
  // Plain JSON decodes to itself; only tagged values can be malformed.
  if (encodedValue.includes(`"${VALUE_TAG}"`)) decodeValue(encodedValue, context);
  return {
    ref: encodeEntryKey(namespace, key),
    namespace,
    key,
    encodedValue,
    metadata: validateMetadata(raw['metadata'], context),
    embedding: embedding === undefined ? undefined : parseEmbedding(embedding, dimension),
    version,
    createdAt,
    updatedAt,
    expiresAt,
  };
}

function parseEmbedding(raw: unknown, dimension: number | undefined): Float32Array {
  if (typeof raw !== 'string') throw new Error('embedding must be base64 text');
  const vector = base64ToFloat32(raw);
  if (vector === undefined) throw new Error('embedding must be base64 of whole float32 values');
  if (dimension === undefined || vector.length !== dimension) throw new Error(`embedding has dimension ${vector.length}, the file declares ${dimension ?? 'none'}`);
  if (!vector.every(Number.isFinite)) throw new Error('embedding holds a non-finite number');
  return vector;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
