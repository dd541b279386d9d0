import type { Entry, MemErrorContext } from '@mem/core';
import type { CallRunner } from './call-runner.js';
import { decodeEntry, ENTRY_FIELDS } from './entry-codec.js';
import { fetchFields, type RedisStore } from './namespace-scan.js';

/** One queued `get`. */
interface Waiting {
  /** The validated namespace. */
  readonly namespace: string[];
  /** The validated key. */
  readonly key: string;
  /** The Redis key of the entry hash. */
  readonly entryKey: string;
  /** Names the backend and operation in errors. */
  readonly context: MemErrorContext;
  /** Settles the caller's promise with the decoded entry. */
  resolve(entry: Entry | undefined): void;
  /** Settles the caller's promise with an error. */
  reject(error: unknown): void;
}

function settle(waiting: Waiting, row: (Buffer | null)[], now: number): void {
  try {
    waiting.resolve(decodeEntry(waiting.namespace, waiting.key, row, now, waiting.context));
  } catch (error) {
    waiting.reject(error);
  }
}

/**
 * Gathers the `get`s issued in one tick and reads those of one namespace with one fetch script
 * (one command for the server instead of one `HMGET` each, measured 2–3× cheaper); a lone `get`
 * is still one `HMGET`. The wait is one microtask: gets issued by continuations of one batch's
 * callers (the usual pattern under load) land in the same batch.
 */
export class GetBatcher {
  private pending = new Map<string, Waiting[]>();
  private scheduled = false;

  constructor(
    private readonly store: RedisStore,
    private readonly runner: CallRunner,
  ) {}

  /** Queues one read; `entryPrefix` names its namespace (its slot in a cluster). */
  get(namespace: string[], key: string, entryPrefix: string, context: MemErrorContext): Promise<Entry | undefined> {
    return new Promise((resolve, reject) => {
      const waiting: Waiting = { namespace, key, entryKey: entryPrefix + key, context, resolve, reject };
      const group = this.pending.get(entryPrefix);
      if (group === undefined) this.pending.set(entryPrefix, [waiting]);
      else group.push(waiting);
      if (!this.scheduled) {
        this.scheduled = true;
        queueMicrotask(() => this.flush());
      }
    });
  }

  private flush(): void {
    const groups = this.pending;
    this.pending = new Map();
    this.scheduled = false;
    for (const group of groups.values()) this.read(group);
  }

  private read(group: Waiting[]): void {
    const first = group[0]!;
    if (group.length === 1) {
      // A lone get (the serial case): one HMGET, as few promise hops as possible.
      this.runner.run(first.context, () => this.store.client.hmgetBuffer(first.entryKey, ...ENTRY_FIELDS)).then(
        (row) => settle(first, row, Date.now()),
        (error: unknown) => first.reject(error),
      );
      return;
    }
    // One context for the retries of the whole group: the first caller's.
    this.runner
      .run(first.context, () =>
        fetchFields(
          this.store,
          group.map((w) => w.entryKey),
          ENTRY_FIELDS,
        ),
      )
      .then(
        (rows) => {
          const now = Date.now();
          group.forEach((w, i) => settle(w, rows[i]!, now));
        },
        (error: unknown) => {
          for (const w of group) w.reject(error);
        },
      );
  }
}
