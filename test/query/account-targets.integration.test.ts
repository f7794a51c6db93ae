import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { CatalogReader, CatalogWriter, regionKeys } from '@bedrock-profile-catalog/catalog';
import {
  CatalogQueryService,
  createQueryHandler,
  OPENAPI_DOCUMENT_FILE,
  openApiDocumentFrom,
  type QueryHandler,
} from '@bedrock-profile-catalog/query-api';
import { beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { countWrites, HAIKU, smallSnapshot } from '../catalog/fixtures.js';
import {
  accountTargets,
  customModelArn,
  deployment,
  importedModel,
  MODEL_SOURCE,
  marketplaceEndpoint,
  promptRouter,
  seedAccountTargets,
} from '../support/account-targets.js';
import { type ApiEventInit, apiGatewayEvent, seg } from '../support/api-gateway-event.js';
import { createCatalogTestTable } from '../support/catalog-table.js';
import { assertInContract } from '../support/contract.js';

/**
 * Account-owned targets through the query API's HTTP handler: each new invoke-target kind, the
 * region listing of every target the account owns, and the optional listings' outcome and data
 * retention on /v1/regions. The target items are seeded as the scanner's writer stores them.
 */
const S = 'us-east-1';
const OTHER = 'us-west-2';
const RETENTION = {
  mode: 'default',
  updatedAt: '2026-10-01T08:00:00.000Z',
  checkedAt: '2026-11-30T12:00:00.000Z',
};

type Json = Record<string, unknown> & { items: Record<string, unknown>[] };
let handle: QueryHandler;
let requests: ReturnType<typeof countWrites>;

async function call(init: ApiEventInit) {
  const result = await handle(apiGatewayEvent(init));
  assertInContract(init, result);
  return { status: result.statusCode, body: JSON.parse(result.body ?? 'null') as Json };
}

const invokeTargets = (id: string, sourceRegion = S) =>
  call({ path: `/v1/models/${seg(id)}/invoke-targets`, query: { sourceRegion } });

beforeAll(async () => {
  const table = await createCatalogTestTable('account-targets-api');
  const writer = new CatalogWriter({
    documentClient: table.documentClient,
    tableName: table.tableName,
  });
  for (const region of [S, OTHER]) {
    await writer.applyRegionSnapshot({
      scanId: 's1',
      scanStartedAt: new Date().toISOString(),
      snapshot: smallSnapshot(region),
      latencySamples: [120],
    });
    await seedAccountTargets(table.documentClient, table.tableName, accountTargets(region));
  }
  // What the scanner records for S: one optional listing denied, the others ok, and the mode.
  await table.documentClient.send(
    new UpdateCommand({
      TableName: table.tableName,
      Key: regionKeys({ region: S }),
      UpdateExpression: 'SET listings = :listings, dataRetention = :retention',
      ExpressionAttributeValues: {
        ':listings': {
          customModelDeployments: 'ok',
          customModels: 'ok',
          importedModels: 'ok',
          promptRouters: 'denied',
          marketplaceEndpoints: 'error',
          dataRetention: 'ok',
        },
        ':retention': RETENTION,
      },
    }),
  );
  // Its own client, so each lookup's DynamoDB requests can be counted.
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: inject('dynamoEndpoint'),
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  requests = countWrites(client);
  handle = createQueryHandler({
    service: new CatalogQueryService({
      reader: new CatalogReader({
        documentClient: DynamoDBDocumentClient.from(client),
        tableName: table.tableName,
        cursorSecret: 'account-targets-api-secret',
      }),
      startScan: async () => ({ scanId: 'unused' }),
      configuredRegions: [S, OTHER],
      scanIntervalSeconds: 900,
    }),
    logger: { info: () => {}, warn: () => {}, error: () => {} },
    openApiDocument: openApiDocumentFrom(OPENAPI_DOCUMENT_FILE),
  });
  // The first lookup also reads the region list and the price sources, which the service caches.
  await invokeTargets(MODEL_SOURCE);
});

beforeEach(() => requests.reset());

describe('invoke-targets: account-owned kinds, one table request each', () => {
  it('a custom model resolves to its Active deployment only (one Query)', async () => {
    const { status, body } = await invokeTargets(customModelArn(S));

    expect(status).toBe(200);
    expect(requests.commands).toEqual({ QueryCommand: 1 });
    expect(body.items).toEqual([
      expect.objectContaining({
        targetId: deployment(S).arn,
        kind: 'custom-model-deployment',
        scope: 'in-region',
        customModelArn: customModelArn(S),
        baseModelId: 'amazon.nova-lite-v1:0:300k',
        access: null,
        quota: null,
        lifecycle: null,
      }),
    ]);
    expect(body.hint).toBeNull();
  });

  it('a deployment, an imported model and a prompt router resolve by their own ARN (one GetItem)', async () => {
    for (const target of [deployment(S), importedModel(S), promptRouter(S)]) {
      requests.reset();
      const { status, body } = await invokeTargets(target.arn);
      expect(status).toBe(200);
      expect(requests.commands).toEqual({ GetItemCommand: 1 });
      expect(body.items.map((t) => [t.kind, t.targetId])).toEqual([[target.kind, target.arn]]);
    }
    const router = await invokeTargets(promptRouter(S).arn);
    expect(router.body.items[0]).toMatchObject({
      routerType: 'default',
      models: promptRouter(S).modelArns,
      fallbackModelArn: promptRouter(S).fallbackModelArn,
    });
  });

  it('a Marketplace model resolves to its REGISTERED endpoint, by model source or by endpoint ARN', async () => {
    const endpoint = marketplaceEndpoint(S);
    const bySource = await invokeTargets(MODEL_SOURCE);
    expect(requests.commands).toEqual({ QueryCommand: 1 });
    requests.reset();
    const byArn = await invokeTargets(endpoint.arn);
    expect(requests.commands).toEqual({ GetItemCommand: 1 });

    for (const { status, body } of [bySource, byArn]) {
      expect(status).toBe(200);
      expect(body.items).toEqual([
        expect.objectContaining({
          targetId: endpoint.arn,
          kind: 'marketplace-endpoint',
          modelSourceIdentifier: MODEL_SOURCE,
        }),
      ]);
    }
  });

  it('offers nothing that would fail: a Creating deployment or an incompatible endpoint', async () => {
    const [, creating, , , , incompatible] = accountTargets(S);
    for (const target of [creating, incompatible]) {
      const { status, body } = await invokeTargets(target?.arn ?? '');
      expect(status).toBe(200);
      expect(body.items).toEqual([]);
      expect(body.hint).toMatchObject({ regions: [] });
    }
  });

  it('asked from another source region, a target’s hint names the region that has it', async () => {
    const { status, body } = await invokeTargets(importedModel(S).arn, OTHER);
    expect(status).toBe(200);
    expect(body.items).toEqual([]);
    expect(body.hint).toMatchObject({ regions: [S] });
  });

  it('a foundation model ARN answers as its model ID does', async () => {
    const byId = await invokeTargets(HAIKU);
    const byArn = await invokeTargets(`arn:aws:bedrock:${S}::foundation-model/${HAIKU}`);
    expect(byArn.status).toBe(200);
    expect(byArn.body).toEqual(byId.body);
    expect(byArn.body.items.length).toBeGreaterThan(0);
  });

  it('refuses an ARN of another service with 400, and answers 404 for an unknown target', async () => {
    const s3 = await call({
      path: `/v1/models/${seg('arn:aws:s3:::bucket/key')}/invoke-targets`,
      query: { sourceRegion: S },
    });
    expect(s3.status).toBe(400);
    expect(s3.body.error).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'modelId' });
    const unknown = await invokeTargets(`arn:aws:bedrock:${S}:111122223333:imported-model/nothere`);
    expect(unknown.status).toBe(404);
    // Other partitions' ARNs are IDs too: here a region the catalog does not hold (404, not 400).
    const eusc = await invokeTargets(
      'arn:aws-eusc:bedrock:eusc-de-east-1:111122223333:imported-model/k3j4h5g6f7d8',
      'eusc-de-east-1',
    );
    expect(eusc.status).toBe(404);
    expect(eusc.body.error).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('GET /v1/regions/{region}/targets', () => {
  it('lists every target the account owns in the region, page by page', async () => {
    const items: Record<string, unknown>[] = [];
    let cursor: string | undefined;
    do {
      const { status, body } = await call({
        path: `/v1/regions/${S}/targets`,
        query: { limit: '3', ...(cursor ? { cursor } : {}) },
      });
      expect(status).toBe(200);
      items.push(...body.items);
      cursor = (body.nextCursor as string | null) ?? undefined;
    } while (cursor);

    expect(items.map((t) => [t.kind, t.status])).toEqual([
      ['custom-model-deployment', 'Active'],
      ['custom-model-deployment', 'Creating'],
      ['imported-model', null],
      ['marketplace-endpoint', 'REGISTERED'],
      ['marketplace-endpoint', 'INCOMPATIBLE_ENDPOINT'],
      ['prompt-router', 'AVAILABLE'],
      ['provisioned-throughput', 'InService'],
    ]);
    expect(items.every((t) => t.region === S)).toBe(true);
  });

  it('lists one kind', async () => {
    const routers = await call({
      path: `/v1/regions/${S}/targets`,
      query: { kind: 'prompt-router' },
    });
    expect(routers.status).toBe(200);
    expect(routers.body.items).toEqual([
      expect.objectContaining({
        kind: 'prompt-router',
        arn: promptRouter(S).arn,
        modelKey: promptRouter(S).arn,
      }),
    ]);
    const throughputs = await call({
      path: `/v1/regions/${OTHER}/targets`,
      query: { kind: 'provisioned-throughput' },
    });
    expect(throughputs.body.items.map((t) => [t.kind, t.region])).toEqual([
      ['provisioned-throughput', OTHER],
    ]);
  });

  it('refuses an unknown kind with 400 INVALID_PARAMETER naming `kind`', async () => {
    const { status, body } = await call({
      path: `/v1/regions/${S}/targets`,
      query: { kind: 'agent' },
    });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'kind' });
    expect(requests.commands).toEqual({});
  });

  it('answers 404 for a region the catalog does not hold', async () => {
    const { status, body } = await call({ path: '/v1/regions/eu-west-3/targets' });
    expect(status).toBe(404);
    expect(body.error).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('GET /v1/regions: optional listings and data retention', () => {
  it('shows each region’s listing outcomes and data retention mode', async () => {
    const { status, body } = await call({ path: '/v1/regions' });
    expect(status).toBe(200);
    const byRegion = new Map(body.items.map((r) => [r.region, r]));
    expect(byRegion.get(S)).toMatchObject({
      status: 'ok',
      listings: expect.objectContaining({ promptRouters: 'denied', marketplaceEndpoints: 'error' }),
      dataRetention: RETENTION,
    });
    // A region whose scan did not list them (yet): no outcomes, no mode.
    expect(byRegion.get(OTHER)).toMatchObject({ status: 'ok', listings: {}, dataRetention: null });
  });
});
