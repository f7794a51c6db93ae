import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CatalogReader } from '@bedrock-profile-catalog/catalog';
import type { LocalCatalog } from '@bedrock-profile-catalog/local';
import {
  CatalogQueryService,
  createQueryHandler,
  type QueryHandler,
} from '@bedrock-profile-catalog/query-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { type ApiEventInit, apiGatewayEvent } from '../support/api-gateway-event.js';
import { contractViolation, cursorValue, request } from '../support/fuzz-requests.js';
import { startTestCatalog } from '../support/local-catalog.js';

/**
 * Property-based fuzz of the query handler over a real reader on dynalite, holding the scanned
 * emulator data: no input yields a 5xx or a non-JSON error, and a 400 costs no DynamoDB request.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 2500);

let catalog: LocalCatalog;
let handle: QueryHandler;
let dynamoRequests = 0;
const realCursors: string[] = [];
const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };

beforeAll(async () => {
  catalog = await startTestCatalog({ DYNAMODB_ENDPOINT: inject('dynamoEndpoint') });
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: inject('dynamoEndpoint'),
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  client.middlewareStack.add(
    (next) => async (args) => {
      dynamoRequests += 1;
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' },
  );
  const service = new CatalogQueryService({
    reader: new CatalogReader({
      documentClient: DynamoDBDocumentClient.from(client),
      tableName: catalog.tableName,
      cursorSecret: 'fuzz-test-cursor-secret',
    }),
    startScan: async () => ({ scanId: '20261126T210000000Z-0a1b2c3d' }),
    configuredRegions: catalog.regions,
    scanIntervalSeconds: 300,
    // The region list is cached for the run, so a 400 can be checked to cost no request.
    regionsCacheMs: 3_600_000,
  });
  handle = createQueryHandler({ service, logger });
  // Real cursors of several queries, for the tampering cases.
  for (const path of [
    '/v1/regions/us-east-1/profiles',
    '/v1/models/amazon.nova-pro-v1%3A0/profiles',
  ]) {
    const body = JSON.parse(
      (await handle(apiGatewayEvent({ path, query: 'limit=1' }))).body ?? '{}',
    );
    realCursors.push(body.nextCursor);
  }
  expect(realCursors.every((c) => typeof c === 'string')).toBe(true);
});

afterAll(async () => {
  await catalog?.close();
});

async function check(init: ApiEventInit) {
  logger.error.mockClear();
  const before = dynamoRequests;
  const result = await handle(apiGatewayEvent(init));
  const problem = contractViolation({
    status: result.statusCode ?? 200,
    contentType: result.headers?.['content-type']?.toString(),
    body: result.body ?? '',
  });
  if (problem) throw new Error(`${problem}: ${result.statusCode} ${result.body?.slice(0, 300)}`);
  if (result.statusCode === 400 && dynamoRequests !== before) {
    throw new Error(`a 400 made ${dynamoRequests - before} DynamoDB request(s)`);
  }
  if (logger.error.mock.calls.length > 0) throw new Error('the handler logged an internal error');
}

describe('query handler fuzz (fast-check)', () => {
  it(`survives ${RUNS} hostile requests: paths, IDs, query strings, methods, bodies`, async () => {
    await fc.assert(fc.asyncProperty(request(realCursors), check), { numRuns: RUNS });
  });

  it('refuses every tampered or foreign cursor with 400 INVALID_CURSOR or INVALID_PARAMETER', async () => {
    await fc.assert(
      fc.asyncProperty(
        cursorValue(realCursors).filter((c) => !realCursors.includes(c) && c.length > 0),
        fc.constantFrom(
          '/v1/regions/eu-west-1/profiles',
          '/v1/regions/us-east-1/profiles',
          '/v1/models/amazon.nova-pro-v1%3A0/profiles',
          '/v1/changes',
        ),
        async (cursor, path) => {
          const result = await handle(apiGatewayEvent({ path, query: { cursor, limit: '1' } }));
          expect(result.statusCode).toBe(400);
          expect(JSON.parse(result.body ?? '').error.code).toMatch(/^INVALID_(CURSOR|PARAMETER)$/);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('accepts a real cursor only on the query that issued it', async () => {
    const [regionCursor] = realCursors;
    const own = await handle(
      apiGatewayEvent({
        path: '/v1/regions/us-east-1/profiles',
        query: { limit: '1', cursor: regionCursor ?? '' },
      }),
    );
    expect(own.statusCode).toBe(200);
    const other = await handle(
      apiGatewayEvent({
        path: '/v1/regions/us-east-1/profiles',
        query: { limit: '2', type: 'APPLICATION', cursor: regionCursor ?? '' },
      }),
    );
    expect(other.statusCode).toBe(400);
  });
});
