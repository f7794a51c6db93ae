import { describe, expect, it } from 'vitest';
import type { Change, InvokeTarget } from '../../packages/explorer/src/api.js';
import {
  cellPrice,
  priceChangeText,
  priceSummary,
  usd,
} from '../../packages/explorer/src/price.js';

type Price = NonNullable<InvokeTarget['price']>;
const NOTE = 'public list price, USD, excludes private offers';
const published: Price = {
  state: 'published',
  currency: 'USD',
  tier: 'standard',
  inputPerMTok: 3.3,
  outputPerMTok: 16.5,
  cacheReadPerMTok: 0.33,
  cacheWritePerMTok: 4.125,
  source: {
    offer: 'AmazonBedrockFoundationModels',
    version: '20260901205051',
    publicationDate: '2026-09-01T20:50:51Z',
    skus: { input: 'SKU1', output: 'SKU2' },
  },
  note: NOTE,
};

describe('the resolver’s price per target', () => {
  it('shows input and output USD per 1M tokens with the state, and the rest in the title', () => {
    expect(priceSummary(published)).toEqual({
      state: 'published',
      text: '$3.30 in · $16.50 out /1M tokens',
      title: `Cache read $0.33, cache write $4.125 /1M tokens. AmazonBedrockFoundationModels 20260901205051. ${NOTE}`,
    });
  });

  it('says what is not published instead of inventing a number, with the reason', () => {
    expect(
      priceSummary({
        ...published,
        state: 'notPublished',
        inputPerMTok: null,
        outputPerMTok: null,
        cacheReadPerMTok: null,
        cacheWritePerMTok: null,
        source: null,
        reason: 'no regional row for this model in ap-northeast-1',
      }),
    ).toEqual({
      state: 'notPublished',
      text: 'list price:',
      title: `no regional row for this model in ap-northeast-1. ${NOTE}`,
    });
    expect(priceSummary({ ...published, outputPerMTok: null, cacheReadPerMTok: null })?.text).toBe(
      '$3.30 in · output not published',
    );
  });

  it('shows nothing when the catalog holds no Price List data', () => {
    expect(priceSummary(null)).toBeNull();
  });

  it('keeps the digits a small price needs, and never shows 0 for a tiny one', () => {
    expect([0.0825, 0.035, 0.5775, 0.02, 27.5, 1].map(usd)).toEqual([
      '$0.0825',
      '$0.035',
      '$0.5775',
      '$0.02',
      '$27.50',
      '$1.00',
    ]);
    expect(usd(0.00001)).toBe('$0.00001');
  });
});

describe('a price change in the change feed', () => {
  const cell = (directions: Record<string, number>) => ({
    offer: 'AmazonBedrockFoundationModels',
    version: '20261001000000',
    directions: Object.fromEntries(
      Object.entries(directions).map(([direction, usdPerMTok]) => [
        direction,
        { usdPerMTok, sku: 'SKU', usageType: 'USE1-MP:USE1_OutputTokenCount-Units' },
      ]),
    ),
  });
  const change = (before: object | null, after: object | null): Change => ({
    at: '2026-12-02T07:00:00.000Z',
    scanId: 'price-list/AmazonBedrockFoundationModels/20261001000000',
    region: 'us-east-1',
    kind: before && after ? 'changed' : before ? 'removed' : 'added',
    entity: 'price',
    id: 'anthropic.claude-sonnet-4-6#us-east-1#inRegionGeo#standard#runtime#onDemand#standard',
    before: before as Change['before'],
    after: after as Change['after'],
  });

  it('names each direction whose price moved, and only those', () => {
    expect(
      priceChangeText(change(cell({ input: 3.3, output: 16.5 }), cell({ input: 3.3, output: 16 }))),
    ).toBe('output $16.50 → $16.00 /1M tokens');
  });

  it('lists a new cell’s prices and a removed cell’s former ones', () => {
    expect(priceChangeText(change(null, cell({ input: 5.5, cacheWrite1h: 11 })))).toBe(
      'input $5.50, cache write 1h $11.00 /1M tokens',
    );
    expect(priceChangeText(change(cell({ input: 5.5 }), null))).toBe('input was $5.50 /1M tokens');
  });

  it('says nothing for a profile or model change', () => {
    expect(priceChangeText({ ...change(null, cell({ input: 1 })), entity: 'model' })).toBeNull();
  });
});

describe('the matrix cell’s price: what the resolver would call first', () => {
  const target = (targetId: string, price: Price | null, usable = true) =>
    ({ targetId, price, access: { usable, reason: usable ? null : 'no access' } }) as InvokeTarget;
  const missing = (state: Price['state'], reason: string): Price => ({
    ...published,
    state,
    inputPerMTok: null,
    outputPerMTok: null,
    cacheReadPerMTok: null,
    cacheWritePerMTok: null,
    source: null,
    reason,
  });

  it('shows input / output of the first usable target, and says so for screen readers', () => {
    const unusable = target('eu.x', { ...published, inputPerMTok: 1, outputPerMTok: 2 }, false);
    expect(cellPrice([unusable, target('us.x', published)])).toEqual({
      state: 'published',
      text: '$3.30 / $16.50',
      label: 'list price $3.30 input, $16.50 output per 1M tokens (published)',
      title: `us.x: $3.30 in · $16.50 out /1M tokens (published). Cache read $0.33, cache write $4.125 /1M tokens. AmazonBedrockFoundationModels 20260901205051. ${NOTE}`,
    });
  });

  it('names the state when nothing is priced, a missing direction as a dash, never a 0', () => {
    expect(cellPrice([target('jp.x', missing('notPublished', 'no regional row'))])).toMatchObject({
      state: 'notPublished',
      text: 'not published',
      label: 'list price not published',
    });
    expect(cellPrice([target('x', missing('unmatched', 'two models'))])?.text).toBe('unmatched');
    expect(cellPrice([target('pt', missing('notTokenPriced', 'model units'))])?.text).toBe(
      'not per token',
    );
    expect(cellPrice([target('x', { ...published, outputPerMTok: null })])?.text).toBe('$3.30 / –');
    expect(cellPrice([target('x', { ...published, state: 'stale' })])).toMatchObject({
      state: 'stale',
      text: '$3.30 / $16.50',
    });
  });

  it('shows nothing without targets or Price List data', () => {
    expect(cellPrice(undefined)).toBeNull();
    expect(cellPrice([])).toBeNull();
    expect(cellPrice([target('x', null)])).toBeNull();
  });
});
