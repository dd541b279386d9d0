import { exactTopK } from '@mem/core';
import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../src/cli-options.js';
import { benchKey, benchValue } from '../src/data/bench-values.js';
import { bruteForceTopK, rowNorms } from '../src/data/brute-force-top-k.js';
import { gaussianMixture } from '../src/data/gaussian-mixture.js';
import { percentile } from '../src/measure/latency-summary.js';
import { attachRatios, type BenchResult } from '../src/report/bench-result.js';
import { speedRatio } from '../src/report/speed-ratio.js';
import { checkTargets } from '../src/report/targets.js';

const row = (r: Partial<BenchResult> & Pick<BenchResult, 'workload' | 'family' | 'subject' | 'role' | 'value'>): BenchResult => ({ unit: 'ops/s', better: 'higher', ...r });

describe('bench building blocks', () => {
  it('values are ~200 bytes of JSON and keys sort numerically', () => {
    for (const i of [0, 7, 12345, 9_999_999]) expect(JSON.stringify(benchValue(i)).length).toBeGreaterThanOrEqual(195);
    for (const i of [0, 7, 12345]) expect(JSON.stringify(benchValue(i)).length).toBeLessThanOrEqual(205);
    expect([benchKey(10), benchKey(9), benchKey(100)].sort()).toEqual([benchKey(9), benchKey(10), benchKey(100)]);
  });

  it('percentile is nearest-rank', () => {
    const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(Float64Array.of(3), 99)).toBe(3);
    expect(percentile(new Float64Array(0), 50)).toBeNaN();
  });

  it('the Gaussian mixture is deterministic and the plain JS kernel equals core exactTopK', () => {
    const a = gaussianMixture({ count: 500, dimension: 16, clusters: 5 });
    const b = gaussianMixture({ count: 500, dimension: 16, clusters: 5 });
    expect(a.data).toEqual(b.data);
    expect(gaussianMixture({ count: 500, dimension: 16, clusters: 5, seed: 1 }).data).not.toEqual(a.data);
    const query = a.data.slice(0, 16).map((x) => x + 0.1);
    const candidates = Array.from({ length: 500 }, (_, i) => ({ namespace: ['n'], key: benchKey(i), embedding: a.data.subarray(i * 16, (i + 1) * 16) }));
    expect(bruteForceTopK(a, rowNorms(a), query, 10).map(benchKey)).toEqual(exactTopK(query, candidates, 10).map((s) => s.item.key));
  });

  it('ratios use the first raw and peer row of the same workload and family, or the vectors baseline', () => {
    const results = [
      row({ workload: 'get', family: 'memory', subject: 'mem memory', role: 'ours', value: 50 }),
      row({ workload: 'get', family: 'memory', subject: 'lru-cache', role: 'raw', value: 200 }),
      row({ workload: 'get', family: 'memory', subject: 'Map', role: 'raw', value: 400 }),
      row({ workload: 'get', family: 'memory', subject: 'keyv', role: 'peer', value: 10 }),
      row({ workload: 'get', family: 'sqlite', subject: 'better-sqlite3', role: 'raw', value: 1 }),
      row({ workload: 'vector-10k', family: 'vectors', subject: 'plain JS', role: 'raw', value: 8, unit: 'ms', better: 'lower' }),
      row({ workload: 'vector-10k', family: 'memory', subject: 'mem memory', role: 'ours', value: 2, unit: 'ms', better: 'lower' }),
      row({ workload: 'ttl-churn', family: 'memory', subject: 'mem memory', role: 'ours', value: 0.01, unit: 'growth', better: 'lower' }),
      row({ workload: 'ttl-churn', family: 'memory', subject: 'lru-cache', role: 'raw', value: 0.02, unit: 'growth', better: 'lower' }),
    ];
    attachRatios(results);
    expect(results[0]).toMatchObject({ vsRaw: 0.25, rawSubject: 'lru-cache', vsPeer: 5, peerSubject: 'keyv' });
    expect(results[6]).toMatchObject({ vsRaw: 0.25, rawSubject: 'plain JS' });
    expect(speedRatio(results[6]!, 'vsRaw')).toBe(4);
    expect(speedRatio(results[0]!, 'vsRaw')).toBe(0.25);
    expect(results[7]!.vsRaw).toBeUndefined();
  });

  it('targets read met, missed and not measured from the rows', () => {
    const results = [
      row({ workload: 'get', family: 'memory', subject: 'mem memory', role: 'ours', value: 50, vsRaw: 0.5, rawSubject: 'lru-cache', vsPeer: 2, peerSubject: 'keyv' }),
      row({ workload: 'get', family: 'redis', subject: 'mem redis', role: 'ours', value: 1, p50Ms: 0.03 }),
      row({ workload: 'get', family: 'redis', subject: 'ioredis', role: 'raw', value: 1, p50Ms: 0.02 }),
    ];
    const byName = (prefix: string) => checkTargets(results).find((t) => t.target.startsWith(prefix))!;
    expect(byName('memory get >= 0.4x')).toMatchObject({ met: true, measured: 0.5 });
    expect(byName('memory get >= 5x')).toMatchObject({ met: false, measured: 2 });
    expect(byName('redis single get')).toMatchObject({ met: false, measured: 1.5 });
    expect(byName('sqlite get >= 0.5x').met).toBeUndefined();
  });

  it('parses the command line and rejects unknown names', () => {
    const all = parseBenchArgs([], '/out');
    expect(all).toMatchObject({ quick: false, outDir: '/out', writeBenchmarksMd: true, command: 'npm run bench' });
    expect(all.backends).toContain('redis-cluster');
    const quick = parseBenchArgs(['--quick', '--backends', 'memory', '--workloads', 'get,put'], '/out');
    expect(quick).toMatchObject({ quick: true, backends: ['memory'], workloads: ['get', 'put'], writeBenchmarksMd: false });
    expect(quick.command).toBe('npm run bench -- --quick --backends memory --workloads get,put');
    expect(() => parseBenchArgs(['--backends', 'postgres'], '/out')).toThrow(/unknown backend: postgres; known: memory/);
    expect(() => parseBenchArgs(['--bogus'], '/out')).toThrow();
  });
});
