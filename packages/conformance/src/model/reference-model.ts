import { compareEntryRefs, encodeEntryKey, namespaceStartsWith } from '@mem/core';

/** What the model remembers of one entry. */
export interface ModelEntry {
  /** The entry's namespace. */
  readonly namespace: readonly string[];
  /** The entry's key. */
  readonly key: string;
  /** The value last written. */
  readonly value: unknown;
  /** The version the backend must report. */
  readonly version: number;
  /** Whether the entry carries a (long) expiry. */
  readonly expires: boolean;
}

/** The reference model: a plain map from (namespace, key) to entry, with the contract's version rules. */
export class ReferenceModel {
  private readonly entries = new Map<string, ModelEntry>();

  /** The entry, if it exists. */
  get(namespace: readonly string[], key: string): ModelEntry | undefined {
    return this.entries.get(encodeEntryKey(namespace, key));
  }

  /** Applies a successful write and returns the version it produced. */
  put(namespace: readonly string[], key: string, value: unknown, expires: boolean): number {
    const version = (this.get(namespace, key)?.version ?? 0) + 1;
    this.entries.set(encodeEntryKey(namespace, key), { namespace, key, value, version, expires });
    return version;
  }

  /** Removes an entry; `true` when it existed. */
  delete(namespace: readonly string[], key: string): boolean {
    return this.entries.delete(encodeEntryKey(namespace, key));
  }

  /** Entries under a prefix, in list order. */
  list(prefix: readonly string[]): ModelEntry[] {
    return [...this.entries.values()].filter((e) => namespaceStartsWith(e.namespace, prefix)).sort(compareEntryRefs);
  }

  /** Removes every entry under the prefix; returns how many. */
  clear(prefix: readonly string[]): number {
    const doomed = this.list(prefix);
    for (const e of doomed) this.delete(e.namespace, e.key);
    return doomed.length;
  }

  /** Live entries. */
  get size(): number {
    return this.entries.size;
  }
}
