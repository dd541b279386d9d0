import { describe, expect, it } from 'vitest';
import { SortedKeyIndex } from '../src/sorted-key-index.js';
import { createMemoryBackend } from '../src/index.js';

describe('SortedKeyIndex', () => {
  it('yields live keys in code-point order within a range', () => {
    const live = new Set(['b', '\u{1F600}', '\uFFFF', 'a', 'c']);
    const index = new SortedKeyIndex((k) => live.has(k));
    for (const k of live) index.add(k);
    live.delete('c');
    index.markRemoved();
    expect([...index.range('', true, undefined)]).toEqual(['a', 'b', '\uFFFF', '\u{1F600}']);
    expect([...index.range('a', false, '\uFFFF')]).toEqual(['b']);
  });

  it('stays bounded when keys come and go and nobody reads a range', () => {
    const live = new Set<string>();
    const index = new SortedKeyIndex((k) => live.has(k));
    for (let i = 0; i < 50_000; i++) {
      const key = `k${i}`;
      live.add(key);
      index.add(key);
      if (i >= 100) {
        live.delete(`k${i - 100}`);
        index.markRemoved();
      }
    }
    expect(live.size).toBe(100);
    // 100 live keys; compaction waits for 256 stale ones or a quarter of the index, whichever is more.
    expect(index.size).toBeLessThan(100 + 400);
  });
});

describe('memory backend under TTL churn', () => {
  it('keeps its key index bounded without any list call', async () => {
    const b = createMemoryBackend({ sweepIntervalMs: 5 });
    for (let round = 0; round < 20; round++) {
      await b.putMany(Array.from({ length: 1000 }, (_, i) => ({ namespace: ['churn'], key: `r${round}-${i}`, value: i, ttlMs: 1 })));
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(b.heldEntries()).toBe(0);
    const index = (b as unknown as { store: { index: SortedKeyIndex } }).store.index;
    expect(index.size).toBeLessThan(1300);
    await b.close();
  });
});
