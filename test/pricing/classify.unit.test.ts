import { describe, expect, it } from 'vitest';
import {
  type ClassifiedRow,
  classifyPriceRow,
  PER_MILLION_BOUNDS,
  type PriceRow,
  scaleDecimal,
} from '../../packages/catalog/src/index.js';
import { asPriceRow, emulatorDirectory, SLICE_ROWS, sliceRow } from './fixtures.js';

const directory = emulatorDirectory();
const classify = (row: PriceRow): ClassifiedRow => classifyPriceRow(row, directory);
const SONNET = 'Claude Sonnet 4.6';

describe('classifyPriceRow: Marketplace legacy grammar (Claude Sonnet 4.6)', () => {
  it('reads the regional input row as in-region/geo standard at 3.30 per 1M', () => {
    expect(classify(sliceRow('USE1-MP:USE1_InputTokenCount-Units', SONNET))).toMatchObject({
      status: 'priced',
      offer: 'AmazonBedrockFoundationModels',
      version: '20260901205051',
      sku: 'SKU-USE1-MP:USE1_InputTokenCount-Units',
      usageType: 'USE1-MP:USE1_InputTokenCount-Units',
      region: 'us-east-1',
      modelKey: 'anthropic.claude-sonnet-4-6',
      identifiedBy: 'name',
      scope: 'inRegionGeo',
      tier: 'standard',
      endpoint: 'runtime',
      direction: 'input',
      cacheTtl: null,
      context: 'standard',
      mode: 'onDemand',
      usdPerMillionTokens: 3.3,
    });
  });

  // LiteLLM #42679: a bare in-region ID priced at the global rate (about 9% low).
  it('keeps the global row apart: _Global is scope global at 3.00, never the regional rate', () => {
    const regional = classify(sliceRow('USE1-MP:USE1_InputTokenCount-Units', SONNET));
    const global = classify(sliceRow('USE1-MP:USE1_InputTokenCount_Global-Units', SONNET));
    expect(global).toMatchObject({ status: 'priced', scope: 'global', usdPerMillionTokens: 3 });
    expect(regional).toMatchObject({ scope: 'inRegionGeo', usdPerMillionTokens: 3.3 });
  });

  it.each([
    ['USE1-MP:USE1_OutputTokenCount-Units', { direction: 'output', usdPerMillionTokens: 16.5 }],
    ['USE1-MP:USE1_CacheReadInputTokenCount-Units', { direction: 'cacheRead', cacheTtl: null }],
    [
      'USE1-MP:USE1_CacheWriteInputTokenCount-Units',
      { direction: 'cacheWrite', cacheTtl: '5m', usdPerMillionTokens: 4.125 },
    ],
    [
      'USE1-MP:USE1_CacheWrite1hInputTokenCount_Global-Units',
      { direction: 'cacheWrite', cacheTtl: '1h', scope: 'global', usdPerMillionTokens: 6 },
    ],
    [
      'USE1-MP:USE1_InputTokenCount_Global_Batch-Units',
      { direction: 'input', tier: 'batch', scope: 'global', usdPerMillionTokens: 1.5 },
    ],
    ['USE1-MP:USE1_OutputTokenCount_Batch-Units', { tier: 'batch', usdPerMillionTokens: 8.25 }],
  ])('%s', (usageType, expected) => {
    expect(classify(sliceRow(usageType, SONNET))).toMatchObject({ status: 'priced', ...expected });
  });

  it('sets a reserved TPM commitment aside as notTokenPriced, with its unit and rate as published', () => {
    expect(classify(sliceRow('USE1-MP:USE1_Reserved_1Month_InputTPM_Geo-Units'))).toEqual({
      status: 'notTokenPriced',
      offer: 'AmazonBedrockFoundationModels',
      version: '20260901205051',
      sku: 'SKU-USE1-MP:USE1_Reserved_1Month_InputTPM_Geo-Units',
      usageType: 'USE1-MP:USE1_Reserved_1Month_InputTPM_Geo-Units',
      region: 'us-east-1',
      kind: 'reserved',
      unit: '1M TPM Hour',
      usdPerUnit: '0.0600000000',
    });
  });
});

describe('classifyPriceRow: Marketplace current grammar (Claude Opus 4.6)', () => {
  // The ISV Lambda dropped every usage type containing "standard": all of these.
  it.each([
    [
      'USE1-MP:USE1_input_tokens_standard-Units',
      { scope: 'inRegionGeo', usdPerMillionTokens: 5.5 },
    ],
    [
      'USE1-MP:USE1_input_tokens_global_standard-Units',
      { scope: 'global', usdPerMillionTokens: 5 },
    ],
    [
      'USE1-MP:USE1_input_tokens_long_ctx_global_standard-Units',
      { scope: 'global', context: 'long', usdPerMillionTokens: 10 },
    ],
    [
      'EU-MP:EU_cache_write_tokens_30m_standard-Units',
      { region: 'eu-west-1', direction: 'cacheWrite', cacheTtl: '30m', usdPerMillionTokens: 8.25 },
    ],
    [
      'USE1-MP:USE1_cache_write_tokens_1h_global_standard-Units',
      { direction: 'cacheWrite', cacheTtl: '1h', scope: 'global' },
    ],
    [
      'USE1-MP:USE1_cache_read_input_tokens_standard-Units',
      { direction: 'cacheRead', usdPerMillionTokens: 0.55 },
    ],
    ['USE1-MP:USE1_input_tokens_priority-Units', { tier: 'priority', usdPerMillionTokens: 9.625 }],
  ])('%s', (usageType, expected) => {
    expect(classify(sliceRow(usageType, 'Claude Opus 4.6'))).toMatchObject({
      status: 'priced',
      modelKey: 'anthropic.claude-opus-4-6-v1',
      ...expected,
    });
  });
});

describe('classifyPriceRow: native rows', () => {
  it('converts a per-1K row to per-1M exactly (Nova 2.0 Lite 0.00033 per 1K is 0.33)', () => {
    const priced = classify(sliceRow('USE1-Nova2.0Lite-input-tokens'));
    expect(priced).toMatchObject({
      status: 'priced',
      modelKey: 'amazon.nova-2-lite-v1:0',
      scope: 'inRegionGeo',
      usdPerMillionTokens: 0.33,
    });
    expect(priced.status === 'priced' && priced.usdPerMillionTokens).toBe(0.33);
  });

  it.each([
    [
      'USE1-Nova2.0Lite-input-tokens-cross-region-global',
      { scope: 'global', usdPerMillionTokens: 0.3 },
    ],
    ['USE1-Nova2.0Lite-input-tokens-batch', { tier: 'batch', usdPerMillionTokens: 0.165 }],
    ['USE1-Nova2.0Lite-input-tokens-flex', { tier: 'flex', usdPerMillionTokens: 0.165 }],
    ['USE1-Nova2.0Lite-input-tokens-priority', { tier: 'priority', usdPerMillionTokens: 0.5775 }],
    [
      'USE1-Nova2.0Lite-cache-read-input-tokens',
      { direction: 'cacheRead', usdPerMillionTokens: 0.0825 },
    ],
    [
      'USE1-NovaMicro-input-tokens-custom-model',
      { mode: 'customModel', usdPerMillionTokens: 0.035 },
    ],
    [
      'USE2-NovaPro-input-tokens-latency-optimized',
      { mode: 'latencyOptimized', modelKey: 'amazon.nova-pro-v1:0', usdPerMillionTokens: 1 },
    ],
    [
      'USE1-TitanEmbeddingsV2-Text-input-tokens',
      { modelKey: 'amazon.titan-embed-text-v2:0', usdPerMillionTokens: 0.02 },
    ],
    [
      'UGW1-Claude3Haiku-input-tokens',
      {
        region: 'us-gov-west-1',
        modelKey: 'anthropic.claude-3-haiku-20240307-v1:0',
        usdPerMillionTokens: 0.3,
      },
    ],
    [
      'USW2-PixtralLarge-input-tokens',
      { modelKey: 'mistral.pixtral-large-2502-v1:0', usdPerMillionTokens: 2 },
    ],
  ])('%s', (usageType, expected) => {
    expect(classify(sliceRow(usageType))).toMatchObject({ status: 'priced', ...expected });
  });

  it('takes the model ID a Mantle usage type carries, and marks the endpoint', () => {
    expect(
      classify(sliceRow('USE1-openai.gpt-oss-120b-mantle-input-tokens-standard')),
    ).toMatchObject({
      status: 'priced',
      modelKey: 'openai.gpt-oss-120b',
      identifiedBy: 'rowId',
      endpoint: 'mantle',
      usdPerMillionTokens: 0.15,
    });
    expect(classify(sliceRow('USE1-openai.gpt-oss-120b-input-tokens'))).toMatchObject({
      endpoint: 'runtime',
    });
  });

  it('reads AmazonBedrockService long-context rows (inferenceType "Input tokens long context")', () => {
    expect(classify(sliceRow('USE1-Claude4Sonnet-input-tokens-long-context'))).toMatchObject({
      status: 'priced',
      offer: 'AmazonBedrockService',
      modelKey: 'anthropic.claude-sonnet-4-20250514-v1:0',
      context: 'long',
      usdPerMillionTokens: 6.6,
    });
  });

  it('sets provisioned throughput aside as notTokenPriced', () => {
    expect(classify(sliceRow('USE1-NovaPro-ProvisionedThroughput-1Month'))).toMatchObject({
      status: 'notTokenPriced',
      kind: 'provisioned',
      unit: 'Hours',
    });
  });
});

describe('classifyPriceRow: rows that must not be priced', () => {
  // archestra and the ISV Lambda stored 0 or a made-up number for an unknown price.
  it('never prices a 0 (or empty) price: implausiblePrice / unclassified with the reason', () => {
    const free = { ...sliceRow('USE2-NovaMicro-input-tokens'), usd: '0.0000000000' };
    expect(classify(free)).toMatchObject({ status: 'implausiblePrice' });
    expect(classify({ ...free, usd: '' })).toMatchObject({
      status: 'unclassified',
      reason: "price '' is not a decimal USD amount",
    });
  });

  it('bounds the converted price, so a per-1K price read as per-1M is refused', () => {
    const misread = { ...sliceRow('USE1-Nova2.0Lite-input-tokens'), unit: '1M tokens' };
    expect(classify(misread)).toMatchObject({
      status: 'implausiblePrice',
      reason: `0.00033 USD per 1M tokens is outside ${PER_MILLION_BOUNDS.min}-${PER_MILLION_BOUNDS.max}`,
    });
  });

  it('gives an unknown unit its own state', () => {
    expect(classify(sliceRow('USE1-NovaPremier-input-tokens'))).toMatchObject({
      status: 'unknownUnit',
      reason: "unit '1K tokens-months' is not 1K tokens, 1M tokens or Units",
    });
    // `Units` means per 1M only in the Marketplace offer.
    const nativeUnits = { ...sliceRow('USE2-NovaMicro-input-tokens'), unit: 'Units' };
    expect(classify(nativeUnits)).toMatchObject({ status: 'unknownUnit' });
  });

  // LiteLLM #42469: a missing region fell back to US prices.
  it('refuses a row without a regionCode instead of assuming a region', () => {
    const row = sliceRow('USE2-NovaMicro-input-tokens');
    const { regionCode: _dropped, ...attributes } = row.attributes;
    expect(classify({ ...row, attributes })).toMatchObject({
      status: 'unclassified',
      region: null,
      reason: 'the row has no regionCode',
    });
  });

  it('keeps a guardrail charge as unclassified (no token direction), counted not dropped', () => {
    expect(classify(sliceRow('USE1-Guardrail-ContentPolicyUnitsConsumed'))).toMatchObject({
      status: 'unclassified',
      reason: 'no token direction (input, output, cache read or write)',
    });
  });

  it('refuses rows whose tier or direction signals disagree', () => {
    const row = sliceRow('USE1-Nova2.0Lite-input-tokens-flex');
    expect(
      classify({ ...row, attributes: { ...row.attributes, feature: 'Batch Inference' } }),
    ).toMatchObject({
      status: 'unclassified',
      reason: 'tier signals disagree: batch, flex',
    });
    expect(
      classify({ ...row, attributes: { ...row.attributes, inferenceType: 'Output tokens flex' } }),
    ).toMatchObject({
      status: 'unclassified',
      reason: expect.stringMatching(/^direction disagrees/),
    });
  });

  it('refuses a tiered price range', () => {
    const row = { ...sliceRow('USE2-NovaMicro-input-tokens'), beginRange: '1000000' };
    expect(classify(row)).toMatchObject({
      status: 'unclassified',
      reason: 'a tiered range 1000000-Inf',
    });
  });
});

describe('scaleDecimal', () => {
  it('moves the decimal point on the string, with no binary rounding', () => {
    expect(scaleDecimal('0.00033', 3)).toBe(0.33);
    expect(scaleDecimal('0.0000825', 3)).toBe(0.0825);
    expect(scaleDecimal('0.0005775', 3)).toBe(0.5775);
    expect(scaleDecimal('3.3000000000', 0)).toBe(3.3);
    expect(scaleDecimal('12', 3)).toBe(12_000);
    expect(scaleDecimal('1e-3', 3)).toBeNull();
    expect(scaleDecimal('-1', 0)).toBeNull();
  });
});

describe('the emulator slice as a whole', () => {
  it('classifies every row into exactly one state and prices none at 0', () => {
    const results = SLICE_ROWS.map((row) => classify(asPriceRow(row)));
    const counts: Record<string, number> = {};
    for (const result of results) counts[result.status] = (counts[result.status] ?? 0) + 1;
    expect(counts).toEqual({
      priced: expect.any(Number),
      notTokenPriced: 3,
      unclassified: 1,
      unknownUnit: 1,
      // Claude Opus 4.7 (no listed model), and Claude 2's two rows (two listed models).
      unmatched: 4,
    });
    for (const result of results) {
      if (result.status === 'priced') {
        expect(result.usdPerMillionTokens).toBeGreaterThan(0);
        expect(result.sku).not.toBe('');
      }
    }
  });
});
