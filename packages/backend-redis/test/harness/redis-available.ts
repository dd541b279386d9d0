import { spawnSync } from 'node:child_process';

/** Why Redis tests cannot run here, or `undefined` when `redis-server` and `redis-cli` work. */
export function redisUnavailableReason(): string | undefined {
  for (const binary of ['redis-server', 'redis-cli']) {
    const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
    if (probe.error !== undefined || probe.status !== 0) return `${binary} is not installed or does not run (${probe.error?.message ?? `exit ${probe.status}`})`;
  }
  return undefined;
}

/**
 * Whether a suite that needs real Redis should skip: only outside CI, and loudly. With `CI=true`
 * the suite runs and fails on the missing server.
 */
export function skipWithoutRedis(suite: string): boolean {
  const reason = redisUnavailableReason();
  if (reason === undefined) return false;
  if (process.env['CI'] === 'true') return false;
  console.warn(`[${suite}] SKIPPED: ${reason}. Install redis-server to run it (CI fails instead of skipping).`);
  return true;
}
