import {
  PRICE_LIST_SLICE,
  type RunningEmulator,
  type SliceOffer,
  startEmulator,
} from '@bedrock-profile-catalog/bedrock-emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type PriceListSnapshot,
  refreshPriceList,
} from '../../packages/discovery/src/price-list.js';
import { emulatorDirectory } from '../pricing/fixtures.js';

let emulator: RunningEmulator;
const directory = emulatorDirectory();
const FM = 'AmazonBedrockFoundationModels';
const refresh = (previous: PriceListSnapshot = new Map()) =>
  refreshPriceList({
    baseUrl: emulator.url,
    previous,
    directory,
    now: () => new Date('2026-12-02T06:00:00.000Z'),
  });
const offerOf = (code: string): SliceOffer => {
  const offer = PRICE_LIST_SLICE.find((o) => o.offerCode === code);
  if (!offer) throw new Error(code);
  return offer;
};

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());
beforeEach(() => {
  for (const offer of PRICE_LIST_SLICE) emulator.priceList.publish(offer);
  emulator.priceList.clearRequests();
});

describe('refreshPriceList against the emulator', () => {
  it('downloads all three offers the first time and classifies every row', async () => {
    const { snapshot, refreshes } = await refresh();
    expect(refreshes.map((r) => [r.offer, r.outcome])).toEqual([
      ['AmazonBedrock', 'updated'],
      [FM, 'updated'],
      ['AmazonBedrockService', 'updated'],
    ]);
    expect(emulator.priceList.requests()).toEqual([
      '/offers/v1.0/aws/index.json',
      '/offers/v1.0/aws/AmazonBedrock/index.json',
      '/offers/v1.0/aws/AmazonBedrock/current/index.json',
      `/offers/v1.0/aws/${FM}/index.json`,
      `/offers/v1.0/aws/${FM}/current/index.json`,
      '/offers/v1.0/aws/AmazonBedrockService/index.json',
      '/offers/v1.0/aws/AmazonBedrockService/current/index.json',
    ]);
    const bedrock = snapshot.get('AmazonBedrock');
    expect(bedrock).toMatchObject({
      version: '20260911124410',
      publicationDate: '2026-09-11T12:44:10Z',
      fetchedAt: '2026-12-02T06:00:00.000Z',
    });
    expect(bedrock?.counts.rows).toBe(offerOf('AmazonBedrock').rows.length);
    // The guardrail row is counted as unclassified, the odd unit as unknownUnit: not dropped.
    expect(bedrock?.counts).toMatchObject({ unclassified: 1, unknownUnit: 1, notTokenPriced: 1 });
    expect(snapshot.get(FM)?.counts).toMatchObject({ unmatched: 2, notTokenPriced: 2 });
    // A per-1K native row, converted to per-1M exactly, over HTTP.
    const novaLite = bedrock?.classified.find(
      (row) => row.usageType === 'USE1-Nova2.0Lite-input-tokens',
    );
    expect(novaLite).toMatchObject({ status: 'priced', usdPerMillionTokens: 0.33 });
    expect(novaLite?.sku).toMatch(/^[A-Z0-9]{16}$/);
  });

  it('downloads nothing when no version changed', async () => {
    const first = await refresh();
    emulator.priceList.clearRequests();
    const second = await refresh(first.snapshot);
    expect(second.refreshes.map((r) => r.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(emulator.priceList.requests().filter((path) => path.includes('/current/'))).toEqual([]);
    expect(second.snapshot.get(FM)?.rows).toBe(first.snapshot.get(FM)?.rows);
    expect(second.snapshot.get(FM)).toMatchObject({
      checkedAt: '2026-12-02T06:00:00.000Z',
      lastFailure: null,
    });
  });

  it('downloads only the offer whose version changed', async () => {
    const first = await refresh();
    const fm = offerOf(FM);
    emulator.priceList.publish({
      ...fm,
      version: '20261001000000',
      publicationDate: '2026-10-01T00:00:00Z',
      rows: fm.rows.map((row) =>
        row.attributes.usagetype === 'USE1-MP:USE1_InputTokenCount-Units'
          ? { ...row, usd: '3.1000000000' }
          : row,
      ),
    });
    emulator.priceList.clearRequests();
    const second = await refresh(first.snapshot);
    expect(second.refreshes.find((r) => r.offer === FM)).toEqual({
      offer: FM,
      outcome: 'updated',
      version: '20261001000000',
      previousVersion: '20260901205051',
      bytes: expect.any(Number),
    });
    expect(emulator.priceList.requests().filter((path) => path.includes('/current/'))).toEqual([
      `/offers/v1.0/aws/${FM}/current/index.json`,
    ]);
    expect(second.snapshot.get('AmazonBedrock')?.rows).toBe(
      first.snapshot.get('AmazonBedrock')?.rows,
    );
    const sonnet = second.snapshot
      .get(FM)
      ?.classified.find(
        (row) => row.usageType === 'USE1-MP:USE1_InputTokenCount-Units' && row.status === 'priced',
      );
    expect(sonnet).toMatchObject({ usdPerMillionTokens: 3.1, version: '20261001000000' });
  });

  it('keeps the last good version while a new one does not parse, then takes the fixed one', async () => {
    const first = await refresh();
    const good = first.snapshot.get('AmazonBedrock');
    const file = await (
      await fetch(`${emulator.url}/offers/v1.0/aws/AmazonBedrock/current/index.json`)
    ).text();
    emulator.priceList.publishBroken(
      'AmazonBedrock',
      '20261002000000',
      file.slice(0, file.length / 2),
    );
    const broken = await refresh(first.snapshot);
    expect(broken.refreshes[0]).toEqual({
      offer: 'AmazonBedrock',
      outcome: 'failed',
      keptVersion: '20260911124410',
      code: 'parse',
      message: expect.stringMatching(/ends early/),
    });
    expect(broken.snapshot.get('AmazonBedrock')).toEqual({
      ...good,
      lastFailure: {
        at: '2026-12-02T06:00:00.000Z',
        code: 'parse',
        message: expect.stringMatching(/ends early/),
      },
    });

    emulator.priceList.publish({ ...offerOf('AmazonBedrock'), version: '20261002000000' });
    const fixed = await refresh(broken.snapshot);
    expect(fixed.refreshes[0]).toMatchObject({ outcome: 'updated', version: '20261002000000' });
    expect(fixed.snapshot.get('AmazonBedrock')?.lastFailure).toBeNull();
  });

  it('reports an unreachable host for every offer and keeps everything', async () => {
    const first = await refresh();
    const down = await refreshPriceList({
      baseUrl: 'http://127.0.0.1:9',
      previous: first.snapshot,
      directory,
    });
    expect(down.refreshes.map((r) => [r.outcome, r.outcome === 'failed' && r.code])).toEqual([
      ['failed', 'network'],
      ['failed', 'network'],
      ['failed', 'network'],
    ]);
    for (const [offer, kept] of first.snapshot) {
      expect(down.snapshot.get(offer)).toMatchObject({
        version: kept.version,
        rows: kept.rows,
        lastFailure: { code: 'network' },
      });
    }
  });
});
