import type { Cluster, Redis } from 'ioredis';

// Entry hash fields: v value (canonical JSON), m metadata (JSON), b embedding (float32 LE bytes),
// n version, c createdAt, u updatedAt, x expiresAt, o id of the operation that wrote it.
// "now" always comes from the caller so that every client applies one clock to expiry checks.

/**
 * Writes 1..n entries of one namespace atomically.
 * KEYS: index, expiry, entry hashes. ARGV: now, op id, ifVersion ('' = none), namespace registry
 * key ('' = none, as in a cluster), encoded namespace, then per entry:
 * member, expiresAt ('' = none), value, metadata ('' = none), embedding ('' = none).
 * Returns {version, createdAt} per entry, or {-1, actualVersion} on a CAS mismatch.
 * A resend of an operation already applied (same op id) returns the first answer again.
 */
const PUT_ENTRIES = `
local now = tonumber(ARGV[1])
local op = ARGV[2]
local ifv = ARGV[3]
local registry = ARGV[4]
local n = #KEYS - 2
local out = {}
if redis.call('HGET', KEYS[3], 'o') == op then
  for i = 1, n do
    local r = redis.call('HMGET', KEYS[i + 2], 'n', 'c')
    out[i] = {tonumber(r[1]) or 0, tonumber(r[2]) or 0}
  end
  return out
end
for i = 1, n do
  local key = KEYS[i + 2]
  local a = 5 + (i - 1) * 5
  local member, exp, val, meta, emb = ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4], ARGV[a + 5]
  local cur = redis.call('HMGET', key, 'n', 'c', 'x')
  local ver = tonumber(cur[1]) or 0
  if cur[3] and tonumber(cur[3]) <= now then ver = 0 end
  if ifv ~= '' and tonumber(ifv) ~= ver then return {{-1, ver}} end
  local created = now
  if ver > 0 then created = tonumber(cur[2]) end
  -- Every hash has n, so without it there is nothing to clear.
  if cur[1] then redis.call('DEL', key) end
  local fields = {'v', val, 'n', ver + 1, 'c', created, 'u', now, 'o', op}
  if meta ~= '' then fields[#fields + 1] = 'm'; fields[#fields + 1] = meta end
  if emb ~= '' then fields[#fields + 1] = 'b'; fields[#fields + 1] = emb end
  if exp ~= '' then fields[#fields + 1] = 'x'; fields[#fields + 1] = exp end
  redis.call('HSET', key, unpack(fields))
  if exp ~= '' then
    redis.call('PEXPIREAT', key, exp)
    redis.call('ZADD', KEYS[2], exp, member)
  else
    redis.call('ZREM', KEYS[2], member)
  end
  redis.call('ZADD', KEYS[1], 0, member)
  out[i] = {ver + 1, created}
end
if registry ~= '' then redis.call('ZADD', registry, 0, ARGV[5]) end
return out
`;

/**
 * Deletes 1..n entries of one namespace atomically.
 * KEYS: index, expiry, entry hashes. ARGV: now, ifVersion ('' = none), registry key ('' = none),
 * encoded namespace, members.
 * Returns how many live entries were deleted, or {-1, actualVersion} on a CAS mismatch.
 */
const DELETE_ENTRIES = `
local now = tonumber(ARGV[1])
local ifv = ARGV[2]
local n = #KEYS - 2
if ifv ~= '' then
  local cur = redis.call('HMGET', KEYS[3], 'n', 'x')
  local ver = tonumber(cur[1]) or 0
  if cur[2] and tonumber(cur[2]) <= now then ver = 0 end
  if tonumber(ifv) ~= ver then return {-1, ver} end
end
local removed = 0
for i = 1, n do
  local key = KEYS[i + 2]
  local x = redis.call('HGET', key, 'x')
  if redis.call('DEL', key) == 1 and not (x and tonumber(x) <= now) then removed = removed + 1 end
  redis.call('ZREM', KEYS[1], ARGV[i + 4])
  redis.call('ZREM', KEYS[2], ARGV[i + 4])
end
if ARGV[3] ~= '' and redis.call('ZCARD', KEYS[1]) == 0 then redis.call('ZREM', ARGV[3], ARGV[4]) end
return {removed, 0}
`;

/**
 * Drops expired members from a namespace's indexes. The hashes are left to Redis' own expiry
 * (a script may only touch the keys it declares, or a slot migration could split them).
 * KEYS: index, expiry. ARGV: now, max members, registry key ('' = none), encoded namespace.
 * Returns {pruned, live count}.
 */
const PRUNE_EXPIRED = `
local gone = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
for _, m in ipairs(gone) do
  redis.call('ZREM', KEYS[1], m)
  redis.call('ZREM', KEYS[2], m)
end
local live = redis.call('ZCARD', KEYS[1])
if ARGV[3] ~= '' and live == 0 then redis.call('ZREM', ARGV[3], ARGV[4]) end
return {#gone, live}
`;

/**
 * Reads the same fields of many hashes of one namespace in one command (one command object on
 * the client, one dispatch on the server, instead of one `HMGET` each).
 * KEYS: entry hashes. ARGV: field names. Returns one array of values per hash.
 */
const FETCH_ENTRIES = `
local out = {}
for i = 1, #KEYS do out[i] = redis.call('HMGET', KEYS[i], unpack(ARGV)) end
return out
`;

type ScriptReply = [number, number][] | [number, number] | (Buffer | null)[][];

/** The scripts as methods (EVALSHA, falling back to EVAL once per connection). */
export interface MemScripts {
  /** PUT_ENTRIES; KEYS = [index, expiry, ...entries]. */
  memPut(keys: string[], args: (string | Buffer)[]): Promise<[number, number][]>;
  /** DELETE_ENTRIES; KEYS = [index, expiry, ...entries]. */
  memDelete(keys: string[], args: string[]): Promise<[number, number]>;
  /** PRUNE_EXPIRED. */
  memPrune(index: string, expiry: string, now: string, max: string, registry: string, namespace: string): Promise<[number, number]>;
  /** FETCH_ENTRIES with Buffer replies; every key in one slot. */
  memFetch(keys: string[], fields: readonly string[]): Promise<(Buffer | null)[][]>;
}

type Definable = Redis | Cluster;

/** Registers the scripts on a client (idempotent) and returns it typed with them. */
export function defineScripts(client: Definable): Definable & MemScripts {
  const target = client as Definable & Partial<MemScripts>;
  if (typeof target.memPut !== 'function') {
    // Fixed-arity variants serve the one-entry calls: their first argument is a key, so cluster
    // auto-pipelining groups them by slot. The variable-arity ones start with numkeys, which
    // auto-pipelining would take for a key, so a cluster sends them unpipelined.
    client.defineCommand('memPutOne', { lua: PUT_ENTRIES, numberOfKeys: 3 });
    client.defineCommand('memPutMany', { lua: PUT_ENTRIES });
    client.defineCommand('memDeleteOne', { lua: DELETE_ENTRIES, numberOfKeys: 3 });
    client.defineCommand('memDeleteMany', { lua: DELETE_ENTRIES });
    client.defineCommand('memPrune', { lua: PRUNE_EXPIRED, numberOfKeys: 2 });
    client.defineCommand('memFetchRaw', { lua: FETCH_ENTRIES });
    if (client.isCluster) client.options.autoPipeliningIgnoredCommands = [...(client.options.autoPipeliningIgnoredCommands ?? []), 'memPutMany', 'memDeleteMany', 'memFetchRaw'];
    const raw = client as unknown as Record<string, (...args: unknown[]) => Promise<ScriptReply>>;
    target.memPut = (keys, args) => (keys.length === 3 ? raw['memPutOne']!(...keys, ...args) : raw['memPutMany']!(keys.length, ...keys, ...args)) as Promise<[number, number][]>;
    target.memFetch = (keys, fields) => raw['memFetchRawBuffer']!(keys.length, ...keys, ...fields) as Promise<(Buffer | null)[][]>;
    target.memDelete = (keys, args) => (keys.length === 3 ? raw['memDeleteOne']!(...keys, ...args) : raw['memDeleteMany']!(keys.length, ...keys, ...args)) as Promise<[number, number]>;
  }
  return target as Definable & MemScripts;
}
