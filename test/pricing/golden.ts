/**
 * Golden fixtures: real rows of the emulator's Price List slice (the formats and prices AWS
 * published in 2026-09, rebuilt in packages/bedrock-emulator/src/price-list-data.ts), grouped by
 * the grammar or feature they exercise, each with the one line the classifier must give it.
 * Nothing here reads the reference material: the rows come from the repo's slice.
 */
import {
  type ClassifiedRow,
  classifyPriceRow,
  type PriceRow,
} from '../../packages/catalog/src/index.js';
import { asPriceRow, emulatorDirectory, SLICE_ROWS } from './fixtures.js';

/** The name a slice row gives its model: `model`, `titanModel`, or the Marketplace servicename. */
const nameOf = (attributes: Readonly<Record<string, string>>) =>
  attributes.model ?? attributes.titanModel ?? attributes.servicename ?? '';

/**
 * Every slice row as the refresh sees it, each with its own SKU (usage types repeat across
 * models, e.g. Opus 4.6 and 4.7's `USE1_input_tokens_standard`), so a citation is unambiguous.
 */
export const GOLDEN_ROWS: readonly PriceRow[] = SLICE_ROWS.map((row) =>
  asPriceRow(row, `${nameOf(row.attributes)}|${row.attributes.usagetype}`),
);

export const classifyGolden = (rows: readonly PriceRow[] = GOLDEN_ROWS): ClassifiedRow[] => {
  const directory = emulatorDirectory();
  return rows.map((row) => classifyPriceRow(row, directory));
};

/** The golden row with this usage type, of the model named so (unique in the slice). */
export function goldenRow(usageType: string, name?: string): PriceRow {
  const found = GOLDEN_ROWS.filter(
    (row) =>
      row.attributes.usagetype === usageType &&
      (name === undefined || nameOf(row.attributes).startsWith(name)),
  );
  if (found.length !== 1 || !found[0]) throw new Error(`${found.length} rows for ${usageType}`);
  return found[0];
}

/**
 * One line per classified row: `<modelKey> <region> <scope>/<tier>/<endpoint>/<mode>/<context>
 * <direction>[/<ttl>] <USD per 1M>` when priced, else `<status>: <kind or reason>`.
 */
export function goldenLine(row: ClassifiedRow): string {
  if (row.status === 'priced') {
    const axes = `${row.scope}/${row.tier}/${row.endpoint}/${row.mode}/${row.context}`;
    const direction = row.cacheTtl ? `${row.direction}/${row.cacheTtl}` : row.direction;
    return `${row.modelKey} ${row.region} ${axes} ${direction} ${row.usdPerMillionTokens}`;
  }
  return `${row.status}: ${row.status === 'notTokenPriced' ? row.kind : row.reason}`;
}

type Golden = readonly (readonly [usageType: string, name: string, line: string])[];

const SONNET = 'Claude Sonnet 4.6';
const OPUS = 'Claude Opus 4.6';
const SONNET_KEY = 'anthropic.claude-sonnet-4-6';
const OPUS_KEY = 'anthropic.claude-opus-4-6-v1';
const NOVA_LITE = 'amazon.nova-2-lite-v1:0';

/** §6's categories, each with the rows that show it and what they must classify to. */
export const GOLDEN: Record<string, Golden> = {
  'Marketplace legacy grammar (CamelCase, _Global suffix)': [
    [
      'USE1-MP:USE1_InputTokenCount-Units',
      SONNET,
      `${SONNET_KEY} us-east-1 inRegionGeo/standard/runtime/onDemand/standard input 3.3`,
    ],
    [
      'USE1-MP:USE1_InputTokenCount_Global-Units',
      SONNET,
      `${SONNET_KEY} us-east-1 global/standard/runtime/onDemand/standard input 3`,
    ],
    [
      'USE1-MP:USE1_CacheWriteInputTokenCount-Units',
      SONNET,
      `${SONNET_KEY} us-east-1 inRegionGeo/standard/runtime/onDemand/standard cacheWrite/5m 4.125`,
    ],
    [
      'EU-MP:EU_CacheWrite1hInputTokenCount_Global-Units',
      SONNET,
      `${SONNET_KEY} eu-west-1 global/standard/runtime/onDemand/standard cacheWrite/1h 6`,
    ],
    // A region with a global SKU and no regional one.
    [
      'SAE1-MP:SAE1_OutputTokenCount_Global-Units',
      SONNET,
      `${SONNET_KEY} sa-east-1 global/standard/runtime/onDemand/standard output 15`,
    ],
  ],
  'Marketplace current grammar (snake_case, _global_<tier>)': [
    [
      'USE1-MP:USE1_input_tokens_standard-Units',
      OPUS,
      `${OPUS_KEY} us-east-1 inRegionGeo/standard/runtime/onDemand/standard input 5.5`,
    ],
    [
      'USE1-MP:USE1_input_tokens_global_standard-Units',
      OPUS,
      `${OPUS_KEY} us-east-1 global/standard/runtime/onDemand/standard input 5`,
    ],
    [
      'EU-MP:EU_output_tokens_standard-Units',
      OPUS,
      `${OPUS_KEY} eu-west-1 inRegionGeo/standard/runtime/onDemand/standard output 27.5`,
    ],
    [
      'USE1-MP:USE1_cache_write_tokens_30m_standard-Units',
      OPUS,
      `${OPUS_KEY} us-east-1 inRegionGeo/standard/runtime/onDemand/standard cacheWrite/30m 8.25`,
    ],
    // The same usage type for a model ListFoundationModels does not list: never guessed.
    [
      'USE1-MP:USE1_input_tokens_standard-Units',
      'Claude Opus 4.7',
      "unmatched: noModelWithName: 'Claude Opus 4.7' in us-east-1",
    ],
  ],
  'native rows (per 1K tokens, converted to per 1M)': [
    // A name ListFoundationModels gives two models: unmatched, both named, neither guessed.
    [
      'USE1-Claude2-input-tokens',
      'Claude',
      "unmatched: severalModelsWithName: 'Claude' in us-east-1",
    ],
    [
      'USE1-Nova2.0Lite-input-tokens',
      'Nova 2.0 Lite',
      `${NOVA_LITE} us-east-1 inRegionGeo/standard/runtime/onDemand/standard input 0.33`,
    ],
    [
      'USE1-Nova2.0Lite-output-tokens-cross-region-global',
      'Nova 2.0 Lite',
      `${NOVA_LITE} us-east-1 global/standard/runtime/onDemand/standard output 2.5`,
    ],
    [
      'USE1-Nova2.0Lite-cache-read-input-tokens',
      'Nova 2.0 Lite',
      `${NOVA_LITE} us-east-1 inRegionGeo/standard/runtime/onDemand/standard cacheRead 0.0825`,
    ],
    [
      'USE1-Llama3-3-70B-output-tokens',
      'Llama 3.3 70B Instruct',
      'meta.llama3-3-70b-instruct-v1:0 us-east-1 inRegionGeo/standard/runtime/onDemand/standard output 0.72',
    ],
    [
      'USE1-TitanEmbeddingsV2-Text-input-tokens',
      'Titan Text Embeddings V2',
      'amazon.titan-embed-text-v2:0 us-east-1 inRegionGeo/standard/runtime/onDemand/standard input 0.02',
    ],
    [
      'USE2-NovaPro-input-tokens-latency-optimized',
      'Nova Pro Latency Optimized',
      'amazon.nova-pro-v1:0 us-east-2 inRegionGeo/standard/runtime/latencyOptimized/standard input 1',
    ],
    [
      'USE1-NovaMicro-input-tokens-custom-model',
      'Nova Micro',
      'amazon.nova-micro-v1:0 us-east-1 inRegionGeo/standard/runtime/customModel/standard input 0.035',
    ],
  ],
  'Mantle (model ID in the usage type)': [
    [
      'USE1-openai.gpt-oss-120b-mantle-input-tokens-standard',
      'gpt-oss-120b',
      'openai.gpt-oss-120b us-east-1 inRegionGeo/standard/mantle/onDemand/standard input 0.15',
    ],
    [
      'USE1-openai.gpt-oss-120b-mantle-output-tokens-standard',
      'gpt-oss-120b',
      'openai.gpt-oss-120b us-east-1 inRegionGeo/standard/mantle/onDemand/standard output 0.6',
    ],
    [
      'USE1-openai.gpt-oss-120b-input-tokens',
      'gpt-oss-120b',
      'openai.gpt-oss-120b us-east-1 inRegionGeo/standard/runtime/onDemand/standard input 0.15',
    ],
  ],
  batch: [
    [
      'USE1-MP:USE1_InputTokenCount_Batch-Units',
      SONNET,
      `${SONNET_KEY} us-east-1 inRegionGeo/batch/runtime/onDemand/standard input 1.65`,
    ],
    [
      'USE1-MP:USE1_OutputTokenCount_Global_Batch-Units',
      SONNET,
      `${SONNET_KEY} us-east-1 global/batch/runtime/onDemand/standard output 7.5`,
    ],
    [
      'USE1-Nova2.0Lite-input-tokens-batch',
      'Nova 2.0 Lite',
      `${NOVA_LITE} us-east-1 inRegionGeo/batch/runtime/onDemand/standard input 0.165`,
    ],
  ],
  'flex and priority': [
    [
      'USE1-Nova2.0Lite-input-tokens-flex',
      'Nova 2.0 Lite',
      `${NOVA_LITE} us-east-1 inRegionGeo/flex/runtime/onDemand/standard input 0.165`,
    ],
    [
      'USE1-Nova2.0Lite-input-tokens-priority',
      'Nova 2.0 Lite',
      `${NOVA_LITE} us-east-1 inRegionGeo/priority/runtime/onDemand/standard input 0.5775`,
    ],
    [
      'EU-MP:EU_input_tokens_global_priority-Units',
      OPUS,
      `${OPUS_KEY} eu-west-1 global/priority/runtime/onDemand/standard input 8.75`,
    ],
  ],
  'reserved and provisioned (not token-priced)': [
    ['USE1-MP:USE1_Reserved_1Month_InputTPM_Geo-Units', SONNET, 'notTokenPriced: reserved'],
    ['USE1-MP:USE1_Reserved_1Month_OutputTPM_Global-Units', SONNET, 'notTokenPriced: reserved'],
    ['USE1-NovaPro-ProvisionedThroughput-1Month', 'Nova Pro', 'notTokenPriced: provisioned'],
  ],
  'long context': [
    [
      'USE1-MP:USE1_input_tokens_long_ctx_standard-Units',
      OPUS,
      `${OPUS_KEY} us-east-1 inRegionGeo/standard/runtime/onDemand/long input 11`,
    ],
    [
      'EU-MP:EU_input_tokens_long_ctx_global_standard-Units',
      OPUS,
      `${OPUS_KEY} eu-west-1 global/standard/runtime/onDemand/long input 10`,
    ],
    // AmazonBedrockService's rows: the third offer.
    [
      'USE1-Claude4Sonnet-output-tokens-long-context',
      'Claude Sonnet 4',
      'anthropic.claude-sonnet-4-20250514-v1:0 us-east-1 inRegionGeo/standard/runtime/onDemand/long output 24.75',
    ],
  ],
  GovCloud: [
    [
      'UGW1-Claude3Haiku-input-tokens',
      'Claude 3 Haiku',
      'anthropic.claude-3-haiku-20240307-v1:0 us-gov-west-1 inRegionGeo/standard/runtime/onDemand/standard input 0.3',
    ],
    [
      'UGW1-Claude3Haiku-output-tokens',
      'Claude 3 Haiku',
      'anthropic.claude-3-haiku-20240307-v1:0 us-gov-west-1 inRegionGeo/standard/runtime/onDemand/standard output 1.5',
    ],
  ],
  'rows no rule prices (counted, never 0)': [
    [
      'USE1-Guardrail-ContentPolicyUnitsConsumed',
      'Amazon Bedrock',
      'unclassified: no token direction (input, output, cache read or write)',
    ],
    [
      'USE1-NovaPremier-input-tokens',
      'Nova Premier',
      "unknownUnit: unit '1K tokens-months' is not 1K tokens, 1M tokens or Units",
    ],
  ],
};
