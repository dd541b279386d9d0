import { ConfigError } from '../errors/config-error.js';

/** A backend URL taken apart; each backend reads `location` and `params` its own way. */
export interface BackendUrl {
  /** The full URL as given. */
  readonly url: string;
  /** Lower-case scheme without the colon, e.g. `sqlite`, `redis+cluster`. */
  readonly scheme: string;
  /** What follows `scheme:` up to `?`, e.g. `./memory.db` or `//user:pass@host:6379/0`. */
  readonly location: string;
  /** Query parameters (`?durability=full`), last one wins. */
  readonly params: Readonly<Record<string, string>>;
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/s;

/** Splits a backend URL. @throws ConfigError when it has no scheme. */
export function parseBackendUrl(url: string): BackendUrl {
  if (typeof url !== 'string' || url.trim() === '') throw new ConfigError('backend URL must be a non-empty string such as memory: or sqlite:./.mem/memory.db');
  const match = SCHEME.exec(url.trim());
  if (!match) throw new ConfigError(`malformed backend URL ${JSON.stringify(redactUrl(url))}: expected scheme:location, e.g. sqlite:./.mem/memory.db`);
  const [, scheme, rest] = match as unknown as [string, string, string];
  const q = rest.indexOf('?');
  const params: Record<string, string> = {};
  if (q >= 0) for (const [k, v] of new URLSearchParams(rest.slice(q + 1))) params[k] = v;
  return { url, scheme: scheme.toLowerCase(), location: q >= 0 ? rest.slice(0, q) : rest, params };
}

/** Strips `user:password@` from a URL for messages, so secrets never reach logs. */
export function redactUrl(url: string): string {
  // Greedy up to the last '@' of the authority: a password may hold a raw '@' (redis://:p@ss@host).
  return url.replace(/\/\/[^/?#]*@/, '//***@');
}
