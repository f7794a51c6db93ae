import { describe, expect, it } from 'vitest';
import type { ClassifiedRow, PriceRow } from '../../packages/catalog/src/index.js';
import { classifyGolden, GOLDEN, GOLDEN_ROWS, goldenLine, goldenRow } from './golden.js';
import {
  batchAboveStandard,
  cellsOf,
  globalAboveRegional,
  uncitedPrices,
  zeroOrUnknownPrices,
} from './invariants.js';

/** The golden rows with `row` in place of the slice row of the same SKU (or added). */
function withRow(row: PriceRow): PriceRow[] {
  return [...GOLDEN_ROWS.filter((r) => r.sku !== row.sku), row];
}
const sliceClassified = classifyGolden();
const sliceCells = cellsOf(sliceClassified);

describe('golden fixtures: real rows of the emulator slice, one line each', () => {
  it.each(Object.entries(GOLDEN))('%s', (_category, fixtures) => {
    const lines = fixtures.map(([usageType, name]) =>
      goldenLine(classifyGolden([goldenRow(usageType, name)])[0] as ClassifiedRow),
    );
    expect(lines).toEqual(fixtures.map(([, , line]) => line));
  });

  it('covers all three offers, and gives every slice row its own SKU to cite', () => {
    const offers = new Set(
      Object.values(GOLDEN).flatMap((fixtures) =>
        fixtures.map(([usageType, name]) => goldenRow(usageType, name).offer),
      ),
    );
    expect([...offers].sort()).toEqual([
      'AmazonBedrock',
      'AmazonBedrockFoundationModels',
      'AmazonBedrockService',
    ]);
    expect(sliceClassified).toHaveLength(GOLDEN_ROWS.length);
    expect(new Set(sliceClassified.map((row) => row.sku)).size).toBe(GOLDEN_ROWS.length);
  });
});

describe('invariants over the classified slice, each shown to fail on a broken row', () => {
  it('global ≤ regional wherever a cell has both', () => {
    expect(globalAboveRegional(sliceCells)).toEqual([]);
    // Sonnet 4.6 in four regions, Opus 4.6 in two, Nova 2.0 Lite: the invariant has work to do.
    const pairs = sliceCells.filter(
      (c) =>
        c.scope === 'global' &&
        sliceCells.some(
          (r) => r.scope === 'inRegionGeo' && r.modelKey === c.modelKey && r.region === c.region,
        ),
    );
    expect(pairs.length).toBeGreaterThanOrEqual(10);

    const broken = {
      ...goldenRow('USE1-MP:USE1_InputTokenCount_Global-Units', 'Claude Sonnet 4.6'),
      usd: '3.6000000000',
    };
    expect(globalAboveRegional(cellsOf(classifyGolden(withRow(broken))))).toEqual([
      'anthropic.claude-sonnet-4-6 us-east-1 global/standard/runtime/onDemand/standard input 3.6 > inRegionGeo 3.3',
    ]);
  });

  it('batch ≤ standard wherever a cell has both', () => {
    expect(batchAboveStandard(sliceCells)).toEqual([]);
    expect(sliceCells.filter((c) => c.tier === 'batch').length).toBeGreaterThanOrEqual(10);

    const broken = {
      ...goldenRow('USE1-Nova2.0Lite-input-tokens-batch', 'Nova 2.0 Lite'),
      usd: '0.0004',
    };
    expect(batchAboveStandard(cellsOf(classifyGolden(withRow(broken))))).toEqual([
      'amazon.nova-2-lite-v1:0 us-east-1 inRegionGeo/batch/runtime/onDemand/standard input 0.4 > standard 0.33',
    ]);
  });

  it('every priced cell cites the SKU of the row it was priced from', () => {
    expect(uncitedPrices(sliceCells, sliceClassified)).toEqual([]);

    // A row that reached the classifier without a SKU: priced, but its cell cites nothing.
    const row = goldenRow('UGW1-Claude3Haiku-input-tokens', 'Claude 3 Haiku');
    const rows = [...GOLDEN_ROWS.filter((r) => r !== row), { ...row, sku: '' }];
    const classified = classifyGolden(rows);
    expect(uncitedPrices(cellsOf(classified), classified)).toEqual([
      "anthropic.claude-3-haiku-20240307-v1:0 us-gov-west-1 inRegionGeo/standard/runtime/onDemand/standard input cites ''",
    ]);
  });

  it('no cell is 0 (or priced at all) for what is unknown', () => {
    expect(zeroOrUnknownPrices(sliceCells, sliceClassified)).toEqual([]);
    const unpriced = sliceClassified.filter((row) => row.status !== 'priced');
    expect(unpriced.map((row) => row.status).sort()).toEqual([
      'notTokenPriced',
      'notTokenPriced',
      'notTokenPriced',
      'unclassified',
      'unknownUnit',
      'unmatched',
      'unmatched',
      'unmatched',
      'unmatched',
    ]);

    // A 0 in the offer is refused by the classifier, so it makes no cell...
    const free = { ...goldenRow('USE1-DeepSeekR1-input-tokens', 'R1'), usd: '0.0000000000' };
    const refused = classifyGolden(withRow(free));
    expect(refused.find((r) => r.sku === free.sku)?.status).toBe('implausiblePrice');
    expect(zeroOrUnknownPrices(cellsOf(refused), refused)).toEqual([]);
    // ...and a classifier that let a 0 through, or priced a row it could not read, is caught.
    const premier = sliceClassified.find((row) => row.status === 'unknownUnit') as ClassifiedRow;
    const broken = sliceClassified.map((row): ClassifiedRow => {
      if (row.status !== 'priced') return row;
      if (row.sku === free.sku) return { ...row, usdPerMillionTokens: 0 };
      if (row.sku === 'R1|USE1-DeepSeekR1-output-tokens') return { ...row, sku: premier.sku };
      return row;
    });
    expect(zeroOrUnknownPrices(cellsOf(broken), broken).sort()).toEqual([
      'deepseek.r1-v1:0 us-east-1 inRegionGeo/standard/runtime/onDemand/standard input is 0',
      'deepseek.r1-v1:0 us-east-1 inRegionGeo/standard/runtime/onDemand/standard output is priced from unpriced Nova Premier|USE1-NovaPremier-input-tokens',
    ]);
  });
});
