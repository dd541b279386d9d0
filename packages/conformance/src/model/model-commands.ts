import fc from 'fast-check';
import { expect } from 'vitest';
import type { CaseContext } from '../conformance-case.js';
import { listAll } from '../support/expectations.js';
import { sleepUntil } from '../support/expectations.js';
import type { ReferenceModel } from './reference-model.js';

/** The real side of a model run: the case context, whose `backend` changes on reopen. */
export type Real = CaseContext;
type Command = fc.AsyncCommand<ReferenceModel, Real>;

// A small alphabet so sequences collide often, full of the traps the suite cares about.
const NAMESPACES: string[][] = [['a'], ['a', 'b'], ['a:b'], ['a', 'b:c'], ['acme'], ['acme-corp'], ['\uFFFF'], ['\u{1F600}', 'x']];
const PREFIXES: string[][] = [[], ['a'], ['a', 'b'], ['acme'], ['\u{1F600}']];
const KEYS = ['k', 'K', 'k2', '\uFFFF', '\u{1F600}', 'a\u0000'];
const LONG_TTL = 3_600_000;

const namespaceArb = fc.constantFrom(...NAMESPACES);
const keyArb = fc.constantFrom(...KEYS);
const valueArb = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.integer(),
  fc.constantFrom(0, '', false, null, -0),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
  fc.date({ noInvalidDate: true }),
  fc.dictionary(fc.constantFrom('x', '__proto__', '$mem', 'constructor'), fc.oneof(fc.integer(), fc.string({ maxLength: 4 })), { maxKeys: 3 }),
  fc.array(fc.integer(), { maxLength: 4 }),
);

function label(ns: readonly string[], key: string): string {
  return `${JSON.stringify(ns)}/${JSON.stringify(key)}`;
}

function isConflict(error: unknown): boolean {
  return (error as { code?: string }).code === 'VERSION_CONFLICT';
}

class PutCommand implements Command {
  constructor(readonly ns: string[], readonly key: string, readonly value: unknown, readonly ttl: boolean) {}
  check = () => true;
  async run(m: ReferenceModel, r: Real): Promise<void> {
    const result = await r.backend.put(this.ns, this.key, this.value, this.ttl ? { ttlMs: LONG_TTL } : {});
    expect(result.version).toBe(m.put(this.ns, this.key, this.value, this.ttl));
    expect(result.expiresAt !== undefined).toBe(this.ttl);
  }
  toString = () => `put(${label(this.ns, this.key)}, ${fc.stringify(this.value)}${this.ttl ? ', ttl' : ''})`;
}

/** `expected`: 'current' = the model's version (0 when absent), 'stale' = off by one, 'zero' = must not exist. */
class CasPutCommand implements Command {
  constructor(readonly ns: string[], readonly key: string, readonly value: unknown, readonly expected: 'current' | 'stale' | 'zero') {}
  check = () => true;
  async run(m: ReferenceModel, r: Real): Promise<void> {
    const current = m.get(this.ns, this.key)?.version ?? 0;
    const ifVersion = this.expected === 'current' ? current : this.expected === 'zero' ? 0 : current + 1;
    const shouldWin = ifVersion === current;
    try {
      const result = await r.backend.put(this.ns, this.key, this.value, { ifVersion });
      expect(shouldWin, `CAS put with ifVersion ${ifVersion} (model version ${current}) succeeded`).toBe(true);
      expect(result.version).toBe(m.put(this.ns, this.key, this.value, false));
    } catch (error) {
      if (!isConflict(error)) throw error;
      expect(shouldWin, `CAS put with ifVersion ${ifVersion} (model version ${current}) conflicted`).toBe(false);
    }
  }
  toString = () => `casPut(${label(this.ns, this.key)}, ${this.expected})`;
}

class GetCommand implements Command {
  constructor(readonly ns: string[], readonly key: string) {}
  check = () => true;
  async run(m: ReferenceModel, r: Real): Promise<void> {
    const expected = m.get(this.ns, this.key);
    const entry = await r.backend.get(this.ns, this.key);
    if (!expected) return expect(entry, `get ${label(this.ns, this.key)}`).toBeUndefined();
    expect(entry, `get ${label(this.ns, this.key)}`).toBeDefined();
    expect(entry!.value).toStrictEqual(expected.value);
    expect(entry!.version).toBe(expected.version);
    expect(entry!.expiresAt !== undefined).toBe(expected.expires);
  }
  toString = () => `get(${label(this.ns, this.key)})`;
}

class DeleteCommand implements Command {
  constructor(readonly ns: string[], readonly key: string, readonly cas: 'none' | 'current' | 'stale') {}
  check = () => true;
  async run(m: ReferenceModel, r: Real): Promise<void> {
    const current = m.get(this.ns, this.key)?.version;
    if (this.cas === 'none') {
      expect(await r.backend.delete(this.ns, this.key)).toBe(m.delete(this.ns, this.key));
      return;
    }
    const ifVersion = this.cas === 'current' ? (current ?? 1) : (current ?? 0) + 1;
    try {
      expect(await r.backend.delete(this.ns, this.key, { ifVersion })).toBe(true);
      expect(current, `CAS delete with ifVersion ${ifVersion} succeeded`).toBe(ifVersion);
      m.delete(this.ns, this.key);
    } catch (error) {
      if (!isConflict(error)) throw error;
      expect(current === ifVersion, `CAS delete with ifVersion ${ifVersion} (model ${current}) conflicted`).toBe(false);
    }
  }
  toString = () => `delete(${label(this.ns, this.key)}, ${this.cas})`;
}

class ListCommand implements Command {
  constructor(readonly prefix: string[], readonly limit: number) {}
  check = () => true;
  async run(m: ReferenceModel, r: Real): Promise<void> {
    const listed = await listAll(r.backend, { prefix: this.prefix, limit: this.limit });
    const expected = m.list(this.prefix);
    expect(listed.map((e) => label(e.namespace, e.key))).toEqual(expected.map((e) => label(e.namespace, e.key)));
    expect(listed.map((e) => e.version)).toEqual(expected.map((e) => e.version));
  }
  toString = () => `list(${JSON.stringify(this.prefix)}, limit ${this.limit})`;
}

class ClearCommand implements Command {
  constructor(readonly prefix: string[]) {}
  check = () => true;
  async run(m: ReferenceModel, r: Real): Promise<void> {
    expect(await r.backend.clear(this.prefix)).toBe(m.clear(this.prefix));
  }
  toString = () => `clear(${JSON.stringify(this.prefix)})`;
}

class StatsCommand implements Command {
  check = () => true;
  async run(m: ReferenceModel, r: Real): Promise<void> {
    expect((await r.backend.stats()).entries).toBe(m.size);
    const namespaces = new Set(m.list([]).map((e) => JSON.stringify(e.namespace)));
    expect((await r.backend.listNamespaces()).map((ns) => JSON.stringify(ns))).toEqual([...namespaces]);
  }
  toString = () => 'stats()';
}

/** Writes with a short TTL, waits past the expiry; afterwards the entry is gone for every read. */
class ExpireCommand implements Command {
  constructor(readonly ns: string[], readonly key: string) {}
  check = () => true;
  async run(m: ReferenceModel, r: Real): Promise<void> {
    const result = await r.backend.put(this.ns, this.key, 'short-lived', { ttlMs: r.options.ttlScaleMs });
    expect(result.version).toBe((m.get(this.ns, this.key)?.version ?? 0) + 1);
    await sleepUntil(result.expiresAt! + r.options.ttlScaleMs / 2);
    m.delete(this.ns, this.key);
  }
  toString = () => `expire(${label(this.ns, this.key)})`;
}

class ReopenCommand implements Command {
  check = () => true;
  async run(_m: ReferenceModel, r: Real): Promise<void> {
    await r.reopen();
  }
  toString = () => 'reopen()';
}

/** The command generators; `reopen` is included only for persistent backends, `expire` only when asked. */
export function modelCommands(options: { reopen: boolean; expire: boolean }): fc.Arbitrary<Command>[] {
  const put = fc.tuple(namespaceArb, keyArb, valueArb, fc.boolean()).map(([ns, key, value, ttl]) => new PutCommand(ns, key, value, ttl));
  // Puts weigh double, so stores fill up enough for pagination and prefixes to matter.
  const commands: fc.Arbitrary<Command>[] = [
    put,
    put,
    fc.tuple(namespaceArb, keyArb, valueArb, fc.constantFrom('current' as const, 'stale' as const, 'zero' as const)).map(([ns, key, value, e]) => new CasPutCommand(ns, key, value, e)),
    fc.tuple(namespaceArb, keyArb).map(([ns, key]) => new GetCommand(ns, key)),
    fc.tuple(namespaceArb, keyArb, fc.constantFrom('none' as const, 'current' as const, 'stale' as const)).map(([ns, key, cas]) => new DeleteCommand(ns, key, cas)),
    fc.tuple(fc.constantFrom(...PREFIXES), fc.integer({ min: 1, max: 4 })).map(([prefix, limit]) => new ListCommand(prefix, limit)),
    fc.constantFrom(...PREFIXES).map((prefix) => new ClearCommand(prefix)),
    fc.constant(new StatsCommand()),
  ];
  if (options.expire) commands.push(fc.tuple(namespaceArb, keyArb).map(([ns, key]) => new ExpireCommand(ns, key)));
  if (options.reopen) commands.push(fc.constant(new ReopenCommand()));
  return commands;
}
