import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';

/** The bench app's entry, run from its TypeScript sources. */
export const BENCH_MAIN = fileURLToPath(new URL('../../../bench/src/main.ts', import.meta.url));

/** `mem bench [args...]`: runs apps/bench in a child process, forwarding every argument and the exit code. */
export function benchCommand(): Command {
  return new Command('bench')
    .description('run the side-by-side benchmarks (apps/bench); arguments are forwarded, try: mem bench --help')
    .argument('[args...]', 'arguments for the bench app')
    .helpOption(false)
    .allowUnknownOption()
    .passThroughOptions()
    .action(async (args: string[]) => {
      const child = spawn(process.execPath, ['--conditions=@mem/source', '--import', 'tsx', BENCH_MAIN, ...args], { stdio: 'inherit' });
      const code = await new Promise<number>((resolve, reject) => {
        child.once('error', reject);
        child.once('exit', (status, signal) => resolve(status ?? (signal ? 128 : 1)));
      });
      process.exitCode = code;
    });
}
