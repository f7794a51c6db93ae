import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PRICE_LIST_SLICE } from '@bedrock-profile-catalog/bedrock-emulator';
import { catalogCreateTableInput, PriceStore } from '@bedrock-profile-catalog/catalog';
import type { LocalCatalog } from '@bedrock-profile-catalog/local';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, type MockInstance, vi } from 'vitest';
import { PRICE_REFRESH_ENV, PRICE_REFRESH_METRICS } from '../../lambdas/contract.js';
import { startTestCatalog } from '../support/local-catalog.js';

/**
 * The price refresh Lambda end to end: its module reads the environment and builds its clients
 * at load, as in Lambda; DynamoDB goes to local mode's dynalite (a scanned catalog, priced once
 * at start) and PRICE_LIST_URL to the emulator's Price List.
 */
const FM = 'AmazonBedrockFoundationModels';
const SONNET_4_6 = 'anthropic.claude-sonnet-4-6';

let catalog: LocalCatalog;
let handler: typeof import('../../lambdas/price-refresh/handler.js').handler;
let consoleLog: MockInstance<typeof console.log>;
const context = { functionName: 'price-refresh', awsRequestId: 'req-1' } as unknown as Context;

const documentClient = () =>
  DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: 'us-east-1', endpoint: catalog.dynamoEndpoint ?? '' }),
  );
/** The EMF document of this run that carries `metric` for `offer` (or the run's own). */
function emf(metric: string, offer?: string): Record<string, unknown> {
  const documents = consoleLog.mock.calls
    .map(([line]) => String(line))
    .filter((line) => line.includes(`"${metric}"`))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const found = documents.filter((d) => d[PRICE_REFRESH_METRICS.offerDimension] === offer).at(-1);
  if (!found) throw new Error(`no ${metric} for ${offer ?? 'the run'}`);
  return found;
}

beforeAll(async () => {
  catalog = await startTestCatalog({ CATALOG_REGIONS: 'us-east-1,eu-west-1' });
  if (!catalog.emulator || !catalog.dynamoEndpoint) throw new Error('needs the embedded backends');
  await catalog.lastPriceRefresh();
  vi.stubEnv(PRICE_REFRESH_ENV.tableName, catalog.tableName);
  vi.stubEnv(PRICE_REFRESH_ENV.priceListUrl, catalog.emulator.url);
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', catalog.dynamoEndpoint);
  vi.stubEnv(PRICE_REFRESH_ENV.eventBusName, 'catalog-bus');
  vi.stubEnv('AWS_ENDPOINT_URL_EVENTBRIDGE', catalog.emulator.url);
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  consoleLog = vi.spyOn(console, 'log').mockImplementation(() => {});
  ({ handler } = await import('../../lambdas/price-refresh/handler.js'));
});

afterAll(async () => {
  consoleLog?.mockRestore();
  vi.unstubAllEnvs();
  await catalog?.close();
});

describe('Lambda: price refresh handler', () => {
  it('checks the versions on a scheduled event and writes nothing when none changed', async () => {
    const result = await handler(
      { source: 'schedule', scheduledTime: '2026-12-02T06:00:00Z' },
      context,
    );
    expect(result).toEqual({
      status: 'ok',
      changesPublished: 0,
      offers: PRICE_LIST_SLICE.map((o) => ({
        offer: o.offerCode,
        outcome: 'unchanged',
        version: o.version,
        cellsWritten: 0,
      })),
    });
  });

  it('a new version with one changed price writes that one cell, with per-offer metrics', async () => {
    const fm = PRICE_LIST_SLICE.find((o) => o.offerCode === FM);
    if (!fm) throw new Error(FM);
    catalog.emulator?.priceList.publish({
      ...fm,
      version: '20261201000000',
      rows: fm.rows.map((row) =>
        row.attributes.usagetype === 'USE1-MP:USE1_InputTokenCount_Global-Units'
          ? { ...row, usd: '2.9000000000' }
          : row,
      ),
    });
    consoleLog.mockClear();

    const result = await handler({ source: 'schedule' }, context);

    expect(result).toMatchObject({
      status: 'ok',
      offers: [
        { offer: 'AmazonBedrock', outcome: 'unchanged', cellsWritten: 0 },
        { offer: FM, outcome: 'updated', version: '20261201000000', cellsWritten: 1 },
        { offer: 'AmazonBedrockService', outcome: 'unchanged', cellsWritten: 0 },
      ],
    });
    const store = new PriceStore({
      documentClient: documentClient(),
      tableName: catalog.tableName,
    });
    const global = (await store.modelPrices(SONNET_4_6, 'us-east-1')).find(
      (cell) => cell.scope === 'global' && cell.tier === 'standard',
    );
    expect(global?.directions.input?.usdPerMTok).toBe(2.9);
    // The change is put on the catalog's bus by the same run, not only logged.
    expect(result).toMatchObject({ changesPublished: 1 });
    const events = catalog.emulator?.events().filter((e) => e.detailType.includes('Price')) ?? [];
    expect(events.map((e) => [e.detailType, e.eventBusName])).toEqual([
      ['Model Price Changed', 'catalog-bus'],
    ]);
    const source = await store.source(FM);
    expect(emf(PRICE_REFRESH_METRICS.rows, FM)).toMatchObject({
      [PRICE_REFRESH_METRICS.rows]: source?.counts.rows,
      [PRICE_REFRESH_METRICS.priced]: source?.counts.priced,
      [PRICE_REFRESH_METRICS.unclassified]: source?.counts.unclassified,
      [PRICE_REFRESH_METRICS.unmatched]: source?.counts.unmatched,
      [PRICE_REFRESH_METRICS.cellsWritten]: 1,
    });
    expect(emf(PRICE_REFRESH_METRICS.offersFailed)).toMatchObject({
      [PRICE_REFRESH_METRICS.offersFailed]: 0,
      [PRICE_REFRESH_METRICS.durationMs]: expect.any(Number),
    });
  });

  it('a broken offer keeps its last good version and the run is partial, not an error', async () => {
    catalog.emulator?.priceList.publishBroken('AmazonBedrock', '20261202000000', '{"products":');
    consoleLog.mockClear();

    const result = await handler({}, context);

    expect(result).toMatchObject({
      status: 'partial',
      offers: [
        {
          offer: 'AmazonBedrock',
          outcome: 'failed',
          version: PRICE_LIST_SLICE[0]?.version,
          cellsWritten: 0,
        },
        { offer: FM, outcome: 'unchanged' },
        { offer: 'AmazonBedrockService', outcome: 'unchanged' },
      ],
    });
    expect(emf(PRICE_REFRESH_METRICS.offersFailed)).toMatchObject({
      [PRICE_REFRESH_METRICS.offersFailed]: 1,
    });
  });

  it('rejects an event it cannot read without refreshing', async () => {
    catalog.emulator?.priceList.clearRequests();
    expect(await handler({ source: 'api', regions: 'all' }, context)).toEqual({
      status: 'rejected',
    });
    expect(catalog.emulator?.priceList.requests()).toEqual([]);
  });

  it('refreshes nothing while the catalog has no scanned models', async () => {
    const empty = `prices-empty-${Date.now()}`;
    await documentClient().send(new CreateTableCommand(catalogCreateTableInput(empty)));
    vi.stubEnv(PRICE_REFRESH_ENV.tableName, empty);
    vi.resetModules();
    const fresh = (await import('../../lambdas/price-refresh/handler.js')).handler;
    catalog.emulator?.priceList.clearRequests();

    expect(await fresh({ source: 'schedule' }, context)).toEqual({ status: 'noModels' });
    expect(catalog.emulator?.priceList.requests()).toEqual([]);
  });
});
