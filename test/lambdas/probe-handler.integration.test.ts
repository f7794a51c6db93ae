import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type ProbeRecord, probePartitionKey } from '@bedrock-profile-catalog/catalog';
import type { LocalCatalog } from '@bedrock-profile-catalog/local';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, type MockInstance, vi } from 'vitest';
import { PROBE_ENV, PROBE_METRICS } from '../../lambdas/contract.js';
import { fetchJson, startTestCatalog } from '../support/local-catalog.js';

/**
 * The probe Lambda end to end: its module reads the environment and builds its clients at load,
 * as in Lambda; the SDK's service endpoint variables send DynamoDB to local mode's dynalite (a
 * scanned catalog) and the runtime to the emulator.
 */
const SONNET_4 = 'anthropic.claude-sonnet-4-20250514-v1:0';
const SONNET_45 = 'anthropic.claude-sonnet-4-5-20250929-v1:0';

let catalog: LocalCatalog;
let handler: typeof import('../../lambdas/probe/handler.js').handler;
let consoleLog: MockInstance<typeof console.log>;

const context = { functionName: 'probe', awsRequestId: 'req-1' } as unknown as Context;

beforeAll(async () => {
  catalog = await startTestCatalog({ CATALOG_REGIONS: 'us-east-1,eu-west-1' });
  if (!catalog.emulator || !catalog.dynamoEndpoint) throw new Error('needs the embedded backends');
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv(PROBE_ENV.tableName, catalog.tableName);
  vi.stubEnv(PROBE_ENV.models, `${SONNET_4},${SONNET_45}`);
  vi.stubEnv(PROBE_ENV.serviceTiers, 'flex');
  // $1 per 1,000 tokens: a reservation (66 input + 1 output tokens) is $0.067 and a probe as
  // the emulator counts it (1 + 1) $0.002, so a $0.07 cap lets exactly two probes start.
  vi.stubEnv(PROBE_ENV.inputPricePer1k, '1');
  vi.stubEnv(PROBE_ENV.outputPricePer1k, '1');
  vi.stubEnv(PROBE_ENV.monthlyBudgetUsd, '0.07');
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', catalog.dynamoEndpoint);
  vi.stubEnv('AWS_ENDPOINT_URL_BEDROCK_RUNTIME', catalog.emulator.url);
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  consoleLog = vi.spyOn(console, 'log').mockImplementation(() => {});
  ({ handler } = await import('../../lambdas/probe/handler.js'));
});

afterAll(async () => {
  consoleLog?.mockRestore();
  vi.unstubAllEnvs();
  await catalog?.close();
});

async function probeRecords(): Promise<ProbeRecord[]> {
  const documentClient = DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: 'us-east-1', endpoint: catalog.dynamoEndpoint ?? '' }),
  );
  const { Items = [] } = await documentClient.send(
    new QueryCommand({
      TableName: catalog.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': probePartitionKey('us-east-1') },
    }),
  );
  return Items as ProbeRecord[];
}

describe('Lambda: probe handler', () => {
  it('probes the usable targets on a scheduled event, records them, and stops at the cap', async () => {
    const usable = [];
    for (const model of [SONNET_4, SONNET_45]) {
      const { body } = await fetchJson<{
        items: { targetId: string; access: { usable: boolean } | null }[];
      }>(catalog, `/v1/models/${encodeURIComponent(model)}/invoke-targets?sourceRegion=us-east-1`);
      usable.push(...body.items.filter((t) => t.access?.usable !== false));
    }

    const result = await handler(
      { source: 'schedule', scheduledTime: '2026-12-02T05:00:00Z' },
      context,
    );

    // Standard and flex for each usable target; two fit under the cap.
    expect(result).toMatchObject({
      status: 'ok',
      sourceRegion: 'us-east-1',
      planned: usable.length * 2,
      probed: 2,
      skippedForBudget: usable.length * 2 - 2,
      unresolved: [],
      budget: { capUsd: 0.07 },
    });
    const calls = catalog.emulator?.runtime.calls() ?? [];
    expect(calls).toHaveLength(2);
    expect(calls.every((call) => call.region === 'us-east-1')).toBe(true);
    const records = await probeRecords();
    expect(records.map((r) => `${r.targetId}#${r.tier}`).sort()).toEqual(
      usable.flatMap((t) => [`${t.targetId}#flex`, `${t.targetId}#standard`]).sort(),
    );
    expect(records.filter((r) => r.samples.length === 1)).toHaveLength(2);
    expect(records.filter((r) => r.errors.budgetExhausted === 1)).toHaveLength(
      usable.length * 2 - 2,
    );
    // The cycle's metrics, as EMF on stdout.
    const emf = consoleLog.mock.calls
      .map(([line]) => String(line))
      .find((l) => l.includes(PROBE_METRICS.ok));
    expect(JSON.parse(emf ?? '{}')).toMatchObject({
      [PROBE_METRICS.ok]: 2,
      [PROBE_METRICS.skippedForBudget]: usable.length * 2 - 2,
    });
  });

  it('starts no probe in the same month once the cap is reached', async () => {
    const before = catalog.emulator?.runtime.calls().length;
    const result = await handler({ source: 'schedule' }, context);
    expect(result).toMatchObject({ status: 'ok', probed: 0 });
    expect(catalog.emulator?.runtime.calls().length).toBe(before);
  });

  it('rejects an event it cannot read without probing', async () => {
    expect(await handler({ source: 'api', regions: 'all' }, context)).toEqual({
      status: 'rejected',
    });
  });
});
