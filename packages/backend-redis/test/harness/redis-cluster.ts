import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startRedisServer, type RedisServer } from './redis-server.js';

const run = promisify(execFile);

/** A running Redis Cluster of masters without replicas. */
export interface RedisCluster {
  readonly nodes: readonly RedisServer[];
  /** `redis+cluster://127.0.0.1:p1,127.0.0.1:p2,…` */
  readonly url: string;
  /** Runs `redis-cli` against one node and returns stdout. */
  cli(node: RedisServer, ...args: string[]): Promise<string>;
  /** Node id of each master, in `nodes` order. */
  nodeIds(): Promise<string[]>;
  /** Moves `slots` slots from one master to another with `redis-cli --cluster reshard`. */
  reshard(from: number, to: number, slots: number): Promise<void>;
  /** Stops every node and removes their directories. */
  stop(): Promise<void>;
}

async function cliAs(auth: readonly string[], node: RedisServer, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', [...auth, '-h', node.host, '-p', String(node.port), ...args], { timeout: 120_000, maxBuffer: 16 << 20 });
  return stdout;
}

async function waitClusterOk(nodes: readonly RedisServer[], timeoutMs: number, auth: readonly string[]): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const infos = await Promise.all(nodes.map((n) => cliAs(auth, n, 'cluster', 'info')));
    if (infos.every((info) => info.includes('cluster_state:ok'))) return;
    if (Date.now() > deadline) throw new Error(`cluster not ok within ${timeoutMs} ms:\n${infos.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Starts `masters` cluster-enabled servers, joins them with `redis-cli --cluster create`, waits for `cluster_state:ok`. */
export async function startRedisCluster(options: { masters?: number; appendonly?: false | 'always' | 'everysec'; password?: string } = {}): Promise<RedisCluster> {
  const count = options.masters ?? 3;
  // Test-only secret: passing it with -a is fine here; --no-auth-warning keeps redis-cli quiet.
  const authArgs: string[] = options.password === undefined ? [] : ['--no-auth-warning', '-a', options.password];
  const nodes: RedisServer[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const auth = options.password === undefined ? [] : ['--masterauth', options.password];
      nodes.push(
        await startRedisServer({
          appendonly: options.appendonly ?? false,
          ...(options.password === undefined ? {} : { password: options.password }),
          extraArgs: ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '5000', ...auth],
        }),
      );
    }
    await run('redis-cli', [...authArgs, '--cluster', 'create', ...nodes.map((n) => `${n.host}:${n.port}`), '--cluster-replicas', '0', '--cluster-yes'], { timeout: 60_000 });
    await waitClusterOk(nodes, 30_000, authArgs);
  } catch (error) {
    await Promise.all(nodes.map((n) => n.stop()));
    throw error;
  }
  const cli = (node: RedisServer, ...args: string[]): Promise<string> => cliAs(authArgs, node, ...args);
  const nodeIds = async (): Promise<string[]> => Promise.all(nodes.map(async (n) => (await cli(n, 'cluster', 'myid')).trim()));
  return {
    nodes,
    url: `redis+cluster://${nodes.map((n) => `${n.host}:${n.port}`).join(',')}`,
    cli,
    nodeIds,
    async reshard(from, to, slots) {
      const ids = await nodeIds();
      await run(
        'redis-cli',
        [...authArgs, '--cluster', 'reshard', `${nodes[from]!.host}:${nodes[from]!.port}`, '--cluster-from', ids[from]!, '--cluster-to', ids[to]!, '--cluster-slots', String(slots), '--cluster-yes', '--cluster-pipeline', '50'],
        { timeout: 120_000, maxBuffer: 64 << 20 },
      );
      await waitClusterOk(nodes, 30_000, authArgs);
    },
    async stop() {
      await Promise.all(nodes.map((n) => n.stop()));
    },
  };
}
