import { setTimeout as sleep } from 'node:timers/promises';
import { createMemory, redactUrl, resolveDefaultUrl, VersionConflictError, type MemoryManager } from '@mem/core';
import { DEMO_MEMORIES, PLANNER, SUPPORT } from './demo-data.js';
import { DemoPrinter } from './demo-printer.js';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Backend URL; absent = `MEM_URL`, else the embedded default. */
  readonly url?: string;
  /** Where the walkthrough goes. @default process.stdout */
  readonly out?: NodeJS.WritableStream;
  /**
   * TTL of the memory that is shown expiring, in ms.
   * @default 300
   */
  readonly ttlMs?: number;
}

/** The namespace root of the demo's memories, so it never touches other data in the store. */
export const DEMO_ROOT = 'mem-demo';

/**
 * Walks through an agent's memory on a real backend: store, retrieve, search, duplicates, TTL
 * expiry, a compare-and-set conflict, forget and stats, with timings. It clears its own root
 * first, so running it twice on a persistent store gives the same walkthrough.
 */
export async function runDemo(options: DemoOptions = {}): Promise<void> {
  const p = new DemoPrinter(options.out ?? process.stdout);
  const url = options.url ?? resolveDefaultUrl();
  const source = options.url !== undefined ? '--url' : process.env['MEM_URL']?.trim() ? 'MEM_URL' : 'embedded default';
  p.line(`mem demo: an agent's memory, step by step`);
  p.line(`backend URL: ${redactUrl(url)} (${source})`);
  const memory = await p.step('opened the memory manager', () => createMemory({ url, root: DEMO_ROOT }), (m) => `${m.backend.name} backend, ${m.embedder?.name} embedder`);
  try {
    await p.step('cleared what an earlier run left', () => memory.forget({}), (n) => `${n} memories`);
    await walkthrough(memory, p, options.ttlMs ?? 300);
  } finally {
    await memory.close();
  }
  p.line();
  const kept = memory.backend.capabilities.persistent ? `; its memories stay under namespace ["${DEMO_ROOT}"], see: mem inspect ${redactUrl(url)}` : '';
  p.line(`done in ${p.elapsed()} on ${redactUrl(url)}${kept}`);
}

async function walkthrough(memory: MemoryManager, p: DemoPrinter, ttlMs: number): Promise<void> {
  p.heading('Store: two agents, two conversations, four memory types');
  for (const input of DEMO_MEMORIES) {
    const stored = await memory.store(input);
    p.memory(stored, stored.expiresAt === undefined ? '' : `  (expires in ${Math.round((stored.expiresAt - Date.now()) / 3_600_000)} h)`);
  }
  p.line(`  stored ${DEMO_MEMORIES.length} memories; working memory gets the 12 h default TTL, the others none`);

  p.heading('Retrieve: newest first, by importance, one conversation, pages');
  const newest = await p.step('planner, newest first, page 1 of size 3', () => memory.retrieve({ scope: { agentId: PLANNER.agentId }, limit: 3 }), (r) => `${r.memories.length} memories, hasMore=${r.hasMore}`);
  newest.memories.forEach((m) => p.memory(m));
  const rest = await p.step('planner, page 2 (cursor)', () => memory.retrieve({ scope: { agentId: PLANNER.agentId }, limit: 3, cursor: newest.cursor }), (r) => `${r.memories.length} memories, hasMore=${r.hasMore}`);
  rest.memories.forEach((m) => p.memory(m));
  const important = await p.step('support, most important first', () => memory.retrieve({ scope: { agentId: SUPPORT.agentId }, order: 'importance', limit: 2 }), (r) => `${r.memories.length} memories`);
  important.memories.forEach((m) => p.memory(m, `  importance ${m.importance}`));
  const conv = await p.step('conversation conv-2 across both agents', () => memory.retrieve({ scope: { conversationId: 'conv-2' }, type: 'episodic' }), (r) => `${r.memories.length} episodic memories`);
  conv.memories.forEach((m) => p.memory(m));

  p.heading('Search by text (HashingEmbedder, offline)');
  for (const [query, scope] of [['vegetarian food on the trip', undefined], ['the confirmation email did not arrive', { agentId: SUPPORT.agentId }]] as const) {
    const hits = await p.step(`"${query}"${scope ? ` in agent ${scope.agentId}` : ''}`, () => memory.search({ text: query, k: 2, ...(scope && { scope }) }), (h) => `${h.length} hits`);
    hits.forEach((h) => p.memory(h.memory, `  score ${h.score.toFixed(3)}`));
  }

  p.heading('Duplicate detection');
  const fact = DEMO_MEMORIES.find((m) => m.type === 'semantic')!;
  const again = await p.step('stored the same preference again', () => memory.store(fact), (m) => `returned the existing memory (version ${m.version})`);
  const original = (await memory.retrieve({ scope: fact.scope, exactScope: true, type: 'semantic' })).memories[0]!;
  p.line(`  same id as the original: ${again.id === original.id}`);

  p.heading(`TTL expiry (a working memory with ttlMs ${ttlMs})`);
  const brief = await p.step('stored', () => memory.store({ scope: { ...PLANNER, conversationId: 'conv-2' }, type: 'working', content: 'Ana is typing…', ttlMs }), (m) => `expires at ${new Date(m.expiresAt!).toISOString()}`);
  await p.step('read right away', () => memory.get(brief.id), (m) => (m ? 'present' : 'missing'));
  await sleep(ttlMs + 100);
  const gone = await p.step(`read ${ttlMs + 100} ms later`, () => memory.get(brief.id), (m) => (m ? 'STILL PRESENT' : 'gone (expired)'));
  if (gone) throw new Error('the short-TTL memory did not expire');

  p.heading('Compare-and-set conflict');
  const plan = await memory.store({ scope: { ...PLANNER, conversationId: 'conv-2' }, type: 'semantic', content: 'Trip budget: 900 EUR', importance: 0.6 });
  p.line(`  stored "${plan.text}" at version ${plan.version}`);
  await p.step('writer A: update with ifVersion 1', () => memory.update(plan.id, { content: 'Trip budget: 1100 EUR', ifVersion: plan.version }), (m) => `now version ${m.version}, "${m.text}"`);
  try {
    await memory.update(plan.id, { content: 'Trip budget: 700 EUR', ifVersion: plan.version });
    throw new Error('the stale update was not rejected');
  } catch (error) {
    if (!(error instanceof VersionConflictError)) throw error;
    p.line(`  writer B: update with stale ifVersion 1 -> ${error.name} (code ${error.code}): ${error.message}`);
  }
  p.line(`  stored value is still "${(await memory.get(plan.id))?.text}"`);

  p.heading('Forget and stats');
  await p.step('forgot planner working memory of conv-1', () => memory.forget({ scope: { agentId: PLANNER.agentId, conversationId: 'conv-1' }, type: 'working' }), (n) => `${n} memory`);
  const stats = await p.step('stats', () => memory.stats(), (s) => `${s.total} memories: ${Object.entries(s.byType).map(([t, n]) => `${t} ${n}`).join(', ')}`);
  p.line(`  backend ${stats.backend.name}: ${stats.backend.entries} live entries in ${stats.backend.namespaces} namespaces (memories, their duplicate index, anything else in the store); ${stats.duplicates} duplicate store answered with the existing memory`);
}
