import type { MemErrorContext } from '../errors/mem-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { compareEntryRefs } from '../namespace/code-point-order.js';
import type { Entry } from '../types/entry.js';
import { META } from './memory-layout.js';
import type { MemoryOrder } from './memory-types.js';

/** A position in one order: sort numbers (smaller first), then (namespace, key) as the tie-break. */
interface Position {
  readonly numbers: readonly number[];
  readonly namespace: readonly string[];
  readonly key: string;
}

const ORDERS = new Set<MemoryOrder>(['newest', 'oldest', 'importance']);

/** @throws ValidationError unless `order` is a known order. */
export function validateOrder(order: unknown, context: MemErrorContext): MemoryOrder {
  if (order === undefined) return 'newest';
  if (typeof order !== 'string' || !ORDERS.has(order as MemoryOrder)) throw new ValidationError(`order must be newest, oldest or importance, got ${JSON.stringify(order)}`, context);
  return order as MemoryOrder;
}

function positionOf(order: MemoryOrder, entry: Entry): Position {
  const meta = entry.metadata ?? {};
  const created = typeof meta[META.createdAt] === 'number' ? (meta[META.createdAt] as number) : entry.createdAt;
  const importance = typeof meta[META.importance] === 'number' ? (meta[META.importance] as number) : 0.5;
  const numbers = order === 'newest' ? [-created] : order === 'oldest' ? [created] : [-importance, -created];
  return { numbers, namespace: entry.namespace, key: entry.key };
}

function comparePositions(a: Position, b: Position): number {
  for (let i = 0; i < a.numbers.length; i++) {
    const d = a.numbers[i]! - b.numbers[i]!;
    if (d !== 0) return d;
  }
  return compareEntryRefs(a, b);
}

/**
 * Keeps the first `limit` entries after a cursor in one order, out of a stream of any length, in
 * O(limit) memory, and knows whether more follow. The cursor is the last position returned, so
 * a page never skips or repeats a memory that existed for the whole scan.
 */
export class PageCollector {
  private kept: { position: Position; entry: Entry }[] = [];
  private readonly after: Position | undefined;

  constructor(
    private readonly order: MemoryOrder,
    private readonly limit: number,
    cursor: string | undefined,
    context: MemErrorContext,
  ) {
    this.after = cursor === undefined ? undefined : decodeOrderCursor(order, cursor, context);
  }

  /** Considers one entry. */
  offer(entry: Entry): void {
    const position = positionOf(this.order, entry);
    if (this.after !== undefined && comparePositions(position, this.after) <= 0) return;
    this.kept.push({ position, entry });
    // Trim in batches so the amortised cost stays O(log limit) per entry.
    if (this.kept.length >= 4 * (this.limit + 1)) this.trim();
  }

  /** The page: entries in order, whether more remain, and the cursor to continue. */
  result(): { entries: Entry[]; hasMore: boolean; cursor?: string } {
    this.trim();
    const hasMore = this.kept.length > this.limit;
    const page = this.kept.slice(0, this.limit);
    const last = page[page.length - 1];
    return hasMore && last ? { entries: page.map((k) => k.entry), hasMore, cursor: encodeOrderCursor(this.order, last.position) } : { entries: page.map((k) => k.entry), hasMore };
  }

  private trim(): void {
    this.kept.sort((a, b) => comparePositions(a.position, b.position));
    if (this.kept.length > this.limit + 1) this.kept.length = this.limit + 1;
  }
}

function encodeOrderCursor(order: MemoryOrder, position: Position): string {
  return Buffer.from(JSON.stringify([order, position.numbers, position.namespace, position.key]), 'utf8').toString('base64url');
}

function decodeOrderCursor(order: MemoryOrder, cursor: unknown, context: MemErrorContext): Position {
  if (typeof cursor === 'string') {
    try {
      const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      if (Array.isArray(parsed) && parsed.length === 4) {
        const [o, numbers, namespace, key] = parsed as [unknown, unknown, unknown, unknown];
        const valid = Array.isArray(numbers) && numbers.every((n) => typeof n === 'number') && Array.isArray(namespace) && namespace.every((s) => typeof s === 'string') && typeof key === 'string';
        if (o !== order && valid) throw new ValidationError(`cursor was made for order ${String(o)}, not ${order}`, context);
        if (valid) return { numbers: numbers as number[], namespace: namespace as string[], key };
      }
    } catch (error) {
      if (error instanceof ValidationError) throw error;
    }
  }
  throw new ValidationError('cursor is not one retrieve produced', context);
}
