import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import cliProgress from 'cli-progress';
import { parseBenchArgs, USAGE } from './cli-options.js';
import { writeReport } from './report/write-report.js';
import { runBench, type BenchProgress } from './run-bench.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..', '..');

// Progress goes to stderr (cli-progress draws only on a TTY), so stdout carries just the result paths.
function progressBar(): BenchProgress {
  const bar = new cliProgress.SingleBar(
    { format: 'bench {bar} {value}/{total} | {duration_formatted} | {task}', stream: process.stderr, hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  return {
    start: (total) => bar.start(total, 0, { task: 'starting' }),
    update: (done, task) => bar.update(done, { task: task.slice(0, 60) }),
    stop: () => bar.stop(),
  };
}

async function main(): Promise<number> {
  let options;
  try {
    options = parseBenchArgs(process.argv.slice(2), join(here, '..', 'results'));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const report = await runBench(options, progressBar());
  const written = writeReport(report, options.outDir, options.writeBenchmarksMd ? join(repoRoot, 'BENCHMARKS.md') : undefined);
  process.stdout.write(`${JSON.stringify(written)}\n`);
  for (const s of report.skipped) process.stderr.write(`skipped ${s.workload} ${s.family}${s.subject ? ` ${s.subject}` : ''}: ${s.reason}\n`);
  return 0;
}

process.exitCode = await main();
