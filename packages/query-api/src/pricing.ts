import type {
  ModelInRegion,
  PriceCellRecord,
  PriceSourceRecord,
} from '@bedrock-profile-catalog/catalog';
import { priceBookFromCells } from '@bedrock-profile-catalog/catalog/contract';
import type { TargetPricing } from './resolver.js';

/** The pricing of invoke targets from stored cells and the offers' source records. */
export function targetPricing(
  cells: readonly PriceCellRecord[],
  sources: readonly PriceSourceRecord[],
  staleAfterMs: number,
): TargetPricing {
  return { book: priceBookFromCells(cells, sources), staleAfterMs };
}

/**
 * Whether pricing the model's targets from S needs its cells in every region: only a global
 * profile (or an application profile copying one) when S has no global standard cell, to tell
 * `singleRate` from `notPublished`. Otherwise S's cells, in the invoke-targets range, suffice.
 */
export function needsPricesEverywhere(found: ModelInRegion, sourceRegion: string): boolean {
  const global = found.profiles.some(
    (p) =>
      p.region === sourceRegion &&
      p.status === 'ACTIVE' &&
      (p.scope === 'global' || (p.scope === 'application' && p.routing === 'global')),
  );
  return (
    global &&
    !found.prices.some(
      (cell) =>
        cell.region === sourceRegion &&
        cell.scope === 'global' &&
        cell.tier === 'standard' &&
        cell.endpoint === 'runtime' &&
        cell.mode === 'onDemand' &&
        cell.context === 'standard',
    )
  );
}
