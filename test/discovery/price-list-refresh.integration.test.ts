import {
  PRICE_LIST_SLICE,
  type RunningEmulator,
  startEmulator,
} from '@bedrock-profile-catalog/bedrock-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PriceStore } from '../../packages/catalog/src/index.js';
import { runPriceRefresh } from '../../packages/discovery/src/price-list-refresh.js';
import { emulatorDirectory } from '../pricing/fixtures.js';
import { type CatalogTestTable, createCatalogTestTable } from '../support/catalog-table.js';

const FM = 'AmazonBedrockFoundationModels';
let emulator: RunningEmulator;
let table: CatalogTestTable;
const directory = emulatorDirectory();
/** A new store per run: nothing carries over between runs but the table, as in a Lambda. */
const run = (now = '2026-12-02T06:00:00.000Z') =>
  runPriceRefresh({
    store: new PriceStore({ documentClient: table.documentClient, tableName: table.tableName }),
    baseUrl: emulator.url,
    directory,
    now: () => new Date(now),
  });
const downloads = () => emulator.priceList.requests().filter((path) => path.includes('/current/'));

beforeAll(async () => {
  [emulator, table] = await Promise.all([startEmulator(), createCatalogTestTable('price-refresh')]);
});
afterAll(() => emulator.close());

describe('runPriceRefresh: stateless scheduled refresh against dynalite and the emulator', () => {
  it('downloads changed offers only, writes changed cells only, and keeps the last good cells', async () => {
    const first = await run();
    expect(first.refreshes.map((r) => r.outcome)).toEqual(['updated', 'updated', 'updated']);
    expect(first.writes[FM]?.cellsWritten).toBeGreaterThan(10);

    emulator.priceList.clearRequests();
    const second = await run('2026-12-02T12:00:00.000Z');
    expect(second.refreshes.map((r) => r.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(second.writes).toEqual({});
    expect(downloads()).toEqual([]);
    const store = new PriceStore({
      documentClient: table.documentClient,
      tableName: table.tableName,
    });
    expect((await store.source(FM))?.checkedAt).toBe('2026-12-02T12:00:00.000Z');

    const fm = PRICE_LIST_SLICE.find((o) => o.offerCode === FM);
    if (!fm) throw new Error(FM);
    emulator.priceList.publish({
      ...fm,
      version: '20261101000000',
      rows: fm.rows.map((row) =>
        row.attributes.usagetype === 'EU-MP:EU_InputTokenCount_Global-Units'
          ? { ...row, usd: '2.9000000000' }
          : row,
      ),
    });
    emulator.priceList.clearRequests();
    const third = await run();
    expect(downloads()).toEqual([`/offers/v1.0/aws/${FM}/current/index.json`]);
    expect(third.writes).toEqual({
      [FM]: { cellsWritten: 1, cellsDeleted: 0, gapsWritten: 0, gapsDeleted: 0 },
    });

    const novaBefore = await store.modelPrices('amazon.nova-2-lite-v1:0', 'us-east-1');
    emulator.priceList.publishBroken('AmazonBedrock', '20261102000000', '{"products":{"X":');
    const fourth = await run();
    expect(fourth.refreshes[0]).toMatchObject({
      offer: 'AmazonBedrock',
      outcome: 'failed',
      keptVersion: '20260911124410',
      code: 'parse',
    });
    expect(await store.source('AmazonBedrock')).toMatchObject({
      version: '20260911124410',
      lastFailure: { code: 'parse' },
    });
    expect(await store.modelPrices('amazon.nova-2-lite-v1:0', 'us-east-1')).toEqual(novaBefore);
    expect(novaBefore.length).toBeGreaterThan(0);
  });
});
