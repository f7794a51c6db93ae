/** Small shared helpers for the benchmark sections: summaries, ratios and the result rows. */
import { percentile } from '@bedrock-profile-catalog/catalog';

/** Median (nearest-rank p50, the catalog's own percentile helper). */
export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

export interface Summary {
  p50: number;
  p99: number;
  n: number;
}

export function summarize(samples: readonly number[]): Summary {
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), n: samples.length };
}

/** `subject / baseline`, rounded to 2 decimals. */
export function ratio(subject: number, baseline: number): number {
  return baseline === 0 ? Number.POSITIVE_INFINITY : round(subject / baseline, 2);
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Milliseconds spent in `fn`, and what it returned. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

/** One line of the printed table (and of bench/results.json). */
export interface Row {
  section: string;
  metric: string;
  /** The subject's absolute value, with unit. */
  value: string;
  /** The baseline's absolute value, with unit (empty when the target is absolute). */
  baseline: string;
  /** subject ÷ baseline (or ÷ floor); null when the target is an absolute limit. */
  ratio: number | null;
  target: string;
  /** null: informational, no target. */
  met: boolean | null;
}

export const ms = (value: number) => `${round(value, value < 10 ? 2 : 1)} ms`;
export const kib = (bytes: number) => `${round(bytes / 1024, 1)} KiB`;
export const mib = (bytes: number) => `${round(bytes / 1024 / 1024, 1)} MiB`;

/** A plain-text table, columns padded to their widest cell. */
export function formatTable(rows: readonly Row[]): string {
  const header = ['section', 'metric', 'value', 'baseline', 'ratio', 'target', 'met'];
  const cells = rows.map((r) => [
    r.section,
    r.metric,
    r.value,
    r.baseline,
    r.ratio === null ? '' : `${r.ratio.toFixed(2)}×`,
    r.target,
    r.met === null ? '' : r.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[]) =>
    `| ${c.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [
    line(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...cells.map(line),
  ].join('\n');
}

export function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}
