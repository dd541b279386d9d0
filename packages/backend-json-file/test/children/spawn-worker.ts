import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const WORKER = fileURLToPath(new URL('./store-worker.ts', import.meta.url));

/** Starts the worker through tsx, resolving workspace packages to their TypeScript sources. */
export function spawnWorker(mode: 'crash' | 'cas' | 'batched-exit' | 'batched-drain', path: string, count: number): ChildProcess {
  return spawn(process.execPath, ['--conditions=@mem/source', '--import', 'tsx', WORKER, mode, path, String(count)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Resolves with the exit code (or signal) and all output; rejects if the child outlives `timeoutMs` (it is killed). */
export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`worker did not finish within ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
