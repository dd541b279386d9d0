import { importJsonl, redactUrl } from '@mem/core';
import { Command } from 'commander';
import { withBackends } from '../backend-session.js';
import { batchSizeOption, skipExistingOption } from '../cli-options.js';
import { withProgress } from '../progress-reporter.js';

/** `mem import <url> <file>`: loads a JSON Lines export into a backend. */
export function importCommand(): Command {
  return new Command('import')
    .description('import a JSON Lines export into a backend (values, metadata, embeddings, absolute expiry)')
    .argument('<url>', 'target backend URL')
    .argument('<file>', 'export file; "-" = stdin')
    .addOption(batchSizeOption())
    .addOption(skipExistingOption())
    .action(async (url: string, file: string, opts: { batchSize: number; skipExisting?: boolean }) => {
      await withBackends([url], async (backend) => {
        const summary = await withProgress({ label: 'import', phase: 'import' }, (onProgress) =>
          importJsonl(backend, file === '-' ? process.stdin : file, { batchSize: opts.batchSize, onConflict: opts.skipExisting ? 'skip' : 'overwrite', onProgress }),
        );
        process.stderr.write(`imported ${summary.imported} of ${summary.read} entries into ${redactUrl(url)} (${summary.expired} already expired, ${summary.existing} kept as they were)\n`);
      });
    });
}
