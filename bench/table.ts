/** The printed table of benchmark figures (plain text, aligned columns, also valid Markdown). */
import type { CaseResult } from './measure';

const HEADERS = ['case', 'n', 'runs', 'median ms', 'p95 ms', 'heap MB delta'];

function ms(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function row(r: CaseResult): string[] {
  return [r.name, r.n, String(r.runs), ms(r.medianMs), ms(r.p95Ms), r.heapMb === undefined ? '-' : r.heapMb.toFixed(1)];
}

export function formatTable(results: CaseResult[]): string {
  const rows = [HEADERS, ...results.map(row)];
  const widths = HEADERS.map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => `| ${ cells.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ') } |`;
  const rule = `|${ widths.map((w, c) => (c < 2 ? `${ '-'.repeat(w + 1) }-` : `${ '-'.repeat(w + 1) }:`)).join('|') }|`;

  return [line(rows[0]), rule, ...rows.slice(1).map(line)].join('\n');
}
