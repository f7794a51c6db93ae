/**
 * The scheduled price refresh, stateless between runs: the stored source records say which
 * versions the catalog holds, `refreshPriceList` downloads only changed offers, and the store
 * writes only changed cells. A failed offer leaves its stored cells (the last good version) in
 * place and marks its source record, which makes its prices `stale`.
 */
import {
  BEDROCK_OFFERS,
  type CatalogReader,
  type ModelDirectory,
  type ModelRecord,
  modelDirectoryOf,
  type PriceStore,
  type PriceWrite,
} from '@bedrock-profile-catalog/catalog';
import type { ChangePublisher } from './change-publisher.js';
import {
  type OfferCounts,
  type OfferRefresh,
  type OfferSnapshot,
  refreshPriceList,
} from './price-list.js';

/** One offer after a refresh: the version the catalog now holds and its row counts. */
export interface OfferOutcome {
  readonly offer: string;
  readonly outcome: OfferRefresh['outcome'];
  /** The version stored after this run (a failed download keeps the last good one); null: none. */
  readonly version: string | null;
  /** That version's row counts; null when no version is stored. */
  readonly counts: OfferCounts | null;
  /** Cells and gaps written by this run (zero unless the offer was downloaded). */
  readonly cellsWritten: number;
  readonly gapsWritten: number;
  readonly failure: { readonly code: string; readonly message: string } | null;
}

export interface PriceRefreshResult {
  readonly refreshes: readonly OfferRefresh[];
  /** Cell and gap writes per offer that was downloaded. */
  readonly writes: Readonly<Record<string, PriceWrite>>;
  /** Every offer, in BEDROCK_OFFERS order: what is stored now (for logs and metrics). */
  readonly offers: readonly OfferOutcome[];
}

/** Every model record of every scanned region, as the classifier's name directory. */
export async function catalogModelDirectory(reader: CatalogReader): Promise<ModelDirectory> {
  const models: ModelRecord[] = [];
  for (const { region } of await reader.regions()) {
    let cursor: string | null = null;
    do {
      const page = await reader.regionItems(region, { recordType: 'model', limit: 1000, cursor });
      for (const item of page.items) if (item.recordType === 'model') models.push(item);
      cursor = page.nextCursor;
    } while (cursor);
  }
  return modelDirectoryOf(models);
}

function outcomeOf(
  refresh: OfferRefresh,
  stored: OfferSnapshot | undefined,
  write: PriceWrite | undefined,
): OfferOutcome {
  return {
    offer: refresh.offer,
    outcome: refresh.outcome,
    version: stored?.version ?? null,
    counts: stored?.counts ?? null,
    cellsWritten: write?.cellsWritten ?? 0,
    gapsWritten: write?.gapsWritten ?? 0,
    failure: refresh.outcome === 'failed' ? { code: refresh.code, message: refresh.message } : null,
  };
}

export async function runPriceRefresh(options: {
  readonly store: PriceStore;
  readonly baseUrl: string;
  readonly directory: ModelDirectory;
  readonly fetch?: typeof fetch;
  readonly now?: () => Date;
}): Promise<PriceRefreshResult> {
  const previous = new Map<string, OfferSnapshot>();
  for (const source of await options.store.sources()) {
    // The stored cells are the last good version; only its version is needed to compare.
    previous.set(source.offer, { ...source, rows: [], classified: [] });
  }
  const refreshes: OfferRefresh[] = [];
  const writes: Record<string, PriceWrite> = {};
  const offers: OfferOutcome[] = [];
  // One offer at a time, each written before the next is downloaded: only one offer's rows are
  // in memory at once (the AmazonBedrock file is ~16 MB, the three together ~23 MB).
  for (const code of BEDROCK_OFFERS) {
    const { snapshot, refreshes: [refresh] = [] } = await refreshPriceList({
      baseUrl: options.baseUrl,
      previous,
      directory: options.directory,
      offers: [code],
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
    if (!refresh) continue;
    refreshes.push(refresh);
    const offer = snapshot.get(code);
    if (offer && refresh.outcome === 'updated') {
      writes[code] = await options.store.writeOffer(offer);
    } else if (offer) await options.store.writeSource(offer);
    offers.push(outcomeOf(refresh, offer, writes[code]));
  }
  return { refreshes, writes, offers };
}

export type CatalogPriceRefresh =
  | ({
      readonly status: 'refreshed';
      readonly durationMs: number;
      /** Price change records put on the bus by this run (its own and earlier runs' left over). */
      readonly changesPublished: number;
      /** The publish failed: its changes stay in the outbox for the next run. */
      readonly publishFailure: { readonly message: string } | null;
    } & PriceRefreshResult)
  /** The catalog has no model records yet (no scan has finished): nothing was read or written. */
  | { readonly status: 'noModels'; readonly durationMs: number };

/**
 * One scheduled refresh of the catalog's prices: the model directory from the scanned model
 * records, then `runPriceRefresh`. Skipped while the catalog has no models: every row would be
 * stored as unmatched, and an unchanged version is not downloaded (or classified) again.
 */
export async function refreshCatalogPrices(options: {
  readonly store: PriceStore;
  readonly reader: CatalogReader;
  readonly baseUrl: string;
  /** Where the refresh's price changes go (EventBridge deployed, the log locally). */
  readonly publishChanges: ChangePublisher;
  readonly fetch?: typeof fetch;
  readonly now?: () => Date;
}): Promise<CatalogPriceRefresh> {
  const started = performance.now();
  const directory = await catalogModelDirectory(options.reader);
  if (directory.size === 0) {
    return { status: 'noModels', durationMs: performance.now() - started };
  }
  const result = await runPriceRefresh({
    store: options.store,
    baseUrl: options.baseUrl,
    directory,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  let changesPublished = 0;
  let publishFailure: { message: string } | null = null;
  try {
    changesPublished = await options.store.publishOutbox(options.publishChanges);
  } catch (error) {
    // The prices are written and their change records logged; only the events wait a run.
    publishFailure = { message: error instanceof Error ? error.message : String(error) };
  }
  return {
    status: 'refreshed',
    durationMs: performance.now() - started,
    changesPublished,
    publishFailure,
    ...result,
  };
}

/** The one log line per offer: `AmazonBedrock 20260911124410 updated: 29 rows, 20 priced, …`. */
export function offerOutcomeLine(offer: OfferOutcome): string {
  const counts = offer.counts;
  const rows = counts
    ? `${counts.rows} rows, ${counts.priced} priced, ${counts.unclassified} unclassified, ${counts.unmatched} unmatched`
    : 'no version stored';
  const failure = offer.failure ? ` (${offer.failure.code}: ${offer.failure.message})` : '';
  return `prices ${offer.offer} ${offer.version ?? '-'} ${offer.outcome}: ${rows}, ${offer.cellsWritten} cells written${failure}`;
}
