/** Plain, aligned text tables for people (`--json` is for scripts). */

export type Cell = string | number | null | undefined;

export function table(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const text = rows.map((row) => headers.map((_, i) => show(row[i])));
  const widths = headers.map((header, i) =>
    Math.max(header.length, ...text.map((row) => row[i]?.length ?? 0)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return `${[line(headers), ...text.map(line)].join('\n')}\n`;
}

/** The table, or the sentence when there are no rows (a listing that found nothing). */
export function tableOr(
  sentence: string,
  headers: readonly string[],
  rows: readonly (readonly Cell[])[],
): string {
  return rows.length === 0 ? `${sentence}\n` : table(headers, rows);
}

function show(value: Cell): string {
  if (value === null || value === undefined || value === '') return '-';
  return String(value);
}

/** USD per million tokens as the API gives it (0.33, 16.5); `-` when not published, never 0. */
export function perMTok(value: number | null | undefined): string {
  return value === null || value === undefined ? '-' : String(value);
}

/** Milliseconds with one decimal below 100 ms. */
export function ms(value: number | null | undefined): string {
  if (value === null || value === undefined) return '-';
  return value >= 100 ? String(Math.round(value)) : (Math.round(value * 10) / 10).toFixed(1);
}

/** "12s ago", "5m ago", "3h ago", "2d ago". */
export function age(iso: string | null | undefined, now: Date): string {
  if (!iso) return 'never';
  const seconds = Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 1000));
  if (seconds < 120) return `${seconds}s ago`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m ago`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)}h ago`;
  return `${Math.round(seconds / 86_400)}d ago`;
}

const UNITS = [
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'K'],
] as const;

/** A count, short where that loses nothing: 2M, 1.44B, 400K; else every digit (1234567). */
export function count(value: number | null | undefined): string {
  if (value === null || value === undefined) return '-';
  for (const [size, unit] of UNITS) {
    // Two decimals at most: exact when the value is a whole number of hundredths of the unit.
    if (Math.abs(value) >= size && value % (size / 100) === 0) {
      return `${Math.round(value / (size / 100)) / 100}${unit}`;
    }
  }
  return String(value);
}
