import { migrateBackend, redactUrl } from '@mem/core';
import { Command } from 'commander';
import { withBackends } from '../backend-session.js';
import { batchSizeOption, prefixOption, skipExistingOption } from '../cli-options.js';
import { withProgress } from '../progress-reporter.js';

/** `mem migrate <fromUrl> <toUrl>`: streams every live entry from one backend into another. */
export function migrateCommand(): Command {
  return new Command('migrate')
    .description('copy every live entry from one backend to another (streamed, no file)')
    .argument('<fromUrl>', 'source backend URL')
    .argument('<toUrl>', 'target backend URL')
    .addOption(prefixOption())
    .addOption(batchSizeOption())
    .addOption(skipExistingOption())
    .action(async (fromUrl: string, toUrl: string, opts: { prefix?: string[]; batchSize: number; skipExisting?: boolean }) => {
      await withBackends([fromUrl, toUrl], async (from, to) => {
        const summary = await withProgress({ label: 'migrate', phase: 'import' }, (onProgress) =>
          migrateBackend(from!, to!, { prefix: opts.prefix ?? [], batchSize: opts.batchSize, onConflict: opts.skipExisting ? 'skip' : 'overwrite', onProgress }),
        );
        process.stderr.write(`migrated ${summary.imported} of ${summary.read} entries from ${redactUrl(fromUrl)} to ${redactUrl(toUrl)} (${summary.expired} expired on the way, ${summary.existing} kept as they were)\n`);
      });
    });
}
