import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BackendUnavailableError,
  createBackend,
  createMemory,
  HashingEmbedder,
  MemoryManager,
  NotFoundError,
  ValidationError,
  VersionConflictError,
  type StorageBackend,
} from '../src/index.js';

const agent = { agentId: 'agent-7' };

describe('MemoryManager: store, get, update, delete', () => {
  let backend: StorageBackend;
  let memory: MemoryManager;
  beforeEach(async () => {
    backend = await createBackend('memory:');
    memory = new MemoryManager(backend, { embedder: new HashingEmbedder({ dimension: 64 }) });
  });
  afterEach(async () => {
    vi.useRealTimers();
    await memory.close();
    await backend.close();
  });

  it('stores and gets a memory with scope, type, metadata and importance', async () => {
    const stored = await memory.store({ scope: { ...agent, conversationId: 'c1' }, type: 'episodic', content: 'user asked about pricing', metadata: { topic: 'sales' }, importance: 0.8 });
    expect(stored).toMatchObject({ scope: { agentId: 'agent-7', conversationId: 'c1' }, type: 'episodic', content: 'user asked about pricing', text: 'user asked about pricing', metadata: { topic: 'sales' }, importance: 0.8, version: 1 });
    expect(stored.expiresAt).toBeUndefined();
    const got = await memory.get(stored.id);
    expect(got).toEqual(stored);
    expect(got).not.toBe(stored);
  });

  it('maps scope and type onto namespaces with a fixed segment order', async () => {
    await memory.store({ scope: { runId: 'r1', conversationId: 'c1', agentId: 'a1', userId: 'u1' }, type: 'semantic', content: 'x' });
    await memory.store({ scope: { userId: 'u1' }, type: 'working', content: 'y' });
    const namespaces = await backend.listNamespaces();
    expect(namespaces).toEqual([
      ['mem', 'agent', 'a1', 'user', 'u1', 'conv', 'c1', 'run', 'r1', 'semantic'],
      ['mem', 'user', 'u1', 'working'],
    ]);
  });

  it('round-trips structured content with its text form', async () => {
    const content = { when: new Date(1_700_000_000_000), bytes: new Uint8Array([1, 2, 3]), big: 12345678901234567890n, nested: { ok: true } };
    const stored = await memory.store({ scope: agent, type: 'semantic', content, text: 'a structured fact' });
    const got = await memory.get<typeof content>(stored.id);
    expect(got?.content).toEqual(content);
    expect(got?.text).toBe('a structured fact');
    got!.content.nested.ok = false;
    expect((await memory.get<typeof content>(stored.id))?.content.nested.ok).toBe(true);
  });

  it('applies the default TTL per type: working expires, semantic does not', async () => {
    const before = Date.now();
    const working = await memory.store({ scope: agent, type: 'working', content: 'scratch' });
    const semantic = await memory.store({ scope: agent, type: 'semantic', content: 'fact' });
    expect(working.expiresAt).toBeGreaterThanOrEqual(before + 12 * 3_600_000);
    expect(working.expiresAt).toBeLessThanOrEqual(Date.now() + 12 * 3_600_000);
    expect(semantic.expiresAt).toBeUndefined();
    const forever = await memory.store({ scope: agent, type: 'working', content: 'pinned', ttlMs: null });
    expect(forever.expiresAt).toBeUndefined();
  });

  it('lets a memory expire after its TTL', async () => {
    // A frozen clock, so a slow machine cannot expire it before the first read.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const short = await memory.store({ scope: agent, type: 'working', content: 'gone soon', ttlMs: 40 });
      expect(await memory.get(short.id)).toBeDefined();
      vi.setSystemTime(Date.now() + 39);
      expect(await memory.get(short.id)).toBeDefined();
      vi.setSystemTime(Date.now() + 1);
      expect(await memory.get(short.id)).toBeUndefined();
      expect((await memory.retrieve({ scope: agent })).memories).toHaveLength(0);
      expect((await memory.search({ text: 'gone soon' }))).toHaveLength(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('configures TTL per type', async () => {
    const custom = new MemoryManager(backend, { ttlByType: { semantic: 60_000, working: null } });
    const s = await custom.store({ scope: agent, type: 'semantic', content: 'expiring fact' });
    const w = await custom.store({ scope: agent, type: 'working', content: 'kept' });
    expect(s.expiresAt).toBeGreaterThan(Date.now());
    expect(w.expiresAt).toBeUndefined();
    expect(() => new MemoryManager(backend, { ttlByType: { working: 0 } })).toThrow(ValidationError);
    expect(() => new MemoryManager(backend, { ttlByType: { bogus: 5 } as never })).toThrow(ValidationError);
  });

  it('returns the existing memory for duplicate content in the same scope and type', async () => {
    const first = await memory.store({ scope: agent, type: 'semantic', content: 'the sky is blue' });
    const again = await memory.store({ scope: agent, type: 'semantic', content: 'the sky is blue', importance: 0.9 });
    expect(again.id).toBe(first.id);
    expect(again.version).toBe(1);
    const otherType = await memory.store({ scope: agent, type: 'episodic', content: 'the sky is blue' });
    const otherScope = await memory.store({ scope: { agentId: 'agent-8' }, type: 'semantic', content: 'the sky is blue' });
    expect(new Set([first.id, otherType.id, otherScope.id]).size).toBe(3);
    expect((await memory.stats()).duplicates).toBe(1);
  });

  it('detects duplicates of content a memory was updated to, and stores new content under an updated key', async () => {
    const a = await memory.store({ scope: agent, type: 'semantic', content: 'alpha' });
    await memory.update(a.id, { content: 'beta' });
    expect((await memory.store({ scope: agent, type: 'semantic', content: 'beta' })).id).toBe(a.id);
    const alphaAgain = await memory.store({ scope: agent, type: 'semantic', content: 'alpha' });
    expect(alphaAgain.id).not.toBe(a.id);
    expect((await memory.get(alphaAgain.id))?.content).toBe('alpha');
    expect((await memory.get(a.id))?.content).toBe('beta');
    expect((await memory.store({ scope: agent, type: 'semantic', content: 'alpha' })).id).toBe(alphaAgain.id);
    // A deleted memory's content is new again, whatever index entries it left behind.
    await memory.delete(alphaAgain.id);
    const third = await memory.store({ scope: agent, type: 'semantic', content: 'alpha' });
    expect(third.id).not.toBe(alphaAgain.id);
    expect((await memory.retrieve({ scope: agent })).memories.map((m) => m.content).sort()).toEqual(['alpha', 'beta']);
    // forget counts memories only, and takes the duplicate index of the scope with them.
    expect(await memory.forget({ scope: agent })).toBe(2);
    expect((await backend.stats()).entries).toBe(0);
  });

  it('concurrent stores of the same content create one memory', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => memory.store({ scope: agent, type: 'episodic', content: 'said hello' })));
    expect(new Set(results.map((m) => m.id)).size).toBe(1);
    expect((await memory.retrieve({ scope: agent })).memories).toHaveLength(1);
  });

  it('keeps duplicates when deduplication is off', async () => {
    const plain = new MemoryManager(backend, { deduplicate: false });
    const a = await plain.store({ scope: agent, type: 'episodic', content: 'hello' });
    const b = await plain.store({ scope: agent, type: 'episodic', content: 'hello' });
    expect(a.id).not.toBe(b.id);
  });

  it('updates content, metadata, importance with compare-and-set', async () => {
    const stored = await memory.store({ scope: agent, type: 'semantic', content: 'v1', metadata: { a: 1 } });
    const updated = await memory.update(stored.id, { content: 'v2', importance: 0.9, ifVersion: 1 });
    expect(updated).toMatchObject({ content: 'v2', text: 'v2', importance: 0.9, version: 2, metadata: { a: 1 }, createdAt: stored.createdAt });
    expect(await memory.get(stored.id)).toEqual(updated);
    const conflict = memory.update(stored.id, { content: 'v3', ifVersion: 1 });
    await expect(conflict).rejects.toBeInstanceOf(VersionConflictError);
    await expect(conflict).rejects.toMatchObject({ expectedVersion: 1, actualVersion: 2 });
    expect((await memory.get(stored.id))?.content).toBe('v2');
    const meta = await memory.update(stored.id, { metadata: { b: 'x' } });
    expect(meta.metadata).toEqual({ b: 'x' });
  });

  it('keeps the remaining TTL on update unless told otherwise', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const w = await memory.store({ scope: agent, type: 'working', content: 'task', ttlMs: 60_000 });
    vi.setSystemTime(Date.now() + 10_000);
    const kept = await memory.update(w.id, { importance: 1 });
    vi.useRealTimers();
    expect(kept.expiresAt).toBe(w.expiresAt);
    const cleared = await memory.update(w.id, { ttlMs: null });
    expect(cleared.expiresAt).toBeUndefined();
    expect((await memory.get(w.id))?.expiresAt).toBeUndefined();
  });

  it('concurrent updates without ifVersion all apply (retried CAS), with ifVersion exactly one wins', async () => {
    const m = await memory.store({ scope: agent, type: 'semantic', content: 'counter', metadata: { n: 0 } });
    await Promise.all(Array.from({ length: 5 }, (_, i) => memory.update(m.id, { metadata: { n: i + 1 } })));
    expect((await memory.get(m.id))?.version).toBe(6);
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => memory.update(m.id, { importance: 0.1, ifVersion: 6 })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof VersionConflictError)).toHaveLength(4);
  });

  it('update of a missing memory is NotFoundError; delete honours ifVersion', async () => {
    const m = await memory.store({ scope: agent, type: 'semantic', content: 'bye' });
    await expect(memory.delete(m.id, { ifVersion: 7 })).rejects.toBeInstanceOf(VersionConflictError);
    expect(await memory.delete(m.id, { ifVersion: 1 })).toBe(true);
    expect(await memory.delete(m.id)).toBe(false);
    await expect(memory.update(m.id, { content: 'again' })).rejects.toBeInstanceOf(NotFoundError);
    expect(await memory.get(m.id)).toBeUndefined();
  });

  it('rejects bad input with ValidationError and stores nothing', async () => {
    const bad: unknown[] = [
      { scope: {}, type: 'semantic', content: 'x' },
      { scope: { agentId: '' }, type: 'semantic', content: 'x' },
      { scope: { teamId: 't' }, type: 'semantic', content: 'x' },
      { scope: agent, type: 'long-term', content: 'x' },
      { scope: agent, type: 'semantic' },
      { scope: agent, type: 'semantic', content: () => 1 },
      { scope: agent, type: 'semantic', content: 'x', importance: 1.5 },
      { scope: agent, type: 'semantic', content: 'x', importance: Number.NaN },
      { scope: agent, type: 'semantic', content: 'x', ttlMs: 0 },
      { scope: agent, type: 'semantic', content: 'x', ttlMs: -5 },
      { scope: agent, type: 'semantic', content: 'x', metadata: { mem_type: 'x' } },
      { scope: agent, type: 'semantic', content: 'x', metadata: { importance: 1 } },
      { scope: agent, type: 'semantic', content: 'x', metadata: { nested: {} } },
      { scope: agent, type: 'semantic', content: 'x', embedding: [0, 0] },
      { scope: agent, type: 'semantic', content: 'x', text: 5 },
      null,
    ];
    for (const input of bad) {
      const attempt = memory.store(input as never);
      await expect(attempt).rejects.toBeInstanceOf(ValidationError);
      await expect(attempt).rejects.toThrow(/memory\.store/);
    }
    expect((await backend.stats()).entries).toBe(0);
    const kept = await memory.store({ scope: agent, type: 'semantic', content: 'kept' });
    const badChanges: unknown[] = [{ importance: -0.1 }, { ttlMs: Number.POSITIVE_INFINITY }, { ifVersion: 1.5 }, { metadata: { mem_hash: 'x' } }, { content: Symbol('s') }, { text: 7 }, null];
    for (const changes of badChanges) await expect(memory.update(kept.id, changes as never)).rejects.toBeInstanceOf(ValidationError);
    expect(await memory.get(kept.id)).toEqual(kept);
    await expect(memory.forget(null as never)).rejects.toBeInstanceOf(ValidationError);
    await expect(memory.delete(kept.id, { ifVersion: -1 })).rejects.toBeInstanceOf(ValidationError);
    await memory.delete(kept.id);
    await expect(memory.get('not-an-id')).rejects.toBeInstanceOf(ValidationError);
    await expect(memory.update('', {})).rejects.toBeInstanceOf(ValidationError);
  });

  it('fails with BackendUnavailableError after close', async () => {
    const owned = await createMemory({ url: 'memory:' });
    await owned.store({ scope: agent, type: 'semantic', content: 'x' });
    await owned.close();
    await expect(owned.store({ scope: agent, type: 'semantic', content: 'y' })).rejects.toBeInstanceOf(BackendUnavailableError);
    await expect(owned.backend.stats()).rejects.toBeInstanceOf(BackendUnavailableError);
    // A manager given a backend leaves it open for its owner.
    await memory.close();
    await expect(memory.retrieve()).rejects.toBeInstanceOf(BackendUnavailableError);
    expect((await backend.stats()).entries).toBe(0);
  });

  it('createMemory uses MEM_URL, then the embedded default; unknown schemes are ConfigError', async () => {
    const saved = process.env['MEM_URL'];
    try {
      process.env['MEM_URL'] = 'memory:?maxEntries=10';
      const fromEnv = await createMemory();
      expect(fromEnv.backend.name).toBe('memory');
      expect(fromEnv.embedder?.dimension).toBe(256);
      await fromEnv.close();
      process.env['MEM_URL'] = 'bogus://x';
      await expect(createMemory()).rejects.toThrow(/known schemes: .*memory:/);
    } finally {
      if (saved === undefined) delete process.env['MEM_URL'];
      else process.env['MEM_URL'] = saved;
    }
  });
});
