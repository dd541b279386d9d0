import { assertOpen, BackendUnavailableError, type MemErrorContext } from '@mem/core';
import { Cluster, type Redis } from 'ioredis';
import { withDeadline } from './redis-connection.js';
import { isRedirection, toMemError } from './redis-errors.js';

/**
 * Runs the backend's calls: maps ioredis errors to mem's, and retries connection failures
 * (and cluster redirections) until `commandTimeoutMs` has passed since the call began. Writes
 * carry an operation id, so a retry never applies one twice.
 */
export class CallRunner {
  /** Attempts repeated after a transient failure, for `stats().details`. */
  retries = 0;
  private closed = false;
  // A single client we built never queues offline and times out each command itself; a cluster
  // client (or one passed in) may queue while it reconnects, so its wait needs a bound of its own.
  private readonly queues: boolean;

  constructor(
    private readonly client: Redis | Cluster,
    owned: boolean,
    private readonly commandTimeoutMs: number,
  ) {
    this.queues = client instanceof Cluster || !owned;
  }

  /** Later calls fail with `BackendUnavailableError`; calls waiting to retry give up. */
  close(): void {
    this.closed = true;
  }

  /** Whether `close` was called. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** @throws BackendUnavailableError when closed. */
  assertOpen(context: MemErrorContext): void {
    assertOpen(this.closed, context);
  }

  /** Never throws synchronously: callers such as the get batcher run it outside any `try`. */
  run<T>(context: MemErrorContext, work: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new BackendUnavailableError('backend is closed', context));
    const deadline = Date.now() + this.commandTimeoutMs;
    // The common case (first attempt succeeds) stays one promise deep: no async frames.
    return this.attempt(context, work, deadline).catch((error: unknown) => this.retry(context, work, deadline, error));
  }

  private attempt<T>(context: MemErrorContext, work: () => Promise<T>, deadline: number): Promise<T> {
    let started: Promise<T>;
    try {
      started = work();
    } catch (error) {
      return Promise.reject(error as Error);
    }
    if (!this.queues) return started;
    return withDeadline(started, Math.max(1, deadline - Date.now()), () => new BackendUnavailableError(`no reply within ${this.commandTimeoutMs} ms; the operation may or may not have been applied`, context));
  }

  private async retry<T>(context: MemErrorContext, work: () => Promise<T>, deadline: number, firstError: unknown): Promise<T> {
    let error = firstError;
    for (let attempt = 1; ; attempt++) {
      const mapped = toMemError(error, context);
      const pause = Math.min(25 * attempt, 250);
      if (!(mapped instanceof BackendUnavailableError) || this.closed || Date.now() + pause >= deadline) throw mapped;
      this.retries++;
      if (isRedirection(error) && this.client instanceof Cluster) this.client.refreshSlotsCache();
      await new Promise((resolve) => setTimeout(resolve, pause));
      assertOpen(this.closed, context);
      try {
        return await this.attempt(context, work, deadline);
      } catch (next) {
        error = next;
      }
    }
  }
}
