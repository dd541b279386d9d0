import { readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, tempDirectory } from './temp-store.js';

const temp = tempDirectory();
afterAll(() => temp.cleanup());

const longUnicode = '🧠é\u{10FFFF}漢'.repeat(1300); // 7,800 UTF-16 units, under the 8,192 key limit
const segmentOf = (key: string): string => Array.from(key).slice(0, 300).join('');
const hostile = ['../../etc/passwd', '/etc/passwd', '..', '__proto__', 'constructor', 'prototype', 'a\u0000b', '\u0000', '\u0001\u0002', 'line\nbreak"quote\\', longUnicode];

describe('json-file: hostile keys and values are plain data', () => {
  it('round-trips hostile keys and namespace segments through the file, writing nothing else', async () => {
    const path = temp.file('hostile.json');
    const store = await openStore(path);
    for (const key of hostile) {
      await store.put(['ns', segmentOf(key)], key, { key });
    }
    await store.close();

    expect(readdirSync(temp.dir).sort()).toEqual([basename(path)]);
    const reopened = await openStore(path);
    for (const key of hostile) expect((await reopened.get(['ns', segmentOf(key)], key))?.value).toEqual({ key });
    const listed = await reopened.list({ limit: 100 });
    expect(listed.entries).toHaveLength(hostile.length);
    expect(await reopened.listNamespaces({ prefix: ['ns'] })).toHaveLength(new Set(hostile.map(segmentOf)).size);
    await reopened.close();
    expect(readdirSync(temp.dir).sort()).toEqual([basename(path)]);
  });

  it('never pollutes a prototype with __proto__ / constructor in values or metadata', async () => {
    const path = temp.file('proto.json');
    const store = await openStore(path);
    const value = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "nested": [{"__proto__": null}]}') as unknown;
    const metadata = JSON.parse('{"__proto__": "meta", "constructor": "c"}') as Record<string, string>;
    await store.put(['p'], '__proto__', value, { metadata });
    await store.close();
    const reopened = await openStore(path);
    const entry = await reopened.get(['p'], '__proto__');
    expect(Object.hasOwn(entry!.value as object, '__proto__')).toBe(true);
    expect(JSON.stringify(entry!.value)).toBe(JSON.stringify(value));
    expect(Object.getPrototypeOf(entry!.value)).toBe(Object.prototype);
    expect(Object.hasOwn(entry!.metadata!, '__proto__')).toBe(true);
    expect(entry!.metadata!['__proto__']).toBe('meta');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(readFileSync(path, 'utf8')).toContain('"__proto__": {\n');
    await reopened.close();
  });
});
