import { createMemory, type MemoryManager, type StorageBackend } from '@mem/core';
import { expect } from 'vitest';
import type { CaseContext, ConformanceCase, ConformanceGroup } from '../conformance-case.js';
import { expectMemError, sleepUntil } from '../support/expectations.js';

async function manager(backend: StorageBackend, extra: Parameters<typeof createMemory>[0] = {}): Promise<MemoryManager> {
  return createMemory({ backend, ...(backend.capabilities.vectorSearch === 'none' ? { embedder: false } : {}), ...extra });
}

function memoryCase(title: string, run: (memory: MemoryManager, t: CaseContext) => Promise<void>, extra?: Parameters<typeof createMemory>[0]): ConformanceCase {
  return {
    title,
    run: async (t) => {
      const memory = await manager(t.backend, extra);
      try {
        await run(memory, t);
      } finally {
        await memory.close();
      }
    },
  };
}

const searchCases: ConformanceCase[] = [
  memoryCase('search by text finds the closest memory inside the scope only', async (memory) => {
    const scope = { agentId: 'a1' };
    await memory.store({ scope, type: 'semantic', content: 'the capital of France is Paris' });
    await memory.store({ scope, type: 'semantic', content: 'bananas are rich in potassium' });
    await memory.store({ scope: { agentId: 'a1-other' }, type: 'semantic', content: 'the capital of France is Paris' });
    const hits = await memory.search({ scope, text: 'capital of France', k: 5 });
    expect(hits[0]!.memory.content).toBe('the capital of France is Paris');
    for (const hit of hits) expect(hit.memory.scope.agentId).toBe('a1');
    expect(hits[0]!.score).toBeGreaterThan(hits.at(-1)!.score);
  }),
];

/** The agent-facing IMemoryManager (core's `createMemory`) behaves on top of this backend. */
export const memoryManagerGroup: ConformanceGroup = {
  id: 'memory-manager',
  title: 'IMemoryManager on this backend',
  select: () => ({ kind: 'run' }),
  cases: (capabilities) => [
    memoryCase('store then get returns the memory with scope, type, content and version 1', async (memory) => {
      const stored = await memory.store({ scope: { agentId: 'a', conversationId: 'c' }, type: 'episodic', content: { said: 'hi', at: new Date(5) }, text: 'said hi', importance: 0.8, metadata: { channel: 'chat' } });
      const got = await memory.get(stored.id);
      expect(got).toMatchObject({ id: stored.id, scope: { agentId: 'a', conversationId: 'c' }, type: 'episodic', content: { said: 'hi', at: new Date(5) }, importance: 0.8, metadata: { channel: 'chat' }, version: 1 });
    }),
    memoryCase("retrieve by agent scope never returns another agent's memories (['a'] vs ['a-b'])", async (memory) => {
      await memory.store({ scope: { agentId: 'a' }, type: 'semantic', content: 'mine' });
      await memory.store({ scope: { agentId: 'a', conversationId: 'c1' }, type: 'episodic', content: 'mine too' });
      await memory.store({ scope: { agentId: 'a-b' }, type: 'semantic', content: 'theirs' });
      await memory.store({ scope: { agentId: 'a:b' }, type: 'semantic', content: 'theirs too' });
      const page = await memory.retrieve({ scope: { agentId: 'a' } });
      expect(page.memories.map((m) => m.content).sort()).toEqual(['mine', 'mine too']);
      expect((await memory.retrieve({ scope: { agentId: 'a' }, exactScope: true })).memories.map((m) => m.content)).toEqual(['mine']);
    }),
    memoryCase('retrieve pages newest first with honest cursors', async (memory) => {
      for (let i = 0; i < 7; i++) {
        await memory.store({ scope: { agentId: 'p' }, type: 'episodic', content: `event ${i}` });
        await new Promise((r) => setTimeout(r, 2));
      }
      const seen: unknown[] = [];
      let cursor: string | undefined;
      do {
        const page = await memory.retrieve({ scope: { agentId: 'p' }, order: 'newest', limit: 3, ...(cursor ? { cursor } : {}) });
        seen.push(...page.memories.map((m) => m.content));
        cursor = page.cursor;
        expect(page.hasMore).toBe(cursor !== undefined);
      } while (cursor);
      expect(seen).toEqual(Array.from({ length: 7 }, (_, i) => `event ${6 - i}`));
    }),
    memoryCase('update with a stale ifVersion is a VersionConflictError and changes nothing', async (memory, t) => {
      const stored = await memory.store({ scope: { agentId: 'u' }, type: 'semantic', content: 'v1' });
      const updated = await memory.update(stored.id, { content: 'v2', ifVersion: 1 });
      expect(updated.version).toBe(2);
      await expectMemError(t.backend, () => memory.update(stored.id, { content: 'v3', ifVersion: 1 }), { code: 'VERSION_CONFLICT' });
      expect((await memory.get(stored.id))!.content).toBe('v2');
    }),
    memoryCase('update of a missing memory is a NotFoundError', async (memory) => {
      const stored = await memory.store({ scope: { agentId: 'u' }, type: 'semantic', content: 'x' });
      await memory.delete(stored.id);
      await expect(memory.update(stored.id, { content: 'y' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }),
    memoryCase('working memory gets the default TTL; semantic memory never expires', async (memory) => {
      const working = await memory.store({ scope: { agentId: 't' }, type: 'working', content: 'scratch' });
      const semantic = await memory.store({ scope: { agentId: 't' }, type: 'semantic', content: 'fact' });
      expect(working.expiresAt! - working.createdAt).toBeGreaterThan(11 * 3_600_000);
      expect(semantic.expiresAt).toBeUndefined();
    }),
    memoryCase('a memory with a short ttlMs disappears from get and retrieve', async (memory, t) => {
      const stored = await memory.store({ scope: { agentId: 't' }, type: 'episodic', content: 'brief', ttlMs: t.options.ttlScaleMs });
      await sleepUntil(stored.expiresAt! + t.options.ttlScaleMs / 2);
      expect(await memory.get(stored.id)).toBeUndefined();
      expect((await memory.retrieve({ scope: { agentId: 't' } })).memories).toEqual([]);
    }),
    memoryCase('storing the same content twice in one scope and type returns the same memory', async (memory) => {
      const a = await memory.store({ scope: { agentId: 'd' }, type: 'semantic', content: 'same' });
      const b = await memory.store({ scope: { agentId: 'd' }, type: 'semantic', content: 'same' });
      const other = await memory.store({ scope: { agentId: 'd' }, type: 'episodic', content: 'same' });
      expect(b.id).toBe(a.id);
      expect(other.id).not.toBe(a.id);
      expect((await memory.stats({ scope: { agentId: 'd' } })).total).toBe(2);
    }),
    memoryCase('forget by scope removes that scope only', async (memory) => {
      await memory.store({ scope: { agentId: 'f', conversationId: '1' }, type: 'episodic', content: 'a' });
      await memory.store({ scope: { agentId: 'f', conversationId: '2' }, type: 'episodic', content: 'b' });
      await memory.store({ scope: { agentId: 'g' }, type: 'episodic', content: 'c' });
      expect(await memory.forget({ scope: { agentId: 'f', conversationId: '1' } })).toBe(1);
      expect((await memory.retrieve({})).memories.map((m) => m.content).sort()).toEqual(['b', 'c']);
    }),
    memoryCase('the manager leaves a backend it was given open when it closes', async (memory, t) => {
      await memory.store({ scope: { agentId: 'c' }, type: 'semantic', content: 'x' });
      await memory.close();
      expect((await t.backend.stats()).entries).toBe(1);
    }),
    ...(capabilities.vectorSearch === 'none' ? [] : searchCases),
  ],
};
