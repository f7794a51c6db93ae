import { describe, expect, it } from 'vitest';
import type { InvokeTarget } from '../../packages/explorer/src/api.js';
import { priceSummary, usd } from '../../packages/explorer/src/price.js';

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
