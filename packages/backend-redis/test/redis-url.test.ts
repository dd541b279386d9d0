import { describe, expect, it } from 'vitest';
import { ConfigError, parseBackendUrl } from '@mem/core';
import { parseRedisLocation } from '../src/index.js';
import { connectionSettings, nodeOptions } from '../src/redis-connection.js';

function parse(url: string) {
  const { scheme, location, params } = parseBackendUrl(url);
  return parseRedisLocation(scheme, location, params, url);
}

describe('Redis URL parsing', () => {
  it('reads host, port, ACL user, URL-encoded password and database', () => {
    expect(parse('redis://app:p%40ss%3Aword@cache.internal:6380/3')).toEqual({
      cluster: false,
      nodes: [{ host: 'cache.internal', port: 6380 }],
      username: 'app',
      password: 'p@ss:word',
      db: 3,
      tls: false,
    });
  });

  it('defaults the port, accepts a password without a user and IPv6 hosts', () => {
    expect(parse('redis://:secret@[::1]')).toMatchObject({ nodes: [{ host: '::1', port: 6379 }], username: undefined, password: 'secret', db: undefined });
    expect(parse('redis://localhost')).toMatchObject({ nodes: [{ host: 'localhost', port: 6379 }] });
  });

  it('rediss: turns TLS on; redis+cluster takes several seeds and ?tls=true', () => {
    expect(parse('rediss://h:7000/0')).toMatchObject({ tls: true, db: 0 });
    expect(parse('redis+cluster://u:p@10.0.0.1:7000,10.0.0.2:7001,[fe80::1]:7002?tls=true')).toEqual({
      cluster: true,
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
        { host: 'fe80::1', port: 7002 },
      ],
      username: 'u',
      password: 'p',
      db: undefined,
      tls: true,
    });
  });

  it.each([
    ['redis://u:hunter2@h:99999', /port 99999/],
    ['redis://u:hunter2@h:1/x', /database "x"/],
    ['redis://u:hunter2@a:1,b:2', /redis\+cluster/],
    ['redis+cluster://u:hunter2@a:1/2', /only database 0/],
    ['redis:u:hunter2@h', /missing \/\//],
    ['redis://u:hunter2@h:1:2', /malformed host/],
  ])('%s is a ConfigError that hides the password', (url, why) => {
    let error: unknown;
    try {
      parse(url);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(why);
    expect((error as Error).message).not.toContain('hunter2');
  });

  it('maps to ioredis options: credentials, db, TLS with extra options; explicit options win', () => {
    const settings = connectionSettings({ url: 'rediss://app:pw@h:7000/5', password: 'override', tls: { servername: 'cache' } });
    const options = nodeOptions(settings, { tls: { servername: 'cache' } }, 500, 700);
    expect(options).toMatchObject({ username: 'app', password: 'override', db: 5, tls: { servername: 'cache' }, connectTimeout: 500, commandTimeout: 700 });
    expect(options).toMatchObject({ maxRetriesPerRequest: 0, enableOfflineQueue: false, autoResendUnfulfilledCommands: false, enableAutoPipelining: true });
    expect(nodeOptions(connectionSettings({ url: 'redis://h' }), { autoPipelining: false }, 1, 1)).not.toHaveProperty('tls');
  });
});
