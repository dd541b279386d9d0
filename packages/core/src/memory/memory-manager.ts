import { randomUUID } from 'node:crypto';
import { cloneValue } from '../codec/clone-value.js';
import type { Embedder } from '../embedder/embedder.js';
import type { MemErrorContext } from '../errors/mem-error.js';
import { NotFoundError } from '../errors/not-found-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { VersionConflictError } from '../errors/version-conflict-error.js';
import type { Entry, EntryRef } from '../types/entry.js';
import type { StorageBackend } from '../types/storage-backend.js';
import { assertOpen } from '../validation/prepare-operation.js';
import { validateEmbedding, validateIfVersion, validateIntegerInRange } from '../validation/validate-input.js';
import { AccessTracker } from './access-tracker.js';
import type { IMemoryManager, MemoryLimits, MemoryManagerOptions } from './i-memory-manager.js';
import { aliasNamespace, findByContentHash, recordContentHash } from './duplicate-index.js';
import { decodeMemoryId, encodeMemoryId, META, memoryNamespace, parseMemoryNamespace, validateMemoryType, validateScope } from './memory-layout.js';
import { validateManagerOptions } from './memory-manager-options.js';
import { PageCollector, validateOrder } from './memory-order.js';
import { compileMemoryQuery, isPrefixOnly, type CompiledQuery } from './memory-query.js';
import { entryMetadata, entryToMemory, memoryValue, prepareContent, resolveTtl, validateImportance, validateMemoryMetadata, type PreparedContent } from './memory-record.js';
import { MEMORY_TYPES, type Memory, type MemoryPage, type MemoryQuery, type MemorySearchHit, type MemoryStats, type MemoryType, type RetrieveOptions, type SearchMemoryOptions, type StoreMemoryInput, type UpdateMemoryInput } from './memory-types.js';
import { evictOverLimits } from './scope-eviction.js';

/** How often `update` retries a lost race when the caller did not ask for compare-and-set. */
const UPDATE_ATTEMPTS = 5;
const SCAN_PAGE = 1000;

/** The one implementation of {@link IMemoryManager}, over any `StorageBackend`. */
export class MemoryManager implements IMemoryManager {
  /** The backend memories live in. */
  readonly backend: StorageBackend;
  /** The embedder used for text, if any. */
  readonly embedder: Embedder | undefined;
  private readonly root: string;
  private readonly ttlByType: Readonly<Record<MemoryType, number | null>>;
  private readonly limits: MemoryLimits | undefined;
  private readonly deduplicate: boolean;
  private readonly closeBackend: boolean;
  private readonly tracker = new AccessTracker();
  private closed = false;
  private evicted = 0;
  private duplicates = 0;

  constructor(backend: StorageBackend, options: MemoryManagerOptions = {}) {
    const valid = validateManagerOptions(backend, options);
    this.backend = backend;
    this.embedder = valid.embedder;
    this.root = valid.root;
    this.ttlByType = valid.ttlByType;
    this.limits = valid.limits;
    this.deduplicate = valid.deduplicate;
    this.closeBackend = valid.closeBackend;
  }

  async store<C>(input: StoreMemoryInput<C>): Promise<Memory<C>> {
    const ctx = this.begin('store');
    if (input === null || typeof input !== 'object') throw new ValidationError('store needs an object { scope, type, content }', ctx);
    const scope = validateScope(input.scope, true, ctx);
    const type = validateMemoryType(input.type, ctx);
    const prepared = prepareContent(input.content, input.text, ctx);
    const metadata = validateMemoryMetadata(input.metadata, ctx);
    const importance = input.importance === undefined ? 0.5 : validateImportance(input.importance, ctx);
    const ttlMs = resolveTtl(input.ttlMs, this.ttlByType[type], ctx);
    const given = input.embedding === undefined ? undefined : validateEmbedding(input.embedding, ctx);
    const namespace = memoryNamespace(this.root, scope, type);
    if (this.deduplicate) {
      const existing = await findByContentHash(this.backend, namespace, prepared.hash);
      if (existing) return this.duplicateOf<C>(existing);
    }
    const embedding = given ?? (await this.embedText(prepared.text, ctx));
    const now = Date.now();
    const options = { metadata: entryMetadata(metadata, scope, type, importance, prepared.hash, now, now), embedding, ttlMs, ifVersion: 0 };
    // Content-addressed key: two concurrent stores of the same content meet on it, and ifVersion 0 lets only one win.
    let key = this.deduplicate ? prepared.hash : `${prepared.hash}-${randomUUID()}`;
    let written;
    try {
      written = await this.backend.put(namespace, key, memoryValue(prepared), options);
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
      const current = await this.backend.get(namespace, key);
      if (current?.metadata?.[META.hash] === prepared.hash) return this.duplicateOf<C>(current);
      // The key's memory has since been updated to other content: this content is new after all.
      key = `${prepared.hash}-${randomUUID()}`;
      written = await this.backend.put(namespace, key, memoryValue(prepared), options);
      await recordContentHash(this.backend, namespace, prepared.hash, key, ttlMs);
    }
    const id = encodeMemoryId(namespace, key);
    this.tracker.touch(id, now);
    if (this.limits) this.evicted += await evictOverLimits(this.backend, this.limits, { root: this.root, scope, type, keep: { namespace, key } }, this.tracker);
    const memory: Memory<C> = { id, scope, type, content: cloneValue(prepared.content, ctx) as C, text: prepared.text, metadata, importance, version: written.version, createdAt: now, updatedAt: now };
    if (written.expiresAt !== undefined) memory.expiresAt = written.expiresAt;
    return memory;
  }

  async get<C>(id: string): Promise<Memory<C> | undefined> {
    const ctx = this.begin('get');
    const ref = decodeMemoryId(this.root, id, ctx);
    const entry = await this.backend.get(ref.namespace, ref.key);
    return entry && this.used<C>(entry);
  }

  async retrieve<C>(options: RetrieveOptions = {}): Promise<MemoryPage<C>> {
    const ctx = this.begin('retrieve');
    const query = compileMemoryQuery(this.root, options, ctx);
    const limit = options.limit === undefined ? 50 : validateIntegerInRange(options.limit, 'limit', 1, 1000, ctx);
    const collector = new PageCollector(validateOrder(options.order, ctx), limit, options.cursor, ctx);
    await this.scan(query, (entries) => entries.forEach((e) => collector.offer(e)));
    const page = collector.result();
    const memories = page.entries.map((e) => this.used<C>(e)).filter((m): m is Memory<C> => m !== undefined);
    return page.cursor === undefined ? { memories, hasMore: page.hasMore } : { memories, hasMore: page.hasMore, cursor: page.cursor };
  }

  async search<C>(options: SearchMemoryOptions): Promise<MemorySearchHit<C>[]> {
    const ctx = this.begin('search');
    if (options === null || typeof options !== 'object') throw new ValidationError('search needs an object { text | vector, ... }', ctx);
    const query = compileMemoryQuery(this.root, options, ctx);
    if ((options.text === undefined) === (options.vector === undefined)) throw new ValidationError('search needs exactly one of text or vector', ctx);
    let vector = options.vector;
    if (options.text !== undefined) {
      if (typeof options.text !== 'string') throw new ValidationError('search text must be a string', ctx);
      if (!this.embedder) throw new ValidationError('search by text needs an embedder; pass one to the manager or search by vector', ctx);
      vector = await this.embedText(options.text, ctx);
    }
    const hits = await this.backend.search({ vector: vector!, k: options.k, prefix: query.prefix, filter: query.filter, minScore: options.minScore });
    const out: MemorySearchHit<C>[] = [];
    for (const hit of hits) {
      const memory = this.used<C>(hit.entry);
      if (memory) out.push({ memory, score: hit.score });
    }
    return out;
  }

  async update<C>(id: string, changes: UpdateMemoryInput<C>): Promise<Memory<C>> {
    const ctx = this.begin('update');
    const ref = decodeMemoryId(this.root, id, ctx);
    if (changes === null || typeof changes !== 'object') throw new ValidationError('update needs an object of changes', ctx);
    const ifVersion = validateIfVersion(changes.ifVersion, ctx);
    const metadata = changes.metadata === undefined ? undefined : validateMemoryMetadata(changes.metadata, ctx);
    const importance = changes.importance === undefined ? undefined : validateImportance(changes.importance, ctx);
    const newTtl = changes.ttlMs === undefined ? undefined : (resolveTtl(changes.ttlMs, undefined, ctx) ?? null);
    if (changes.text !== undefined && typeof changes.text !== 'string') throw new ValidationError('text must be a string', ctx);
    const embeddings = new Map<string, Float32Array | undefined>();
    for (let attempt = 1; ; attempt++) {
      const entry = await this.backend.get(ref.namespace, ref.key);
      const current = entry && entryToMemory<C>(this.root, entry);
      if (!entry || !current) throw new NotFoundError(`memory ${id} does not exist`, ctx);
      if (ifVersion !== undefined && entry.version !== ifVersion) throw new VersionConflictError(ifVersion, entry.version, ctx);
      const content = this.changedContent(current, changes, ctx);
      const embedding = content.text === current.text && entry.embedding ? entry.embedding : await this.embedOnce(embeddings, content.text, ctx);
      const now = Date.now();
      const ttlMs = newTtl === undefined ? (entry.expiresAt === undefined ? undefined : Math.max(1, entry.expiresAt - now)) : (newTtl ?? undefined);
      const meta = entryMetadata(metadata ?? current.metadata, current.scope, current.type, importance ?? current.importance, content.hash, current.createdAt, now);
      try {
        const written = await this.backend.put(ref.namespace, ref.key, memoryValue(content), { metadata: meta, embedding, ttlMs, ifVersion: entry.version });
        if (this.deduplicate && content.hash !== entry.metadata?.[META.hash]) await recordContentHash(this.backend, ref.namespace, content.hash, ref.key, ttlMs);
        this.tracker.touch(id, now);
        const memory: Memory<C> = { ...current, content: cloneValue(content.content, ctx) as C, text: content.text, metadata: metadata ?? current.metadata, importance: importance ?? current.importance, version: written.version, updatedAt: now };
        if (written.expiresAt === undefined) delete memory.expiresAt;
        else memory.expiresAt = written.expiresAt;
        return memory;
      } catch (error) {
        // Without ifVersion the caller asked for last-writer-wins, so a lost race is retried on fresh data.
        if (!(error instanceof VersionConflictError) || ifVersion !== undefined || attempt >= UPDATE_ATTEMPTS) throw error;
      }
    }
  }

  async delete(id: string, options: { readonly ifVersion?: number } = {}): Promise<boolean> {
    const ctx = this.begin('delete');
    const ref = decodeMemoryId(this.root, id, ctx);
    const existed = await this.backend.delete(ref.namespace, ref.key, { ifVersion: validateIfVersion(options?.ifVersion, ctx) });
    this.tracker.forget(id);
    return existed;
  }

  async forget(query: MemoryQuery): Promise<number> {
    const ctx = this.begin('forget');
    if (query === null || typeof query !== 'object') throw new ValidationError('forget needs a query object ({} = every memory of this manager)', ctx);
    const compiled = compileMemoryQuery(this.root, query, ctx);
    if (isPrefixOnly(compiled)) {
      const removed = await this.backend.clear(compiled.prefix);
      await this.backend.clear(aliasNamespace(compiled.prefix));
      return removed;
    }
    let removed = 0;
    await this.scan(compiled, async (entries) => {
      removed += await this.backend.deleteMany(entries.map(({ namespace, key }): EntryRef => ({ namespace, key })));
    });
    return removed;
  }

  async stats(query: MemoryQuery = {}): Promise<MemoryStats> {
    const ctx = this.begin('stats');
    const compiled = compileMemoryQuery(this.root, query, ctx);
    const byType = Object.fromEntries(MEMORY_TYPES.map((t) => [t, 0])) as Record<MemoryType, number>;
    await this.scan(compiled, (entries) => {
      for (const entry of entries) byType[parseMemoryNamespace(this.root, entry.namespace)!.type]++;
    });
    const backend = await this.backend.stats();
    const embedder = this.embedder && { name: this.embedder.name ?? 'embedder', dimension: this.embedder.dimension };
    const total = MEMORY_TYPES.reduce((sum, t) => sum + byType[t], 0);
    const base = { byType, total, evicted: this.evicted, duplicates: this.duplicates, backend: { name: backend.backend, entries: backend.entries, namespaces: backend.namespaces } };
    return embedder ? { ...base, embedder } : base;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.closeBackend) await this.backend.close();
  }

  private begin(operation: string): MemErrorContext {
    const ctx = { backend: this.backend.name, operation: `memory.${operation}` };
    assertOpen(this.closed, ctx);
    return ctx;
  }

  /** Pages through every memory matching a query, in list order. */
  private async scan(query: CompiledQuery, visit: (entries: Entry[]) => void | Promise<void>): Promise<void> {
    let cursor: string | undefined;
    do {
      const page = await this.backend.list({ prefix: query.prefix, filter: query.filter, cursor, limit: SCAN_PAGE });
      await visit(page.entries.filter((e) => parseMemoryNamespace(this.root, e.namespace) !== undefined));
      cursor = page.cursor;
    } while (cursor !== undefined);
  }

  private duplicateOf<C>(entry: Entry): Memory<C> {
    this.duplicates++;
    return this.used<C>(entry)!;
  }

  /** Converts an entry read for a caller and records the use. */
  private used<C>(entry: Entry): Memory<C> | undefined {
    const memory = entryToMemory<C>(this.root, entry);
    if (memory) this.tracker.touch(memory.id);
    return memory;
  }

  private changedContent(current: Memory, changes: UpdateMemoryInput, ctx: MemErrorContext): PreparedContent {
    if (changes.content !== undefined) return prepareContent(changes.content, changes.text, ctx);
    return prepareContent(current.content, changes.text ?? (current.text === current.content ? undefined : current.text), ctx);
  }

  private async embedOnce(cache: Map<string, Float32Array | undefined>, text: string, ctx: MemErrorContext): Promise<Float32Array | undefined> {
    if (!cache.has(text)) cache.set(text, await this.embedText(text, ctx));
    return cache.get(text);
  }

  /** The embedding of a text, or `undefined` when there is no embedder or the backend cannot search vectors. */
  private async embedText(text: string, ctx: MemErrorContext): Promise<Float32Array | undefined> {
    if (!this.embedder || this.backend.capabilities.vectorSearch === 'none') return undefined;
    const [vector] = await this.embedder.embed([text]);
    if (!(vector instanceof Float32Array) || vector.length !== this.embedder.dimension) {
      throw new ValidationError(`embedder ${this.embedder.name ?? ''} returned no vector of dimension ${this.embedder.dimension}`, ctx);
    }
    return vector;
  }
}
