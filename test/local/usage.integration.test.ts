import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { readRegionUsage, UsageWriter } from '@bedrock-profile-catalog/catalog';
import type { LocalCatalog } from '@bedrock-profile-catalog/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchJson, startTestCatalog } from '../support/local-catalog.js';

/**
 * CloudWatch usage in local mode as `npm start` runs it: the embedded emulator's default traffic
 * (us-east-1) scanned at start into the embedded table, and a region whose CloudWatch is denied.
 */
let catalog: LocalCatalog;
let documentClient: DynamoDBDocumentClient;

beforeAll(async () => {
  catalog = await startTestCatalog({ CATALOG_REGIONS: 'us-east-1,us-west-2' });
  documentClient = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: catalog.dynamoEndpoint ?? undefined,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
});

afterAll(async () => {
  documentClient.destroy();
  await catalog.close();
});

describe('local mode with CloudWatch usage', () => {
  it('stores usage for the default models with traffic and none for idle ones', async () => {
    const summary = await catalog.scanNow();

    const usage = await readRegionUsage(documentClient, catalog.tableName, 'us-east-1');
    const idle = await readRegionUsage(documentClient, catalog.tableName, 'us-west-2');
    expect(summary.usage).toMatchObject({ refreshed: 2, denied: 0, modelIds: 5, queries: 94 });
    expect(usage.map((u) => `${u.target.kind}/${u.tier}`).sort()).toEqual([
      'application-profile/standard',
      'in-region/standard',
      'profile/priority',
      'profile/standard',
      'profile/standard',
    ]);
    expect(idle).toEqual([]);
  });

  it('keeps a region ok when its ListMetrics is AccessDenied, with usage denied and empty', async () => {
    catalog.emulator?.setFault('us-east-1', { kind: 'accessDenied', operation: 'ListMetrics' });
    try {
      const summary = await catalog.scanNow(['us-east-1']);

      const state = await new UsageWriter({
        documentClient,
        tableName: catalog.tableName,
      }).lastRefresh('us-east-1');
      const regions = await fetchJson<{ items: { region: string; status: string }[] }>(
        catalog,
        '/v1/regions',
      );
      expect(summary.regions.map((r) => r.status)).toEqual(['ok']);
      expect(state?.listing).toBe('denied');
      expect(await readRegionUsage(documentClient, catalog.tableName, 'us-east-1')).toEqual([]);
      expect(regions.body.items.find((r) => r.region === 'us-east-1')?.status).toBe('ok');
    } finally {
      catalog.emulator?.clearFaults();
    }
  });
});
