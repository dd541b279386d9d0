import type { Database } from 'better-sqlite3';
import type { FixedStatements } from './statement-cache.js';

/** Knobs of the background work. */
export interface MaintenanceOptions {
  /** Sweep period in ms. */
  readonly sweepIntervalMs: number;
  /** Rows deleted per sweep transaction. */
  readonly sweepBatchSize: number;
  /** Checkpoint period in ms; 0 = none (`:memory:`, read-only). */
  readonly checkpointIntervalMs: number;
  /** Whether this connection may write. */
  readonly writable: boolean;
}

/** Counters reported by `stats().details`. */
export interface MaintenanceCounters {
  sweeps: number;
  sweptRows: number;
  checkpoints: number;
  walTruncations: number;
  lastWalFrames: number;
  lastError: string;
}

// One sweep tick deletes at most this many batches, so the event loop is never held for long.
const MAX_BATCHES_PER_TICK = 8;

/**
 * The TTL sweeper and the periodic WAL checkpoint. Both run on unref'd timers, so they never
 * keep a process alive; a tick that finds the database locked simply tries again next period.
 */
export class SqliteMaintenance {
  readonly counters: MaintenanceCounters = { sweeps: 0, sweptRows: 0, checkpoints: 0, walTruncations: 0, lastWalFrames: 0, lastError: '' };
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly db: Database,
    private readonly statements: FixedStatements,
    private readonly options: MaintenanceOptions,
    private readonly busyTimeoutMs: number,
  ) {}

  start(): void {
    if (!this.options.writable) return;
    this.timers.push(setInterval(() => this.guard(() => this.sweep()), this.options.sweepIntervalMs).unref());
    if (this.options.checkpointIntervalMs > 0) {
      this.timers.push(setInterval(() => this.guard(() => this.checkpoint()), this.options.checkpointIntervalMs).unref());
    }
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers.length = 0;
  }

  /** Physically deletes expired rows (index-driven on `expires_at`); returns how many. */
  sweep(now: number = Date.now()): number {
    let removed = 0;
    for (let i = 0; i < MAX_BATCHES_PER_TICK; i++) {
      const { changes } = this.statements.sweep.run(now, this.options.sweepBatchSize);
      removed += changes;
      if (changes < this.options.sweepBatchSize) break;
    }
    this.counters.sweeps++;
    this.counters.sweptRows += removed;
    return removed;
  }

  /**
   * Copies the WAL back into the database without waiting for readers (PASSIVE); when everything
   * was copied, truncates the WAL file, again without waiting (busy timeout 0 for that call), so a
   * long reader delays the truncation to a later tick instead of blocking this process.
   */
  checkpoint(): { walFrames: number; truncated: boolean } {
    const passive = this.db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
    const { log, checkpointed } = passive[0]!;
    this.counters.checkpoints++;
    this.counters.lastWalFrames = log;
    let truncated = false;
    if (log > 0 && checkpointed === log) {
      this.db.pragma('busy_timeout = 0');
      try {
        const result = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
        truncated = result[0]!.busy === 0;
      } finally {
        this.db.pragma(`busy_timeout = ${this.busyTimeoutMs}`);
      }
      if (truncated) this.counters.walTruncations++;
    }
    return { walFrames: log, truncated };
  }

  private guard(work: () => unknown): void {
    try {
      if (this.db.open) work();
    } catch (error) {
      // A busy database or a full disk must not crash the host process from a timer.
      this.counters.lastError = error instanceof Error ? error.message : String(error);
    }
  }
}
