import type { Embedder } from '../embedder/embedder.js';
import type { StorageBackend } from '../types/storage-backend.js';
import type {
  Memory,
  MemoryContent,
  MemoryPage,
  MemoryQuery,
  MemorySearchHit,
  MemoryStats,
  MemoryType,
  RetrieveOptions,
  SearchMemoryOptions,
  StoreMemoryInput,
  UpdateMemoryInput,
} from './memory-types.js';

/** Scope limits: when a scope holds more memories than allowed, the least valuable are evicted. */
export interface MemoryLimits {
  /** Most memories one exact scope may hold, all types together; absent = no limit. */
  readonly perScope?: number;
  /** Most memories of one type in one exact scope; absent = no limit for that type. */
  readonly perType?: Readonly<Partial<Record<MemoryType, number>>>;
}

/** Options of `MemoryManager` (and `createMemory`, which adds how to find the backend). */
export interface MemoryManagerOptions {
  /** Turns text into vectors for `store` and text `search`; absent = no embeddings (search by vector only). */
  readonly embedder?: Embedder;
  /**
   * Default TTL per type in ms (`null` = never expires); given types replace the built-in ones.
   * @default { working: 43_200_000 (12 h), episodic: null, semantic: null, procedural: null }
   */
  readonly ttlByType?: Readonly<Partial<Record<MemoryType, number | null>>>;
  /** Scope limits with importance-aware LRU eviction. @default no limits */
  readonly limits?: MemoryLimits;
  /**
   * Storing the same content (by hash of its text and value) in the same scope and type returns
   * the existing memory instead of a copy.
   * @default true
   */
  readonly deduplicate?: boolean;
  /**
   * First namespace segment of every memory, so several managers (or other data) can share one backend.
   * @default 'mem'
   */
  readonly root?: string;
  /**
   * Whether `close()` also closes the backend.
   * @default true when the manager opened the backend from a URL, false when it was given one
   */
  readonly closeBackend?: boolean;
}

/**
 * The agent-facing memory interface. One implementation, `MemoryManager`, works over any
 * `StorageBackend`; memories map onto namespaces `[root, 'agent', id, 'user', id, 'conv', id,
 * 'run', id, type]` (absent scope fields left out), so a leading scope is a namespace prefix.
 */
export interface IMemoryManager {
  /** The backend memories live in. */
  readonly backend: StorageBackend;
  /** The embedder used for text, if any. */
  readonly embedder: Embedder | undefined;
  /**
   * Remembers something. Returns the stored memory, or the existing one when the same content is
   * already stored in this scope and type (duplicate detection). May evict others when a scope
   * limit is exceeded. @throws ValidationError for bad input; nothing is written then.
   */
  store<C = MemoryContent>(input: StoreMemoryInput<C>): Promise<Memory<C>>;
  /** One memory by id; `undefined` when absent or expired. */
  get<C = MemoryContent>(id: string): Promise<Memory<C> | undefined>;
  /** Memories matching a query, newest / oldest / most important first, one page at a time. */
  retrieve<C = MemoryContent>(options?: RetrieveOptions): Promise<MemoryPage<C>>;
  /**
   * The memories most similar to a text (through the embedder) or a vector; scope, type and
   * filter apply before top-k. @throws UnsupportedCapabilityError when the backend has no vector search.
   */
  search<C = MemoryContent>(options: SearchMemoryOptions): Promise<MemorySearchHit<C>[]>;
  /**
   * Changes a memory and returns it. @throws NotFoundError when it does not exist;
   * VersionConflictError when `ifVersion` does not match.
   */
  update<C = MemoryContent>(id: string, changes: UpdateMemoryInput<C>): Promise<Memory<C>>;
  /** Deletes one memory; `true` when it existed. @throws VersionConflictError when `ifVersion` does not match. */
  delete(id: string, options?: { readonly ifVersion?: number }): Promise<boolean>;
  /** Deletes every memory matching the query (an empty query = all of this manager's memories); returns how many. */
  forget(query: MemoryQuery): Promise<number>;
  /** Counts by type for a query (scans the matching memories), plus eviction and duplicate counters. */
  stats(query?: MemoryQuery): Promise<MemoryStats>;
  /** Releases the backend if the manager owns it; later calls fail with `BackendUnavailableError`. */
  close(): Promise<void>;
}
