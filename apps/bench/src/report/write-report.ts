import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import type { BenchReport } from '../run-bench.js';
import { renderMarkdown } from './markdown-report.js';
import { renderSvgChart } from './svg-chart.js';

/** Files one run wrote. */
export interface WrittenReport {
  readonly json: string;
  readonly md: string;
  readonly svg: string;
  /** BENCHMARKS.md, when it was rewritten. */
  readonly benchmarksMd?: string;
}

const ANALYSIS_START = '<!-- analysis:start -->';
const ANALYSIS_END = '<!-- analysis:end -->';

/** The hand-written analysis kept between markers in BENCHMARKS.md, so a new run keeps it. */
function keptAnalysis(file: string): string {
  if (!existsSync(file)) return `${ANALYSIS_START}\n${ANALYSIS_END}`;
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(ANALYSIS_START);
  const end = text.indexOf(ANALYSIS_END);
  return start >= 0 && end > start ? text.slice(start, end + ANALYSIS_END.length) : `${ANALYSIS_START}\n${ANALYSIS_END}`;
}

/** Writes `<outDir>/<timestamp>.{json,md,svg}` and, when asked, `benchmarksMd` (the latest full run + kept analysis). */
export function writeReport(report: BenchReport, outDir: string, benchmarksMd?: string): WrittenReport {
  mkdirSync(outDir, { recursive: true });
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const base = join(outDir, stamp);
  const files = { json: `${base}.json`, md: `${base}.md`, svg: `${base}.svg` };
  writeFileSync(files.json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(files.svg, renderSvgChart(report));
  writeFileSync(files.md, renderMarkdown(report, `${stamp}.svg`));
  if (!benchmarksMd) return files;
  const svgLink = relative(dirname(benchmarksMd), files.svg).split('\\').join('/');
  const body = renderMarkdown(report, svgLink).replace(/^# .*\n/, '');
  const header = `# Benchmarks\n\nThe latest full run, made with \`${report.command}\` from the repo root (raw JSON: \`${relative(dirname(benchmarksMd), files.json)}\`). See apps/bench/README.md for what each workload measures.\n`;
  writeFileSync(benchmarksMd, `${header}\n## Analysis\n\n${keptAnalysis(benchmarksMd)}\n\n## Latest run\n${body}\n`);
  return { ...files, benchmarksMd };
}
