import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { type RunningEmulator, startEmulator } from '@bedrock-profile-catalog/bedrock-emulator';
import { CatalogReader } from '@bedrock-profile-catalog/catalog';
import { SCAN_METRICS } from '@bedrock-profile-catalog/discovery';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, inject, it, type MockInstance, vi } from 'vitest';
import { SCANNER_METRICS } from '../../lambdas/contract.js';
import { type CatalogTestTable, createCatalogTestTable } from '../support/catalog-table.js';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-northeast-1'];
const eventBridge = mockClient(EventBridgeClient);

let emulator: RunningEmulator;
let table: CatalogTestTable;
let handler: typeof import('../../lambdas/scanner/handler.js').handler;
let consoleLog: MockInstance<typeof console.log>;

function lambdaContext(remainingMs = 120_000): Context {
  return {
    functionName: 'scanner',
    awsRequestId: 'req-1',
    getRemainingTimeInMillis: () => remainingMs,
  } as unknown as Context;
}

beforeAll(async () => {
  emulator = await startEmulator();
  table = await createCatalogTestTable('scanner-handler');
  // The handler reads its configuration and builds its clients at module load, as in Lambda;
  // the SDK's service-specific endpoint variables point those clients at the local servers.
  vi.stubEnv('TABLE_NAME', table.tableName);
  vi.stubEnv('CATALOG_REGIONS', REGIONS.join(','));
  vi.stubEnv('EVENT_BUS_NAME', 'catalog-test-bus');
  vi.stubEnv('AWS_ENDPOINT_URL_BEDROCK', emulator.url);
  vi.stubEnv('AWS_ENDPOINT_URL_SERVICE_QUOTAS', emulator.url);
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', inject('dynamoEndpoint'));
  // Test setup turns on Powertools dev mode, which would also switch metrics off; in dev mode
  // the EMF records go to the global console, kept quiet here and read by the metrics test.
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  consoleLog = vi.spyOn(console, 'log').mockImplementation(() => {});
  eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [] });
  ({ handler } = await import('../../lambdas/scanner/handler.js'));
});

afterAll(async () => {
  consoleLog.mockRestore();
  vi.unstubAllEnvs();
  await emulator.close();
});

describe('Lambda: scanner handler', () => {
  it('scans the configured regions on a scheduled event and writes them to the table', async () => {
    // Act
    const result = await handler(
      { source: 'schedule', scheduledTime: '2026-11-26T21:00:00Z' },
      lambdaContext(),
    );

    // Assess
    expect(result).toMatchObject({ status: 'succeeded' });
    const reader = new CatalogReader({
      documentClient: table.documentClient,
      tableName: table.tableName,
      cursorSecret: 'a-test-secret-of-enough-length',
    });
    const regions = await reader.regions();
    expect(regions.map((r) => r.region).sort()).toEqual([...REGIONS].sort());
    expect(regions.every((r) => r.status === 'ok' && r.counts.profiles > 0)).toBe(true);
    // The default data's Opus 4.6 agreement in us-east-1 is NOT_AVAILABLE.
    const opus = await reader.model('anthropic.claude-opus-4-6-v1', 'us-east-1');
    expect(opus?.access).toMatchObject({ agreement: 'NOT_AVAILABLE', usable: false });
    // Service Quotas: read from the endpoint the SDK's own variable names, stored per region.
    const quotas = await reader.regionQuotas('eu-west-1');
    expect(quotas.length).toBe(emulator.data().regions['eu-west-1']?.serviceQuotas?.length);
  });

  it('scans only the requested regions under the given scan ID for an API request', async () => {
    const result = await handler(
      { source: 'api', scanId: '20261126T210000000Z-abcdef01', regions: ['eu-west-1'] },
      lambdaContext(),
    );
    expect(result).toEqual({ status: 'succeeded', scanId: '20261126T210000000Z-abcdef01' });
  });

  it('publishes one set of scan metrics as EMF, under the names and dimension the alarms watch', async () => {
    // Prepare
    consoleLog.mockClear();

    // Act
    await handler({ source: 'schedule' }, lambdaContext());

    // Assess
    const emf = consoleLog.mock.calls
      .map(([line]) => String(line))
      .filter((line) => line.includes('"CloudWatchMetrics"'))
      .map((line) => JSON.parse(line));
    expect(emf).toHaveLength(1);
    const [directive] = emf[0]._aws.CloudWatchMetrics;
    expect(directive.Namespace).toBe(SCANNER_METRICS.namespace);
    expect(directive.Dimensions).toEqual([[SCANNER_METRICS.serviceDimension]]);
    expect(directive.Metrics.map((m: { Name: string }) => m.Name).sort()).toEqual(
      Object.values(SCAN_METRICS).sort(),
    );
    expect(emf[0]).toMatchObject({
      [SCANNER_METRICS.regionsScanned]: REGIONS.length,
      [SCANNER_METRICS.regionsFailed]: 0,
    });
  });

  it('publishes change events when a profile disappears', async () => {
    // Prepare
    eventBridge.resetHistory();
    const profileId =
      emulator.data().regions['eu-west-1']?.inferenceProfiles[0]?.inferenceProfileId ?? '';
    emulator.removeProfile('eu-west-1', profileId);

    // Act
    await handler({ source: 'schedule' }, lambdaContext());

    // Assess
    const entries = eventBridge
      .commandCalls(PutEventsCommand)
      .flatMap((call) => call.args[0].input.Entries ?? []);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      Source: 'bedrock-profile-catalog',
      DetailType: 'Inference Profile Removed',
      EventBusName: 'catalog-test-bus',
    });
    expect(JSON.parse(entries[0]?.Detail ?? '{}')).toMatchObject({
      region: 'eu-west-1',
      id: profileId,
      kind: 'removed',
    });
  });

  it('publishes a lifecycle event besides Foundation Model Changed when a model turns LEGACY', async () => {
    // Prepare
    eventBridge.resetHistory();
    const model = emulator
      .data()
      .regions['eu-west-1']?.foundationModels.find((m) => m.modelLifecycle?.status === 'ACTIVE');
    if (!model) throw new Error('default data: no ACTIVE model in eu-west-1');
    const lifecycle = {
      status: 'LEGACY',
      legacyTime: '2026-11-01T00:00:00.000Z',
      endOfLifeTime: '2099-01-01T00:00:00.000Z',
    };
    emulator.addModel('eu-west-1', { ...model, modelLifecycle: lifecycle });

    // Act
    await handler({ source: 'schedule' }, lambdaContext());

    // Assess
    const entries = eventBridge
      .commandCalls(PutEventsCommand)
      .flatMap((call) => call.args[0].input.Entries ?? []);
    expect(entries.map((e) => e.DetailType)).toEqual([
      'Foundation Model Changed',
      'Foundation Model Lifecycle Changed',
    ]);
    expect(JSON.parse(entries[1]?.Detail ?? '{}')).toMatchObject({
      region: 'eu-west-1',
      modelId: model.modelId,
      changed: ['status', 'legacyTime', 'endOfLifeTime'],
      before: { status: 'ACTIVE', endOfLifeTime: null },
      after: { ...lifecycle, startOfLifeTime: null, publicExtendedAccessTime: null },
      next: { event: 'endOfLife', at: lifecycle.endOfLifeTime },
    });
  });

  it('throws only when every region failed, so the async retry and DLQ take over', async () => {
    for (const region of REGIONS) emulator.setFault(region, { kind: 'accessDenied' });
    try {
      await expect(handler({ source: 'schedule' }, lambdaContext())).rejects.toThrow(
        /every region failed/,
      );
      emulator.clearFaults('eu-west-1');
      await expect(handler({ source: 'schedule' }, lambdaContext())).resolves.toMatchObject({
        status: 'partial',
      });
    } finally {
      emulator.clearFaults();
    }
  });

  it('recognises a redelivered schedule event by its scheduled time and does not scan twice', async () => {
    // Prepare
    const event = { source: 'schedule', scheduledTime: '2026-11-26T21:15:00Z' };
    const first = await handler(event, lambdaContext());
    const requestsAfterFirst = emulator.stats().totalRequests;

    // Act
    const second = await handler(event, lambdaContext());

    // Assess
    expect(first).toEqual({ status: 'succeeded', scanId: '20261126T211500000Z-schedule' });
    expect(second).toEqual({ status: 'duplicate', scanId: '20261126T211500000Z-schedule' });
    expect(emulator.stats().totalRequests).toBe(requestsAfterFirst);
    // The next firing of the schedule is a scan of its own.
    await expect(
      handler({ source: 'schedule', scheduledTime: '2026-11-26T21:30:00Z' }, lambdaContext()),
    ).resolves.toEqual({ status: 'succeeded', scanId: '20261126T213000000Z-schedule' });
  });

  it('rejects an event it cannot read without throwing', async () => {
    await expect(handler({ hello: 'world' }, lambdaContext())).resolves.toEqual({
      status: 'rejected',
    });
    // A scheduled time that is not one would make a made-up scan ID.
    await expect(
      handler({ source: 'schedule', scheduledTime: 'yesterday' }, lambdaContext()),
    ).resolves.toEqual({ status: 'rejected' });
  });
});
