import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetParametersByPathCommand, SSMClient } from '@aws-sdk/client-ssm';
import { type RunningEmulator, startEmulator } from '@bedrock-profile-catalog/bedrock-emulator';
import { CatalogReader, SCAN_REQUEST_SOURCE } from '@bedrock-profile-catalog/catalog';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { type CatalogTestTable, createCatalogTestTable } from '../support/catalog-table.js';

/**
 * The scanner with CATALOG_REGIONS=auto (the default): the public SSM region list decides which
 * requested regions it may scan. SSM has no local server, so only it is mocked; Bedrock is the
 * emulator and the table is on dynalite.
 */
const SSM_REGIONS = ['eu-west-1', 'us-east-1'];
const ssm = mockClient(SSMClient);
const eventBridge = mockClient(EventBridgeClient);
const context = {
  functionName: 'scanner',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 120_000,
} as unknown as Context;

let emulator: RunningEmulator;
let table: CatalogTestTable;
let reader: CatalogReader;
let handler: typeof import('../../lambdas/scanner/handler.js').handler;

const request = (detail: unknown) => ({
  version: '0',
  source: SCAN_REQUEST_SOURCE,
  'detail-type': 'Scan Requested',
  account: '123456789012',
  detail,
});

beforeAll(async () => {
  emulator = await startEmulator();
  table = await createCatalogTestTable('scanner-auto');
  reader = new CatalogReader({
    documentClient: table.documentClient,
    tableName: table.tableName,
    cursorSecret: 'a-test-secret-of-enough-length',
  });
  vi.stubEnv('TABLE_NAME', table.tableName);
  vi.stubEnv('CATALOG_REGIONS', 'auto');
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('AWS_ENDPOINT_URL_BEDROCK', emulator.url);
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', inject('dynamoEndpoint'));
  ssm.on(GetParametersByPathCommand).resolves({
    Parameters: SSM_REGIONS.map((Value) => ({ Value })),
  });
  eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [] });
  ({ handler } = await import('../../lambdas/scanner/handler.js'));
});

afterAll(async () => {
  vi.unstubAllEnvs();
  ssm.restore();
  eventBridge.restore();
  await emulator.close();
});

describe('scanner with regions auto', () => {
  it.each([
    ['a well-formed region Bedrock does not list', ['xx-east-9']],
    ['a malformed region', ['nowhere']],
  ])('ignores a scan request for %s, writing nothing', async (_, regions) => {
    const result = await handler(request({ scanId: 'scan-refused', regions }), context);

    expect(result).toEqual({ status: 'rejected' });
    expect(await reader.regions()).toEqual([]);
    expect(await reader.scan('scan-refused')).toBeNull();
  });

  it('scans a requested region that is in the SSM list, and only that one', async () => {
    const result = await handler(request({ scanId: 'scan-eu', regions: ['eu-west-1'] }), context);

    expect(result).toEqual({ status: 'succeeded', scanId: 'scan-eu' });
    expect((await reader.regions()).map((r) => r.region)).toEqual(['eu-west-1']);
  });
});
