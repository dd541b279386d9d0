import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where a run happened. */
export interface MachineInfo {
  /** CPU model. */
  readonly cpu: string;
  /** Logical CPUs. */
  readonly cpus: number;
  /** Total memory, GiB. */
  readonly memoryGiB: number;
  /** OS and kernel. */
  readonly os: string;
  /** Node.js version. */
  readonly node: string;
  /** 1-minute load average when the run started: above the CPU count, other work shared the machine. */
  readonly loadAverage: number;
  /** `redis-server --version`, when installed. */
  readonly redisServer?: string;
}

/** This machine. */
export function machineInfo(): MachineInfo {
  let redisServer: string | undefined;
  try {
    redisServer = /v=(\S+)/.exec(execFileSync('redis-server', ['--version'], { encoding: 'utf8', timeout: 5000 }))?.[1];
  } catch {
    redisServer = undefined;
  }
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cpus: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverage: Math.round(os.loadavg()[0]! * 100) / 100,
    ...(redisServer ? { redisServer } : {}),
  };
}

const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The libraries whose versions a reader needs to interpret the figures. */
export const REPORTED_PACKAGES = ['lru-cache', 'better-sqlite3', 'sqlite-vec', 'ioredis', '@lancedb/lancedb', 'keyv', '@keyv/sqlite', '@keyv/redis', '@langchain/langgraph', 'sqlite3', '@redis/client'];

/** Installed version of each package (as resolved from apps/bench, then the root), `missing` when absent. */
export function packageVersions(names: readonly string[] = REPORTED_PACKAGES): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const file = [join(BENCH_DIR, 'node_modules', name, 'package.json'), join(BENCH_DIR, '..', '..', 'node_modules', name, 'package.json')].find(existsSync);
    out[name] = file ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version : 'missing';
  }
  return out;
}
