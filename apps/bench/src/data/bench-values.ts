/** The value every key-value workload writes: ~200 bytes of JSON, like a small agent memory. */
export interface BenchValue {
  readonly id: number;
  readonly kind: string;
  readonly text: string;
  readonly tags: readonly string[];
  readonly score: number;
  readonly done: boolean;
}

const WORDS = ['plan', 'user', 'likes', 'dark', 'mode', 'asked', 'about', 'rust', 'and', 'sqlite', 'before', 'lunch', 'then', 'left'];

/** Deterministic ~200-byte value number `i` (the JSON text is 195..205 bytes). */
export function benchValue(i: number): BenchValue {
  const base: BenchValue = { id: i, kind: 'episodic', text: '', tags: ['agent', `t${i % 7}`], score: (i % 100) / 100, done: i % 2 === 0 };
  const overhead = JSON.stringify(base).length;
  let text = '';
  for (let w = i; text.length < 200 - overhead; w++) text += `${WORDS[w % WORDS.length]} `;
  return { ...base, text: text.slice(0, 200 - overhead) };
}

/** Zero-padded keys sort the same in every store, so list order is comparable. */
export function benchKey(i: number): string {
  return `k${String(i).padStart(7, '0')}`;
}

/** `count` values made once and shared by every subject, so no subject pays for building them. */
export function benchValues(count: number): BenchValue[] {
  return Array.from({ length: count }, (_, i) => benchValue(i));
}
