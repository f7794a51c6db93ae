import type {
  ModelRecord,
  PriceCellRecord,
  PriceSourceRecord,
  ProfileRecord,
} from '@bedrock-profile-catalog/catalog';
import { priceBookFromCells } from '@bedrock-profile-catalog/catalog';
import {
  byPrice,
  type InvokeTargetView,
  resolveInvokeTargets,
} from '@bedrock-profile-catalog/query-api';
import { describe, expect, it } from 'vitest';

const S = 'us-east-1';
const MODEL = 'anthropic.claude-sonnet-4-6';
const SEEN = { firstSeenAt: '2026-11-01T00:00:00.000Z', lastSeenAt: '2026-11-01T00:00:00.000Z' };
const NOW = new Date('2026-12-02T07:00:00.000Z');
const HOUR = 3_600_000;

const model: ModelRecord = {
  recordType: 'model',
  modelId: MODEL,
  modelArn: `arn:aws:bedrock:${S}::foundation-model/${MODEL}`,
  region: S,
  name: 'Claude Sonnet 4.6',
  provider: 'Anthropic',
  inputModalities: ['TEXT'],
  outputModalities: ['TEXT'],
  responseStreamingSupported: true,
  customizationsSupported: [],
  inferenceTypes: ['ON_DEMAND', 'INFERENCE_PROFILE'],
  lifecycle: null,
  access: null,
  ...SEEN,
};

function profile(profileId: string, scope: 'geo' | 'global'): ProfileRecord {
  return {
    recordType: 'profile',
    profileId,
    profileArn: `arn:aws:bedrock:${S}:111122223333:inference-profile/${profileId}`,
    name: profileId,
    description: null,
    type: 'SYSTEM_DEFINED',
    status: 'ACTIVE',
    region: S,
    modelId: MODEL,
    modelIds: [MODEL],
    modelArns: [`arn:aws:bedrock:${S}::foundation-model/${MODEL}`],
    destinationRegions: [S],
    scope,
    geoPrefix: profileId.split('.')[0] ?? null,
    routing: scope,
    createdAt: null,
    updatedAt: null,
    ...SEEN,
  };
}

function cell(scope: PriceCellRecord['scope'], input: number, output: number): PriceCellRecord {
  const direction = (usdPerMTok: number, sku: string) => ({ usdPerMTok, sku, usageType: sku });
  return {
    recordType: 'price',
    offer: 'AmazonBedrockFoundationModels',
    modelKey: MODEL,
    region: S,
    scope,
    tier: 'standard',
    endpoint: 'runtime',
    mode: 'onDemand',
    context: 'standard',
    directions: {
      input: direction(input, `${scope}-in`),
      output: direction(output, `${scope}-out`),
    },
  };
}

function source(checkedAt: string): PriceSourceRecord {
  return {
    recordType: 'priceSource',
    offer: 'AmazonBedrockFoundationModels',
    version: '20260901205051',
    publicationDate: '2026-09-01T20:50:51Z',
    fetchedAt: checkedAt,
    checkedAt,
    lastFailure: null,
    counts: {
      rows: 2,
      priced: 2,
      notTokenPriced: 0,
      unclassified: 0,
      unknownUnit: 0,
      implausiblePrice: 0,
      unmatched: 0,
    },
    cells: 2,
  };
}

const resolve = (sources: PriceSourceRecord[], rank?: 'price') =>
  resolveInvokeTargets({
    modelId: MODEL,
    sourceRegion: S,
    model,
    profilesInSource: [profile(`us.${MODEL}`, 'geo'), profile(`global.${MODEL}`, 'global')],
    now: NOW,
    pricing: {
      // No global row anywhere and one rate: the global profile has a single rate.
      book: priceBookFromCells([cell('inRegionGeo', 3.3, 16.5)], sources),
      staleAfterMs: 24 * HOUR,
    },
    ...(rank && { rank }),
  });

describe('Function: resolveInvokeTargets, prices', () => {
  it('prices the bare ID and the geo profile from S’s regional row, the global profile its single rate', () => {
    const [bare, geo, global] = resolve([source('2026-12-02T06:00:00.000Z')]);
    expect(bare?.price).toMatchObject({
      state: 'published',
      inputPerMTok: 3.3,
      outputPerMTok: 16.5,
    });
    expect(geo?.price).toEqual(bare?.price);
    expect(global?.price).toMatchObject({ state: 'singleRate', inputPerMTok: 3.3 });
  });

  it('is stale, prices kept, when the offer was not confirmed within priceStaleAfter', () => {
    const [bare] = resolve([source('2026-12-01T06:00:00.000Z')]);
    expect(bare?.price).toMatchObject({ state: 'stale', inputPerMTok: 3.3 });
    expect(bare?.price?.reason).toContain('over 24 h ago');
  });

  it('has no price at all while the catalog holds no Price List data', () => {
    expect(resolve([]).map((t) => t.price)).toEqual([null, null, null]);
  });
});

describe('Function: byPrice', () => {
  const target = (targetId: string, perMTok: [number, number] | null, usable = true) =>
    ({
      targetId,
      access: { usable, reason: usable ? null : 'quota is 0' },
      price: perMTok && { inputPerMTok: perMTok[0], outputPerMTok: perMTok[1] },
    }) as unknown as InvokeTargetView;

  it('usable priced targets cheapest first, then unpriced in rule order, unusable last', () => {
    const ranked = byPrice([
      target('unusable-cheapest', [0.1, 0.1], false),
      target('unpriced-first', null),
      target('dear', [3.3, 16.5]),
      target('unpriced-second', null),
      target('cheap', [3, 15]),
    ]);
    expect(ranked.map((t) => t.targetId)).toEqual([
      'cheap',
      'dear',
      'unpriced-first',
      'unpriced-second',
      'unusable-cheapest',
    ]);
  });
});
