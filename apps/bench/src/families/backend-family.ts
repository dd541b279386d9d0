import type { StorageBackend } from '@mem/core';
import type { Footprint, KvSubject } from '../subjects/kv-subject.js';

/** Which configuration of our backend a workload needs. */
export type OursVariant = 'default' | 'durable' | 'churn';

/** A backend of ours with the raw library under it and the peers a user would pick instead. */
export interface BackendFamily {
  /** Name used by `--backends`, e.g. `sqlite`. */
  readonly name: string;
  /** Opens a fresh, empty store of our backend in this variant; throws when the backend cannot be loaded. */
  openBackend(variant: OursVariant, options?: Readonly<Record<string, unknown>>): Promise<StorageBackend>;
  /** Physical footprint of the store last opened (expired entries included), for TTL churn. */
  oursFootprint?(backend: StorageBackend): Promise<Footprint> | Footprint;
  /** Lives in this process, so LangGraph's InMemoryStore is its peer in the agent (mixed) workload. */
  readonly inProcess?: boolean;
  /** Raw libraries doing the same work; the first one is the baseline of the ours/raw ratio. */
  readonly raws: readonly (() => KvSubject)[];
  /** Peers; the first is the baseline of the ours/peer ratio. */
  readonly peers: readonly (() => KvSubject)[];
  /** The raw library in the durable mode, baseline of `durable-put`. */
  readonly durableRaw?: () => KvSubject;
  /** Why `durable-put` does not apply, when it does not. */
  readonly durableSkip?: string;
  /** Options for the store a vector workload bulk-loads (e.g. no background optimize during the load). */
  readonly vectorOptions?: Readonly<Record<string, unknown>>;
  /** Largest vector workload this family runs, and why not more (e.g. a JSON file of 100k × 384 floats). */
  readonly vectorLimit?: { readonly count: number; readonly reason: string };
  /** Stops servers and removes temp files. */
  dispose(): Promise<void>;
}
