import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Path of a fixture module next to the tests. */
export const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** Starts a TypeScript fixture in a child Node process (workspace sources through tsx). */
export function spawnFixture(name: string, args: unknown, identity: { uid?: number; gid?: number } = {}): ChildProcess {
  return spawn(process.execPath, ['--conditions=@mem/source', '--import', 'tsx', fixture(name), JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'pipe'], ...identity });
}

/** Waits for a child to exit within `timeoutMs` (killing it past that) and returns its output. */
export function finished(child: ChildProcess, timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child did not finish within ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
