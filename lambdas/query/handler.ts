import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CatalogReader, createScanId } from '@bedrock-profile-catalog/catalog';
import { CatalogQueryService, createQueryHandler } from '@bedrock-profile-catalog/query-api';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { logger } from '../shared/observability.js';
import { loadQueryConfig } from './config.js';

// Module scope: config is validated once, clients keep their connections across invocations.
const config = loadQueryConfig(process.env);
const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const lambda = new LambdaClient({});

const service = new CatalogQueryService({
  reader: new CatalogReader({
    documentClient,
    tableName: config.tableName,
    cursorSecret: config.cursorSecret,
  }),
  configuredRegions: config.regions,
  scanIntervalSeconds: config.scanIntervalSeconds,
  // POST /v1/scans: the scanner runs asynchronously; the caller polls GET /v1/scans/{scanId}.
  startScan: async ({ regions }) => {
    const scanId = createScanId(new Date());
    await lambda.send(
      new InvokeCommand({
        FunctionName: config.scannerFunctionName,
        InvocationType: 'Event',
        Payload: JSON.stringify({ source: 'api', scanId, regions }),
      }),
    );
    return { scanId };
  },
});

const handleRequest = createQueryHandler({ service, logger });

export async function handler(event: APIGatewayProxyEventV2, context: Context) {
  logger.addContext(context);
  return handleRequest(event);
}
