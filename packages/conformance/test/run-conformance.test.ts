import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runConformance, type ConformanceRunResult } from '../src/index.js';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const CLI = here('./fixtures/run-conformance-cli.ts');

// runConformance starts vitest itself, so it runs in a process of its own, as the CLI would.
function runInChild(module: string, pattern?: string): Promise<ConformanceRunResult> {
  const child = spawn(process.execPath, ['--conditions=@mem/source', '--import', 'tsx', CLI, module, 'dot', ...(pattern ? [pattern] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 100_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code !== 0 || !line) return reject(new Error(`runner exited ${code}: ${err.slice(-3000)} ${out.slice(-2000)}`));
      resolve(JSON.parse(line.slice('RESULT '.length)) as ConformanceRunResult);
    });
  });
}

describe('runConformance (what `mem conformance <module>` runs)', () => {
  it('runs the whole suite on the example initializer and reports skipped groups with reasons', async () => {
    const result = await runInChild(here('../examples/memory-backend.mjs'));
    expect(result.failures).toEqual([]);
    expect(result.failed).toBe(0);
    expect(result.passed).toBeGreaterThanOrEqual(150);
    expect(result.skipped.map((s) => s.group).sort()).toEqual(['cross-process', 'persistence (reopen)', 'two instances on one store']);
    for (const s of result.skipped) expect(s.reason).toMatch(/declare|hook/);
  }, 120_000);

  it('reports the failures of a broken backend (a TypeScript initializer) without throwing', async () => {
    const result = await runInChild(here('./fixtures/ttl-ignoring-initializer.ts'), 'TTL');
    expect(result.failed).toBeGreaterThan(5);
    expect(result.failures.every((f) => f.test.includes('TTL'))).toBe(true);
    expect(result.failures.map((f) => f.message).join('\n')).toContain('expiresAt');
  }, 120_000);

  it('rejects an initializer path that does not exist with a ConfigError', async () => {
    await expect(runConformance({ module: here('./fixtures/does-not-exist.mjs') })).rejects.toMatchObject({ code: 'CONFIG' });
  });
});
