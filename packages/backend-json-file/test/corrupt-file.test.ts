import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { CorruptDataError } from '@mem/core';
import { openStore, tempDirectory } from './temp-store.js';

const temp = tempDirectory();
afterAll(() => temp.cleanup());

/** A valid store file with a few entries, as text. */
async function validFileText(): Promise<string> {
  const path = temp.file();
  const store = await openStore(path);
  await store.putMany([
    { namespace: ['c'], key: 'a', value: { text: 'x'.repeat(100) }, embedding: [1, 2] },
    { namespace: ['c'], key: 'b', value: [1, 2, 3] },
  ]);
  await store.close();
  return readFileSync(path, 'utf8');
}

const valid = await validFileText();
const entryOf = (text: string) => (JSON.parse(text) as { entries: Record<string, unknown>[] }).entries;
const withEntries = (mutate: (entries: Record<string, unknown>[]) => void): string => {
  const root = JSON.parse(valid) as { entries: Record<string, unknown>[] };
  mutate(root.entries);
  return JSON.stringify(root, null, 2);
};

const cases: [string, string][] = [
  ['garbage', 'this is not json'],
  ['an empty file', ''],
  ['a file truncated in the middle', valid.slice(0, Math.floor(valid.length / 2))],
  ['a file missing its last byte', valid.slice(0, -2)],
  ['another JSON document', '{"hello": "world"}'],
  ['a newer format version', valid.replace('"formatVersion": 1', '"formatVersion": 99')],
  ['an embedding that is not base64 float32', withEntries((e) => (e[0]!['embedding'] = 'abc'))],
  ['an embedding of the wrong dimension', withEntries((e) => (e[1]!['embedding'] = Buffer.from(new Float32Array([1, 2, 3]).buffer).toString('base64')))],
  ['a duplicated entry', withEntries((e) => e.push({ ...e[0]! }))],
  ['a malformed $mem tag', withEntries((e) => (e[1]!['value'] = { $mem: 'date', v: 'never' }))],
  ['a non-integer version', withEntries((e) => (e[1]!['version'] = 1.5))],
  ['an empty namespace', withEntries((e) => (e[1]!['namespace'] = []))],
];

describe('json-file: corrupt or truncated files', () => {
  it('the fixture itself is valid', () => {
    expect(entryOf(valid)).toHaveLength(2);
  });

  it.each(cases)('%s → CorruptDataError naming the file, which is left untouched', async (_name, text) => {
    const path = temp.file();
    writeFileSync(path, text);
    const before = statSync(path, { bigint: true });
    const error = await openStore(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptDataError);
    expect((error as Error).message).toContain(path);
    expect((error as CorruptDataError).backend).toBe('json');
    // Batched mode and a second attempt do not write either.
    await expect(openStore(path, { durability: 'batched' })).rejects.toBeInstanceOf(CorruptDataError);
    expect(readFileSync(path, 'utf8')).toBe(text);
    expect(statSync(path, { bigint: true }).mtimeNs).toBe(before.mtimeNs);
  });

  it('a file corrupted while a store is open fails the next read and write, and is never overwritten', async () => {
    const path = temp.file();
    writeFileSync(path, valid);
    const store = await openStore(path);
    expect((await store.get(['c'], 'b'))?.value).toEqual([1, 2, 3]);
    const broken = valid.slice(0, 100);
    writeFileSync(path, broken);
    await expect(store.get(['c'], 'b')).rejects.toBeInstanceOf(CorruptDataError);
    await expect(store.put(['c'], 'new', 1)).rejects.toBeInstanceOf(CorruptDataError);
    await expect(store.clear()).rejects.toBeInstanceOf(CorruptDataError);
    expect(readFileSync(path, 'utf8')).toBe(broken);
    // Restoring a good file (the README's recovery path) makes the store usable again without reopening.
    writeFileSync(path, valid);
    await store.put(['c'], 'new', 1);
    expect(entryOf(readFileSync(path, 'utf8')).map((e) => e['key'])).toEqual(['a', 'b', 'new']);
    await store.close();
  });
});
