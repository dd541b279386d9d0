import { redactUrl, type Namespace } from '@mem/core';
import { Command } from 'commander';
import { withBackends } from '../backend-session.js';
import { positiveInt } from '../cli-options.js';

/** `mem inspect <url>`: capabilities, live counts and namespaces of a backend. */
export function inspectCommand(): Command {
  return new Command('inspect')
    .description('show a backend\'s capabilities, live counts and namespaces')
    .argument('<url>', 'backend URL')
    .option('--depth <n>', 'truncate namespaces to this many segments', positiveInt('--depth'))
    .option('--limit <n>', 'most namespaces to print', positiveInt('--limit'), 100)
    .option('--json', 'print one JSON object instead of text')
    .action(async (url: string, opts: { depth?: number; limit: number; json?: boolean }) => {
      await withBackends([url], async (backend) => {
        const stats = await backend.stats();
        const namespaces = await backend.listNamespaces(opts.depth === undefined ? {} : { maxDepth: opts.depth });
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ url: redactUrl(url), capabilities: backend.capabilities, stats, namespaces: namespaces.slice(0, opts.limit), namespaceCount: namespaces.length })}\n`);
          return;
        }
        const caps = backend.capabilities;
        const lines = [
          `backend      ${backend.name} (${redactUrl(url)})`,
          `capabilities persistent=${caps.persistent} crossProcess=${caps.crossProcess} vectorSearch=${caps.vectorSearch} atomicBatch=${caps.atomicBatch} maxValueBytes=${caps.maxValueBytes} maxK=${caps.maxK}${caps.dimension === undefined ? '' : ` dimension=${caps.dimension}`}`,
          `entries      ${stats.entries}`,
          `namespaces   ${stats.namespaces}`,
          ...(stats.bytes === undefined ? [] : [`bytes        ${stats.bytes}`]),
          ...Object.entries(stats.details ?? {}).map(([k, v]) => `  ${k}: ${String(v)}`),
          '',
          `namespaces${opts.depth === undefined ? '' : ` (first ${opts.depth} segments)`}:`,
          ...namespaces.slice(0, opts.limit).map(formatNamespace),
          ...(namespaces.length > opts.limit ? [`  … and ${namespaces.length - opts.limit} more (--limit)`] : []),
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      });
    });
}

// JSON arrays, because a joined path would hide segments that contain the separator.
function formatNamespace(namespace: Namespace): string {
  return `  ${JSON.stringify(namespace)}`;
}
