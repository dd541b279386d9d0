import { ConfigError } from '../errors/config-error.js';
import type { StorageBackend } from '../types/storage-backend.js';
import { parseBackendUrl, redactUrl, type BackendUrl } from './backend-url.js';

/** What a factory receives: the parsed URL and any options passed in code. */
export interface BackendFactoryInput extends BackendUrl {
  /** Options given in code; they win over URL parameters. */
  readonly options: Readonly<Record<string, unknown>>;
}

/** Builds a backend from a URL. Every backend package exports one as `backendFactory`. */
export type BackendFactory = (input: BackendFactoryInput) => Promise<StorageBackend>;

/** A config object instead of a URL string. */
export interface BackendConfig {
  /** The backend URL, e.g. `redis://localhost:6379/0`. */
  readonly url: string;
  /** Backend-specific options (they win over URL parameters). */
  readonly options?: Readonly<Record<string, unknown>>;
}

/**
 * The embedded default when neither code nor `MEM_URL` names a backend: a SQLite file under the
 * working directory, so a laptop keeps its memory across runs with no server. Needs `@mem/backend-sqlite`.
 */
export const DEFAULT_MEM_URL = 'sqlite:./.mem/memory.db';

type Registration = { readonly load: () => Promise<BackendFactory>; readonly source: string };

const builtIn = (specifier: string): Registration => ({
  source: specifier,
  load: async () => {
    let mod: { backendFactory?: BackendFactory };
    try {
      mod = (await import(specifier)) as { backendFactory?: BackendFactory };
    } catch (cause) {
      throw new ConfigError(`backend package ${specifier} could not be loaded; install it with: npm install ${specifier}`, { cause });
    }
    if (typeof mod.backendFactory !== 'function') throw new ConfigError(`${specifier} does not export backendFactory`);
    return mod.backendFactory;
  },
});

// Backends load lazily, so core depends on none of them and a user installs only what they use.
const registry = new Map<string, Registration>([
  ['memory', builtIn('@mem/backend-memory')],
  ['sqlite', builtIn('@mem/backend-sqlite')],
  ['json', builtIn('@mem/backend-json-file')],
  ['redis', builtIn('@mem/backend-redis')],
  ['rediss', builtIn('@mem/backend-redis')],
  ['redis+cluster', builtIn('@mem/backend-redis')],
  ['lancedb', builtIn('@mem/backend-lancedb')],
]);

/** Adds (or replaces) the factory for a scheme, e.g. `registerBackend('postgres', factory)`. */
export function registerBackend(scheme: string, factory: BackendFactory): void {
  if (!/^[a-z][a-z0-9+.-]*$/.test(scheme)) throw new ConfigError(`scheme ${JSON.stringify(scheme)} must be lower-case letters, digits, + . -`);
  if (typeof factory !== 'function') throw new ConfigError(`factory for ${scheme}: must be a function`);
  registry.set(scheme, { source: 'registerBackend', load: async () => factory });
}

/** Schemes that `createBackend` knows, sorted. */
export function knownSchemes(): string[] {
  return [...registry.keys()].sort();
}

/**
 * Creates a backend from a URL or config. With no argument, `MEM_URL` decides, then
 * {@link DEFAULT_MEM_URL}. An unknown scheme is a `ConfigError` listing the known ones; there is
 * never a silent fallback to another backend.
 */
export async function createBackend(target?: string | BackendConfig): Promise<StorageBackend> {
  const config: BackendConfig = typeof target === 'string' ? { url: target } : (target ?? { url: resolveDefaultUrl() });
  if (config === null || typeof config !== 'object' || typeof config.url !== 'string') throw new ConfigError('createBackend needs a URL string or { url, options }');
  const parsed = parseBackendUrl(config.url);
  const registration = registry.get(parsed.scheme);
  if (!registration) {
    throw new ConfigError(`unknown backend scheme "${parsed.scheme}:" in ${redactUrl(config.url)}; known schemes: ${knownSchemes().map((s) => `${s}:`).join(', ')}`);
  }
  const factory = await registration.load();
  return factory({ ...parsed, options: config.options ?? {} });
}

/** `MEM_URL` when set and non-empty, else the embedded default. */
export function resolveDefaultUrl(): string {
  const fromEnv = process.env['MEM_URL'];
  return fromEnv !== undefined && fromEnv.trim() !== '' ? fromEnv : DEFAULT_MEM_URL;
}
