import type { ProgressCallback, TransferProgress } from '@mem/core';
import cliProgress from 'cli-progress';

/** Shows transfer progress on stderr: a bar on a terminal, a plain line every few seconds otherwise. */
export interface ProgressReporter {
  /** Pass to export / import / migrate. */
  readonly onProgress: ProgressCallback;
  /** Ends the bar (or prints the final line). */
  stop(): void;
}

/** Options of {@link createProgressReporter}. */
export interface ProgressReporterOptions {
  /** Word shown before the figures, e.g. `export`. */
  readonly label: string;
  /** Which phase's `done` count is shown; the total may come from either phase. */
  readonly phase: TransferProgress['phase'];
  /** Where to draw. @default process.stderr */
  readonly stream?: NodeJS.WriteStream;
  /** Least time between plain lines when not on a terminal, in ms. @default 2000 */
  readonly intervalMs?: number;
}

/** A bar when `stream` is a TTY (so pipes and logs never get control codes), periodic lines otherwise. */
export function createProgressReporter(options: ProgressReporterOptions): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  let total: number | undefined;
  let done = 0;
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream, format: `${options.label} [{bar}] {percentage}% | {value}/{total} entries | {duration_formatted}`, hideCursor: true, clearOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      onProgress: (p) => {
        if (p.total !== undefined) total = p.total;
        if (p.phase !== options.phase) return;
        done = p.done;
        const shownTotal = Math.max(total ?? done, done, 1);
        if (!started) {
          bar.start(shownTotal, done);
          started = true;
        } else {
          bar.setTotal(shownTotal);
          bar.update(done);
        }
      },
      stop: () => {
        if (started) bar.stop();
      },
    };
  }
  const intervalMs = options.intervalMs ?? 2000;
  let lastLine = 0;
  let printed: string | undefined;
  const line = (): void => {
    const text = `${options.label}: ${done}${total === undefined ? '' : `/${total}`} entries\n`;
    if (text !== printed) stream.write(text);
    printed = text;
  };
  return {
    onProgress: (p) => {
      if (p.total !== undefined) total = p.total;
      if (p.phase !== options.phase) return;
      done = p.done;
      const now = Date.now();
      if (now - lastLine >= intervalMs) {
        lastLine = now;
        line();
      }
    },
    stop: line,
  };
}

/** Runs a transfer with a reporter and always stops it, so a failure never leaves a half-drawn bar. */
export async function withProgress<T>(options: ProgressReporterOptions, run: (onProgress: ProgressCallback) => Promise<T>): Promise<T> {
  const reporter = createProgressReporter(options);
  try {
    return await run(reporter.onProgress);
  } finally {
    reporter.stop();
  }
}
