import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CatalogReader } from '@bedrock-profile-catalog/catalog';
import { CatalogQueryService, type ScanStarter } from '@bedrock-profile-catalog/query-api';
import type { loadQueryConfig } from './config.js';
import { loadCursorKeys } from './cursor-keys.js';

// Module scope: the client keeps its connections across invocations.
const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}));

/**
 * The catalog service both API functions run (the query function without a scan starter). Reads
 * the cursor key once per process, before the first request (the caller's top-level await runs
 * in the init phase).
 */
export async function createCatalogService(
  config: ReturnType<typeof loadQueryConfig>,
  startScan?: ScanStarter,
): Promise<CatalogQueryService> {
  const cursorSecret =
    'secretId' in config.cursorSecret
      ? await loadCursorKeys({ secretId: config.cursorSecret.secretId, env: process.env })
      : config.cursorSecret.value;
  return new CatalogQueryService({
    reader: new CatalogReader({ documentClient, tableName: config.tableName, cursorSecret }),
    configuredRegions: config.regions,
    scanIntervalSeconds: config.scanIntervalSeconds,
    scanCooldownSeconds: config.scanCooldownSeconds,
    priceStaleAfterMs: config.priceStaleAfterMs,
    ...(startScan && { startScan }),
  });
}
