import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CatalogWriter, createScanId } from '@bedrock-profile-catalog/catalog';
import {
  createBedrockClientFactory,
  eventBridgeChangePublisher,
  resolveRegions,
  runScan,
  ScanAlreadyRecordedError,
} from '@bedrock-profile-catalog/discovery';
import type { Context } from 'aws-lambda';
import { SCANNER_METRICS } from '../contract.js';
import { logger } from '../shared/observability.js';
import { loadScannerConfig, ScannerEvent, scanRequestOf } from './config.js';

// Module scope: config validated once; clients (one Bedrock client per region) stay warm.
const config = loadScannerConfig(process.env);
const metrics = new Metrics({ namespace: SCANNER_METRICS.namespace });
const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});
const bedrock = createBedrockClientFactory({});
const writer = new CatalogWriter({
  documentClient,
  tableName: config.tableName,
  ttlSeconds: config.ttlSeconds,
  latencyWindow: config.latencyWindow,
  changeRetentionDays: config.changeRetentionDays,
});
const publishChanges = eventBridgeChangePublisher({
  client: new EventBridgeClient({}),
  eventBusName: config.eventBusName,
});

/** Time kept back from the Lambda timeout for the last writes and the scan record. */
const WRITE_BUDGET_MS = 15_000;

export async function handler(rawEvent: unknown, context: Context) {
  logger.addContext(context);
  const parsed = ScannerEvent.safeParse(rawEvent);
  if (!parsed.success) {
    // Retrying an event we cannot read would fail the same way: log it and stop.
    logger.error('unrecognised scanner event', { issues: parsed.error.issues });
    return { status: 'rejected' as const };
  }
  const request = scanRequestOf(parsed.data);
  // The configured list, or with `auto` Bedrock's public region list as of now.
  const scannable = await resolveRegions({ regions: config.regions });
  const unscannable = request?.regions?.filter((region) => !scannable.includes(region)) ?? [];
  if (unscannable.length > 0) {
    // IAM or DNS would fail them anyway; refusing keeps made-up regions out of the catalog.
    logger.error('scan request names regions this deployment does not scan', { unscannable });
    return { status: 'rejected' as const };
  }
  const regions = request?.regions ? [...new Set(request.regions)].sort() : scannable;
  const startedAt = new Date();
  const scanId = request?.scanId ?? createScanId(startedAt);
  logger.appendKeys({ scanId });
  try {
    const remaining = context.getRemainingTimeInMillis() - WRITE_BUDGET_MS;
    const summary = await runScan({
      scanId,
      startedAt,
      trigger: request ? 'api' : 'schedule',
      regions,
      clientFor: bedrock.clientFor,
      writer,
      publishChanges,
      regionDeadlineMs: Math.max(1_000, Math.min(config.regionDeadlineMs, remaining)),
      signal: AbortSignal.timeout(Math.max(1_000, remaining)),
      logger,
      accessCheck: { maxAgeMs: config.accessCheckMaxAgeMs },
    }).catch((error: unknown) => {
      if (error instanceof ScanAlreadyRecordedError) return null;
      throw error;
    });
    if (!summary) {
      // EventBridge delivers at least once: the first delivery of this request ran the scan.
      logger.warn('scan request already handled; duplicate delivery ignored');
      return { status: 'duplicate' as const, scanId };
    }
    logger.info('scan finished', { ...summary });
    metrics.addMetric(SCANNER_METRICS.regionsScanned, MetricUnit.Count, summary.regionsScanned);
    metrics.addMetric(SCANNER_METRICS.regionsFailed, MetricUnit.Count, summary.regionsFailed);
    metrics.addMetric('ItemsWritten', MetricUnit.Count, summary.itemsWritten);
    metrics.addMetric('AccessChecks', MetricUnit.Count, summary.accessChecks.checked);
    metrics.addMetric('AccessCheckFailures', MetricUnit.Count, summary.accessChecks.failed);
    metrics.addMetric('ScanDurationMs', MetricUnit.Milliseconds, summary.durationMs);
    // Partial failures are normal (a denied opt-in region); only a total failure is retried.
    if (summary.status === 'failed') throw new Error(`every region failed in scan ${scanId}`);
    return { status: summary.status, scanId };
  } finally {
    metrics.publishStoredMetrics();
    logger.removeKeys(['scanId']);
  }
}
