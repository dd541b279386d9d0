import { ConfigError } from '@mem/core';

/** One server address. */
export interface RedisEndpoint {
  /** Host name or IP address (IPv6 without brackets). */
  readonly host: string;
  /** TCP port. */
  readonly port: number;
}

/** What a Redis URL says about the connection. */
export interface RedisConnectionSettings {
  /** `redis+cluster:` URLs: the endpoints are cluster seed nodes. */
  readonly cluster: boolean;
  /** One endpoint (standalone) or the cluster seeds. */
  readonly nodes: readonly RedisEndpoint[];
  /** ACL user name. */
  readonly username: string | undefined;
  /** Password (URL-decoded). */
  readonly password: string | undefined;
  /** Logical database (standalone only). */
  readonly db: number | undefined;
  /** `rediss:` or `?tls=true`. */
  readonly tls: boolean;
}

const DEFAULT_PORT = 6379;

/**
 * The URL with any user information masked, even in malformed URLs (core's `redactUrl` only
 * knows the `//user:pass@` form).
 */
export function redactRedisUrl(url: string): string {
  return url.replace(/^([A-Za-z][A-Za-z0-9+.-]*:(?:\/\/)?)[^/?#]*@/, '$1***@');
}

function fail(url: string, why: string): never {
  throw new ConfigError(`${why} in ${redactRedisUrl(url)}; expected redis://[user:pass@]host:port/db, rediss://… or redis+cluster://host1:port1,host2:port2`, {
    backend: 'redis',
    operation: 'connect',
  });
}

function parseEndpoint(text: string, url: string): RedisEndpoint {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  const plain = /^([^:[\]]+)(?::(\d+))?$/.exec(text);
  const match = bracketed ?? plain;
  if (!match) fail(url, `malformed host ${JSON.stringify(text)}`);
  const port = match[2] === undefined ? DEFAULT_PORT : Number(match[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) fail(url, `port ${match[2]} out of range`);
  return { host: match[1]!, port };
}

function decode(part: string, url: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return fail(url, 'malformed percent-encoding in the user information');
  }
}

/**
 * Parses the part of a Redis URL after the scheme (`//user:pass@host:port/db`). Cluster URLs
 * take a comma-separated host list and no database.
 * @throws ConfigError for anything malformed; the message never contains the password.
 */
export function parseRedisLocation(scheme: string, location: string, params: Readonly<Record<string, string>>, url = `${scheme}:${location}`): RedisConnectionSettings {
  if (scheme !== 'redis' && scheme !== 'rediss' && scheme !== 'redis+cluster') fail(url, `unsupported scheme ${scheme}:`);
  if (!location.startsWith('//')) fail(url, 'missing // after the scheme');
  const rest = location.slice(2);
  const slash = rest.indexOf('/');
  const authority = slash < 0 ? rest : rest.slice(0, slash);
  const path = slash < 0 ? '' : rest.slice(slash + 1);
  const at = authority.lastIndexOf('@');
  const userInfo = at < 0 ? undefined : authority.slice(0, at);
  const hostList = at < 0 ? authority : authority.slice(at + 1);
  let username: string | undefined;
  let password: string | undefined;
  if (userInfo !== undefined) {
    const colon = userInfo.indexOf(':');
    username = decode(colon < 0 ? userInfo : userInfo.slice(0, colon), url) || undefined;
    password = colon < 0 ? undefined : decode(userInfo.slice(colon + 1), url);
  }
  const cluster = scheme === 'redis+cluster';
  const hosts = hostList === '' ? ['127.0.0.1'] : hostList.split(',');
  if (!cluster && hosts.length > 1) fail(url, 'several hosts need the redis+cluster: scheme');
  let db: number | undefined;
  if (path !== '') {
    if (!/^\d+$/.test(path)) fail(url, `database ${JSON.stringify(path)} is not a number`);
    db = Number(path);
    if (cluster && db !== 0) fail(url, 'Redis Cluster has only database 0');
  }
  const tlsParam = params['tls'];
  return {
    cluster,
    nodes: hosts.map((h) => parseEndpoint(h, url)),
    username,
    password,
    db,
    tls: scheme === 'rediss' || tlsParam === 'true' || tlsParam === '1',
  };
}
