import type { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  PRICE_LIST_SLICE,
  type RunningEmulator,
  startEmulator,
} from '@bedrock-profile-catalog/bedrock-emulator';
import { BEDROCK_OFFERS, CatalogReader, PriceStore } from '@bedrock-profile-catalog/catalog';
import type { LocalCatalog } from '@bedrock-profile-catalog/local';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestCatalog } from '../support/local-catalog.js';

/**
 * Local mode's price refresh end to end: dynalite, the embedded emulator's Price List (on the
 * emulator's own port) and the same run as the deployed function, at start and on demand.
 */
const NOVA_LITE = 'amazon.nova-2-lite-v1:0';
const versionOf = (offer: string) => PRICE_LIST_SLICE.find((o) => o.offerCode === offer)?.version;
const downloads = (emulator: RunningEmulator) =>
  emulator.priceList.requests().filter((path) => path.includes('/current/'));

function recordingLogger() {
  const lines: string[] = [];
  const record = (message: string) => lines.push(message);
  const logger = {
    info: vi.fn(record),
    warn: vi.fn(record),
    error: vi.fn(record),
    debug: vi.fn(),
  } as unknown as Logger;
  return { logger, lines };
}

function storeOf(catalog: LocalCatalog) {
  const documentClient = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'us-east-1',
      endpoint: catalog.dynamoEndpoint ?? '',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    }),
  );
  return {
    store: new PriceStore({ documentClient, tableName: catalog.tableName }),
    reader: new CatalogReader({
      documentClient,
      tableName: catalog.tableName,
      cursorSecret: 'test-cursor-secret-0123456789',
    }),
  };
}

describe('local mode: prices from the embedded emulator', () => {
  let catalog: LocalCatalog;
  const { logger, lines } = recordingLogger();

  beforeAll(async () => {
    catalog = await startTestCatalog({ CATALOG_REGIONS: 'us-east-1,eu-west-1' }, { logger });
  });
  afterAll(async () => {
    await catalog?.close();
  });

  it('reads the emulator on its own port and refreshes at start, after the first scan', async () => {
    const emulator = catalog.emulator;
    if (!emulator) throw new Error('needs the embedded emulator');
    expect(catalog.priceListUrl).toBe(emulator.url);

    const first = await catalog.lastPriceRefresh();
    if (first.status !== 'refreshed') throw new Error(`not refreshed: ${first.status}`);
    expect(first.offers.map((o) => [o.offer, o.outcome, o.version])).toEqual(
      BEDROCK_OFFERS.map((offer) => [offer, 'updated', versionOf(offer)]),
    );
    expect(downloads(emulator)).toHaveLength(BEDROCK_OFFERS.length);

    const { store, reader } = storeOf(catalog);
    const cells = await store.modelPrices(NOVA_LITE, 'us-east-1');
    expect(cells.length).toBeGreaterThan(0);
    expect(cells.every((cell) => cell.offer === 'AmazonBedrock')).toBe(true);
    // The reader's one-Query invoke-targets read returns the same cells.
    expect((await reader.modelInRegion(NOVA_LITE, 'us-east-1')).prices).toEqual(cells);
    const sources = await store.sources();
    expect(sources.map((s) => [s.offer, s.version])).toEqual(
      BEDROCK_OFFERS.map((offer) => [offer, versionOf(offer)]),
    );
    expect(sources.every((s) => s.cells > 0 && s.lastFailure === null)).toBe(true);

    // One line per offer: version, rows, priced, unclassified, unmatched.
    for (const offer of first.offers) {
      const { counts } = offer;
      if (!counts) throw new Error(offer.offer);
      expect(lines).toContain(
        `prices ${offer.offer} ${offer.version} updated: ${counts.rows} rows, ${counts.priced} priced, ${counts.unclassified} unclassified, ${counts.unmatched} unmatched, ${offer.cellsWritten} cells written`,
      );
    }
  });

  it('a second refresh with the same versions downloads nothing and writes 0 cells', async () => {
    const emulator = catalog.emulator;
    if (!emulator) throw new Error('needs the embedded emulator');
    await catalog.lastPriceRefresh();
    emulator.priceList.clearRequests();
    const { store } = storeOf(catalog);
    const before = await store.modelPrices(NOVA_LITE, 'us-east-1');

    const second = await catalog.refreshPrices();

    if (second.status !== 'refreshed') throw new Error(`not refreshed: ${second.status}`);
    expect(second.offers.map((o) => o.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(second.offers.map((o) => o.cellsWritten)).toEqual([0, 0, 0]);
    expect(second.writes).toEqual({});
    expect(downloads(emulator)).toEqual([]);
    expect(await store.modelPrices(NOVA_LITE, 'us-east-1')).toEqual(before);
  });

  it('a broken new version keeps the last good cells and logs the failure', async () => {
    const emulator = catalog.emulator;
    if (!emulator) throw new Error('needs the embedded emulator');
    const { store } = storeOf(catalog);
    const before = await store.modelPrices(NOVA_LITE, 'us-east-1');
    emulator.priceList.publishBroken('AmazonBedrock', '20261201000000', '{"products":{"X":');

    const third = await catalog.refreshPrices();

    if (third.status !== 'refreshed') throw new Error(`not refreshed: ${third.status}`);
    expect(third.offers[0]).toMatchObject({
      offer: 'AmazonBedrock',
      outcome: 'failed',
      version: versionOf('AmazonBedrock'),
      failure: { code: 'parse' },
    });
    expect(await store.modelPrices(NOVA_LITE, 'us-east-1')).toEqual(before);
    expect(lines.some((line) => /^prices AmazonBedrock \d+ failed: .*\(parse: /.test(line))).toBe(
      true,
    );
  });
});

describe('local mode: PRICE_LIST_URL', () => {
  it('reads the Price List there instead of the Bedrock endpoint', async () => {
    const fm = PRICE_LIST_SLICE.find((o) => o.offerCode === 'AmazonBedrockFoundationModels');
    if (!fm) throw new Error('slice');
    const prices = await startEmulator({
      priceList: [
        ...PRICE_LIST_SLICE.filter((o) => o !== fm),
        { ...fm, version: '20261130000000' },
      ],
    });
    const catalog = await startTestCatalog({
      CATALOG_REGIONS: 'us-east-1',
      PRICE_LIST_URL: `${prices.url}/`,
    });
    try {
      expect(catalog.priceListUrl).toBe(prices.url);
      const result = await catalog.lastPriceRefresh();
      if (result.status !== 'refreshed') throw new Error(`not refreshed: ${result.status}`);
      expect(result.offers.map((o) => o.version)).toEqual([
        versionOf('AmazonBedrock'),
        '20261130000000',
        versionOf('AmazonBedrockService'),
      ]);
      expect(catalog.emulator?.priceList.requests()).toEqual([]);
    } finally {
      await catalog.close();
      await prices.close();
    }
  });
});
