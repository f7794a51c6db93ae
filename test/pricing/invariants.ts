/**
 * §6's invariants over the classified output, as the store keeps it (priceCellsOf's cells). Each
 * returns its violations, one readable line each, so a test shows which cell broke it.
 */
import {
  type ClassifiedRow,
  PRICE_CELL_DIRECTIONS,
  type PricedRow,
  priceCellsOf,
} from '../../packages/catalog/src/index.js';

type Cell = ReturnType<typeof priceCellsOf>['cells'][number];
type Axes = Record<
  'modelKey' | 'region' | 'scope' | 'tier' | 'endpoint' | 'mode' | 'context',
  string
>;

const axesOf = (cell: Axes) =>
  `${cell.modelKey} ${cell.region} ${cell.scope}/${cell.tier}/${cell.endpoint}/${cell.mode}/${cell.context}`;

export const cellsOf = (classified: readonly ClassifiedRow[]) => priceCellsOf(classified).cells;

/**
 * `cheaper` ≤ `dearer` for every direction both cells price, where a cell has a twin that differs
 * only in `axis` (global vs regional, batch vs standard).
 */
function notAbove<K extends 'scope' | 'tier'>(
  cells: readonly Cell[],
  axis: K,
  cheaper: Cell[K],
  dearer: Cell[K],
): string[] {
  const byAxes = new Map(cells.map((cell) => [axesOf(cell), cell]));
  const violations: string[] = [];
  for (const cell of cells) {
    if (cell[axis] !== cheaper) continue;
    const twin = byAxes.get(axesOf({ ...cell, [axis]: dearer }));
    if (!twin) continue;
    for (const direction of PRICE_CELL_DIRECTIONS) {
      const low = cell.directions[direction]?.usdPerMTok;
      const high = twin.directions[direction]?.usdPerMTok;
      if (low !== undefined && high !== undefined && low > high) {
        violations.push(`${axesOf(cell)} ${direction} ${low} > ${dearer} ${high}`);
      }
    }
  }
  return violations;
}

export const globalAboveRegional = (cells: readonly Cell[]) =>
  notAbove(cells, 'scope', 'global', 'inRegionGeo');

export const batchAboveStandard = (cells: readonly Cell[]) =>
  notAbove(cells, 'tier', 'batch', 'standard');

/**
 * Every priced direction names the SKU of a row that was priced, at that price, into that very
 * cell: a price without its source row is an invention.
 */
export function uncitedPrices(cells: readonly Cell[], classified: readonly ClassifiedRow[]) {
  const priced = new Map<string, PricedRow>();
  for (const row of classified) if (row.status === 'priced') priced.set(row.sku, row);
  const violations: string[] = [];
  for (const cell of cells) {
    for (const [direction, price] of Object.entries(cell.directions)) {
      const row = price?.sku ? priced.get(price.sku) : undefined;
      const cites =
        row !== undefined &&
        row.usdPerMillionTokens === price?.usdPerMTok &&
        axesOf(row) === axesOf(cell);
      if (!cites) violations.push(`${axesOf(cell)} ${direction} cites '${price?.sku ?? ''}'`);
    }
  }
  return violations;
}

/** No direction is 0, negative or not a number, and no row left unpriced is cited by a cell. */
export function zeroOrUnknownPrices(cells: readonly Cell[], classified: readonly ClassifiedRow[]) {
  const unpriced = new Set(classified.filter((r) => r.status !== 'priced').map((r) => r.sku));
  const violations: string[] = [];
  for (const cell of cells) {
    for (const [direction, price] of Object.entries(cell.directions)) {
      const usd = price?.usdPerMTok;
      if (!(typeof usd === 'number' && Number.isFinite(usd) && usd > 0)) {
        violations.push(`${axesOf(cell)} ${direction} is ${usd}`);
      } else if (price && unpriced.has(price.sku)) {
        violations.push(`${axesOf(cell)} ${direction} is priced from unpriced ${price.sku}`);
      }
    }
  }
  return violations;
}
