import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackend, MemoryManager, ValidationError, type StorageBackend } from '../src/index.js';

const A = { agentId: 'a1' };

describe('MemoryManager: scope limits with importance-aware LRU eviction', () => {
  let backend: StorageBackend;
  beforeEach(async () => {
    backend = await createBackend('memory:');
  });
  afterEach(async () => {
    await backend.close();
  });

  // Sorted: several stores can share a millisecond, so creation order is not a reliable tie-break here.
  const contents = async (memory: MemoryManager, query = {}): Promise<string[]> => (await memory.retrieve(query)).memories.map((m) => m.content as string).sort();

  it('evicts the lowest importance first once a type limit is exceeded', async () => {
    const memory = new MemoryManager(backend, { limits: { perType: { episodic: 3 } } });
    await memory.store({ scope: A, type: 'episodic', content: 'low', importance: 0.1 });
    await memory.store({ scope: A, type: 'episodic', content: 'high', importance: 0.9 });
    await memory.store({ scope: A, type: 'episodic', content: 'mid', importance: 0.5 });
    await memory.store({ scope: A, type: 'semantic', content: 'other type, not limited', importance: 0 });
    await memory.store({ scope: A, type: 'episodic', content: 'newest', importance: 0.6 });
    expect(await contents(memory, { type: 'episodic' })).toEqual(['high', 'mid', 'newest']);
    expect(await contents(memory, { type: 'semantic' })).toEqual(['other type, not limited']);
    expect((await memory.stats()).evicted).toBe(1);
  });

  it('breaks importance ties by least recent use, where get and search count as use', async () => {
    const memory = new MemoryManager(backend, { limits: { perType: { semantic: 2 } } });
    const first = await memory.store({ scope: A, type: 'semantic', content: 'first' });
    await new Promise((r) => setTimeout(r, 5));
    await memory.store({ scope: A, type: 'semantic', content: 'second' });
    await new Promise((r) => setTimeout(r, 5));
    await memory.get(first.id);
    await new Promise((r) => setTimeout(r, 5));
    await memory.store({ scope: A, type: 'semantic', content: 'third' });
    expect(await contents(memory)).toEqual(['first', 'third']);
  });

  it('never evicts the memory being stored, even when it is the least important', async () => {
    const memory = new MemoryManager(backend, { limits: { perType: { working: 1 } } });
    await memory.store({ scope: A, type: 'working', content: 'important', importance: 1 });
    const stored = await memory.store({ scope: A, type: 'working', content: 'trivial', importance: 0 });
    expect(await memory.get(stored.id)).toBeDefined();
    expect(await contents(memory)).toEqual(['trivial']);
  });

  it('limits an exact scope across types, leaving deeper and other scopes alone', async () => {
    const memory = new MemoryManager(backend, { limits: { perScope: 2 } });
    await memory.store({ scope: { ...A, conversationId: 'c1' }, type: 'episodic', content: 'deeper scope', importance: 0 });
    await memory.store({ scope: { agentId: 'a2' }, type: 'episodic', content: 'other agent', importance: 0 });
    await memory.store({ scope: A, type: 'semantic', content: 's', importance: 0.3 });
    await memory.store({ scope: A, type: 'procedural', content: 'p', importance: 0.8 });
    await memory.store({ scope: A, type: 'episodic', content: 'e', importance: 0.5 });
    expect(await contents(memory, { scope: A, exactScope: true })).toEqual(['e', 'p']);
    expect(await contents(memory, { scope: { ...A, conversationId: 'c1' } })).toEqual(['deeper scope']);
    expect(await contents(memory, { scope: { agentId: 'a2' } })).toEqual(['other agent']);
  });

  it('validates limits', () => {
    expect(() => new MemoryManager(backend, { limits: { perScope: 0 } })).toThrow(ValidationError);
    expect(() => new MemoryManager(backend, { limits: { perType: { episodic: 2.5 } } })).toThrow(ValidationError);
    expect(() => new MemoryManager(backend, { limits: { perType: { nope: 2 } as never } })).toThrow(ValidationError);
  });
});
