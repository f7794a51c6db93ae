/**
 * A trimmed slice of the three Bedrock Price List offers, in their real row formats (attribute
 * names, usage-type grammars, units and prices as published in 2026-09: Claude Sonnet 4.6's
 * 3.30/3.00 regional/global pair, Nova 2.0 Lite's 0.00033 per 1K, Llama's single rate, GovCloud,
 * Mantle, reserved TPM, batch/flex/priority, long context). The emulator serves it as the bulk
 * files; classifier tests read the same rows. A few rows are deliberately awkward (a new model
 * not in ListFoundationModels, an unknown unit, a guardrail charge) because the real offers have
 * such rows and they must be counted, not dropped.
 */

export interface SliceRow {
  readonly offer: string;
  readonly productFamily: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly unit: string;
  readonly usd: string;
  readonly description: string;
}

export interface SliceOffer {
  readonly offerCode: string;
  readonly version: string;
  readonly publicationDate: string;
  readonly rows: readonly SliceRow[];
}

export const AMAZON_BEDROCK = 'AmazonBedrock';
export const FOUNDATION_MODELS = 'AmazonBedrockFoundationModels';
export const BEDROCK_SERVICE = 'AmazonBedrockService';

/** Region code → the offer's `location` and the usage-type prefix AWS uses for it. */
const REGIONS: Record<string, { location: string; prefix: string }> = {
  'us-east-1': { location: 'US East (N. Virginia)', prefix: 'USE1' },
  'us-east-2': { location: 'US East (Ohio)', prefix: 'USE2' },
  'us-west-2': { location: 'US West (Oregon)', prefix: 'USW2' },
  'eu-west-1': { location: 'EU (Ireland)', prefix: 'EU' },
  'eu-central-1': { location: 'EU (Frankfurt)', prefix: 'EUC1' },
  'ap-northeast-1': { location: 'Asia Pacific (Tokyo)', prefix: 'APN1' },
  'ap-southeast-2': { location: 'Asia Pacific (Sydney)', prefix: 'APS2' },
  'sa-east-1': { location: 'South America (Sao Paulo)', prefix: 'SAE1' },
  'us-gov-west-1': { location: 'AWS GovCloud (US-West)', prefix: 'UGW1' },
};

function region(code: string): { location: string; prefix: string } {
  const found = REGIONS[code];
  if (!found) throw new Error(`price-list-data: no location for ${code}`);
  return found;
}

function located(code: string): Record<string, string> {
  return { location: region(code).location, locationType: 'AWS Region', regionCode: code };
}

/** A Marketplace (AmazonBedrockFoundationModels) row: the model only in `servicename`. */
function marketplace(code: string, name: string, tail: string, usd: string, unit = 'Units') {
  const { prefix } = region(code);
  return {
    offer: FOUNDATION_MODELS,
    productFamily: 'AWS Marketplace',
    attributes: {
      servicecode: FOUNDATION_MODELS,
      ...located(code),
      usagetype: `${prefix}-MP:${prefix}_${tail}-Units`,
      operation: 'Usage',
      servicename: `${name} (Amazon Bedrock Edition)`,
    },
    unit,
    usd,
    description: `AWS Marketplace software usage|${code}|${tail}`,
  } satisfies SliceRow;
}

/** A native AmazonBedrock row: `model` names it, `inferenceType` says the direction. */
function native(
  code: string,
  model: string,
  usageTail: string,
  inferenceType: string,
  usd: string,
  extra: Record<string, string> = {},
  offer = AMAZON_BEDROCK,
) {
  return {
    offer,
    productFamily: 'Amazon Bedrock',
    attributes: {
      servicecode: offer,
      ...located(code),
      usagetype: `${region(code).prefix}-${usageTail}`,
      operation: 'Usage',
      inferenceType,
      model,
      servicename: offer === BEDROCK_SERVICE ? 'Amazon Bedrock Service' : 'Amazon Bedrock',
      feature: 'On-demand Inference',
      ...extra,
    },
    unit: '1K tokens',
    usd,
    description: `${model} ${inferenceType.toLowerCase()} per 1K tokens in ${code}`,
  } satisfies SliceRow;
}

/** Titan rows name the model in `titanModel` instead of `model`. */
function titanRow(row: SliceRow): SliceRow {
  const { model, ...attributes } = row.attributes;
  return { ...row, attributes: { ...attributes, titanModel: model ?? '' } };
}

/**
 * Claude Sonnet 4.6, legacy Marketplace grammar: regional SKUs in 4 regions of the slice and
 * global SKUs in 6, so sa-east-1 and ap-northeast-1 have a global price and no regional one.
 */
const SONNET_4_6 = 'Claude Sonnet 4.6';
const SONNET_REGIONAL = ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1'];
const SONNET_GLOBAL = [...SONNET_REGIONAL, 'sa-east-1', 'ap-northeast-1'];
const SONNET_RATES: [string, string, string][] = [
  // tail, regional, global
  ['InputTokenCount', '3.3000000000', '3.0000000000'],
  ['OutputTokenCount', '16.5000000000', '15.0000000000'],
  ['CacheReadInputTokenCount', '0.3300000000', '0.3000000000'],
  ['CacheWriteInputTokenCount', '4.1250000000', '3.7500000000'],
  ['CacheWrite1hInputTokenCount', '6.6000000000', '6.0000000000'],
];
const sonnetRows = [
  ...SONNET_REGIONAL.flatMap((code) => [
    ...SONNET_RATES.map(([tail, usd]) => marketplace(code, SONNET_4_6, tail, usd)),
    marketplace(code, SONNET_4_6, 'InputTokenCount_Batch', '1.6500000000'),
    marketplace(code, SONNET_4_6, 'OutputTokenCount_Batch', '8.2500000000'),
  ]),
  ...SONNET_GLOBAL.flatMap((code) => [
    ...SONNET_RATES.map(([tail, , usd]) => marketplace(code, SONNET_4_6, `${tail}_Global`, usd)),
    marketplace(code, SONNET_4_6, 'InputTokenCount_Global_Batch', '1.5000000000'),
    marketplace(code, SONNET_4_6, 'OutputTokenCount_Global_Batch', '7.5000000000'),
  ]),
  marketplace(
    'us-east-1',
    SONNET_4_6,
    'Reserved_1Month_InputTPM_Geo',
    '0.0600000000',
    '1M TPM Hour',
  ),
  marketplace(
    'us-east-1',
    SONNET_4_6,
    'Reserved_1Month_OutputTPM_Global',
    '0.2700000000',
    '1M TPM Hour',
  ),
];

/** Claude Opus 4.6, current snake_case grammar with long context and 1h/30m cache writes. */
const OPUS_4_6 = 'Claude Opus 4.6';
const opusRows = [
  ['us-east-1', ''],
  ['us-east-1', '_global'],
  ['eu-west-1', ''],
  ['eu-west-1', '_global'],
].flatMap(([code = '', scope = '']) => {
  const global = scope === '_global';
  const price = (regional: string, globalPrice: string) => (global ? globalPrice : regional);
  return [
    marketplace(code, OPUS_4_6, `input_tokens${scope}_standard`, price('5.5', '5')),
    marketplace(code, OPUS_4_6, `output_tokens${scope}_standard`, price('27.5', '25')),
    marketplace(code, OPUS_4_6, `input_tokens_long_ctx${scope}_standard`, price('11', '10')),
    marketplace(code, OPUS_4_6, `cache_read_input_tokens${scope}_standard`, price('0.55', '0.5')),
    marketplace(code, OPUS_4_6, `cache_write_tokens${scope}_standard`, price('6.875', '6.25')),
    marketplace(code, OPUS_4_6, `cache_write_tokens_1h${scope}_standard`, price('11', '10')),
    marketplace(code, OPUS_4_6, `cache_write_tokens_30m${scope}_standard`, price('8.25', '7.5')),
    marketplace(code, OPUS_4_6, `input_tokens${scope}_priority`, price('9.625', '8.75')),
  ];
});

const novaRows = [
  native('us-east-1', 'Nova 2.0 Lite', 'Nova2.0Lite-input-tokens', 'Input tokens', '0.00033'),
  native('us-east-1', 'Nova 2.0 Lite', 'Nova2.0Lite-output-tokens', 'Output tokens', '0.00275'),
  native(
    'us-east-1',
    'Nova 2.0 Lite',
    'Nova2.0Lite-input-tokens-cross-region-global',
    'Input tokens',
    '0.0003',
  ),
  native(
    'us-east-1',
    'Nova 2.0 Lite',
    'Nova2.0Lite-output-tokens-cross-region-global',
    'Output tokens',
    '0.0025',
  ),
  native(
    'us-east-1',
    'Nova 2.0 Lite',
    'Nova2.0Lite-input-tokens-batch',
    'Input tokens',
    '0.000165',
    {
      feature: 'Batch Inference',
    },
  ),
  native(
    'us-east-1',
    'Nova 2.0 Lite',
    'Nova2.0Lite-input-tokens-flex',
    'Input tokens flex',
    '0.000165',
  ),
  native(
    'us-east-1',
    'Nova 2.0 Lite',
    'Nova2.0Lite-input-tokens-priority',
    'Input tokens priority',
    '0.0005775',
  ),
  native(
    'us-east-1',
    'Nova 2.0 Lite',
    'Nova2.0Lite-cache-read-input-tokens',
    'Input tokens',
    '0.0000825',
    {
      featuretype: 'Prompt cache read',
    },
  ),
  native('us-east-2', 'Nova Micro', 'NovaMicro-input-tokens', 'Input tokens', '0.000035'),
  native('us-east-2', 'Nova Micro', 'NovaMicro-output-tokens', 'Output tokens', '0.00014'),
  native('us-east-1', 'Nova Micro', 'NovaMicro-input-tokens', 'Input tokens', '0.000035'),
  native(
    'us-east-1',
    'Nova Micro',
    'NovaMicro-input-tokens-custom-model',
    'Input tokens',
    '0.000035',
  ),
  native(
    'us-east-2',
    'Nova Pro Latency Optimized',
    'NovaPro-input-tokens-latency-optimized',
    'Input tokens',
    '0.001',
  ),
  native('us-east-1', 'Nova Pro', 'NovaPro-input-tokens', 'Input tokens', '0.0008'),
  {
    ...native(
      'us-east-1',
      'Nova Pro',
      'NovaPro-ProvisionedThroughput-1Month',
      'Model units',
      '15.00',
      {
        feature: 'Provisioned Throughput',
      },
    ),
    unit: 'Hours',
  },
];

/** Open-weight models: one rate, no global SKU anywhere (a ×1.1 would over-price them). */
const openWeightRows = [
  native(
    'us-east-1',
    'Llama 3.3 70B Instruct',
    'Llama3-3-70B-input-tokens',
    'Input tokens',
    '0.00072',
  ),
  native(
    'us-east-1',
    'Llama 3.3 70B Instruct',
    'Llama3-3-70B-output-tokens',
    'Output tokens',
    '0.00072',
  ),
  native(
    'us-west-2',
    'Llama 3.3 70B Instruct',
    'Llama3-3-70B-input-tokens',
    'Input tokens',
    '0.00072',
  ),
  native('us-east-1', 'R1', 'DeepSeekR1-input-tokens', 'Input tokens', '0.00135'),
  native('us-east-1', 'R1', 'DeepSeekR1-output-tokens', 'Output tokens', '0.0054'),
  native(
    'us-east-1',
    'gpt-oss-120b',
    'openai.gpt-oss-120b-mantle-input-tokens-standard',
    'Input tokens',
    '0.00015',
  ),
  native(
    'us-east-1',
    'gpt-oss-120b',
    'openai.gpt-oss-120b-mantle-output-tokens-standard',
    'Output tokens',
    '0.0006',
  ),
  native(
    'us-east-1',
    'gpt-oss-120b',
    'openai.gpt-oss-120b-input-tokens',
    'Input tokens',
    '0.00015',
  ),
  native('us-west-2', 'Pixtral Large 25.02', 'PixtralLarge-input-tokens', 'Input tokens', '0.002'),
  // GovCloud sits in the commercial offer, priced above us-east-1.
  native('us-gov-west-1', 'Claude 3 Haiku', 'Claude3Haiku-input-tokens', 'Input tokens', '0.0003'),
  native(
    'us-gov-west-1',
    'Claude 3 Haiku',
    'Claude3Haiku-output-tokens',
    'Output tokens',
    '0.0015',
  ),
  titanRow(
    native(
      'us-east-1',
      'Titan Text Embeddings V2',
      'TitanEmbeddingsV2-Text-input-tokens',
      'Input tokens',
      '0.00002',
    ),
  ),
  // A guardrail charge: a Bedrock row that is no model's token price.
  {
    offer: AMAZON_BEDROCK,
    productFamily: 'Guardrail',
    attributes: {
      servicecode: AMAZON_BEDROCK,
      ...located('us-east-1'),
      usagetype: 'USE1-Guardrail-ContentPolicyUnitsConsumed',
      operation: 'Usage',
      servicename: 'Amazon Bedrock',
      feature: 'Guardrails',
    },
    unit: '1K text units',
    usd: '0.15',
    description: 'Content filters per 1K text units in us-east-1',
  },
];

/**
 * Claude 2's native rows name the model 'Claude', which ListFoundationModels gives both
 * `anthropic.claude-v2` and `anthropic.claude-v2:1` in us-east-1: several candidates, unmatched.
 */
const ambiguousRows = [
  native('us-east-1', 'Claude', 'Claude2-input-tokens', 'Input tokens', '0.008'),
  native('us-east-1', 'Claude', 'Claude2-output-tokens', 'Output tokens', '0.024'),
];

/** Marketplace models the slice's ListFoundationModels does not list, and a unit nobody uses. */
const awkwardRows = [
  marketplace('us-east-1', 'Claude Opus 4.7', 'input_tokens_standard', '5.5'),
  marketplace('us-east-1', 'Claude Opus 4.7', 'input_tokens_global_standard', '5'),
  {
    ...native('us-east-1', 'Nova Premier', 'NovaPremier-input-tokens', 'Input tokens', '0.0025'),
    unit: '1K tokens-months',
  },
];

/** AmazonBedrockService: Claude Sonnet 4 long context, with its `tokenType`/`crossRegion`. */
const serviceRows = [
  native(
    'us-east-1',
    'Claude Sonnet 4',
    'Claude4Sonnet-input-tokens-long-context',
    'Input tokens long context',
    '0.0066',
    { tokenType: 'Input', crossRegion: 'No' },
    BEDROCK_SERVICE,
  ),
  native(
    'us-east-1',
    'Claude Sonnet 4',
    'Claude4Sonnet-output-tokens-long-context',
    'Output tokens long context',
    '0.02475',
    { tokenType: 'Output', crossRegion: 'No' },
    BEDROCK_SERVICE,
  ),
];

export const PRICE_LIST_SLICE: readonly SliceOffer[] = [
  {
    offerCode: AMAZON_BEDROCK,
    version: '20260911124410',
    publicationDate: '2026-09-11T12:44:10Z',
    rows: [...novaRows, ...openWeightRows, ...ambiguousRows, awkwardRows[2] as SliceRow],
  },
  {
    offerCode: FOUNDATION_MODELS,
    version: '20260901205051',
    publicationDate: '2026-09-01T20:50:51Z',
    rows: [...sonnetRows, ...opusRows, ...awkwardRows.slice(0, 2)],
  },
  {
    offerCode: BEDROCK_SERVICE,
    version: '20260914093012',
    publicationDate: '2026-09-14T09:30:12Z',
    rows: serviceRows,
  },
];
