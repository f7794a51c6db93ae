import { randomBytes } from 'node:crypto';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CatalogReader, PriceStore } from '@bedrock-profile-catalog/catalog';
import {
  eventBridgeChangePublisher,
  type OfferOutcome,
  offerOutcomeLine,
  refreshCatalogPrices,
} from '@bedrock-profile-catalog/discovery';
import type { Context } from 'aws-lambda';
import * as z from 'zod/mini';
import { PRICE_REFRESH_METRICS as METRICS, SCANNER_METRICS } from '../contract.js';
import { logger } from '../shared/observability.js';
import { loadPriceRefreshConfig } from './config.js';

// Module scope: config validated once; clients stay warm across invocations.
const config = loadPriceRefreshConfig(process.env);
const metrics = new Metrics({ namespace: SCANNER_METRICS.namespace });
const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});
const store = new PriceStore({ documentClient, tableName: config.tableName });
// Cursors never leave this function (the model directory pages through them); any key will do.
const reader = new CatalogReader({
  documentClient,
  tableName: config.tableName,
  cursorSecret: randomBytes(32).toString('hex'),
});

const publishChanges = eventBridgeChangePublisher({
  client: new EventBridgeClient({}),
  eventBusName: config.eventBusName,
});

/** The schedule's payload; a direct invocation may send `{}`. Nothing in it changes the run. */
const PriceRefreshEvent = z.object({ source: z.optional(z.literal('schedule')) });

/** One EMF document per offer, dimensioned by it (published at once: dimensions are per document). */
function publishOfferMetrics(offer: OfferOutcome): void {
  metrics.addDimension(METRICS.offerDimension, offer.offer);
  metrics.addMetric(METRICS.rows, MetricUnit.Count, offer.counts?.rows ?? 0);
  metrics.addMetric(METRICS.priced, MetricUnit.Count, offer.counts?.priced ?? 0);
  metrics.addMetric(METRICS.unclassified, MetricUnit.Count, offer.counts?.unclassified ?? 0);
  metrics.addMetric(METRICS.unmatched, MetricUnit.Count, offer.counts?.unmatched ?? 0);
  metrics.addMetric(METRICS.cellsWritten, MetricUnit.Count, offer.cellsWritten);
  metrics.publishStoredMetrics();
}

export async function handler(rawEvent: unknown, context: Context) {
  logger.addContext(context);
  if (!PriceRefreshEvent.safeParse(rawEvent ?? {}).success) {
    logger.error('unrecognised price refresh event', { event: rawEvent });
    return { status: 'rejected' as const };
  }
  try {
    const result = await refreshCatalogPrices({
      store,
      reader,
      baseUrl: config.priceListUrl,
      publishChanges,
    });
    if (result.status === 'noModels') {
      metrics.addMetric(METRICS.durationMs, MetricUnit.Milliseconds, result.durationMs);
      logger.warn('prices not refreshed: the catalog has no scanned models yet');
      return { status: 'noModels' as const };
    }
    for (const offer of result.offers) {
      publishOfferMetrics(offer);
      const log = offer.failure ? logger.error.bind(logger) : logger.info.bind(logger);
      log(offerOutcomeLine(offer), { offer });
    }
    if (result.publishFailure) {
      logger.error('price change events not published; they stay in the outbox for the next run', {
        error: result.publishFailure.message,
      });
    }
    const failed = result.offers.filter((offer) => offer.outcome === 'failed').length;
    // The run's own document, after the offers', with only the service dimension.
    metrics.addMetric(METRICS.offersFailed, MetricUnit.Count, failed);
    metrics.addMetric(METRICS.durationMs, MetricUnit.Milliseconds, result.durationMs);
    return {
      // A failed offer keeps its last good version; the next run tries it again.
      status: failed === 0 && !result.publishFailure ? ('ok' as const) : ('partial' as const),
      changesPublished: result.changesPublished,
      offers: result.offers.map(({ offer, outcome, version, cellsWritten }) => ({
        offer,
        outcome,
        version,
        cellsWritten,
      })),
    };
  } finally {
    metrics.publishStoredMetrics();
  }
}
