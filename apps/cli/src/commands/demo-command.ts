import { Command } from 'commander';
import { positiveInt } from '../cli-options.js';
import { runDemo } from '../demo/run-demo.js';

/** `mem demo`: the walkthrough of an agent's memory. */
export function demoCommand(): Command {
  return new Command('demo')
    .description('walk through an agent\'s memory: store, retrieve, search, TTL expiry, compare-and-set (uses MEM_URL or the embedded default)')
    .option('--url <url>', 'backend URL instead of MEM_URL / the embedded default')
    .option('--ttl-ms <n>', 'TTL of the memory shown expiring', positiveInt('--ttl-ms'), 300)
    .action(async (opts: { url?: string; ttlMs: number }) => {
      await runDemo({ ...(opts.url !== undefined && { url: opts.url }), ttlMs: opts.ttlMs });
    });
}
