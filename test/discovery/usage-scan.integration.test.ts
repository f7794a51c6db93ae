import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { MetricSeries, RunningEmulator } from '@bedrock-profile-catalog/bedrock-emulator';
import { bedrockSeries } from '@bedrock-profile-catalog/bedrock-emulator';
import {
  CatalogReader,
  CatalogWriter,
  createScanId,
  percentile,
  readRegionUsage,
  USAGE_SORT_KEY_PREFIX,
  UsageWriter,
  usageKeys,
  usagePartitionKey,
} from '@bedrock-profile-catalog/catalog';
import {
  type CloudWatchClientFactory,
  createCloudWatchClientFactory,
  runScan,
} from '@bedrock-profile-catalog/discovery';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CatalogTestTable, createCatalogTestTable } from '../support/catalog-table.js';
import { startEmulatorClients } from '../support/emulator-clients.js';

const HAIKU_3 = 'anthropic.claude-3-haiku-20240307-v1:0';
const APP_PROFILE =
  'arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/hq2of259skzs';
const GLOBAL_HAIKU_ARN =
  'arn:aws:bedrock:us-east-1:111122223333:inference-profile/global.anthropic.claude-haiku-4-5-20251001-v1:0';
const MINUTE = 60_000;

let emulator: RunningEmulator;
let bedrock: Awaited<ReturnType<typeof startEmulatorClients>>;
let cloudWatch: CloudWatchClientFactory;
let table: CatalogTestTable;

beforeAll(async () => {
  bedrock = await startEmulatorClients({}, { maxAttempts: 1 });
  emulator = bedrock.emulator;
  cloudWatch = createCloudWatchClientFactory({
    endpoint: emulator.url,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  cloudWatch.destroy();
  await bedrock.close();
});

beforeEach(async () => {
  emulator.clearFaults();
  emulator.resetStats();
  table = await createCatalogTestTable('usage-scan');
});

/** Real time: the emulator's default traffic sits in the hour and day before it started. */
function scan(regions: string[]) {
  const startedAt = new Date();
  return runScan({
    scanId: createScanId(startedAt),
    startedAt,
    trigger: 'test',
    regions,
    clientFor: bedrock.factory.clientFor,
    writer: new CatalogWriter({ documentClient: table.documentClient, tableName: table.tableName }),
    publishChanges: async () => {},
    regionDeadlineMs: 15_000,
    accessCheck: false,
    usage: {
      clientFor: cloudWatch.clientFor,
      store: new UsageWriter({ documentClient: table.documentClient, tableName: table.tableName }),
      maxAgeMs: 0,
    },
  });
}

async function putSeries(region: string, series: MetricSeries[]) {
  const response = await fetch(`${emulator.url}/__emulator/regions/${region}/metrics`, {
    method: 'PUT',
    body: JSON.stringify(series),
  });
  expect(response.status).toBe(200);
}

const samplesOf = (metricName: string, modelId: string) =>
  emulator
    .data()
    .regions['us-east-1']?.metrics?.find(
      (s) => s.metricName === metricName && s.dimensions[0]?.Value === modelId,
    )?.samples ?? [];

/** Nearest rank over the emulator's raw samples in [start, end): what CloudWatch answers. */
function expectedStats(metricName: string, modelId: string, start: string, end: string) {
  const values = samplesOf(metricName, modelId)
    .filter((s) => s.at >= start && s.at < end)
    .map((s) => s.value);
  return {
    p50: percentile(values, 50),
    p90: percentile(values, 90),
    p99: percentile(values, 99),
    samples: values.length,
  };
}

describe('a scan with CloudWatch usage', () => {
  it('stores a usage record per ModelId with traffic, attributed to target and tier, none for idle regions', async () => {
    const summary = await scan(['us-east-1', 'us-west-2']);

    const usage = await readRegionUsage(table.documentClient, table.tableName, 'us-east-1');
    const byId = new Map(usage.map((u) => [u.metricModelId, u]));
    expect([...byId.keys()].sort()).toEqual(
      [
        HAIKU_3,
        APP_PROFILE,
        GLOBAL_HAIKU_ARN,
        'us.amazon.nova-pro-v1:0+priority',
        'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      ].sort(),
    );
    expect(byId.get(HAIKU_3)).toMatchObject({
      target: { kind: 'in-region', id: HAIKU_3, modelId: HAIKU_3 },
      tier: 'standard',
    });
    expect(byId.get('us.amazon.nova-pro-v1:0+priority')).toMatchObject({
      target: { kind: 'profile', id: 'us.amazon.nova-pro-v1:0', modelId: 'amazon.nova-pro-v1:0' },
      tier: 'priority',
    });
    expect(byId.get(GLOBAL_HAIKU_ARN)?.target).toEqual({
      kind: 'profile',
      id: GLOBAL_HAIKU_ARN,
      modelId: 'anthropic.claude-haiku-4-5-20251001-v1:0',
    });
    expect(byId.get(APP_PROFILE)?.target).toEqual({
      kind: 'application-profile',
      id: APP_PROFILE,
      modelId: HAIKU_3,
    });
    expect(await readRegionUsage(table.documentClient, table.tableName, 'us-west-2')).toEqual([]);
    expect(summary.regions.map((r) => r.status)).toEqual(['ok', 'ok']);

    // 4 streaming callers × (TTFT 4 + latency 4 + invocations + TPM) + 1 throttle sum, plus
    // the non-streaming one (latency 4 + invocations + TPM), in each of the 2 windows.
    expect(summary.usage).toEqual({
      refreshed: 2,
      fresh: 0,
      denied: 0,
      failed: 0,
      modelIds: 5,
      queries: 2 * (4 * 10 + 1 + 6),
    });
    expect(emulator.stats().requests['us-east-1']?.GetMetricData).toBe(2);
    expect(emulator.stats().requests['us-west-2']?.GetMetricData).toBeUndefined();
  });

  it("gives exactly the percentiles of the emulator's datapoints in both windows", async () => {
    await scan(['us-east-1']);

    const [sonnet] = (
      await readRegionUsage(table.documentClient, table.tableName, 'us-east-1')
    ).filter((u) => u.metricModelId === 'us.anthropic.claude-sonnet-4-5-20250929-v1:0');
    const hour = sonnet?.windows['1h'];
    const day = sonnet?.windows['24h'];
    if (!hour || !day) throw new Error('expected both windows');

    const id = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
    expect(hour.ttftMs).toEqual(
      expectedStats('TimeToFirstToken', id, hour.startTime, hour.endTime),
    );
    expect(day.ttftMs).toEqual(expectedStats('TimeToFirstToken', id, day.startTime, day.endTime));
    expect(day.invocationMs).toEqual(
      expectedStats('InvocationLatency', id, day.startTime, day.endTime),
    );
    const inDay = (metric: string) =>
      samplesOf(metric, id).filter((s) => s.at >= day.startTime && s.at < day.endTime);
    expect(day.invocations).toBe(inDay('Invocations').length);
    expect(day.throttles).toBe(inDay('InvocationThrottles').length);
    expect(day.throttles).toBeGreaterThan(0);
    expect(day.tpmPeak).toBe(4_000);
    expect(Date.parse(day.endTime) - Date.parse(day.startTime)).toBe(24 * 60 * MINUTE);
    expect(sonnet?.asOf).toBe(day.endTime);
  });

  it('reports a set datapoint set with exactly its percentiles', async () => {
    const end = Math.floor(Date.now() / MINUTE) * MINUTE;
    const values = [1200, 180, 240, 95, 410, 180, 205, 330, 150, 990];
    const samples = values.map((value, i) => ({
      at: new Date(end - (i + 2) * MINUTE).toISOString(),
      value,
    }));
    await putSeries('eu-west-1', [
      bedrockSeries('eu.amazon.nova-lite-v1:0+flex', 'TimeToFirstToken', 'Milliseconds', samples),
    ]);

    await scan(['eu-west-1']);

    const [record] = await readRegionUsage(table.documentClient, table.tableName, 'eu-west-1');
    // Sorted: 95 150 180 180 205 240 330 410 990 1200; nearest rank 5, 9 and 10.
    expect(record?.windows['1h']).toMatchObject({
      ttftMs: { p50: 205, p90: 990, p99: 1200, samples: 10 },
      invocationMs: null,
      invocations: 0,
      tpmPeak: null,
    });
    expect(record).toMatchObject({ tier: 'flex', target: { kind: 'profile' } });
  });

  it("files usage under the model's GSI1 key range for its source region, outside GSI2", async () => {
    await scan(['us-east-1']);
    await scan(['us-east-1']);

    const { Item } = await table.documentClient.send(
      new GetCommand({
        TableName: table.tableName,
        Key: usageKeys({
          region: 'us-east-1',
          metricModelId: HAIKU_3,
          target: { modelId: null },
        }),
      }),
    );
    const reader = new CatalogReader({
      documentClient: table.documentClient,
      tableName: table.tableName,
      cursorSecret: 'x'.repeat(32),
    });
    const inRegion = await reader.modelInRegion(HAIKU_3, 'us-east-1');

    expect(Item).toMatchObject({
      PK: usagePartitionKey('us-east-1'),
      SK: `${USAGE_SORT_KEY_PREFIX}${HAIKU_3}`,
      GSI1PK: `MODEL#${HAIKU_3}`,
      GSI1SK: `us-east-1#USAGE#${HAIKU_3}`,
    });
    expect(Item).not.toHaveProperty('GSI2PK');
    expect(inRegion.model?.modelId).toBe(HAIKU_3);
    expect(inRegion.usage.map((u) => u.metricModelId).sort()).toEqual(
      [HAIKU_3, APP_PROFILE].sort(),
    );
  });

  it('splits more than 500 queries into batches of at most 500 per window', async () => {
    const end = Math.floor(Date.now() / MINUTE) * MINUTE;
    const at = new Date(end - 5 * MINUTE).toISOString();
    const series = Array.from({ length: 60 }, (_, i) => `custom.model-${i}`).flatMap((id) =>
      [
        'TimeToFirstToken',
        'InvocationLatency',
        'Invocations',
        'InvocationThrottles',
        'EstimatedTPMQuotaUsage',
      ].map((metric) => bedrockSeries(id, metric, 'Count', [{ at, value: 3 }])),
    );
    await putSeries('ap-south-1', series);

    const summary = await scan(['ap-south-1']);

    // 60 ModelIds × 11 queries = 660 per window: two requests per window.
    expect(summary.usage.queries).toBe(2 * 660);
    expect(emulator.stats().requests['ap-south-1']?.GetMetricData).toBe(4);
    expect(await readRegionUsage(table.documentClient, table.tableName, 'ap-south-1')).toHaveLength(
      60,
    );
  });

  it('keeps the region ok with usage denied and none stored when ListMetrics is AccessDenied', async () => {
    await scan(['us-east-1']);
    emulator.setFault('us-east-1', { kind: 'accessDenied', operation: 'ListMetrics' });

    const summary = await scan(['us-east-1']);

    const state = await new UsageWriter({
      documentClient: table.documentClient,
      tableName: table.tableName,
    }).lastRefresh('us-east-1');
    expect(summary.regions[0]?.status).toBe('ok');
    expect(summary.status).toBe('succeeded');
    expect(summary.usage).toMatchObject({ refreshed: 0, denied: 1, failed: 0, queries: 0 });
    expect(state).toMatchObject({ listing: 'denied', modelIds: 0, queries: 0 });
    expect(state?.error).toContain('cloudwatch:ListMetrics');
    expect(await readRegionUsage(table.documentClient, table.tableName, 'us-east-1')).toEqual([]);
  });

  it('keeps the stored usage when CloudWatch fails for another reason', async () => {
    await scan(['us-east-1']);
    emulator.setFault('us-east-1', { kind: 'serverError', operation: 'GetMetricData' });

    const summary = await scan(['us-east-1']);

    expect(summary.regions[0]?.status).toBe('ok');
    expect(summary.usage).toMatchObject({ refreshed: 0, failed: 1, queries: 0 });
    expect(await readRegionUsage(table.documentClient, table.tableName, 'us-east-1')).toHaveLength(
      5,
    );
  });
});
