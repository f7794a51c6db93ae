import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  CatalogReader,
  createScanId,
  SCAN_REQUEST_SOURCE,
  SCAN_REQUESTED_DETAIL_TYPE,
  type ScanRequestedDetail,
} from '@bedrock-profile-catalog/catalog';
import {
  CatalogQueryService,
  createQueryHandler,
  openApiDocumentFrom,
} from '@bedrock-profile-catalog/query-api';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { loadQueryConfig } from './config.js';
import { loadCursorKeys } from './cursor-keys.js';
import { logger } from './log.js';

// Module scope: config is validated once, clients keep their connections across invocations.
const config = loadQueryConfig(process.env);
const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const eventBridge = new EventBridgeClient({});
// Read once per process, before the first request (ESM top-level await runs in the init phase).
const cursorSecret =
  'secretId' in config.cursorSecret
    ? await loadCursorKeys({ secretId: config.cursorSecret.secretId, env: process.env })
    : config.cursorSecret.value;

const service = new CatalogQueryService({
  reader: new CatalogReader({
    documentClient,
    tableName: config.tableName,
    cursorSecret,
  }),
  configuredRegions: config.regions,
  scanIntervalSeconds: config.scanIntervalSeconds,
  scanCooldownSeconds: config.scanCooldownSeconds,
  // POST /v1/scans: a Scan Requested event, which the construct's rule delivers to the scanner
  // (with retries and the dead-letter queue); the caller polls GET /v1/scans/{scanId}.
  startScan: async ({ regions }) => {
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
  },
});

const handleRequest = createQueryHandler({
  service,
  logger,
  // docs/openapi.json, copied next to the bundle at deploy (the construct's bundling hook).
  openApiDocument: openApiDocumentFrom(new URL('./openapi.json', import.meta.url)),
});

// The context is not needed: the JSON log format puts the requestId on every log line.
export async function handler(event: APIGatewayProxyEventV2, _context: Context) {
  return handleRequest(event);
}
