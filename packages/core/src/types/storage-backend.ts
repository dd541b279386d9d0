import type { BackendCapabilities } from './capabilities.js';
import type { Entry, EntryRef, Metadata, Namespace, WriteResult } from './entry.js';
import type { Filter } from './filter.js';

/** Options of a single `put`. */
export interface PutOptions {
  /** Flat metadata for filters; replaces any earlier metadata (absent = none). */
  readonly metadata?: Metadata;
  /** Embedding for vector search; replaces any earlier one (absent = none). */
  readonly embedding?: Float32Array | readonly number[];
  /** Time to live in milliseconds: a positive finite number. Absent = never expires (clears an earlier expiry). */
  readonly ttlMs?: number;
  /** Compare-and-set: write only if the current version is this (`0` = must not exist). */
  readonly ifVersion?: number;
}

/** One item of `putMany`. */
export interface PutItem extends EntryRef {
  /** The value to store. */
  readonly value: unknown;
  /** Flat metadata. */
  readonly metadata?: Metadata;
  /** Embedding. */
  readonly embedding?: Float32Array | readonly number[];
  /** Time to live in milliseconds. */
  readonly ttlMs?: number;
}

/** Options of `delete`. */
export interface DeleteOptions {
  /** Compare-and-set: delete only if the current version is this. */
  readonly ifVersion?: number;
}

/** Options of `list`. Results are ordered by namespace (per segment, by code point), then key (by code point). */
export interface ListOptions {
  /**
   * Namespace prefix, matched per segment.
   * @default [] (every namespace)
   */
  readonly prefix?: Namespace;
  /** Only keys that start with this string. */
  readonly keyPrefix?: string;
  /** Only entries that match this filter (applied before the page is cut). */
  readonly filter?: Filter;
  /**
   * Page size, 1..{@link MAX_LIST_LIMIT}.
   * @default 1000
   */
  readonly limit?: number;
  /** The `cursor` of the previous page. */
  readonly cursor?: string;
}

/** One page of `list`. */
export interface ListPage {
  /** Entries of this page, in order. */
  readonly entries: Entry[];
  /** Pass to the next call to continue; present exactly when `hasMore`. */
  readonly cursor?: string;
  /** Whether more entries remain after this page. Never a silent cap. */
  readonly hasMore: boolean;
}

/** Options of `search`. */
export interface SearchOptions {
  /** The query vector: same dimension as the stored embeddings, finite, not all zeros. */
  readonly vector: Float32Array | readonly number[];
  /**
   * How many hits, 1..`capabilities.maxK`.
   * @default 10
   */
  readonly k?: number;
  /**
   * Namespace prefix applied before top-k.
   * @default []
   */
  readonly prefix?: Namespace;
  /** Filter applied before top-k. */
  readonly filter?: Filter;
  /** Drop hits scoring below this cosine similarity. */
  readonly minScore?: number;
}

/** One search hit. */
export interface SearchHit {
  /** The entry that matched. */
  readonly entry: Entry;
  /** Cosine similarity to the query, in [-1, 1]. */
  readonly score: number;
}

/** Options of `listNamespaces`. */
export interface ListNamespacesOptions {
  /**
   * Only namespaces under this prefix.
   * @default []
   */
  readonly prefix?: Namespace;
  /** Truncate namespaces to this depth (results are de-duplicated). */
  readonly maxDepth?: number;
}

/** Counts a backend reports. Expired entries are never counted. */
export interface BackendStats {
  /** The backend's name. */
  readonly backend: string;
  /** Live (unexpired) entries. */
  readonly entries: number;
  /** Distinct namespaces holding live entries. */
  readonly namespaces: number;
  /** Approximate bytes used, when the backend can tell. */
  readonly bytes?: number;
  /** Backend-specific figures (e.g. sweeps run, WAL pages). */
  readonly details?: Readonly<Record<string, number | string | boolean>>;
}

/**
 * The storage trait every backend implements. All inputs are validated before anything is
 * written; errors come from `@mem/core`'s hierarchy and name the backend and the operation.
 */
export interface StorageBackend {
  /** Short backend name used in error messages, e.g. `sqlite`. */
  readonly name: string;
  /** What this backend can do. */
  readonly capabilities: BackendCapabilities;
  /** Reads one entry; `undefined` when absent or expired. */
  get(namespace: Namespace, key: string): Promise<Entry | undefined>;
  /** Reads many entries; results keep the order of `refs`, misses as `undefined`. */
  getMany(refs: readonly EntryRef[]): Promise<(Entry | undefined)[]>;
  /** Creates or replaces an entry. Throws `VersionConflictError` when `ifVersion` does not match. */
  put(namespace: Namespace, key: string, value: unknown, options?: PutOptions): Promise<WriteResult>;
  /** Writes many entries; every item is validated before the first is written. */
  putMany(items: readonly PutItem[]): Promise<WriteResult[]>;
  /** Deletes one entry; `true` when it existed. Throws `VersionConflictError` when `ifVersion` does not match. */
  delete(namespace: Namespace, key: string, options?: DeleteOptions): Promise<boolean>;
  /** Deletes many entries; returns how many existed. */
  deleteMany(refs: readonly EntryRef[]): Promise<number>;
  /** Lists entries in (namespace, key) code-point order, one page at a time. */
  list(options?: ListOptions): Promise<ListPage>;
  /** Top-k by cosine similarity; prefix and filter apply before top-k. Needs `capabilities.vectorSearch !== 'none'`. */
  search(options: SearchOptions): Promise<SearchHit[]>;
  /** Namespaces that hold live entries, sorted. */
  listNamespaces(options?: ListNamespacesOptions): Promise<Namespace[]>;
  /** Removes every entry under the prefix (per segment; `[]` or absent = everything); returns how many. */
  clear(prefix?: Namespace): Promise<number>;
  /** Live counts. */
  stats(): Promise<BackendStats>;
  /** Releases connections, timers and handles. Further calls fail with `BackendUnavailableError`. */
  close(): Promise<void>;
}
