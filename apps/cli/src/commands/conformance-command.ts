import { runConformance, type ConformanceRunResult } from '@mem/conformance';
import { Command } from 'commander';

/** `mem conformance <module>`: runs the shared suite against the backend an initializer module describes. */
export function conformanceCommand(): Command {
  return new Command('conformance')
    .description('run the conformance suite against a backend described by an initializer module (exports create, and optionally name, destroy, reopen, second, childProcess)')
    .argument('<module>', 'initializer module (.mjs, .js or .ts), e.g. packages/conformance/examples/memory-backend.mjs')
    .option('-t, --test-name-pattern <pattern>', 'only tests whose full name matches, e.g. TTL')
    .option('--reporter <name>', 'vitest reporter: default, verbose, dot, json, ...', 'default')
    .action(async (module: string, opts: { testNamePattern?: string; reporter: string }) => {
      const result = await runConformance({ module, reporter: opts.reporter, ...(opts.testNamePattern !== undefined && { testNamePattern: opts.testNamePattern }) });
      process.stderr.write(summarize(result));
      process.exitCode = result.failed > 0 ? 1 : 0;
    });
}

function summarize(result: ConformanceRunResult): string {
  const lines = ['', `conformance: ${result.passed} passed, ${result.failed} failed, ${result.skipped.length} groups skipped`];
  for (const s of result.skipped) lines.push(`  skipped ${s.group}: ${s.reason}`);
  for (const f of result.failures) lines.push(`  FAILED ${f.test}: ${f.message.split('\n')[0]}`);
  return `${lines.join('\n')}\n`;
}
