import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  buildLazySchemas,
  CatalogWriter,
  QuotaWriter,
  UsageWriter,
} from '@bedrock-profile-catalog/catalog';
import {
  createBedrockClientFactory,
  createCloudWatchClientFactory,
  createScanner,
  eventBridgeChangePublisher,
  ssmRegionSource,
} from '@bedrock-profile-catalog/discovery';
import type { Context } from 'aws-lambda';
import { SCANNER_METRICS } from '../contract.js';
import { logger } from '../shared/observability.js';
import { loadScannerConfig, ScannerEvent, scanRequestOf } from './config.js';

// Module scope: config validated once; clients (one Bedrock client per region) stay warm.
const config = loadScannerConfig(process.env);
// At init, not in the scan: its time limit comes from the function timeout, init's does not.
buildLazySchemas();
const metrics = new Metrics({ namespace: SCANNER_METRICS.namespace });
const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});
const clients = createBedrockClientFactory({});
const scanner = createScanner({
  clientFor: clients.clientFor,
  writer: new CatalogWriter({
    documentClient,
    tableName: config.tableName,
    ttlSeconds: config.ttlSeconds,
    latencyWindow: config.latencyWindow,
    changeRetentionDays: config.changeRetentionDays,
  }),
  publishChanges: eventBridgeChangePublisher({
    client: new EventBridgeClient({}),
    eventBusName: config.eventBusName,
  }),
  // The configured list, or with `auto` Bedrock's public region list of this partition at each scan.
  regions: config.regions,
  regionSource: ssmRegionSource({
    clientFor: clients.ssmClientFor,
    ...(config.ownRegion ? { ownRegion: config.ownRegion } : {}),
  }),
  settings: {
    regionDeadlineMs: config.regionDeadlineMs,
    accessCheck: { maxAgeMs: config.accessCheckMaxAgeMs },
  },
  quotas: {
    clientFor: clients.serviceQuotasClientFor,
    store: new QuotaWriter({ documentClient, tableName: config.tableName }),
    maxAgeMs: config.quotaRefreshMs,
  },
  usage: {
    clientFor: createCloudWatchClientFactory().clientFor,
    store: new UsageWriter({ documentClient, tableName: config.tableName }),
    maxAgeMs: config.usageRefreshMs,
  },
  metrics,
  logger,
});

export async function handler(rawEvent: unknown, context: Context) {
  logger.addContext(context);
  const parsed = ScannerEvent.safeParse(rawEvent);
  if (!parsed.success) {
    // Retrying an event we cannot read would fail the same way: log it and stop.
    logger.error('unrecognised scanner event', { issues: parsed.error.issues });
    return { status: 'rejected' as const };
  }
  const event = parsed.data;
  const request = scanRequestOf(event);
  try {
    const result = await scanner.scan({
      trigger: request ? 'api' : 'schedule',
      ...request,
      // The schedule's idempotency key: a redelivery of this firing is recognised as a duplicate.
      ...(event.source === 'schedule' && event.scheduledTime
        ? { scheduledAt: new Date(event.scheduledTime) }
        : {}),
      // The runtime's own deadline (the function timeout): past it the scan reads interrupted.
      deadlineAt: new Date(Date.now() + context.getRemainingTimeInMillis()),
    });
    if (result.outcome === 'rejected') return { status: 'rejected' as const };
    if (result.outcome === 'duplicate')
      return { status: 'duplicate' as const, scanId: result.scanId };
    // Partial failures are normal (a denied opt-in region); only a total failure is retried.
    if (result.summary.status === 'failed') {
      throw new Error(`every region failed in scan ${result.scanId}`);
    }
    return { status: result.summary.status, scanId: result.scanId };
  } finally {
    metrics.publishStoredMetrics();
  }
}
