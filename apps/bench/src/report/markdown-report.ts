import type { BenchReport } from '../run-bench.js';
import type { BenchResult } from './bench-result.js';
import { formatRatio } from './speed-ratio.js';

const fmt = (n: number | undefined, unit = ''): string => {
  if (n === undefined || Number.isNaN(n)) return '–';
  const abs = Math.abs(n);
  const text = abs >= 100_000 ? `${(n / 1000).toFixed(0)}k` : abs >= 1000 ? n.toFixed(0) : abs >= 10 ? n.toFixed(1) : abs >= 0.1 ? n.toFixed(2) : n.toPrecision(2);
  return unit ? `${text} ${unit}` : text;
};

const ratio = (r: number | undefined, base: string | undefined): string => (r === undefined ? '' : `${formatRatio(r)}x ${base ?? ''}`.trim());

const extraText = (extra: BenchResult['extra']): string =>
  extra
    ? Object.entries(extra)
        .map(([k, v]) => `${k} ${typeof v === 'number' ? fmt(v) : String(v)}`)
        .join(', ')
    : '';

/** The run as Markdown: targets, one table per workload, skips, machine and versions. */
export function renderMarkdown(report: BenchReport, svgName?: string): string {
  const out: string[] = [];
  out.push(`# mem benchmarks (${report.quick ? 'quick' : 'full'} run, ${report.startedAt})`, '');
  out.push(`Command: \`${report.command}\` — took ${(report.durationMs / 1000).toFixed(0)} s.`, '');
  const m = report.machine;
  out.push(`Machine: ${m.cpus} × ${m.cpu}, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}${m.redisServer ? `, redis-server ${m.redisServer}` : ''}; load average ${m.loadAverage} at start, ${m.loadAverageAtEnd} at end${m.loadAverage > m.cpus ? ' (**other work shared the CPUs: figures are depressed, compare ratios only**)' : ''}.`, '');
  out.push(`Versions: ${Object.entries(report.versions).map(([k, v]) => `${k} ${v}`).join(', ')}.`, '');
  out.push(
    'How to read: `figure` is the workload\'s headline (ops/s, rows/s, keys/s: higher is better; ms, x growth: lower is better). ' +
      '`ours/raw` and `ours/peer` divide our figure by the baseline\'s in the same unit, measured in the same run ' +
      '(so for ms a ratio below 1 means ours is faster). Compare ratios, not absolute figures: this is a noisy 2-vCPU VM.',
    '',
  );
  if (svgName) out.push(`![speed relative to raw and peer](${svgName})`, '');
  out.push('## Targets (issue 7)', '', '| target | measured | met |', '|---|---|---|');
  for (const t of report.targets) out.push(`| ${t.target} | ${t.shown} | ${t.met === undefined ? 'not measured' : t.met ? 'yes' : '**no**'} |`);
  out.push('');
  out.push('## Results', '');
  for (const w of report.workloads) {
    const rows = report.results.filter((r) => r.workload === w.id);
    if (rows.length === 0) continue;
    out.push(`### ${w.id}`, '', `${w.title}.`, '', '| backend | subject | role | figure | p50 ms | p99 ms | ours/raw | ours/peer | details |', '|---|---|---|---|---|---|---|---|---|');
    for (const r of rows) {
      out.push(`| ${r.family} | ${r.subject} | ${r.role} | ${fmt(r.value, r.unit)} | ${fmt(r.p50Ms)} | ${fmt(r.p99Ms)} | ${ratio(r.vsRaw, r.rawSubject)} | ${ratio(r.vsPeer, r.peerSubject)} | ${extraText(r.extra)} |`);
    }
    out.push('');
  }
  if (report.skipped.length > 0) {
    out.push('## Not measured', '', '| workload | backend | subject | reason |', '|---|---|---|---|');
    for (const s of report.skipped) out.push(`| ${s.workload} | ${s.family} | ${s.subject ?? 'all'} | ${s.reason.replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`);
    out.push('');
  }
  return out.join('\n');
}
