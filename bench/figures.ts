/**
 * Figures that are counts and sizes rather than timings (requests, bytes, chunk sizes, updates and restarts), each
 * beside its target: the scale benchmark prints them as one table. Nothing asserts on them.
 */
export interface Figure {
  /** What was measured (`tab on big-rke2: downstream requests`). */
  what: string;
  /** The figure with its unit (`4 requests`, `1.2 MB`, `0.8 s`). */
  figure: string;
  /** The target it is held against (`≤ 6`), or '-' when there is none. */
  target: string;
  /** Whether the figure meets the target; undefined when there is no target. */
  met?: boolean;
  /** One line on where the figure comes from or why a target is missed. */
  note?: string;
}

const HEADERS = ['measured', 'figure', 'target', 'met', 'note'];

export function formatFigures(figures: Figure[]): string {
  const rows = [HEADERS, ...figures.map((f) => [f.what, f.figure, f.target, f.met === undefined ? '-' : f.met ? 'yes' : 'NO', f.note ?? ''])];
  const widths = HEADERS.map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => `| ${ cells.map((cell, c) => cell.padEnd(widths[c])).join(' | ') } |`;
  const rule = `|${ widths.map((w) => '-'.repeat(w + 2)).join('|') }|`;

  return [line(rows[0]), rule, ...rows.slice(1).map(line)].join('\n');
}
