import type { Logger } from '@aws-lambda-powertools/logger';
import type { CatalogReader, PriceStore } from '@bedrock-profile-catalog/catalog';
import { SETTINGS } from '@bedrock-profile-catalog/catalog/settings';
import {
  type CatalogPriceRefresh,
  type ChangePublisher,
  offerOutcomeLine,
  priceListBaseUrl,
  refreshCatalogPrices,
} from '@bedrock-profile-catalog/discovery';
import type { LocalConfig } from './config.js';
import type { Closer } from './embedded.js';

const INTERVAL_MS = SETTINGS.priceRefreshInterval.default * 60 * 60 * 1000;

/**
 * Local mode's price refresh: the deployed function's run (refreshCatalogPrices) once now and
 * then every priceRefreshInterval, one at a time. PRICE_LIST_URL, or unset the Price List that
 * goes with BEDROCK_ENDPOINT: the embedded emulator's offer slice (same port), or AWS's public
 * host for `aws`. Each run logs one line per offer.
 */
export function startLocalPriceRefresh(deps: {
  config: Pick<LocalConfig, 'priceListUrl'>;
  /** The Bedrock endpoint in use (the emulator's URL), or null for real Bedrock. */
  bedrockEndpoint: string | null;
  store: PriceStore;
  reader: CatalogReader;
  publishChanges: ChangePublisher;
  logger: Logger;
}): {
  baseUrl: string;
  refreshNow(): Promise<CatalogPriceRefresh>;
  last(): Promise<CatalogPriceRefresh>;
  close: Closer;
} {
  const { store, reader, publishChanges, logger } = deps;
  const baseUrl = priceListBaseUrl({
    priceListUrl: deps.config.priceListUrl,
    bedrockEndpoint: deps.bedrockEndpoint ?? 'aws',
  });
  const run = async (): Promise<CatalogPriceRefresh> => {
    const result = await refreshCatalogPrices({ store, reader, baseUrl, publishChanges });
    if (result.status === 'noModels') {
      logger.warn('prices not refreshed: no model has been scanned yet');
      return result;
    }
    for (const offer of result.offers) {
      if (offer.failure) logger.warn(offerOutcomeLine(offer));
      else logger.info(offerOutcomeLine(offer));
    }
    if (result.publishFailure) {
      logger.warn(`price change events not published: ${result.publishFailure.message}`);
    }
    return result;
  };
  let latest: Promise<CatalogPriceRefresh> = Promise.resolve({ status: 'noModels', durationMs: 0 });
  const refreshNow = () => {
    // One run at a time, as the deployed function's reserved concurrency of 1.
    latest = latest.catch(() => undefined).then(run);
    latest.catch((error) => logger.error('price refresh failed', { error }));
    return latest;
  };
  void refreshNow();
  const timer = setInterval(() => void refreshNow().catch(() => {}), INTERVAL_MS);
  return {
    baseUrl,
    refreshNow,
    last: () => latest,
    close: async () => {
      clearInterval(timer);
      await latest.catch(() => {});
    },
  };
}
