import { base64ToFloat32, float32ToBase64 } from '../codec/float32-base64.js';
import { decodeValue, encodeValue } from '../codec/value-codec.js';
import { CorruptDataError } from '../errors/corrupt-data-error.js';
import type { MemErrorContext } from '../errors/mem-error.js';
import type { Entry, Metadata } from '../types/entry.js';

/** The `format` of the first line of an export file. */
export const JSONL_FORMAT = 'mem-jsonl';
/** The version of the export format this code writes and reads. */
export const JSONL_FORMAT_VERSION = 1;

/** The first line of an export file. */
export interface JsonlHeader {
  /** Always {@link JSONL_FORMAT}. */
  readonly format: typeof JSONL_FORMAT;
  /** Always {@link JSONL_FORMAT_VERSION}. */
  readonly version: number;
  /** When the export started, epoch ms. */
  readonly exportedAt: number;
  /** Name of the backend it came from. */
  readonly source: string;
  /** The namespace prefix exported (`[]` = everything). */
  readonly prefix: readonly string[];
}

/** One entry as read back from a line: what `put` needs, plus the source's bookkeeping. */
export interface ImportedEntry {
  /** The entry's namespace. */
  readonly namespace: string[];
  /** The entry's key. */
  readonly key: string;
  /** The decoded value. */
  readonly value: unknown;
  /** Flat metadata, if any. */
  readonly metadata: Metadata | undefined;
  /** The embedding, exact to the bit. */
  readonly embedding: Float32Array | undefined;
  /** Version in the source store (informational; the target starts its own). */
  readonly version: number;
  /** Creation time in the source store (informational). */
  readonly createdAt: number;
  /** Latest write in the source store (informational). */
  readonly updatedAt: number;
  /** Absolute expiry, epoch ms. */
  readonly expiresAt: number | undefined;
}

/**
 * One entry as one JSON line. The value is the codec's tagged JSON, inlined so the file stays
 * readable; the embedding is base64 of little-endian float32, exact and about 4x smaller than
 * decimal text.
 */
export function entryToLine(entry: Entry): string {
  const fields = {
    namespace: entry.namespace,
    key: entry.key,
    ...(entry.metadata === undefined ? {} : { metadata: entry.metadata }),
    ...(entry.embedding === undefined ? {} : { embedding: float32ToBase64(entry.embedding) }),
    version: entry.version,
    createdAt: entry.createdAt,
    updatedAt: entry.updatedAt,
    ...(entry.expiresAt === undefined ? {} : { expiresAt: entry.expiresAt }),
  };
  const json = JSON.stringify(fields);
  return `${json.slice(0, -1)},"value":${encodeValue(entry.value)}}`;
}

/** Parses one entry line. @throws CorruptDataError naming the line */
export function lineToEntry(line: string, lineNumber: number, context: MemErrorContext): ImportedEntry {
  const fail = (why: string, cause?: unknown): never => {
    throw new CorruptDataError(`line ${lineNumber}: ${why}`, cause === undefined ? context : { ...context, cause });
  };
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch (cause) {
    return fail('not valid JSON', cause);
  }
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return fail('not a JSON object');
  const { namespace, key, metadata, embedding, version, createdAt, updatedAt, expiresAt } = record;
  if (!Array.isArray(namespace) || !namespace.every((s) => typeof s === 'string')) return fail('namespace must be an array of strings');
  if (typeof key !== 'string') return fail('key must be a string');
  if (!('value' in record)) return fail('value is missing');
  if (metadata !== undefined && (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata))) return fail('metadata must be an object');
  if (embedding !== undefined && typeof embedding !== 'string') return fail('embedding must be base64 text');
  for (const [name, n] of Object.entries({ version, createdAt, updatedAt })) if (typeof n !== 'number' || !Number.isFinite(n)) fail(`${name} must be a number`);
  if (expiresAt !== undefined && (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt))) return fail('expiresAt must be a number');
  let value: unknown;
  try {
    value = decodeValue(JSON.stringify(record['value']), context);
  } catch (cause) {
    return fail('value is not a valid encoding', cause);
  }
  return {
    namespace: namespace as string[],
    key,
    value,
    metadata: metadata as Metadata | undefined,
    embedding: embedding === undefined ? undefined : (base64ToFloat32(embedding) ?? fail('embedding is not base64 of float32 values')),
    version: version as number,
    createdAt: createdAt as number,
    updatedAt: updatedAt as number,
    expiresAt: expiresAt as number | undefined,
  };
}

/** Parses and checks the header line. @throws CorruptDataError */
export function parseHeader(line: string, context: MemErrorContext): JsonlHeader {
  let header: Partial<JsonlHeader> | undefined;
  try {
    header = JSON.parse(line) as Partial<JsonlHeader>;
  } catch {
    header = undefined;
  }
  if (header?.format !== JSONL_FORMAT) throw new CorruptDataError(`line 1: not a mem export (expected a header with format "${JSONL_FORMAT}")`, context);
  if (header.version !== JSONL_FORMAT_VERSION) throw new CorruptDataError(`line 1: export format version ${String(header.version)} is not supported (this code reads ${JSONL_FORMAT_VERSION})`, context);
  return header as JsonlHeader;
}

