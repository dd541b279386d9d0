import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackend, type Entry, type StorageBackend } from '@mem/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

// util-linux `script` gives the CLI a pseudo-terminal; without it the bar test cannot run (in CI it must).
const hasScript = spawnSync('script', ['--version']).status === 0 || process.env['CI'] === 'true';
if (!hasScript) console.warn('cli-transfer: util-linux `script` not found, so the terminal progress-bar test is skipped');

const value = { when: new Date(1_700_000_000_000), bytes: new Uint8Array([9, 8, 7]), big: 2n ** 70n, text: 'a "quoted"\nline' };

async function entries(url: string): Promise<Entry[]> {
  const backend = await createBackend(url);
  try {
    return (await backend.list({ limit: 1000 })).entries;
  } finally {
    await backend.close();
  }
}

function comparable(list: Entry[]): unknown[] {
  return list.map((e) => ({ namespace: e.namespace, key: e.key, value: e.value, metadata: e.metadata, embedding: e.embedding && [...e.embedding], expires: e.expiresAt !== undefined }));
}

describe('mem export / import / migrate / inspect', () => {
  let dir: string;
  let sourceUrl: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mem-cli-transfer-'));
    sourceUrl = `json:${join(dir, 'source.json')}`;
    const source: StorageBackend = await createBackend(sourceUrl);
    await source.put(['agent', 'a:1'], 'fact', value, { metadata: { topic: 'x', score: 2 }, embedding: [0.5, -1, 0.25] });
    await source.put(['agent', 'a:1'], 'fact', value, { metadata: { topic: 'x', score: 2 }, embedding: [0.5, -1, 0.25] });
    await source.put(['agent', 'b'], '\u{1F600}', 'emoji key', { ttlMs: 3_600_000 });
    for (let i = 0; i < 40; i++) await source.put(['bulk'], `k${i}`, i, { embedding: [1, i, 0] });
    await source.close();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('exports to a JSON Lines file and imports it into another backend, exactly', async () => {
    const file = join(dir, 'export.jsonl');
    const exported = await runCli(['export', sourceUrl, file, '--page-size', '7']);
    expect(exported.stderr).toContain(`exported 42 entries`);
    expect(exported.code).toBe(0);
    // Not a terminal: plain progress lines, never bar control codes.
    expect(exported.stderr).toMatch(/^export: \d+\/42 entries$/m);
    expect(exported.stderr).not.toContain('\u001b[');
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(43);
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'mem-jsonl', source: 'json' });

    const targetUrl = `json:${join(dir, 'target.json')}`;
    const imported = await runCli(['import', targetUrl, file, '--batch-size', '10']);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toContain('imported 42 of 42 entries');
    expect(comparable(await entries(targetUrl))).toEqual(comparable(await entries(sourceUrl)));
    const fact = (await entries(targetUrl)).find((e) => e.key === 'fact')!;
    expect(fact.value).toEqual(value);
    expect(fact.version).toBe(1);
  });

  it('exports to stdout and imports from a file with --skip-existing', async () => {
    const out = await runCli(['export', sourceUrl, '--prefix', 'agent']);
    expect(out.code).toBe(0);
    const lines = out.stdout.trim().split('\n');
    expect(lines.slice(1).map((l) => (JSON.parse(l) as { key: string }).key)).toEqual(['fact', '\u{1F600}']);
    const again = await runCli(['import', `json:${join(dir, 'target.json')}`, join(dir, 'export.jsonl'), '--skip-existing']);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('imported 0 of 42 entries');
    expect(again.stderr).toContain('42 kept as they were');
  });

  it.skipIf(!hasScript)('draws a progress bar when stderr is a terminal', async () => {
    const { code, stdout } = await runCli(['export', sourceUrl, join(dir, 'tty.jsonl')], { terminal: true });
    expect(code).toBe(0);
    // Under `script`, stderr reaches us through the terminal, i.e. on stdout.
    expect(stdout).toMatch(/export \[.*\] 100% \| 42\/42 entries/);
    expect(stdout).toContain('\u001b[');
  });

  it('migrates between two different backends (json file -> sqlite)', async () => {
    const sqliteUrl = `sqlite:${join(dir, 'migrated.db')}`;
    const migrated = await runCli(['migrate', sourceUrl, sqliteUrl, '--batch-size', '16']);
    expect(migrated.stderr).toContain('migrated 42 of 42 entries');
    expect(migrated.code).toBe(0);
    expect(migrated.stderr).toMatch(/^migrate: 42\/42 entries$/m);
    expect(comparable(await entries(sqliteUrl))).toEqual(comparable(await entries(sourceUrl)));
  });

  it('inspects capabilities, counts and namespaces, as text and JSON', async () => {
    const text = await runCli(['inspect', sourceUrl, '--depth', '1']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^backend\s+json \(json:/m);
    expect(text.stdout).toMatch(/^capabilities persistent=true/m);
    expect(text.stdout).toMatch(/^entries\s+42$/m);
    expect(text.stdout).toContain('  ["agent"]\n  ["bulk"]\n');
    const json = await runCli(['inspect', sourceUrl, '--json']);
    const report = JSON.parse(json.stdout) as { stats: { entries: number }; namespaces: string[][]; namespaceCount: number };
    expect(report.stats.entries).toBe(42);
    expect(report.namespaces).toEqual([['agent', 'a:1'], ['agent', 'b'], ['bulk']]);
  });

  it('forwards arguments and the exit code to the bench app', async () => {
    const help = await runCli(['bench', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout.length).toBeGreaterThan(0);
    const bad = await runCli(['bench', '--no-such-flag']);
    expect(bad.code).toBe(2);
  });
});
