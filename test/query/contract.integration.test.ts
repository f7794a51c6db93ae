import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CatalogReader } from '@bedrock-profile-catalog/catalog';
import type { LocalCatalog } from '@bedrock-profile-catalog/local';
import {
  CatalogQueryService,
  createQueryHandler,
  OPENAPI_DOCUMENT_FILE,
  type OperationId,
  openApiDocumentFrom,
  type QueryHandler,
  ROUTE_LIST,
  routeOf,
} from '@bedrock-profile-catalog/query-api';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type ApiEventInit, apiGatewayEvent, seg } from '../support/api-gateway-event.js';
import { assertInContract } from '../support/contract.js';
import { startTestCatalog } from '../support/local-catalog.js';

/**
 * Every route × every status it declares, answered by the real handler over a scanned table, and
 * each answer parsed by the route's closed response schema. A field or status that the contract
 * (and so docs/openapi.json) does not name fails here.
 */
const HAIKU_3 = 'anthropic.claude-3-haiku-20240307-v1:0';
const US_HAIKU_3 = `us.${HAIKU_3}`;
const SECRET = 'contract-test-cursor-secret';

let catalog: LocalCatalog;
let healthy: QueryHandler;
let stale: QueryHandler;
let broken: QueryHandler;
let scanId: string;
const observed = new Set<string>();

function handlerOver(tableName: string, options: { clockOffsetMs?: number; fail?: boolean } = {}) {
  const documentClient = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'us-east-1',
      endpoint: inject('dynamoEndpoint'),
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    }),
  );
  const failing = async (): Promise<never> => {
    throw new Error('boom');
  };
  return createQueryHandler({
    service: new CatalogQueryService({
      reader: new CatalogReader({ documentClient, tableName, cursorSecret: SECRET }),
      startScan: options.fail ? failing : async () => ({ scanId: '20261201T000000000Z-0a1b2c3d' }),
      configuredRegions: catalog.regions,
      scanIntervalSeconds: 300,
      now: () => new Date(Date.now() + (options.clockOffsetMs ?? 0)),
    }),
    logger: { info: () => {}, warn: () => {}, error: () => {} },
    openApiDocument: options.fail ? failing : openApiDocumentFrom(OPENAPI_DOCUMENT_FILE),
  });
}

/** @param operationId the route meant, when the method does not match it (a 405) */
async function answer(handle: QueryHandler, init: ApiEventInit, operationId?: OperationId) {
  const result = await handle(apiGatewayEvent(init));
  assertInContract(init, result);
  const route = operationId ?? routeOf(init.method ?? 'GET', init.path)?.operationId;
  observed.add(`${route} ${result.statusCode}`);
  return { status: result.statusCode, body: JSON.parse(result.body ?? 'null') };
}

beforeAll(async () => {
  catalog = await startTestCatalog({ DYNAMODB_ENDPOINT: inject('dynamoEndpoint') });
  healthy = handlerOver(catalog.tableName);
  stale = handlerOver(catalog.tableName, { clockOffsetMs: 24 * 3600 * 1000 });
  broken = handlerOver('no-such-table', { fail: true });
  const regions = await answer(healthy, { path: '/v1/regions' });
  scanId = String(regions.body.items[0].lastScanId);
});

afterAll(async () => {
  await catalog?.close();
});

/** Requests for each route and status; the table below must cover every declared pair. */
const REQUESTS: Record<OperationId, Record<number, () => ApiEventInit>> = {
  listRegions: {
    200: () => ({ path: '/v1/regions' }),
    400: () => ({ path: '/v1/regions', query: 'verbose=1' }),
  },
  listRegionProfiles: {
    200: () => ({ path: '/v1/regions/us-east-1/profiles', query: { limit: '2' } }),
    400: () => ({ path: '/v1/regions/us-east-1/profiles', query: { limit: '1e2' } }),
    404: () => ({ path: '/v1/regions/eu-wset-1/profiles' }),
  },
  listRegionThroughputs: {
    200: () => ({ path: '/v1/regions/us-east-1/throughputs' }),
    400: () => ({ path: '/v1/regions/US-EAST-1/throughputs' }),
    404: () => ({ path: '/v1/regions/eu-wset-1/throughputs' }),
  },
  listRegionTargets: {
    200: () => ({ path: '/v1/regions/us-east-1/targets' }),
    400: () => ({ path: '/v1/regions/us-east-1/targets', query: { kind: 'throughput' } }),
    404: () => ({ path: '/v1/regions/eu-wset-1/targets' }),
  },
  listModels: {
    200: () => ({ path: '/v1/models' }),
    400: () => ({ path: '/v1/models', query: { limit: '5' } }),
  },
  listModelProfiles: {
    200: () => ({ path: `/v1/models/${seg(HAIKU_3)}/profiles`, query: { region: 'us-east-1' } }),
    400: () => ({ path: `/v1/models/${seg(HAIKU_3)}/profiles`, query: { type: 'OTHER' } }),
    404: () => ({ path: `/v1/models/${seg('acme.nothing-v1:0')}/profiles` }),
  },
  listModelRegions: {
    200: () => ({ path: `/v1/models/${seg(HAIKU_3)}/regions` }),
    400: () => ({ path: `/v1/models/${seg('-bad')}/regions` }),
    404: () => ({ path: `/v1/models/${seg('acme.nothing-v1:0')}/regions` }),
  },
  listInvokeTargets: {
    200: () => ({
      path: `/v1/models/${seg(HAIKU_3)}/invoke-targets`,
      query: { sourceRegion: 'us-east-1' },
    }),
    400: () => ({ path: `/v1/models/${seg(HAIKU_3)}/invoke-targets` }),
    404: () => ({
      path: `/v1/models/${seg(HAIKU_3)}/invoke-targets`,
      query: { sourceRegion: 'eu-wset-1' },
    }),
  },
  getProfile: {
    200: () => ({ path: `/v1/profiles/${seg(US_HAIKU_3)}` }),
    400: () => ({ path: `/v1/profiles/${seg('arn:aws:s3:::bucket/key')}` }),
    404: () => ({ path: `/v1/profiles/${seg('us.acme.nothing-v1:0')}` }),
  },
  getProfileModel: {
    200: () => ({ path: `/v1/profiles/${seg(US_HAIKU_3)}/model`, query: { region: 'us-east-1' } }),
    400: () => ({ path: `/v1/profiles/${seg(US_HAIKU_3)}/model`, query: { region: 'x' } }),
    404: () => ({ path: `/v1/profiles/${seg(US_HAIKU_3)}/model`, query: { region: 'eu-west-1' } }),
  },
  startScan: {
    202: () => ({ method: 'POST', path: '/v1/scans', body: '{"regions":["us-east-1"]}' }),
    400: () => ({ method: 'POST', path: '/v1/scans', body: '{"regions":[]}' }),
  },
  getScan: {
    200: () => ({ path: `/v1/scans/${scanId}` }),
    400: () => ({ path: '/v1/scans/not%20a%20scan' }),
    404: () => ({ path: '/v1/scans/20261126T210000000Z-ffffffff' }),
  },
  listChanges: {
    200: () => ({ path: '/v1/changes', query: { since: '7d' } }),
    400: () => ({ path: '/v1/changes', query: { since: 'yesterday' } }),
  },
  getHealth: {
    200: () => ({ path: '/v1/health' }),
    400: () => ({ path: '/v1/health', query: { verbose: '1' } }),
  },
  getOpenApiDocument: {
    200: () => ({ path: '/openapi.json' }),
    400: () => ({ path: '/openapi.json', query: { format: 'yaml' } }),
  },
  listLifecycle: {
    200: () => ({ path: '/v1/lifecycle', query: { within: '3650d' } }),
    400: () => ({ path: '/v1/lifecycle', query: { within: 'soon' } }),
    404: () => ({ path: '/v1/lifecycle', query: { region: 'eu-wset-1' } }),
  },
  getSnapshot: {
    200: () => ({ path: '/v1/snapshot', query: { region: 'us-east-1' } }),
    400: () => ({ path: '/v1/snapshot' }),
    404: () => ({ path: '/v1/snapshot', query: { region: 'eu-wset-1' } }),
  },
  listRegionQuotas: {
    200: () => ({ path: '/v1/regions/us-east-1/quotas' }),
    400: () => ({ path: '/v1/regions/US-EAST-1/quotas' }),
    404: () => ({ path: '/v1/regions/eu-wset-1/quotas' }),
  },
  // Price cells themselves are checked against the contract in test/local/price-api.
  getModelPrices: {
    200: () => ({ path: `/v1/models/${seg(HAIKU_3)}/prices`, query: { region: 'us-east-1' } }),
    400: () => ({ path: `/v1/models/${seg(HAIKU_3)}/prices`, query: { region: 'US-EAST-1' } }),
    404: () => ({ path: '/v1/models/no.such-model/prices', query: { region: 'us-east-1' } }),
  },
  listPriceSources: {
    200: () => ({ path: '/v1/prices/sources' }),
    400: () => ({ path: '/v1/prices/sources', query: { verbose: '1' } }),
  },
};

describe('the API contract, route by route and status by status', () => {
  it.each(ROUTE_LIST.map((route) => [route.operationId, route] as const))(
    '%s answers each declared status in its documented shape',
    async (operationId, route) => {
      for (const [status, request] of Object.entries(REQUESTS[operationId])) {
        expect((await answer(healthy, request())).status, `${operationId} ${status}`).toBe(
          Number(status),
        );
      }
      // Every route refuses other methods with 405, and answers 503 when the catalog fails.
      const other = route.method === 'GET' ? 'DELETE' : 'GET';
      const [success] = Object.values(REQUESTS[operationId]);
      const sample = success?.() ?? { path: route.path };
      expect((await answer(healthy, { ...sample, method: other }, operationId)).status).toBe(405);
      expect((await answer(broken, sample)).status).toBe(503);
    },
  );

  it('answers a stale catalog with 503 and the health body', async () => {
    const { status, body } = await answer(stale, { path: '/v1/health' });
    expect(status).toBe(503);
    expect(body).toMatchObject({ healthy: false, status: 'stale' });
  });

  it('saw every status each route declares', () => {
    const declared = ROUTE_LIST.flatMap((route) =>
      [...Object.keys(route.responses), ...route.errors, 405, 503].map(
        (status) => `${route.operationId} ${status}`,
      ),
    );
    expect([...observed].sort()).toEqual([...new Set(declared)].sort());
  });

  it('fails an answer that carries a field the contract does not name', async () => {
    const result = await healthy(apiGatewayEvent({ path: '/v1/regions' }));
    const body = JSON.parse(result.body ?? '{}');
    body.items[0].internal = 'leak';
    expect(() =>
      assertInContract({ path: '/v1/regions' }, { ...result, body: JSON.stringify(body) }),
    ).toThrow(/not in the contract[\s\S]*internal/);
  });
});

describe('inputs a new user sent', () => {
  it.each(['0x10', '1e2', ' 5', '1.0', '+5', '007'])('refuses limit=%j', async (limit) => {
    const { status, body } = await answer(healthy, {
      path: '/v1/regions/us-east-1/profiles',
      query: { limit },
    });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'limit' });
  });

  it.each(['7d', '30m', '2026-11-01', '2026-11-01T00:00:00Z', '2026-11-01T01:00:00+01:00'])(
    'takes since=%s, as the CLI does',
    async (since) => {
      expect((await answer(healthy, { path: '/v1/changes', query: { since } })).status).toBe(200);
    },
  );

  it.each([
    'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.acme.x-v1:0',
    'arn:aws-us-gov:bedrock:us-gov-west-1:123456789012:inference-profile/us-gov.acme.x-v1:0',
    'arn:aws-eusc:bedrock:eusc-de-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6',
  ])('parses a profile ARN in every partition: %s (404, not 400)', async (arn) => {
    const { status, body } = await answer(healthy, { path: `/v1/profiles/${seg(arn)}` });
    expect(status).toBe(404);
    expect(body.error.message).toMatch(
      /not found in source region (us-east-1|us-gov-west-1|eusc-de-east-1)/,
    );
  });

  it('answers a typo in sourceRegion with 404 NOT_FOUND naming the regions it holds', async () => {
    const { status, body } = await answer(healthy, {
      path: `/v1/models/${seg(HAIKU_3)}/invoke-targets`,
      query: { sourceRegion: 'eu-wset-1' },
    });
    expect(status).toBe(404);
    expect(body.error.code).toBe('NOT_FOUND');
    expect(body.error.message).toMatch(/eu-wset-1.*us-east-1/);
  });

  it('pages /v1/changes without since: the cursor keeps the first page’s window', async () => {
    // Two profiles removed upstream: two change records, so pages of one.
    expect(catalog.emulator?.removeProfile('eu-west-1', 'r4t8w0zn5e6d')).toBe(true);
    expect(catalog.emulator?.removeProfile('us-east-1', 'hq2of259skzs')).toBe(true);
    await catalog.scanNow();
    const first = await answer(healthy, { path: '/v1/changes', query: { limit: '1' } });
    expect(first.status).toBe(200);
    let cursor: string | null = first.body.nextCursor;
    let pages = 1;
    while (cursor && pages < 50) {
      const next = await answer(healthy, { path: '/v1/changes', query: { limit: '1', cursor } });
      expect(next.status).toBe(200);
      cursor = next.body.nextCursor;
      pages += 1;
    }
    expect(pages).toBeGreaterThan(1);
    expect(cursor).toBeNull();
  });
});
