import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_ACCOUNT_ID } from '@bedrock-profile-catalog/bedrock-emulator';
import { CATALOG_TABLE, regionKeys } from '@bedrock-profile-catalog/catalog';
import type { LocalCatalog } from '@bedrock-profile-catalog/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchJson, startTestCatalog } from '../support/local-catalog.js';

/**
 * The optional account listings end to end over HTTP: local mode (emulator, scanner, dynalite,
 * API), a fault armed through the emulator's control endpoint, a scan requested with POST
 * /v1/scans, the table read back with the DocumentClient.
 */
const REGION = 'us-east-1';
const ROUTER = `arn:aws:bedrock:${REGION}:${DEFAULT_ACCOUNT_ID}:default-prompt-router/anthropic.claude:1`;

let catalog: LocalCatalog;
let documentClient: DynamoDBDocumentClient;

beforeAll(async () => {
  catalog = await startTestCatalog({ CATALOG_REGIONS: `${REGION},eu-west-1` });
  documentClient = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'us-east-1',
      endpoint: catalog.dynamoEndpoint ?? undefined,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    }),
  );
});

afterAll(async () => {
  await catalog?.close();
});

async function targetItems(region: string) {
  const { Items = [] } = await documentClient.send(
    new QueryCommand({
      TableName: catalog.tableName,
      IndexName: CATALOG_TABLE.indexes.byRegion.indexName,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeNames: {
        '#pk': CATALOG_TABLE.indexes.byRegion.partitionKey,
        '#sk': CATALOG_TABLE.indexes.byRegion.sortKey,
      },
      ExpressionAttributeValues: { ':pk': `REGION#${region}`, ':prefix': 'TARGET#' },
    }),
  );
  return Items;
}

async function regionRecord(region: string) {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: catalog.tableName, Key: regionKeys({ region }) }),
  );
  return Item;
}

async function armFault(region: string, fault: Record<string, unknown>) {
  const response = await fetch(`${catalog.emulator?.url}/__emulator/faults/${region}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fault),
  });
  expect(response.status).toBe(200);
}

/** POST /v1/scans, then GET /v1/scans/{id} until it is no longer running. */
async function scanOverHttp() {
  const posted = await fetchJson<{ scanId: string }>(catalog, '/v1/scans', { method: 'POST' });
  expect(posted.status).toBe(202);
  for (let attempt = 0; attempt < 300; attempt++) {
    const scan = await fetchJson<{ status: string }>(catalog, `/v1/scans/${posted.body.scanId}`);
    if (scan.status === 200 && scan.body.status !== 'running') return scan.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`scan ${posted.body.scanId} did not finish`);
}

describe('local mode: a denied optional listing', () => {
  it('the scan at start stores every kind of target, every listing ok, and the retention mode', async () => {
    const kinds = (await targetItems(REGION)).map((item) => item.kind);

    expect(new Set(kinds)).toEqual(
      new Set([
        'custom-model-deployment',
        'imported-model',
        'prompt-router',
        'marketplace-endpoint',
      ]),
    );
    expect(await regionRecord(REGION)).toMatchObject({
      status: 'ok',
      listings: { promptRouters: 'ok', customModelDeployments: 'ok', dataRetention: 'ok' },
      dataRetention: { mode: 'default' },
    });
    expect((await regionRecord('eu-west-1'))?.dataRetention).toMatchObject({ mode: 'inherit' });
  });

  it('AccessDenied on ListPromptRouters leaves the region ok, marks the listing, keeps its routers', async () => {
    // Prepare
    const routersBefore = (await targetItems(REGION)).filter((i) => i.kind === 'prompt-router');
    await armFault(REGION, { kind: 'accessDenied', operation: 'ListPromptRouters' });

    // Act
    const scan = await scanOverHttp();
    const regions = await fetchJson<{ items: { region: string; status: string }[] }>(
      catalog,
      '/v1/regions',
    );

    // Assess
    expect(scan.status).toBe('succeeded');
    expect(regions.status).toBe(200);
    expect(regions.body.items.find((r) => r.region === REGION)?.status).toBe('ok');
    const record = await regionRecord(REGION);
    expect(record).toMatchObject({ status: 'ok', error: null });
    expect(record?.listings).toEqual({
      customModelDeployments: 'ok',
      customModels: 'ok',
      importedModels: 'ok',
      promptRouters: 'denied',
      marketplaceEndpoints: 'ok',
      dataRetention: 'ok',
    });
    const items = await targetItems(REGION);
    const routersAfter = items.filter((i) => i.kind === 'prompt-router');
    expect(routersAfter).toHaveLength(4);
    expect(routersAfter).toEqual(expect.arrayContaining(routersBefore));
    expect(items.find((i) => i.arn === ROUTER)).toMatchObject({
      recordType: 'target',
      status: 'AVAILABLE',
      routerType: 'default',
    });
    expect(items.filter((i) => i.kind === 'custom-model-deployment')).toHaveLength(2);
    expect((await regionRecord('eu-west-1'))?.listings?.promptRouters).toBe('ok');
  });
});
