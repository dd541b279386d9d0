import type { BenchReport } from '../run-bench.js';
import { formatRatio, speedRatio } from './speed-ratio.js';

const ROW = 22;
const LABEL_W = 230;
const PLOT_W = 520;
const TOP = 70;
const DECADES = 2; // the axis spans 10^-2 .. 10^2 around the 1.0 line

const escapeXml = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

const x = (ratio: number): number => {
  const clamped = Math.min(DECADES, Math.max(-DECADES, Math.log10(ratio)));
  return LABEL_W + PLOT_W / 2 + (clamped / DECADES) * (PLOT_W / 2);
};

/**
 * A plain SVG chart: for every ours row with a baseline, a bar from the 1.0 line to the speed
 * ratio on a log axis (right of the line = faster than the baseline), blue vs raw, orange vs peer.
 */
export function renderSvgChart(report: BenchReport): string {
  const rows = report.results.filter((r) => r.role === 'ours' && (r.vsRaw !== undefined || r.vsPeer !== undefined));
  const height = TOP + rows.length * ROW + 40;
  const width = LABEL_W + PLOT_W + 120;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="20" font-size="15" font-weight="bold">mem: speed relative to the raw library and to the peer (log scale, 1 = as fast)</text>`,
    `<text x="10" y="38" fill="#555">${escapeXml(`${report.startedAt} · ${report.quick ? 'quick' : 'full'} run · ${report.machine.cpus} vCPU · Node ${report.machine.node}`)}</text>`,
    `<rect x="${LABEL_W}" y="46" width="12" height="10" fill="#3b6fb6"/><text x="${LABEL_W + 16}" y="55">vs raw</text>`,
    `<rect x="${LABEL_W + 80}" y="46" width="12" height="10" fill="#e08a2c"/><text x="${LABEL_W + 96}" y="55">vs peer</text>`,
  ];
  for (let d = -DECADES; d <= DECADES; d++) {
    const gx = x(10 ** d);
    parts.push(`<line x1="${gx}" y1="${TOP - 6}" x2="${gx}" y2="${TOP + rows.length * ROW}" stroke="${d === 0 ? '#000' : '#ddd'}"/>`);
    parts.push(`<text x="${gx}" y="${TOP + rows.length * ROW + 16}" text-anchor="middle" fill="#555">${10 ** d}x</text>`);
  }
  rows.forEach((row, i) => {
    const y = TOP + i * ROW;
    parts.push(`<text x="${LABEL_W - 8}" y="${y + 14}" text-anchor="end">${escapeXml(`${row.family} ${row.workload}`)}</text>`);
    const bars: ['vsRaw' | 'vsPeer', string, number][] = [
      ['vsRaw', '#3b6fb6', 2],
      ['vsPeer', '#e08a2c', 11],
    ];
    for (const [which, color, dy] of bars) {
      const ratio = speedRatio(row, which);
      if (ratio === undefined) continue;
      const x0 = x(1);
      const x1 = x(ratio);
      parts.push(`<rect x="${Math.min(x0, x1)}" y="${y + dy}" width="${Math.max(1, Math.abs(x1 - x0))}" height="8" fill="${color}"><title>${escapeXml(`${row.subject} ${which === 'vsRaw' ? `vs ${row.rawSubject}` : `vs ${row.peerSubject}`}: ${formatRatio(ratio)}x`)}</title></rect>`);
      parts.push(`<text x="${Math.max(x0, x1) + 4}" y="${y + dy + 8}" font-size="10" fill="#333">${formatRatio(ratio)}</text>`);
    }
  });
  parts.push('</svg>');
  return parts.join('\n');
}
