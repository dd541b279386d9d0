import { createHash } from 'node:crypto';
import { encodeValue } from '../codec/value-codec.js';
import type { MemErrorContext } from '../errors/mem-error.js';
import { ValidationError } from '../errors/validation-error.js';
import type { Entry, Metadata, MetadataValue } from '../types/entry.js';
import { validateMetadata, validateTtlMs } from '../validation/validate-input.js';
import { encodeMemoryId, META, parseMemoryNamespace } from './memory-layout.js';
import { SCOPE_FIELDS, type Memory, type MemoryScope, type MemoryType } from './memory-types.js';

/** What the manager stores as the entry's value. */
interface StoredMemoryValue {
  /** What the caller stored. */
  content: unknown;
  /** Present only when the text is not the content itself. */
  text?: string;
}

/** Caller metadata names the manager reserves: its own fields and the names filters map onto them. */
const RESERVED = new Set(['importance', 'type']);

/** Validated content with its text form and hash. */
export interface PreparedContent {
  /** The content as given (validated as plain data). */
  readonly content: unknown;
  /** Its text form: the content itself when it is a string, else the given text or the canonical JSON. */
  readonly text: string;
  /** 32 hex digits of SHA-256 over the encoded content and the text: the duplicate-detection key. */
  readonly hash: string;
}

/**
 * Validates content and text and computes the duplicate-detection hash (SHA-256 of the canonical
 * encoding of content and text, so equal data hashes alike whatever object identity it has).
 * @throws ValidationError
 */
export function prepareContent(content: unknown, text: unknown, context: MemErrorContext): PreparedContent {
  if (content === undefined) throw new ValidationError('content is required', context);
  if (text !== undefined && typeof text !== 'string') throw new ValidationError('text must be a string', context);
  const encoded = encodeValue(content, context);
  const textForm = text ?? (typeof content === 'string' ? content : encoded);
  const hash = createHash('sha256').update(encoded).update('\u0000').update(textForm).digest('hex').slice(0, 32);
  return { content, text: textForm, hash };
}

/** The stored value of a memory. */
export function memoryValue(prepared: PreparedContent): StoredMemoryValue {
  return prepared.text === prepared.content ? { content: prepared.content } : { content: prepared.content, text: prepared.text };
}

/** @throws ValidationError unless importance is a finite number in [0, 1]. */
export function validateImportance(importance: unknown, context: MemErrorContext): number {
  if (typeof importance !== 'number' || !Number.isFinite(importance) || importance < 0 || importance > 1) {
    throw new ValidationError(`importance must be a number from 0 to 1, got ${String(importance)}`, context);
  }
  return importance;
}

/** Validates caller metadata and rejects names the manager keeps for itself. @throws ValidationError */
export function validateMemoryMetadata(metadata: unknown, context: MemErrorContext): Metadata {
  const copy = validateMetadata(metadata, context) ?? {};
  for (const key of Object.keys(copy)) {
    if (key.startsWith('mem_') || RESERVED.has(key)) throw new ValidationError(`metadata key ${key} is reserved by the memory manager`, context);
  }
  return copy;
}

/** `null` = never expires; `undefined` = use the fallback. @throws ValidationError */
export function resolveTtl(ttlMs: unknown, fallback: number | null | undefined, context: MemErrorContext): number | undefined {
  if (ttlMs === null) return undefined;
  if (ttlMs === undefined) return fallback ?? undefined;
  return validateTtlMs(ttlMs, context);
}

/** The metadata of the stored entry: the caller's plus the manager's bookkeeping. */
export function entryMetadata(user: Metadata, scope: MemoryScope, type: MemoryType, importance: number, hash: string, createdAt: number, updatedAt: number): Metadata {
  const out: Record<string, MetadataValue> = { ...user, [META.type]: type, [META.importance]: importance, [META.hash]: hash, [META.createdAt]: createdAt, [META.updatedAt]: updatedAt };
  for (const field of SCOPE_FIELDS) {
    const value = scope[field];
    if (value !== undefined) out[META[field]] = value;
  }
  return out;
}

/** Turns a stored entry into a memory; `undefined` when the entry is not a memory of this root. */
export function entryToMemory<C>(root: string, entry: Entry): Memory<C> | undefined {
  const parsed = parseMemoryNamespace(root, entry.namespace);
  const value = entry.value as StoredMemoryValue | null;
  if (parsed === undefined || value === null || typeof value !== 'object' || !('content' in value)) return undefined;
  const meta = entry.metadata ?? {};
  const user: Record<string, MetadataValue> = {};
  for (const key of Object.keys(meta)) if (!key.startsWith('mem_')) user[key] = meta[key]!;
  const memory: Memory<C> = {
    id: encodeMemoryId(entry.namespace, entry.key),
    scope: parsed.scope,
    type: parsed.type,
    content: value.content as C,
    text: typeof value.text === 'string' ? value.text : typeof value.content === 'string' ? value.content : encodeValue(value.content),
    metadata: user,
    importance: numberOr(meta[META.importance], 0.5),
    version: entry.version,
    createdAt: numberOr(meta[META.createdAt], entry.createdAt),
    updatedAt: numberOr(meta[META.updatedAt], entry.updatedAt),
  };
  if (entry.expiresAt !== undefined) memory.expiresAt = entry.expiresAt;
  return memory;
}

function numberOr(value: MetadataValue | undefined, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}
