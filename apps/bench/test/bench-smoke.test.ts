import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { BenchReport } from '../src/index.js';

const run = promisify(execFile);
const main = join(import.meta.dirname, '..', 'src', 'main.ts');
const out = mkdtempSync(join(tmpdir(), 'mem-bench-smoke-'));

afterAll(() => rmSync(out, { recursive: true, force: true }));

// The real CLI in a child process, exactly as `npm run bench` starts it; figures are not asserted
// (this machine is noisy), the structure of what it writes is.
describe('npm run bench -- --quick (smoke)', () => {
  it('runs a small subset end to end and writes JSON, Markdown and SVG', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--conditions=@mem/source', '--import', 'tsx', main, '--quick', '--backends', 'memory', '--workloads', 'get,put-many,cas,durable-put,vector-10k,ttl-churn', '--out', out],
      { timeout: 90_000, maxBuffer: 16 * 1024 * 1024 },
    );
    const written = JSON.parse(stdout.trim().split('\n').at(-1)!) as { json: string; md: string; svg: string; benchmarksMd?: string };
    expect(written.benchmarksMd).toBeUndefined();
    expect(readdirSync(out).sort()).toEqual([written.json, written.md, written.svg].map((f) => f.slice(out.length + 1)).sort());

    const report = JSON.parse(readFileSync(written.json, 'utf8')) as BenchReport;
    expect(report.quick).toBe(true);
    expect(report.command).toContain('--quick');
    expect(report.machine.node).toBe(process.version);
    expect(report.versions['lru-cache']).toMatch(/^\d+\.\d+\.\d+/);
    expect(report.workloads.map((w) => w.id)).toEqual(['get', 'put-many', 'cas', 'durable-put', 'vector-10k', 'ttl-churn']);

    // memory is always available: its own rows, the raw lru-cache and the Keyv peer are measured.
    const memGet = report.results.find((r) => r.workload === 'get' && r.family === 'memory' && r.role === 'ours');
    expect(memGet).toMatchObject({ subject: 'mem memory', unit: 'ops/s', better: 'higher', rawSubject: 'lru-cache', peerSubject: 'keyv (memory)' });
    expect(memGet!.value).toBeGreaterThan(0);
    expect(memGet!.p50Ms).toBeGreaterThan(0);
    expect(memGet!.p99Ms).toBeGreaterThanOrEqual(memGet!.p50Ms!);
    expect(memGet!.vsRaw).toBeCloseTo(memGet!.value / report.results.find((r) => r.workload === 'get' && r.subject === 'lru-cache')!.value, 6);
    const cas = report.results.find((r) => r.workload === 'cas' && r.family === 'memory' && r.role === 'ours');
    expect(cas?.extra?.['lost']).toBe(0);
    const vector = report.results.find((r) => r.workload === 'vector-10k' && r.family === 'memory');
    expect(vector?.extra?.['recallAt10']).toBe(1);
    expect(report.results.some((r) => r.workload === 'vector-10k' && r.subject === 'plain JS brute force')).toBe(true);
    expect(report.results.some((r) => r.workload === 'ttl-churn' && r.family === 'memory' && r.unit === 'growth')).toBe(true);

    // Nothing silently missing: every (family, workload) pair is measured or skipped with a reason.
    for (const family of ['memory']) {
      for (const w of report.workloads) {
        const measured = report.results.some((r) => r.family === family && r.workload === w.id);
        const skipped = report.skipped.some((s) => (s.family === family && (s.workload === w.id || s.workload === '*')));
        expect(measured || skipped, `${family} ${w.id}`).toBe(true);
      }
    }
    expect(report.skipped.find((s) => s.workload === 'durable-put' && s.family === 'memory')?.reason).toBe('not persistent');
    expect(report.skipped.every((s) => s.reason.length > 0)).toBe(true);
    expect(report.targets.length).toBeGreaterThan(5);
    expect(report.targets.find((t) => t.target.startsWith('memory get >= 0.4x'))?.met).toBeTypeOf('boolean');

    const md = readFileSync(written.md, 'utf8');
    expect(md).toContain('## Targets (issue 7)');
    expect(md).toContain('| memory | mem memory | ours |');
    expect(md).toContain('## Not measured');
    const svg = readFileSync(written.svg, 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('memory get');
  }, 120_000);

  it('rejects an unknown workload with the known ones and exit code 2', async () => {
    const failure = await run(process.execPath, ['--conditions=@mem/source', '--import', 'tsx', main, '--workloads', 'nosuch'], { timeout: 30_000 }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toMatch(/unknown workload: nosuch; known: put, get/);
  });
});
