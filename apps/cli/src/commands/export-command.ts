import { exportToJsonl, redactUrl } from '@mem/core';
import { Command } from 'commander';
import { withBackends } from '../backend-session.js';
import { positiveInt, prefixOption } from '../cli-options.js';
import { withProgress } from '../progress-reporter.js';

/** `mem export <url> [file]`: the store as JSON Lines, to a file or stdout. */
export function exportCommand(): Command {
  return new Command('export')
    .description('export every live entry as JSON Lines (to a file, or stdout when omitted)')
    .argument('<url>', 'backend URL, e.g. sqlite:./.mem/memory.db')
    .argument('[file]', 'output file; omitted or "-" = stdout')
    .addOption(prefixOption())
    .option('--page-size <n>', 'entries read per page', positiveInt('--page-size'), 1000)
    .action(async (url: string, file: string | undefined, opts: { prefix?: string[]; pageSize: number }) => {
      const toStdout = file === undefined || file === '-';
      await withBackends([url], async (backend) => {
        const summary = await withProgress({ label: 'export', phase: 'export' }, (onProgress) =>
          exportToJsonl(backend, toStdout ? process.stdout : file, { prefix: opts.prefix ?? [], pageSize: opts.pageSize, onProgress }),
        );
        process.stderr.write(`exported ${summary.entries} entries (${summary.bytes} bytes) from ${redactUrl(url)}${toStdout ? '' : ` to ${file}`}\n`);
      });
    });
}
