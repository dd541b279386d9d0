import type { Metadata } from '../types/entry.js';
import type { Filter } from '../types/filter.js';

/** The kinds of memory an agent keeps; each has its own default TTL. */
export const MEMORY_TYPES = ['working', 'episodic', 'semantic', 'procedural'] as const;

/** `working`: scratch state of the current task; `episodic`: what happened; `semantic`: facts; `procedural`: how to do things. */
export type MemoryType = (typeof MEMORY_TYPES)[number];

/** The scope fields, in the fixed order they take in the namespace layout. */
export const SCOPE_FIELDS = ['agentId', 'userId', 'conversationId', 'runId'] as const;

/** One scope field name. */
export type ScopeField = (typeof SCOPE_FIELDS)[number];

/**
 * Who a memory belongs to. Any subset of the fields; a stored memory needs at least one. As a
 * query, a scope matches every memory whose scope has these values (other fields free), unless
 * `exactScope` is set.
 */
export interface MemoryScope {
  /** The agent that owns the memory. */
  readonly agentId?: string;
  /** The end user the memory is about or for. */
  readonly userId?: string;
  /** The conversation (thread, session) it came from. */
  readonly conversationId?: string;
  /** One run (task execution) inside a conversation. */
  readonly runId?: string;
}

/** Plain data a memory may hold: a string, or JSON-like data (plus Date, Uint8Array, bigint). */
export type MemoryContent = unknown;

/** A memory as the manager returns it: a fresh object every time. */
export interface Memory<C = MemoryContent> {
  /** Opaque, stable id: pass it to `get`, `update`, `delete`. It encodes the scope and type. */
  readonly id: string;
  /** Who the memory belongs to. */
  readonly scope: MemoryScope;
  /** The kind of memory. */
  readonly type: MemoryType;
  /** What was stored, exactly as given (round-trips like any stored value). */
  content: C;
  /** The text form used for embedding and duplicate detection: the content itself when it is a string. */
  text: string;
  /** The caller's metadata (never the manager's own bookkeeping fields). */
  metadata: Metadata;
  /** 0..1; eviction removes the least important first. */
  importance: number;
  /** Storage version: 1 on create, +1 per update; pass it as `ifVersion` for compare-and-set. */
  version: number;
  /** Epoch ms when the memory was stored (kept across updates and export/import). */
  createdAt: number;
  /** Epoch ms of the latest update. */
  updatedAt: number;
  /** Epoch ms after which the memory is gone; absent = never expires. */
  expiresAt?: number;
}

/** A memory found by `search`. */
export interface MemorySearchHit<C = MemoryContent> {
  /** The memory. */
  readonly memory: Memory<C>;
  /** Cosine similarity of its embedding to the query, in [-1, 1]. */
  readonly score: number;
}

/** What to remember. */
export interface StoreMemoryInput<C = MemoryContent> {
  /** Who it belongs to: at least one field. */
  readonly scope: MemoryScope;
  /** The kind of memory. */
  readonly type: MemoryType;
  /** A string, or plain data; data needs `text` unless its JSON form is a good enough text. */
  readonly content: C;
  /** Text form of non-string content, for embedding and duplicate detection. @default JSON of the content */
  readonly text?: string;
  /** Flat metadata for filters; names used by the manager itself are rejected. */
  readonly metadata?: Metadata;
  /**
   * 0..1.
   * @default 0.5
   */
  readonly importance?: number;
  /** Time to live in ms (positive, finite); `null` = never expires. @default the type's default TTL */
  readonly ttlMs?: number | null;
  /** A ready embedding instead of calling the embedder (same dimension as the store). */
  readonly embedding?: Float32Array | readonly number[];
}

/** Changes to one memory; absent fields stay as they were. */
export interface UpdateMemoryInput<C = MemoryContent> {
  /** New content (re-embedded and re-hashed). */
  readonly content?: C;
  /** New text form (re-embedded). */
  readonly text?: string;
  /** New metadata; replaces the old metadata entirely. */
  readonly metadata?: Metadata;
  /** New importance, 0..1. */
  readonly importance?: number;
  /** New TTL from now; `null` = never expires. @default the remaining TTL is kept */
  readonly ttlMs?: number | null;
  /** Compare-and-set: apply only if the memory's version is this. */
  readonly ifVersion?: number;
}

/** The order of `retrieve`. */
export type MemoryOrder = 'newest' | 'oldest' | 'importance';

/** Which memories `retrieve`, `search`, `forget` and `stats` look at. Everything given is AND-ed. */
export interface MemoryQuery {
  /** Scope to match; absent = every scope. */
  readonly scope?: MemoryScope;
  /**
   * `true`: scope fields not given must be absent (only memories stored with exactly this scope).
   * @default false
   */
  readonly exactScope?: boolean;
  /** One type or several; absent = every type. */
  readonly type?: MemoryType | readonly MemoryType[];
  /** Filter over the caller's metadata, `importance`, `createdAt` and `updatedAt` (the memory's own times). */
  readonly filter?: Filter;
  /** Only memories created at or after this (epoch ms or Date). */
  readonly since?: number | Date;
  /** Only memories created before this (epoch ms or Date). */
  readonly until?: number | Date;
}

/** Options of `retrieve`. */
export interface RetrieveOptions extends MemoryQuery {
  /**
   * Order of the results: `importance` = most important first, then newest.
   * @default 'newest'
   */
  readonly order?: MemoryOrder;
  /**
   * Page size, 1..1000.
   * @default 50
   */
  readonly limit?: number;
  /** The `cursor` of the previous page (same query and order). */
  readonly cursor?: string;
}

/** One page of `retrieve`. */
export interface MemoryPage<C = MemoryContent> {
  /** Memories of this page, in order. */
  readonly memories: Memory<C>[];
  /** Pass to the next call to continue; present exactly when `hasMore`. */
  readonly cursor?: string;
  /** Whether more memories match after this page. */
  readonly hasMore: boolean;
}

/** Options of `search`. */
export interface SearchMemoryOptions extends MemoryQuery {
  /** Query text, embedded with the manager's embedder. Give this or `vector`. */
  readonly text?: string;
  /** Query vector, instead of `text`. */
  readonly vector?: Float32Array | readonly number[];
  /**
   * How many hits.
   * @default 10
   */
  readonly k?: number;
  /** Drop hits scoring below this cosine similarity. */
  readonly minScore?: number;
}

/** What `stats` reports. */
export interface MemoryStats {
  /** Live memories matching the query, by type. */
  readonly byType: Readonly<Record<MemoryType, number>>;
  /** Sum of `byType`. */
  readonly total: number;
  /** Memories evicted by scope limits since this manager was created. */
  readonly evicted: number;
  /** Stores answered with an existing memory (same content, scope and type) since this manager was created. */
  readonly duplicates: number;
  /** The backend's own figures. */
  readonly backend: { readonly name: string; readonly entries: number; readonly namespaces: number };
  /** The embedder's name and dimension, when there is one. */
  readonly embedder?: { readonly name: string; readonly dimension: number };
}
