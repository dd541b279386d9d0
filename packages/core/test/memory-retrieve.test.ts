import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBackend, HashingEmbedder, MemoryManager, UnsupportedCapabilityError, ValidationError, type Memory, type StorageBackend } from '../src/index.js';

const A = { agentId: 'a1' };
const B = { agentId: 'a2' };

describe('MemoryManager: retrieve, search, forget, stats', () => {
  let backend: StorageBackend;
  let memory: MemoryManager;
  const t0 = 1_700_000_000_000;
  // Memories get distinct, known creation times so orders are deterministic.
  const storeAt = async (at: number, input: Parameters<MemoryManager['store']>[0]): Promise<Memory> => {
    vi.setSystemTime(t0 + at);
    return memory.store(input);
  };

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    backend = await createBackend('memory:');
    memory = new MemoryManager(backend, { embedder: new HashingEmbedder() });
  });
  afterEach(async () => {
    vi.useRealTimers();
    await backend.close();
  });

  async function seed(): Promise<Record<string, Memory>> {
    return {
      a1: await storeAt(1, { scope: { ...A, conversationId: 'c1' }, type: 'episodic', content: 'user greeted the agent', importance: 0.2 }),
      a2: await storeAt(2, { scope: { ...A, conversationId: 'c2' }, type: 'episodic', content: 'user asked for a refund', importance: 0.9 }),
      a3: await storeAt(3, { scope: A, type: 'semantic', content: 'user prefers email over phone', importance: 0.7, metadata: { topic: 'contact' } }),
      a4: await storeAt(4, { scope: { ...A, conversationId: 'c1', runId: 'r1' }, type: 'working', content: 'drafting reply', importance: 0.5 }),
      b1: await storeAt(5, { scope: { ...B, userId: 'u1' }, type: 'semantic', content: 'user lives in Lisbon', importance: 0.6, metadata: { topic: 'profile' } }),
      b2: await storeAt(6, { scope: { ...B, conversationId: 'c1' }, type: 'procedural', content: 'to reset a password, send the link', importance: 0.4 }),
    };
  }

  const ids = (ms: Memory[]): string[] => ms.map((m) => m.content as string);

  it('retrieves by scope (prefix and non-prefix fields), type, filter and time range', async () => {
    await seed();
    expect(ids((await memory.retrieve({ scope: A })).memories)).toEqual(['drafting reply', 'user prefers email over phone', 'user asked for a refund', 'user greeted the agent']);
    // conversationId without agentId is not a namespace prefix: it is filtered, across agents.
    expect(ids((await memory.retrieve({ scope: { conversationId: 'c1' } })).memories)).toEqual(['to reset a password, send the link', 'drafting reply', 'user greeted the agent']);
    expect(ids((await memory.retrieve({ scope: { userId: 'u1' } })).memories)).toEqual(['user lives in Lisbon']);
    expect(ids((await memory.retrieve({ scope: A, exactScope: true })).memories)).toEqual(['user prefers email over phone']);
    expect(ids((await memory.retrieve({ scope: { ...A, conversationId: 'c1' }, exactScope: true })).memories)).toEqual(['user greeted the agent']);
    expect(ids((await memory.retrieve({ type: 'semantic' })).memories)).toEqual(['user lives in Lisbon', 'user prefers email over phone']);
    expect(ids((await memory.retrieve({ type: ['working', 'procedural'] })).memories)).toEqual(['to reset a password, send the link', 'drafting reply']);
    expect(ids((await memory.retrieve({ filter: { topic: 'contact' } })).memories)).toEqual(['user prefers email over phone']);
    expect(ids((await memory.retrieve({ filter: { importance: { $gte: 0.7 } } })).memories)).toEqual(['user prefers email over phone', 'user asked for a refund']);
    const t = t0;
    expect(ids((await memory.retrieve({ since: t + 2, until: new Date(t + 4) })).memories)).toEqual(['user prefers email over phone', 'user asked for a refund']);
    expect(ids((await memory.retrieve({ filter: { createdAt: { $lt: t + 2 } } })).memories)).toEqual(['user greeted the agent']);
  });

  it('orders newest, oldest and by importance', async () => {
    await seed();
    expect(ids((await memory.retrieve({ order: 'oldest', limit: 3 })).memories)).toEqual(['user greeted the agent', 'user asked for a refund', 'user prefers email over phone']);
    expect(ids((await memory.retrieve({ order: 'importance', limit: 3 })).memories)).toEqual(['user asked for a refund', 'user prefers email over phone', 'user lives in Lisbon']);
  });

  it('pages with cursors: every memory once, honest hasMore, even with inserts between pages', async () => {
    for (let i = 0; i < 23; i++) await storeAt(i + 10, { scope: A, type: 'episodic', content: `event ${i}`, importance: (i % 5) / 5 });
    for (const order of ['newest', 'oldest', 'importance'] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await memory.retrieve({ scope: A, order, limit: 5, cursor });
        seen.push(...ids(page.memories));
        expect(page.hasMore).toBe(page.cursor !== undefined);
        cursor = page.cursor;
        // A memory inserted behind the cursor is not seen by this scan; nothing else moves.
        if (++pages === 2 && order === 'oldest') await storeAt(order.length, { scope: A, type: 'episodic', content: 'inserted behind the cursor' });
      } while (cursor !== undefined);
      expect(pages).toBe(5);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.filter((c) => c.startsWith('event')).sort()).toEqual(Array.from({ length: 23 }, (_, i) => `event ${i}`).sort());
      expect(seen).not.toContain('inserted behind the cursor');
      await memory.forget({ scope: A, filter: { importance: 0.5 } });
    }
    const exact = await memory.retrieve({ scope: A, limit: 23 });
    expect(exact.memories).toHaveLength(23);
    expect(exact.hasMore).toBe(false);
    expect(exact.cursor).toBeUndefined();
    const short = await memory.retrieve({ scope: A, limit: 22 });
    expect(short.hasMore).toBe(true);
    const last = await memory.retrieve({ scope: A, limit: 22, cursor: short.cursor });
    expect(ids(last.memories)).toEqual(['event 0']);
    expect(last.hasMore).toBe(false);
  });

  it('rejects bad retrieve input', async () => {
    const bad: unknown[] = [{ limit: 0 }, { limit: 1001 }, { order: 'random' }, { cursor: 'garbage' }, { type: 'x' }, { type: [] }, { filter: { a: { $regex: 'x' } } }, { filter: { mem_type: 'x' } }, { since: 'yesterday' }, { since: 1, filter: { createdAt: { $gt: 0 } } }, { scope: { agentId: 5 } }];
    for (const options of bad) await expect(memory.retrieve(options as never)).rejects.toBeInstanceOf(ValidationError);
    await seed();
    const page = await memory.retrieve({ limit: 1, order: 'newest' });
    await expect(memory.retrieve({ limit: 1, order: 'oldest', cursor: page.cursor })).rejects.toThrow(/made for order newest/);
  });

  it('searches by text with scope, type and filter applied before top-k', async () => {
    await seed();
    const hits = await memory.search({ text: 'refund request from the user', k: 2 });
    expect(hits[0]!.memory.content).toBe('user asked for a refund');
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    // The best match overall is in A; restricted to B, B's memories still fill k.
    const inB = await memory.search({ text: 'refund request from the user', scope: B, k: 2 });
    expect(inB.map((h) => h.memory.scope.agentId)).toEqual(['a2', 'a2']);
    const semantic = await memory.search({ text: 'where does the user live', type: 'semantic', k: 5 });
    expect(semantic.map((h) => h.memory.type)).toEqual(['semantic', 'semantic']);
    expect(semantic[0]!.memory.content).toBe('user lives in Lisbon');
    const filtered = await memory.search({ text: 'user', filter: { topic: 'contact' }, k: 5 });
    expect(ids(filtered.map((h) => h.memory))).toEqual(['user prefers email over phone']);
    const high = await memory.search({ text: 'user asked for a refund', minScore: 0.99 });
    expect(ids(high.map((h) => h.memory))).toEqual(['user asked for a refund']);
  });

  it('searches by vector, and rejects text search without an embedder', async () => {
    await seed();
    const [vector] = await new HashingEmbedder().embed(['user lives in Lisbon']);
    const hits = await memory.search({ vector: vector!, k: 1 });
    expect(hits[0]!.memory.content).toBe('user lives in Lisbon');
    expect(hits[0]!.score).toBeCloseTo(1, 5);
    const bare = new MemoryManager(backend);
    await expect(bare.search({ text: 'x' })).rejects.toBeInstanceOf(ValidationError);
    await expect(memory.search({ text: 'x', vector: vector! })).rejects.toBeInstanceOf(ValidationError);
    await expect(memory.search({ text: 'x', k: 0 })).rejects.toBeInstanceOf(ValidationError);
  });

  it('passes on UnsupportedCapabilityError from a backend without vector search', async () => {
    const noVectors: StorageBackend = Object.create(backend, { capabilities: { value: { ...backend.capabilities, vectorSearch: 'none' } } }) as StorageBackend;
    const plain = new MemoryManager(noVectors, { embedder: new HashingEmbedder() });
    const m = await plain.store({ scope: A, type: 'semantic', content: 'no vectors here' });
    expect((await backend.get(['mem', 'agent', 'a1', 'semantic'], JSON.parse(Buffer.from(m.id, 'base64url').toString())[1]))?.embedding).toBeUndefined();
    await expect(plain.search({ text: 'vectors' })).rejects.toBeInstanceOf(UnsupportedCapabilityError);
  });

  it('forgets by scope, type and filter, and counts with stats', async () => {
    const seeded = await seed();
    expect((await memory.stats()).byType).toEqual({ working: 1, episodic: 2, semantic: 2, procedural: 1 });
    expect((await memory.stats({ scope: B })).total).toBe(2);
    expect(await memory.forget({ scope: { conversationId: 'c1' }, type: 'episodic' })).toBe(1);
    expect(await memory.get(seeded['a1']!.id)).toBeUndefined();
    expect(await memory.forget({ scope: A })).toBe(3);
    expect(await memory.forget({ filter: { topic: 'profile' } })).toBe(1);
    const stats = await memory.stats();
    expect(stats.total).toBe(1);
    expect(stats.backend).toMatchObject({ name: 'memory', entries: 1 });
    expect(stats.embedder).toEqual({ name: 'hashing-256', dimension: 256 });
    // Entries outside the manager's root are never touched.
    await backend.put(['other'], 'k', 1);
    expect(await memory.forget({})).toBe(1);
    expect(await backend.get(['other'], 'k')).toBeDefined();
  });
});
