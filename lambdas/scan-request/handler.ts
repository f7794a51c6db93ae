import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  createScanId,
  SCAN_REQUEST_SOURCE,
  SCAN_REQUESTED_DETAIL_TYPE,
  type ScanRequestedDetail,
} from '@bedrock-profile-catalog/catalog';
import { createQueryHandler } from '@bedrock-profile-catalog/query-api';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { createCatalogService } from '../query/catalog-service.js';
import { loadScanRequestConfig } from '../query/config.js';
import { logger } from '../query/log.js';

// Module scope: config is validated once, clients keep their connections across invocations.
const config = loadScanRequestConfig(process.env);
const eventBridge = new EventBridgeClient({});

/**
 * POST /v1/scans: a Scan Requested event, which the construct's rule delivers to the scanner (with
 * retries and the dead-letter queue); the caller polls GET /v1/scans/{scanId}. The service first
 * joins a scan of the same regions that is running or within the cooldown.
 */
const service = await createCatalogService(config, async ({ regions }) => {
  const detail: ScanRequestedDetail = { scanId: createScanId(new Date()), regions };
  const result = await eventBridge.send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: config.eventBusName,
          Source: SCAN_REQUEST_SOURCE,
          DetailType: SCAN_REQUESTED_DETAIL_TYPE,
          Detail: JSON.stringify(detail),
        },
      ],
    }),
  );
  // PutEvents answers 200 even when it drops the entry; then no scan will run.
  if (result.FailedEntryCount) {
    const entry = result.Entries?.[0];
    throw new Error(`scan request not accepted: ${entry?.ErrorCode} ${entry?.ErrorMessage}`);
  }
  return { scanId: detail.scanId };
});

const handleRequest = createQueryHandler({ service, logger, serves: 'scan-request' });

export async function handler(event: APIGatewayProxyEventV2, _context: Context) {
  return handleRequest(event);
}
