import type { StoreMemoryInput } from '@mem/core';

/** The two agents and two conversations the demo remembers for. */
export const PLANNER = { agentId: 'planner', userId: 'ana' } as const;
export const SUPPORT = { agentId: 'support', userId: 'ana' } as const;

/** What the demo stores: working, episodic, semantic and procedural memories across both agents and conversations. */
export const DEMO_MEMORIES: readonly StoreMemoryInput<string>[] = [
  { scope: { ...PLANNER, conversationId: 'conv-1' }, type: 'episodic', content: 'Ana asked to plan a three-day trip to Lisbon in May', importance: 0.7 },
  { scope: { ...PLANNER, conversationId: 'conv-1' }, type: 'working', content: 'Draft itinerary: day 1 Alfama, day 2 Belém, day 3 Sintra', importance: 0.4 },
  { scope: { ...PLANNER, conversationId: 'conv-2' }, type: 'episodic', content: 'Ana moved the Lisbon trip to early June', importance: 0.8 },
  { scope: { ...PLANNER, conversationId: 'conv-2' }, type: 'working', content: 'Checking train times from Lisbon to Sintra', importance: 0.3 },
  { scope: PLANNER, type: 'semantic', content: 'Ana prefers trains over flights and eats vegetarian food', importance: 0.9, metadata: { topic: 'preferences' } },
  { scope: { ...SUPPORT, conversationId: 'conv-1' }, type: 'episodic', content: 'Ana reported that the booking confirmation email never arrived', importance: 0.6 },
  { scope: { ...SUPPORT, conversationId: 'conv-2' }, type: 'episodic', content: 'Ana asked for a refund for the cancelled museum tickets', importance: 0.7 },
  { scope: { ...SUPPORT, conversationId: 'conv-2' }, type: 'working', content: 'Refund ticket #4417 opened, waiting for payment team', importance: 0.5 },
  { scope: SUPPORT, type: 'semantic', content: 'Refunds for cancelled tickets take five business days', importance: 0.6, metadata: { topic: 'policy' } },
  { scope: SUPPORT, type: 'procedural', content: 'To resend a confirmation email, open the booking and choose Resend', importance: 0.5, metadata: { topic: 'howto' } },
];
