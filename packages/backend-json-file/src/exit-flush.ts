/** Something with writes that must not be lost when the process ends. */
export interface ExitFlushTarget {
  /** Called on `beforeExit`, while the event loop still runs. */
  flushBeforeExit(): Promise<void>;
  /** Called on `exit`, where only synchronous work happens. */
  flushOnExit(): void;
}

// One listener pair for all open batched stores, so many stores never trip MaxListenersExceededWarning.
const targets = new Set<ExitFlushTarget>();

function onBeforeExit(): void {
  for (const target of targets) void target.flushBeforeExit().catch(() => undefined);
}

function onExit(): void {
  for (const target of targets) {
    try {
      target.flushOnExit();
    } catch {
      // Nothing can be reported once the process is exiting; other stores still get their flush.
    }
  }
}

/** Flushes `target` when the process ends; undone by `unregisterExitFlush` (on `close`). */
export function registerExitFlush(target: ExitFlushTarget): void {
  if (targets.size === 0) {
    process.on('beforeExit', onBeforeExit);
    process.on('exit', onExit);
  }
  targets.add(target);
}

/** Removes the hook `registerExitFlush` added; the process listeners go with the last target. */
export function unregisterExitFlush(target: ExitFlushTarget): void {
  if (!targets.delete(target) || targets.size > 0) return;
  process.off('beforeExit', onBeforeExit);
  process.off('exit', onExit);
}
