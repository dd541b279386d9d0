import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const example = fileURLToPath(new URL('../../../packages/conformance/examples/memory-backend.mjs', import.meta.url));
const broken = fileURLToPath(new URL('./fixtures/ttl-ignoring-backend.ts', import.meta.url));

describe('mem conformance', () => {
  it('runs the suite on an initializer module and reports skipped groups with their reasons', async () => {
    const { code, stderr } = await runCli(['conformance', example, '-t', 'basic', '--reporter', 'dot'], { timeoutMs: 60_000 });
    expect(stderr).toMatch(/conformance: [1-9]\d* passed, 0 failed, \d+ groups skipped/);
    expect(stderr).toContain('skipped persistence (reopen): the backend does not declare persistent');
    expect(code).toBe(0);
  });

  it('exits 1 and names the failures of a broken backend', async () => {
    const { code, stderr } = await runCli(['conformance', broken, '-t', 'TTL', '--reporter', 'dot'], { timeoutMs: 60_000 });
    expect(stderr).toMatch(/conformance: \d+ passed, [1-9]\d* failed/);
    expect(stderr).toMatch(/FAILED .*TTL/);
    expect(code).toBe(1);
  });

  it('exits 2 for an initializer that does not exist', async () => {
    const { code, stderr } = await runCli(['conformance', '/no/such/initializer.mjs']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/ConfigError: .*does not exist/);
  });
});
