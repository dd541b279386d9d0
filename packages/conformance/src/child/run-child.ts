import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ChildProcessSpec } from '../conformance-options.js';
import type { ChildStep, ChildStepResult, ChildTask } from './child-protocol.js';

// Source checkouts run the .ts worker; the published package ships the compiled .js next to this file.
function workerPath(): string {
  const ts = fileURLToPath(new URL('./child-worker.ts', import.meta.url));
  return existsSync(ts) ? ts : fileURLToPath(new URL('./child-worker.js', import.meta.url));
}

// Resolved from this package, so children load tsx whatever the caller's working directory is.
function tsxLoader(): string {
  try {
    return import.meta.resolve('tsx');
  } catch {
    return 'tsx';
  }
}

/**
 * Runs steps in a child process that opens the store through `spec.module` (imported through tsx).
 * Rejects with the child's stderr when it fails, and kills it after `timeoutMs`.
 */
export function runChild(spec: ChildProcessSpec, steps: readonly ChildStep[], timeoutMs: number): Promise<ChildStepResult[]> {
  const task: ChildTask = { module: spec.module, args: spec.args, steps };
  const child = spawn(process.execPath, ['--conditions=@mem/source', '--import', tsxLoader(), workerPath(), JSON.stringify(task)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child process did not finish within ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`child process exited with ${code}: ${stderr.slice(-4000)}`));
      try {
        const line = stdout.trim().split('\n').at(-1) ?? '';
        resolve((JSON.parse(line) as { results: ChildStepResult[] }).results);
      } catch {
        reject(new Error(`child process printed no result: ${stdout.slice(-2000)} ${stderr.slice(-2000)}`));
      }
    });
  });
}
