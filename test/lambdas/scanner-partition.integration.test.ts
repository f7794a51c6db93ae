import { type RunningEmulator, startEmulator } from '@bedrock-profile-catalog/bedrock-emulator';
import { CatalogReader } from '@bedrock-profile-catalog/catalog';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { type CatalogTestTable, createCatalogTestTable } from '../support/catalog-table.js';

/**
 * The scanner Lambda deployed in GovCloud with CATALOG_REGIONS=auto and nothing mocked: Bedrock,
 * Service Quotas, SSM (and EventBridge, for change events) are the emulator (through the SDK's standard
 * AWS_ENDPOINT_URL_<SERVICE> variables), the table is dynalite. It must read the region list in
 * its own partition and scan only that partition's regions.
 */
const context = {
  functionName: 'scanner',
  awsRequestId: 'req-gov',
  getRemainingTimeInMillis: () => 120_000,
} as unknown as Context;

let emulator: RunningEmulator;
let table: CatalogTestTable;
let reader: CatalogReader;

beforeAll(async () => {
  emulator = await startEmulator();
  table = await createCatalogTestTable('scanner-gov');
  reader = new CatalogReader({
    documentClient: table.documentClient,
    tableName: table.tableName,
    cursorSecret: 'a-test-secret-of-enough-length',
  });
  vi.stubEnv('TABLE_NAME', table.tableName);
  vi.stubEnv('CATALOG_REGIONS', 'auto');
  vi.stubEnv('AWS_REGION', 'us-gov-east-1');
  for (const service of ['BEDROCK', 'SERVICE_QUOTAS', 'SSM', 'EVENTBRIDGE']) {
    vi.stubEnv(`AWS_ENDPOINT_URL_${service}`, emulator.url);
  }
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', inject('dynamoEndpoint'));
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await emulator?.close();
});

describe('scanner Lambda in aws-us-gov with regions auto', () => {
  it('asks SSM in us-gov-west-1 and scans the GovCloud regions only', async () => {
    const { handler } = await import('../../lambdas/scanner/handler.js');

    const result = await handler({ source: 'schedule' }, context);

    expect(result).toMatchObject({ status: 'succeeded' });
    const regions = await reader.regions();
    expect(regions.map((r) => [r.region, r.status]).sort()).toEqual([
      ['us-gov-east-1', 'ok'],
      ['us-gov-west-1', 'ok'],
    ]);
    const requests = emulator.stats().requests;
    expect(requests['us-gov-west-1']).toMatchObject({ GetParametersByPath: 1 });
    expect(Object.keys(requests).sort()).toEqual(['us-gov-east-1', 'us-gov-west-1']);
  });
});
