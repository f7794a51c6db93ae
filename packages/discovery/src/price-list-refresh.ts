/**
 * The scheduled price refresh, stateless between runs: the stored source records say which
 * versions the catalog holds, `refreshPriceList` downloads only changed offers, and the store
 * writes only changed cells. A failed offer leaves its stored cells (the last good version) in
 * place and marks its source record, which makes its prices `stale`.
 */
import {
  type CatalogReader,
  type ModelDirectory,
  type ModelRecord,
  modelDirectoryOf,
  type PriceStore,
  type PriceWrite,
} from '@bedrock-profile-catalog/catalog';
import { type OfferRefresh, type OfferSnapshot, refreshPriceList } from './price-list.js';

export interface PriceRefreshResult {
  readonly refreshes: readonly OfferRefresh[];
  /** Cell and gap writes per offer that was downloaded. */
  readonly writes: Readonly<Record<string, PriceWrite>>;
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
  const { snapshot, refreshes } = await refreshPriceList({
    baseUrl: options.baseUrl,
    previous,
    directory: options.directory,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const writes: Record<string, PriceWrite> = {};
  for (const refresh of refreshes) {
    const offer = snapshot.get(refresh.offer);
    if (!offer) continue;
    if (refresh.outcome === 'updated')
      writes[refresh.offer] = await options.store.writeOffer(offer);
    else await options.store.writeSource(offer);
  }
  return { refreshes, writes };
}
