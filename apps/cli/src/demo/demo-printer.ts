import { performance } from 'node:perf_hooks';
import type { Memory, MemoryScope } from '@mem/core';

/** Writes the demo's walkthrough: numbered sections, indented lines, a timing per step. */
export class DemoPrinter {
  private section = 0;
  private readonly started = performance.now();

  constructor(private readonly out: NodeJS.WritableStream) {}

  /** Prints a line as is. */
  line(text = ''): void {
    this.out.write(`${text}\n`);
  }

  /** Starts a numbered section. */
  heading(title: string): void {
    this.line();
    this.line(`== ${++this.section}. ${title} ==`);
  }

  /** Runs one step and prints what it did and how long it took. */
  async step<T>(label: string, run: () => Promise<T>, describe?: (result: T) => string): Promise<T> {
    const t = performance.now();
    const result = await run();
    const ms = performance.now() - t;
    this.line(`  ${label}${describe ? `: ${describe(result)}` : ''}  (${formatMs(ms)})`);
    return result;
  }

  /** One memory, one line. */
  memory(memory: Memory, extra = ''): void {
    this.line(`    ${scopeLabel(memory.scope).padEnd(40)} ${memory.type.padEnd(10)} ${JSON.stringify(memory.text)}${extra}`);
  }

  /** Milliseconds since the printer was made. */
  elapsed(): string {
    return formatMs(performance.now() - this.started);
  }
}

/** `agent planner · conv c1`: a scope in a few words. */
export function scopeLabel(scope: MemoryScope): string {
  const parts: string[] = [];
  if (scope.agentId) parts.push(`agent ${scope.agentId}`);
  if (scope.userId) parts.push(`user ${scope.userId}`);
  if (scope.conversationId) parts.push(`conv ${scope.conversationId}`);
  if (scope.runId) parts.push(`run ${scope.runId}`);
  return parts.join(' · ');
}

function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(2)} ms` : `${ms.toFixed(0)} ms`;
}
