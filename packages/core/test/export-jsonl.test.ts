import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CorruptDataError,
  createBackend,
  exportJsonl,
  exportToJsonl,
  importJsonl,
  migrateBackend,
  ValidationError,
  type Entry,
  type StorageBackend,
  type TransferProgress,
} from '../src/index.js';

const tricky = {
  date: new Date(1_700_000_000_123),
  bytes: new Uint8Array([0, 255, 7]),
  big: -(2n ** 80n),
  negZero: -0,
  text: 'line\nbreak "quoted" \u2028 \u{1F600}',
  nested: [{ $mem: 'not a tag' }, null, false, 0, ''],
};

async function seed(backend: StorageBackend): Promise<void> {
  await backend.put(['a', 'b:c'], 'k1', tricky, { metadata: { kind: 'x', n: 1.5, flag: true, none: null }, embedding: [0.1, -0.25, 1 / 3] });
  await backend.put(['a', 'b:c'], 'k1', tricky, { metadata: { kind: 'x', n: 1.5, flag: true, none: null }, embedding: [0.1, -0.25, 1 / 3] });
  await backend.put(['a'], '\u{10000}', 'a string stays a string');
  await backend.put(['a'], '\uFFFF', 0);
  await backend.put(['z', 'ttl'], 'soon', { v: 1 }, { ttlMs: 60_000 });
  for (let i = 0; i < 25; i++) await backend.put(['bulk'], `k${String(i).padStart(3, '0')}`, i, { embedding: [i + 1, 1, 0] });
}

async function all(backend: StorageBackend): Promise<Entry[]> {
  return (await backend.list({ limit: 1000 })).entries;
}

describe('JSON Lines export / import', () => {
  let dir: string;
  let source: StorageBackend;
  let target: StorageBackend;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mem-export-'));
    source = await createBackend('memory:');
    target = await createBackend('memory:');
  });
  afterEach(async () => {
    await source.close();
    await target.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips values, metadata, embeddings and absolute expiry through a file', async () => {
    await seed(source);
    const file = join(dir, 'out.jsonl');
    const progress: TransferProgress[] = [];
    const written = await exportToJsonl(source, file, { pageSize: 10, onProgress: (p) => progress.push(p) });
    expect(written.entries).toBe(29);
    expect(progress.map((p) => p.done)).toEqual([10, 20, 29]);
    expect(progress.every((p) => p.total === 29 && p.phase === 'export')).toBe(true);
    const text = await readFile(file, 'utf8');
    expect(written.bytes).toBe(Buffer.byteLength(text));
    expect(text.split('\n')).toHaveLength(31);
    expect(JSON.parse(text.split('\n')[0]!)).toMatchObject({ format: 'mem-jsonl', version: 1, source: 'memory', prefix: [] });

    const summary = await importJsonl(target, file, { batchSize: 7 });
    expect(summary).toMatchObject({ read: 29, imported: 29, expired: 0, existing: 0 });
    const before = await all(source);
    const after = await all(target);
    expect(after.map((e) => [e.namespace, e.key])).toEqual(before.map((e) => [e.namespace, e.key]));
    for (let i = 0; i < before.length; i++) {
      const [b, a] = [before[i]!, after[i]!];
      expect(a.value).toEqual(b.value);
      expect(a.metadata).toEqual(b.metadata);
      expect(a.embedding ? [...a.embedding] : undefined).toEqual(b.embedding ? [...b.embedding] : undefined);
      // Expiry is absolute: re-armed as the remaining TTL, so it lands within the test's runtime.
      if (b.expiresAt === undefined) expect(a.expiresAt).toBeUndefined();
      else expect(Math.abs(a.expiresAt! - b.expiresAt)).toBeLessThan(1000);
      expect(a.version).toBe(1);
    }
    const value = (await target.get(['a', 'b:c'], 'k1'))!.value as typeof tricky;
    expect(Object.is(value.negZero, -0)).toBe(true);
    expect(value.big).toBe(-(2n ** 80n));
    expect(value.date).toBeInstanceOf(Date);
    expect(value.bytes).toBeInstanceOf(Uint8Array);
    expect((await target.get(['a'], '\u{10000}'))!.value).toBe('a string stays a string');
  });

  it('streams: reads the next page only when the consumer asks for more', async () => {
    await seed(source);
    let pagesRead = 0;
    const counting = Object.assign(Object.create(source) as StorageBackend, {
      list: async (options: Parameters<StorageBackend['list']>[0]) => {
        pagesRead++;
        return source.list(options);
      },
    });
    const stream = exportJsonl(counting, { pageSize: 5 });
    expect((await stream.next()).value).toContain('"format":"mem-jsonl"');
    expect(pagesRead).toBe(0);
    expect((await stream.next()).value.trim().split('\n')).toHaveLength(5);
    expect(pagesRead).toBe(1);
    await stream.return(undefined);
    expect(pagesRead).toBe(1);
  });

  it('skips entries that expired before they were imported', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      await source.put(['t'], 'short', 1, { ttlMs: 30 });
      await source.put(['t'], 'long', 2);
      const chunks: string[] = [];
      for await (const chunk of exportJsonl(source)) chunks.push(chunk);
      vi.setSystemTime(Date.now() + 30);
      const summary = await importJsonl(target, chunks);
      expect(summary).toMatchObject({ read: 2, imported: 1, expired: 1 });
      expect((await all(target)).map((e) => e.key)).toEqual(['long']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('exports a namespace prefix only, to a stream', async () => {
    await seed(source);
    const sink = new PassThrough();
    const out: Buffer[] = [];
    sink.on('data', (b: Buffer) => out.push(b));
    const summary = await exportToJsonl(source, sink, { prefix: ['a'] });
    expect(summary.entries).toBe(3);
    const lines = Buffer.concat(out).toString('utf8').trim().split('\n');
    expect(lines.slice(1).map((l) => (JSON.parse(l) as { key: string }).key)).toEqual(['\uFFFF', '\u{10000}', 'k1']);
  });

  it('migrates between backends directly, and skips existing entries on request', async () => {
    await seed(source);
    await target.put(['bulk'], 'k000', 'target keeps this');
    const progress: TransferProgress[] = [];
    const summary = await migrateBackend(source, target, { onConflict: 'skip', batchSize: 10, onProgress: (p) => progress.push(p) });
    expect(summary).toMatchObject({ read: 29, imported: 28, existing: 1 });
    expect((await target.get(['bulk'], 'k000'))!.value).toBe('target keeps this');
    expect((await target.stats()).entries).toBe(29);
    expect(progress.some((p) => p.phase === 'export')).toBe(true);
    expect(progress.at(-1)).toMatchObject({ phase: 'import', done: 29 });
    const overwrite = await migrateBackend(source, target, { prefix: ['bulk'] });
    expect(overwrite.imported).toBe(25);
    expect((await target.get(['bulk'], 'k000'))!.value).toBe(0);
  });

  it('reports malformed input as CorruptDataError naming the line, after writing earlier batches', async () => {
    const file = join(dir, 'bad.jsonl');
    const header = JSON.stringify({ format: 'mem-jsonl', version: 1, exportedAt: 0, source: 'x', prefix: [] });
    const good = (k: string): string => JSON.stringify({ namespace: ['n'], key: k, version: 1, createdAt: 0, updatedAt: 0, value: 1 });
    await writeFile(file, [header, good('a'), good('b'), '{"namespace":["n"],"key":"c"', good('d')].join('\r\n'));
    const attempt = importJsonl(target, file, { batchSize: 2 });
    await expect(attempt).rejects.toBeInstanceOf(CorruptDataError);
    await expect(attempt).rejects.toThrow(/\[memory import\] line 4: not valid JSON/);
    expect((await all(target)).map((e) => e.key)).toEqual(['a', 'b']);

    await expect(importJsonl(target, [good('a')])).rejects.toThrow(/not a mem export/);
    await expect(importJsonl(target, [])).rejects.toThrow(/no export header/);
    await expect(importJsonl(target, [JSON.stringify({ format: 'mem-jsonl', version: 9 })])).rejects.toThrow(/version 9/);
    await expect(importJsonl(target, [header, JSON.stringify({ namespace: 'n', key: 'k', value: 1, version: 1, createdAt: 0, updatedAt: 0 })])).rejects.toThrow(/line 2: namespace/);
    await expect(importJsonl(target, [header, JSON.stringify({ namespace: ['n'], key: 'k', value: { $mem: 'bigint', v: 'x' }, version: 1, createdAt: 0, updatedAt: 0 })])).rejects.toThrow(/line 2: value/);
    // Entries that break the contract are the target's ValidationError; nothing of that batch is written.
    await expect(importJsonl(target, [header, JSON.stringify({ namespace: [''], key: 'k', value: 1, version: 1, createdAt: 0, updatedAt: 0 })])).rejects.toBeInstanceOf(ValidationError);
    await expect(importJsonl(target, [header], { batchSize: 0 })).rejects.toBeInstanceOf(ValidationError);
    await expect(importJsonl(target, [header], { onConflict: 'merge' as never })).rejects.toBeInstanceOf(ValidationError);
  });
});
