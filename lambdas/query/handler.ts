import { createQueryHandler, openApiDocumentFrom } from '@bedrock-profile-catalog/query-api';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { createCatalogService } from './catalog-service.js';
import { loadQueryConfig } from './config.js';
import { logger } from './log.js';

// Module scope: config is validated once; the service and its client live across invocations.
const config = loadQueryConfig(process.env);

// Every route but POST /v1/scans (lambdas/scan-request): this function only reads.
const handleRequest = createQueryHandler({
  service: await createCatalogService(config),
  logger,
  serves: 'query',
  // docs/openapi.json, copied next to the bundle at deploy (the construct's bundling hook).
  openApiDocument: openApiDocumentFrom(new URL('./openapi.json', import.meta.url)),
});

// The context is not needed: the JSON log format puts the requestId on every log line.
export async function handler(event: APIGatewayProxyEventV2, _context: Context) {
  return handleRequest(event);
}
