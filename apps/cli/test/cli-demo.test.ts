import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('mem demo', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mem-cli-demo-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('walks through every section on the embedded default backend, with no server', async () => {
    // cwd is a scratch folder, so a file-based default backend writes there.
    const { code, stdout, stderr } = await runCli(['demo'], { cwd: dir, env: { MEM_URL: undefined } });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/backend URL: \S+ \(embedded default\)/);
    for (const section of ['1. Store', '2. Retrieve', '3. Search by text', '4. Duplicate detection', '5. TTL expiry', '6. Compare-and-set conflict', '7. Forget and stats']) expect(stdout).toContain(`== ${section}`);
    expect(stdout).toContain('agent planner · user ana · conv conv-1');
    expect(stdout).toContain('agent support · user ana · conv conv-2');
    expect(stdout).toMatch(/read \d+ ms later: gone \(expired\)/);
    expect(stdout).toMatch(/VersionConflictError \(code VERSION_CONFLICT\): .*expected version 1, found version 2/);
    expect(stdout).toMatch(/"the confirmation email did not arrive" in agent support: 2 hits.*\n.*booking confirmation email never arrived/);
    expect(stdout).toMatch(/\(\d+(\.\d+)? ms\)/);
    expect(stdout).toMatch(/done in \d+/);
  });

  it('runs twice on a persistent store, clearing its own earlier memories', async () => {
    const url = `json:${join(dir, 'demo.json')}`;
    const first = await runCli(['demo', '--ttl-ms', '50'], { env: { MEM_URL: url } });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`backend URL: ${url} (MEM_URL)`);
    expect(first.stdout).toContain('cleared what an earlier run left: 0 memories');
    const second = await runCli(['demo', '--ttl-ms', '50'], { env: { MEM_URL: url } });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('cleared what an earlier run left: 10 memories');
    expect(second.stdout).toContain('stats: 10 memories');
  });

  it('exits 2 with the known schemes for an unknown scheme, and no stack trace', async () => {
    const { code, stderr } = await runCli(['demo'], { env: { MEM_URL: 'bogus://x' } });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^mem: ConfigError: unknown backend scheme "bogus:".*known schemes: .*memory:.*sqlite:/m);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 for a malformed URL and for a bad flag, 1 for other failures', async () => {
    expect((await runCli(['demo', '--url', 'no-scheme-here'])).code).toBe(2);
    const badFlag = await runCli(['demo', '--ttl-ms', '0']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain('--ttl-ms must be a positive integer');
    const missing = await runCli(['import', 'memory:', join(dir, 'does-not-exist.jsonl')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^mem: .*ENOENT/m);
  });
});
