import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CatalogReader, CursorCodec } from '@bedrock-profile-catalog/catalog';
import type { LocalCatalog } from '@bedrock-profile-catalog/local';
import { CatalogQueryService, createQueryHandler } from '@bedrock-profile-catalog/query-api';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { apiGatewayEvent } from '../support/api-gateway-event.js';
import { startTestCatalog } from '../support/local-catalog.js';

// The deployed query function gets only the secret's ARN and reads the key at init through the
// Parameters and Secrets extension. There is no local Secrets Manager, so the extension's HTTP
// answers are stood in for (fault-path style); the table and the handler are real.
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:CursorSecret-abc123';
const CURRENT = 'rotated-in-cursor-secret-0123456789';
const PREVIOUS = 'rotated-out-cursor-secret-0123456789';
const PATH = '/v1/regions/us-east-1/profiles';
const context = { functionName: 'query', awsRequestId: 'req-1' } as unknown as Context;

let catalog: LocalCatalog;
let handler: typeof import('../../lambdas/query/handler.js').handler;
const extensionRequests: URL[] = [];

function body(result: APIGatewayProxyStructuredResultV2) {
  return JSON.parse(result.body ?? 'null') as { nextCursor?: string; error?: { code: string } };
}

/** Page 1's cursor as a function signing with `secret` (before the rotation, or a stranger's). */
async function cursorSignedWith(secret: string): Promise<string> {
  const documentClient = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'us-east-1',
      endpoint: inject('dynamoEndpoint'),
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    }),
  );
  const handle = createQueryHandler({
    service: new CatalogQueryService({
      reader: new CatalogReader({
        documentClient,
        tableName: catalog.tableName,
        cursorSecret: secret,
      }),
      startScan: async () => ({ scanId: 'unused' }),
      configuredRegions: catalog.regions,
      scanIntervalSeconds: 900,
    }),
    logger: { info: vi.fn(), warn: vi.fn(), error: vi.fn() },
  });
  const cursor = body(
    await handle(apiGatewayEvent({ path: PATH, query: { limit: '1' } })),
  ).nextCursor;
  if (!cursor) throw new Error('expected a second page');
  return cursor;
}

beforeAll(async () => {
  catalog = await startTestCatalog({ DYNAMODB_ENDPOINT: inject('dynamoEndpoint') });
  vi.stubEnv('TABLE_NAME', catalog.tableName);
  vi.stubEnv('CURSOR_SECRET_ARN', SECRET_ARN);
  vi.stubEnv('CATALOG_REGIONS', catalog.regions.join(','));
  vi.stubEnv('EVENT_BUS_NAME', 'catalog-bus');
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', inject('dynamoEndpoint'));
  vi.stubEnv('AWS_SESSION_TOKEN', 'session-token');
  // Rotated a minute ago: AWSPREVIOUS is still within its grace period.
  const rotatedAt = Date.now() / 1000 - 60;
  const versions: Record<string, object> = {
    AWSCURRENT: { ARN: SECRET_ARN, SecretString: CURRENT, CreatedDate: rotatedAt },
    AWSPREVIOUS: { ARN: SECRET_ARN, SecretString: PREVIOUS, CreatedDate: rotatedAt - 86400 * 30 },
  };
  vi.stubGlobal('fetch', async (input: string | URL) => {
    const url = new URL(String(input));
    extensionRequests.push(url);
    return Response.json(versions[url.searchParams.get('versionStage') ?? '']);
  });
  ({ handler } = await import('../../lambdas/query/handler.js'));
  vi.unstubAllGlobals();
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await catalog?.close();
});

describe('Lambda: query handler with CURSOR_SECRET_ARN (a rotated secret)', () => {
  it('read both versions of the secret once, at init', () => {
    expect(extensionRequests.map((url) => url.searchParams.get('versionStage'))).toEqual([
      'AWSCURRENT',
      'AWSPREVIOUS',
    ]);
    expect(extensionRequests.every((url) => url.searchParams.get('secretId') === SECRET_ARN)).toBe(
      true,
    );
  });

  it('signs new cursors with AWSCURRENT', async () => {
    const result = await handler(apiGatewayEvent({ path: PATH, query: { limit: '1' } }), context);
    const [, kid] = String(body(result).nextCursor).split('.');

    expect(result.statusCode).toBe(200);
    expect(kid).toBe(
      new CursorCodec(CURRENT).encode({ method: 'm', params: {} }, {}).split('.')[1],
    );
  });

  it('still accepts a cursor signed with AWSPREVIOUS, and refuses one signed with another key', async () => {
    const beforeRotation = await cursorSignedWith(PREVIOUS);
    const foreign = await cursorSignedWith('someone-elses-cursor-secret-0123');

    const resumed = await handler(
      apiGatewayEvent({ path: PATH, query: { limit: '1', cursor: beforeRotation } }),
      context,
    );
    const refused = await handler(
      apiGatewayEvent({ path: PATH, query: { limit: '1', cursor: foreign } }),
      context,
    );

    expect(resumed.statusCode).toBe(200);
    expect(refused.statusCode).toBe(400);
    expect(body(refused).error?.code).toBe('INVALID_CURSOR');
  });
});
