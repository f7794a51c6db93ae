import {
  PRICE_LIST_SLICE,
  type RunningEmulator,
  type SliceOffer,
  startEmulator,
} from '@bedrock-profile-catalog/bedrock-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CatalogReader,
  PriceStore,
  priceBookFromCells,
  priceTarget,
} from '../../packages/catalog/src/index.js';
import {
  type PriceListSnapshot,
  refreshPriceList,
} from '../../packages/discovery/src/price-list.js';
import { emulatorDirectory, repricedOffer } from '../pricing/fixtures.js';
import { type CatalogTestTable, createCatalogTestTable } from '../support/catalog-table.js';

const FM = 'AmazonBedrockFoundationModels';
const SONNET = 'anthropic.claude-sonnet-4-6';
let emulator: RunningEmulator;
let table: CatalogTestTable;
let store: PriceStore;
const directory = emulatorDirectory();
const offerOf = (code: string): SliceOffer => {
  const offer = PRICE_LIST_SLICE.find((o) => o.offerCode === code);
  if (!offer) throw new Error(code);
  return offer;
};

/** One refresh and the store writes it implies: cells for updated offers, the source for all. */
async function refreshAndStore(previous: PriceListSnapshot) {
  const { snapshot, refreshes } = await refreshPriceList({
    baseUrl: emulator.url,
    previous,
    directory,
  });
  const writes: Record<string, unknown> = {};
  for (const refresh of refreshes) {
    const offer = snapshot.get(refresh.offer);
    if (!offer) continue;
    if (refresh.outcome === 'updated') writes[refresh.offer] = await store.writeOffer(offer);
    else await store.writeSource(offer);
  }
  return { snapshot, writes };
}

beforeAll(async () => {
  [emulator, table] = await Promise.all([startEmulator(), createCatalogTestTable('prices')]);
  store = new PriceStore({ documentClient: table.documentClient, tableName: table.tableName });
});
afterAll(() => emulator.close());

describe('PriceStore with the refresh, against dynalite and the emulator', () => {
  let first: PriceListSnapshot;
  let latest: PriceListSnapshot;

  it('writes every cell the first time, and unpriced rows as gaps with their reasons', async () => {
    const result = await refreshAndStore(new Map());
    first = result.snapshot;
    expect(result.writes[FM]).toMatchObject({ cellsDeleted: 0, gapsWritten: 4, gapsDeleted: 0 });
    const sources = await store.sources();
    expect(sources.map((s) => [s.offer, s.version, s.counts.rows])).toEqual([
      ['AmazonBedrock', '20260911124410', offerOf('AmazonBedrock').rows.length],
      [FM, '20260901205051', offerOf(FM).rows.length],
      ['AmazonBedrockService', '20260914093012', 2],
    ]);
    const gaps = await store.gaps(FM);
    expect(gaps.map((g) => [g.status, g.usageType]).sort()).toEqual([
      ['notTokenPriced', 'USE1-MP:USE1_Reserved_1Month_InputTPM_Geo-Units'],
      ['notTokenPriced', 'USE1-MP:USE1_Reserved_1Month_OutputTPM_Global-Units'],
      ['unmatched', 'USE1-MP:USE1_input_tokens_global_standard-Units'],
      ['unmatched', 'USE1-MP:USE1_input_tokens_standard-Units'],
    ]);
  });

  it('files a model’s cells in its invoke-targets key range (one GSI1 query per source region)', async () => {
    const cells = await store.modelPrices(SONNET, 'us-east-1');
    const standard = cells.filter((c) => c.tier === 'standard');
    expect(standard.map((c) => c.scope).sort()).toEqual(['global', 'inRegionGeo']);
    expect(standard.find((c) => c.scope === 'inRegionGeo')?.directions).toMatchObject({
      input: { usdPerMTok: 3.3, usageType: 'USE1-MP:USE1_InputTokenCount-Units' },
      output: { usdPerMTok: 16.5 },
      cacheRead: { usdPerMTok: 0.33 },
      cacheWrite5m: { usdPerMTok: 4.125 },
      cacheWrite1h: { usdPerMTok: 6.6 },
    });
    const reader = new CatalogReader({
      documentClient: table.documentClient,
      tableName: table.tableName,
      cursorSecret: 'price-store-test-cursor-secret',
    });
    const inRegion = await reader.modelInRegion(SONNET, 'us-east-1');
    expect(inRegion.prices).toHaveLength(cells.length);
  });

  it('answers the same target prices from stored cells as from the classified rows', async () => {
    const sources = await store.sources();
    const now = { now: new Date(), staleAfterMs: 24 * 3_600_000 };
    const inRegion = priceBookFromCells(await store.modelPrices(SONNET, 'us-east-1'), sources);
    expect(
      priceTarget(
        { kind: 'geoProfile', modelId: SONNET, sourceRegion: 'us-east-1' },
        inRegion,
        now,
      ),
    ).toMatchObject({
      state: 'published',
      inputPerMTok: 3.3,
      outputPerMTok: 16.5,
      cacheReadPerMTok: 0.33,
      cacheWritePerMTok: 4.125,
      source: { offer: FM, version: '20260901205051', publicationDate: '2026-09-01T20:50:51Z' },
    });
    const llama = 'meta.llama3-3-70b-instruct-v1:0';
    const everywhere = await store.modelPricesEverywhere(llama);
    expect(new Set(everywhere.map((c) => c.region))).toEqual(new Set(['us-east-1', 'us-west-2']));
    expect(
      priceTarget(
        { kind: 'globalProfile', modelId: llama, sourceRegion: 'us-east-1' },
        priceBookFromCells(everywhere, sources),
        now,
      ),
    ).toMatchObject({ state: 'singleRate', inputPerMTok: 0.72, outputPerMTok: 0.72 });
  });

  it('writes nothing for an unchanged version, and only the changed cell for a new one', async () => {
    const again = await refreshAndStore(first);
    expect(again.writes).toEqual({});

    const fm = offerOf(FM);
    emulator.priceList.publish({
      ...repricedOffer(
        FM,
        '20261001000000',
        'USE1-MP:USE1_OutputTokenCount-Units',
        '16.0000000000',
      ),
      publicationDate: '2026-10-01T00:00:00Z',
    });
    const changed = await refreshAndStore(again.snapshot);
    expect(changed.writes).toEqual({
      [FM]: { cellsWritten: 1, cellsDeleted: 0, gapsWritten: 0, gapsDeleted: 0 },
    });
    const cells = await store.modelPrices(SONNET, 'us-east-1');
    expect(
      cells.find((c) => c.scope === 'inRegionGeo' && c.tier === 'standard')?.directions.output
        ?.usdPerMTok,
    ).toBe(16);
    expect((await store.source(FM))?.version).toBe('20261001000000');

    // A model leaving the offer deletes its cells.
    emulator.priceList.publish({
      ...fm,
      version: '20261002000000',
      rows: fm.rows.filter((row) => !row.attributes.servicename?.startsWith('Claude Opus 4.6')),
    });
    const removed = await refreshAndStore(changed.snapshot);
    // Opus 4.6: 2 regions × 2 scopes × (standard, long context, priority) cells; Sonnet's output back to 16.5.
    expect(removed.writes[FM]).toEqual({
      cellsWritten: 1,
      cellsDeleted: 12,
      gapsWritten: 0,
      gapsDeleted: 0,
    });
    latest = removed.snapshot;
    expect(await store.modelPrices('anthropic.claude-opus-4-6-v1', 'us-east-1')).toEqual([]);
  });

  it('records a failed refresh on the source and keeps the cells', async () => {
    const before = await store.modelPrices(SONNET, 'us-east-1');
    emulator.priceList.publishBroken(FM, '20261003000000', '{"formatVersion":"v1.0","products":{');
    const { snapshot } = await refreshPriceList({
      baseUrl: emulator.url,
      previous: latest,
      directory,
      offers: [FM],
    });
    const kept = snapshot.get(FM);
    if (!kept) throw new Error('no kept snapshot');
    await store.writeSource(kept);
    expect((await store.source(FM))?.lastFailure).toMatchObject({ code: 'parse' });
    expect(await store.modelPrices(SONNET, 'us-east-1')).toEqual(before);
  });
});
