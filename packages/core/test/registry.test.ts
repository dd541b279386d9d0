import { afterEach, describe, expect, it } from 'vitest';
import {
  ConfigError,
  DEFAULT_MAX_K,
  DEFAULT_MAX_VALUE_BYTES,
  DEFAULT_MEM_URL,
  assertOpen,
  collectNamespaces,
  compareCodePoints,
  copyValidValue,
  createBackend,
  decodeEntryKey,
  encodeEntryKey,
  knownSchemes,
  operationContext,
  parseBackendUrl,
  prepareClear,
  prepareList,
  preparePut,
  redactUrl,
  registerBackend,
  resolveDefaultUrl,
  type BackendCapabilities,
  type BackendFactoryInput,
  type Entry,
  type Namespace,
  type StorageBackend,
} from '../src/index.js';

/** A deliberately small but real backend over a Map: enough to prove the registry wires scheme → factory → working store. */
class MapBackend implements StorageBackend {
  readonly name = 'map';
  readonly capabilities: BackendCapabilities = { persistent: false, crossProcess: false, vectorSearch: 'none', atomicBatch: false, maxValueBytes: DEFAULT_MAX_VALUE_BYTES, maxK: DEFAULT_MAX_K };
  private readonly entries = new Map<string, Entry>();
  private closed = false;

  constructor(readonly input: BackendFactoryInput) {}

  private ctx(operation: string) {
    const context = operationContext(this.name, operation);
    assertOpen(this.closed, context);
    return context;
  }

  async get(namespace: Namespace, key: string) {
    this.ctx('get');
    const entry = this.entries.get(encodeEntryKey(namespace, key));
    return entry && { ...entry, value: copyValidValue(entry.value) };
  }
  async getMany(refs: readonly { namespace: Namespace; key: string }[]) {
    return Promise.all(refs.map((r) => this.get(r.namespace, r.key)));
  }
  async put(namespace: Namespace, key: string, value: unknown, options?: Parameters<StorageBackend['put']>[3]) {
    const write = preparePut(namespace, key, value, options, { valueForm: 'clone', capabilities: this.capabilities }, this.ctx('put'));
    const id = encodeEntryKey(write.namespace, write.key);
    const now = Date.now();
    const previous = this.entries.get(id);
    const entry: Entry = { namespace: write.namespace, key: write.key, value: write.value, version: (previous?.version ?? 0) + 1, createdAt: previous?.createdAt ?? now, updatedAt: now };
    this.entries.set(id, entry);
    return { version: entry.version, createdAt: entry.createdAt, updatedAt: now };
  }
  async putMany(items: Parameters<StorageBackend['putMany']>[0]) {
    const results = [];
    for (const item of items) results.push(await this.put(item.namespace, item.key, item.value));
    return results;
  }
  async delete(namespace: Namespace, key: string) {
    this.ctx('delete');
    return this.entries.delete(encodeEntryKey(namespace, key));
  }
  async deleteMany(refs: readonly { namespace: Namespace; key: string }[]) {
    let n = 0;
    for (const r of refs) if (await this.delete(r.namespace, r.key)) n++;
    return n;
  }
  async list(options?: Parameters<StorageBackend['list']>[0]) {
    const { prefix } = prepareList(options, this.ctx('list'));
    const ids = [...this.entries.keys()].filter((id) => decodeEntryKey(id).namespace.join('\u0000').startsWith(prefix.join('\u0000'))).sort(compareCodePoints);
    return { entries: ids.map((id) => ({ ...this.entries.get(id)! })), hasMore: false };
  }
  async search(): Promise<never> {
    throw new Error('not declared');
  }
  async listNamespaces() {
    return collectNamespaces([...this.entries.values()].map((e) => e.namespace), [], undefined);
  }
  async clear(prefix?: Namespace) {
    prepareClear(prefix, this.ctx('clear'));
    const n = this.entries.size;
    this.entries.clear();
    return n;
  }
  async stats() {
    return { backend: this.name, entries: this.entries.size, namespaces: (await this.listNamespaces()).length };
  }
  async close() {
    this.closed = true;
  }
}

const seen: BackendFactoryInput[] = [];
registerBackend('unit-map', async (input) => {
  seen.push(input);
  return new MapBackend(input);
});

async function configError(promise: Promise<unknown>): Promise<ConfigError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).code).toBe('CONFIG');
  return error as ConfigError;
}

const savedMemUrl = process.env['MEM_URL'];
afterEach(() => {
  if (savedMemUrl === undefined) delete process.env['MEM_URL'];
  else process.env['MEM_URL'] = savedMemUrl;
});

describe('createBackend with a registered scheme', () => {
  it('builds the backend from the URL, end to end', async () => {
    const backend = await createBackend('unit-map://some/where?mode=a&mode=b&flag=1');
    const input = seen.at(-1)!;
    expect(input).toMatchObject({ scheme: 'unit-map', location: '//some/where', params: { mode: 'b', flag: '1' }, options: {} });
    await backend.put(['agent', 'conv'], 'k', { n: 1 });
    expect((await backend.get(['agent', 'conv'], 'k'))?.value).toEqual({ n: 1 });
    expect((await backend.list({ prefix: ['agent'] })).entries.map((e) => e.key)).toEqual(['k']);
    await backend.close();
    await expect(backend.get(['agent'], 'k')).rejects.toThrow(/\[map get\] backend is closed/);
  });

  it('takes a config object, lower-cases the scheme and passes options through', async () => {
    await createBackend({ url: 'UNIT-MAP:./local', options: { size: 3 } });
    expect(seen.at(-1)).toMatchObject({ scheme: 'unit-map', location: './local', options: { size: 3 } });
  });

  it('lists the registered scheme among the known ones', () => {
    expect(knownSchemes()).toContain('unit-map');
    expect(knownSchemes()).toEqual([...knownSchemes()].sort());
  });

  it('propagates a failing factory instead of falling back', async () => {
    registerBackend('unit-broken', async () => {
      throw new ConfigError('broken on purpose');
    });
    expect((await configError(createBackend('unit-broken:x'))).message).toContain('broken on purpose');
  });

  it('rejects bad schemes and non-function factories at registration', () => {
    for (const scheme of ['', 'Upper', '1abc', 'has space', 'a:b']) expect(() => registerBackend(scheme, async () => new MapBackend({} as BackendFactoryInput))).toThrow(ConfigError);
    expect(() => registerBackend('unit-x', 'nope' as never)).toThrow(ConfigError);
  });
});

describe('unknown and malformed URLs', () => {
  it('an unknown scheme is a ConfigError listing every known scheme', async () => {
    const error = await configError(createBackend('bogus://x'));
    expect(error.message).toContain('"bogus:"');
    for (const scheme of ['memory:', 'sqlite:', 'json:', 'redis:', 'rediss:', 'redis+cluster:', 'lancedb:', 'unit-map:']) expect(error.message).toContain(scheme);
  });

  it.each(['', '   ', 'no scheme here', '://x', '1abc:x', './memory.db'])('malformed URL %j is a ConfigError', async (url) => {
    await configError(createBackend(url));
  });

  it.each([5, {}, { url: 5 }, ['memory:']])('a non-URL target %j is a ConfigError', async (target) => {
    await configError(createBackend(target as never));
  });

  it('never puts a password into the message', async () => {
    expect((await configError(createBackend('bogus://user:hunter2@host:1/0'))).message).not.toContain('hunter2');
    expect((await configError(createBackend('//user:hunter2@host'))).message).not.toContain('hunter2');
  });
});

describe('MEM_URL', () => {
  it('chooses the backend when code passes nothing', async () => {
    process.env['MEM_URL'] = 'unit-map:from-env';
    await createBackend();
    expect(seen.at(-1)).toMatchObject({ scheme: 'unit-map', location: 'from-env' });
  });

  it('loses to an explicit URL', async () => {
    process.env['MEM_URL'] = 'bogus:';
    await createBackend('unit-map:explicit');
    expect(seen.at(-1)?.location).toBe('explicit');
  });

  it('naming an unknown scheme is an error, not a fallback to the default', async () => {
    process.env['MEM_URL'] = 'bogus://x';
    expect((await configError(createBackend())).message).toContain('known schemes');
  });

  it('empty or blank means the embedded default', () => {
    for (const value of ['', '  ']) {
      process.env['MEM_URL'] = value;
      expect(resolveDefaultUrl()).toBe(DEFAULT_MEM_URL);
    }
    delete process.env['MEM_URL'];
    expect(resolveDefaultUrl()).toBe(DEFAULT_MEM_URL);
  });
});

describe('parseBackendUrl and redactUrl', () => {
  it('splits scheme, location and parameters', () => {
    expect(parseBackendUrl('sqlite:./.mem/memory.db?durability=full')).toEqual({ url: 'sqlite:./.mem/memory.db?durability=full', scheme: 'sqlite', location: './.mem/memory.db', params: { durability: 'full' } });
    expect(parseBackendUrl('memory:')).toMatchObject({ scheme: 'memory', location: '', params: {} });
    expect(parseBackendUrl('redis+cluster://h1:7000,h2:7001')).toMatchObject({ scheme: 'redis+cluster', location: '//h1:7000,h2:7001' });
    expect(parseBackendUrl('json:/tmp/a b.json?x=%20y')).toMatchObject({ location: '/tmp/a b.json', params: { x: ' y' } });
    expect(() => parseBackendUrl('nothing')).toThrow(ConfigError);
  });

  it.each([
    ['redis://user:secret@host:6379/0', 'redis://***@host:6379/0'],
    ['rediss://:secret@host', 'rediss://***@host'],
    ['redis://user:se@cr@et@host:1/2', 'redis://***@host:1/2'],
    ['redis+cluster://u:secret@h1:1,h2:2', 'redis+cluster://***@h1:1,h2:2'],
    ['redis://host:6379/0', 'redis://host:6379/0'],
    ['redis://host/0?note=a@b', 'redis://host/0?note=a@b'],
    ['sqlite:./a@b.db', 'sqlite:./a@b.db'],
  ])('redactUrl(%j) = %j', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});
