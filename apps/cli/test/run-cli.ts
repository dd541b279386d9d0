import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The CLI entry, run from source like `npm start` does. */
export const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
// Absolute, so the CLI can run with any working directory (tsx is resolved from this repo).
const TSX = import.meta.resolve('tsx');

/** What one CLI run produced. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The command line that runs `mem <args>`. */
export function cliCommand(args: readonly string[]): string[] {
  return [process.execPath, '--conditions=@mem/source', '--import', TSX, MAIN, ...args];
}

/**
 * Runs `mem <args>` in a child process; kills it and fails after `timeoutMs`. With `terminal`,
 * runs it under util-linux `script` so stdout and stderr are a pseudo-terminal.
 */
export function runCli(args: readonly string[], options: { env?: Record<string, string | undefined>; cwd?: string; timeoutMs?: number; terminal?: boolean } = {}): Promise<CliResult> {
  const env = { ...process.env, ...options.env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  const [command, ...rest] = options.terminal ? ['script', '-qec', cliCommand(args).map(shellQuote).join(' '), '/dev/null'] : cliCommand(args);
  const child = spawn(command!, rest, { env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`mem ${args.join(' ')} did not finish in ${options.timeoutMs ?? 30_000} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 30_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function shellQuote(arg: string): string {
  return `'${arg.replaceAll("'", "'\\''")}'`;
}
