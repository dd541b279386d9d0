import { Index } from '@lancedb/lancedb';
import type { MemErrorContext } from '@mem/core';
import { COLUMNS } from './arrow.js';
import { storageFailure, type LanceStore } from './lance-store.js';
import type { ResolvedLanceDbOptions } from './lancedb-backend-options.js';
import { expiredPredicate } from './sql.js';

/** What one `optimize()` did. */
export interface OptimizeReport {
  /** Fragments removed by compaction. */
  readonly fragmentsRemoved: number;
  /** Old table versions deleted. */
  readonly versionsRemoved: number;
  /** Bytes of old files deleted. */
  readonly bytesRemoved: number;
  /** Expired rows deleted first. */
  readonly expiredRemoved: number;
  /** Indexes created by this run (`vec_idx`, `ek_idx`). */
  readonly indexesCreated: readonly string[];
}

const VECTOR_INDEX = `${COLUMNS.vector}_idx`;
const KEY_INDEX = `${COLUMNS.entryKey}_idx`;
// Until this long has passed, an index another process built goes unused (search stays exact, just slower).
const INDEX_CHECK_MS = 10_000;

/** Sweeps expired rows, compacts, drops old versions and builds or refreshes indexes. */
export class Maintenance {
  /** Sweeps run so far. */
  sweeps = 0;
  /** Optimize runs so far. */
  optimizations = 0;
  /** The last background failure, kept for `stats().details` (background work never throws). */
  lastError: string | undefined;
  private running: Promise<OptimizeReport> | undefined;
  private indexed: { value: boolean; at: number } | undefined;

  constructor(
    private readonly store: LanceStore,
    private readonly options: ResolvedLanceDbOptions,
  ) {}

  /** Whether the vector column has an ANN index (cached for a while: another process may build it). */
  async hasVectorIndex(): Promise<boolean> {
    if (this.indexed === undefined || Date.now() - this.indexed.at > INDEX_CHECK_MS) {
      this.indexed = { value: (await this.store.table.listIndices()).some((i) => i.columns.includes(COLUMNS.vector)), at: Date.now() };
    }
    return this.indexed.value;
  }

  /** Deletes rows expired now; returns how many. */
  async sweep(context: MemErrorContext): Promise<number> {
    try {
      const removed = (await this.store.count(expiredPredicate(Date.now()))) > 0 ? await this.store.delete(expiredPredicate(Date.now())) : 0;
      this.sweeps++;
      return removed;
    } catch (cause) {
      throw storageFailure(cause, context);
    }
  }

  /** One optimize at a time; a second caller shares the running one. */
  optimize(context: MemErrorContext): Promise<OptimizeReport> {
    this.running ??= this.run(context).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Resolves once a running optimize has finished (failures are the caller's). */
  async settle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  private async run(context: MemErrorContext): Promise<OptimizeReport> {
    try {
      const expiredRemoved = await this.sweep(context);
      const indexesCreated = await this.buildIndexes();
      const stats = await this.store.table.optimize({ cleanupOlderThan: new Date(Date.now() - this.options.versionRetentionMs) });
      this.optimizations++;
      return {
        fragmentsRemoved: stats.compaction.fragmentsRemoved,
        versionsRemoved: stats.prune.oldVersionsRemoved,
        bytesRemoved: stats.prune.bytesRemoved,
        expiredRemoved,
        indexesCreated,
      };
    } catch (cause) {
      throw storageFailure(cause, context);
    }
  }

  private async buildIndexes(): Promise<string[]> {
    const table = this.store.table;
    const existing = new Set((await table.listIndices()).map((i) => i.name));
    const created: string[] = [];
    if (!existing.has(KEY_INDEX) && (await this.store.count()) > 0) {
      // Point reads, merge-insert joins and cursor ranges use it instead of a full scan.
      await table.createIndex(COLUMNS.entryKey, { config: Index.btree(), name: KEY_INDEX });
      created.push(KEY_INDEX);
    }
    const dimension = await this.store.refreshDimension();
    if (dimension !== undefined && !existing.has(VECTOR_INDEX)) {
      const vectors = await this.store.count(`${COLUMNS.vector} IS NOT NULL`);
      if (vectors >= this.options.indexThreshold) {
        await table.createIndex(COLUMNS.vector, { config: this.vectorIndex(dimension, vectors), name: VECTOR_INDEX });
        created.push(VECTOR_INDEX);
      }
    }
    this.indexed = { value: existing.has(VECTOR_INDEX) || created.includes(VECTOR_INDEX), at: Date.now() };
    return created;
  }

  private vectorIndex(dimension: number, rows: number): Index {
    const numPartitions = this.options.numPartitions ?? Math.max(1, Math.round(Math.sqrt(rows)));
    if (this.options.indexType === 'hnsw_sq') return Index.hnswSq({ distanceType: 'cosine', numPartitions: Math.max(1, Math.round(numPartitions / 16)) });
    return Index.ivfPq({ distanceType: 'cosine', numPartitions, numSubVectors: this.options.numSubVectors ?? defaultSubVectors(dimension) });
  }
}

/**
 * PQ sub-vectors must divide the dimension: the most sub-vectors whose length is still >= 8
 * (384 → 48), or one when no such divisor exists.
 */
export function defaultSubVectors(dimension: number): number {
  for (let length = 8; length <= dimension; length++) if (dimension % length === 0) return dimension / length;
  return 1;
}
