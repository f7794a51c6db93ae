import type {
  ModelInRegion,
  PriceCellRecord,
  PriceGapRecord,
  PriceOptions,
  PriceSourceRecord,
} from '@bedrock-profile-catalog/catalog';
import {
  offerStaleness,
  PriceGapRecord as PriceGapSchema,
  priceBookFromCells,
  priceSourceStatuses,
} from '@bedrock-profile-catalog/catalog/contract';
import type { TargetPricing } from './resolver.js';
import type { ModelPricesView, PriceSourceView } from './schemas.js';

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

type PriceCellView = ModelPricesView['items'][number];

/** A stored cell as the prices route shows it, with the key it is listed by. */
export function priceCellView(
  cell: PriceCellRecord,
  sources: readonly PriceSourceRecord[],
  options: PriceOptions,
): { sortKey: string; view: PriceCellView } {
  const { scope, tier, endpoint, mode, context, directions, offer } = cell;
  const source = sources.find((s) => s.offer === offer);
  const reason = offerStaleness(offer, priceSourceStatuses(sources), options);
  return {
    sortKey: [scope, tier, endpoint, mode, context, offer].join('#'),
    view: {
      scope,
      tier,
      endpoint,
      mode,
      context,
      ...(reason ? { state: 'stale' as const, reason } : { state: 'published' as const }),
      directions,
      source: {
        offer,
        version: source?.version ?? '',
        publicationDate: source?.publicationDate ?? null,
      },
    },
  };
}

/** An offer's source record as /v1/prices/sources shows it, with its unpriced rows by status. */
export function priceSourceView(
  source: PriceSourceRecord,
  gaps: readonly PriceGapRecord[],
  sources: readonly PriceSourceRecord[],
  options: PriceOptions,
): PriceSourceView {
  const unpriced = Object.fromEntries(
    PriceGapSchema.shape.status.options.map((status) => [status, 0]),
  ) as PriceSourceView['unpriced'];
  for (const gap of gaps) unpriced[gap.status]++;
  const stale = offerStaleness(source.offer, priceSourceStatuses(sources), options);
  return {
    offer: source.offer,
    version: source.version,
    publicationDate: source.publicationDate,
    fetchedAt: source.fetchedAt,
    checkedAt: source.checkedAt,
    lastFailure: source.lastFailure,
    state: stale ? 'stale' : 'fresh',
    counts: source.counts,
    unpriced,
    cells: source.cells,
  };
}
