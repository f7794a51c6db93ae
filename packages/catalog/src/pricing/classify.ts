/**
 * Reads one Price List row into a price cell, or says exactly why it cannot. Pure and
 * table-driven: the axes come from the row's own words (usage type, `inferenceType`,
 * `featuretype`, `feature`, `service_tier`), never from a model list or a multiplier, and a row
 * that fits no rule is returned with a reason, never priced and never dropped.
 *
 * Usage-type grammars read here (all live at once):
 * - Marketplace legacy `USE1-MP:USE1_InputTokenCount[_Global][_Batch]-Units`,
 *   `CacheReadInputTokenCount`, `CacheWrite1hInputTokenCount`, `_LatencyOptimized`,
 *   `MillionBatchInputTokens`;
 * - Marketplace current `USE1-MP:USE1_input_tokens[_long_ctx][_global]_standard-Units`,
 *   `cache_write_tokens[_1h|_30m]_…`;
 * - native `USE1-NovaMicro-input-tokens[-cross-region-global][-batch|-flex|-priority]`,
 *   `-custom-model`, `-long-context`, Mantle `USE1-openai.gpt-oss-120b-mantle-input-tokens-standard`;
 * - reserved `…_Reserved_1Month_InputTPM_Geo-Units` (a commitment, not a token price).
 */
import { identifyModel, type ModelDirectory, type ModelReference } from './identity.js';
import type { PriceRow } from './row.js';

export type PriceScope = 'inRegionGeo' | 'global';
export type PriceTier = 'standard' | 'flex' | 'priority' | 'batch' | 'reserved';
export type PriceEndpoint = 'runtime' | 'mantle';
export type PriceDirection = 'input' | 'output' | 'cacheRead' | 'cacheWrite';
export type CacheTtl = '5m' | '30m' | '1h';
export type PriceContext = 'standard' | 'long';
export type PriceMode = 'onDemand' | 'latencyOptimized' | 'provisioned' | 'customModel';

interface RowOrigin {
  readonly offer: string;
  readonly version: string;
  readonly sku: string;
  readonly usageType: string;
}

/** A token price: every axis read, the model identified, converted to USD per 1M tokens. */
export interface PricedRow extends RowOrigin {
  readonly status: 'priced';
  readonly region: string;
  readonly modelKey: string;
  /** How the model was identified: an ID in the row, the exact name join, or the alias file. */
  readonly identifiedBy: 'rowId' | 'name' | 'alias';
  readonly scope: PriceScope;
  readonly tier: Exclude<PriceTier, 'reserved'>;
  readonly endpoint: PriceEndpoint;
  readonly direction: PriceDirection;
  /** Cache writes only; a write with no TTL in its name is the 5-minute cache. */
  readonly cacheTtl: CacheTtl | null;
  readonly context: PriceContext;
  readonly mode: Exclude<PriceMode, 'provisioned'>;
  readonly usdPerMillionTokens: number;
  readonly effectiveDate: string | null;
}

/** Every axis of a token price row except its model, region and amount. */
export type PriceAxes = Pick<
  PricedRow,
  'scope' | 'tier' | 'endpoint' | 'direction' | 'cacheTtl' | 'context' | 'mode'
>;

/** A Bedrock charge that is not per token: commitments, model units, customization, images. */
export interface NotTokenPricedRow extends RowOrigin {
  readonly status: 'notTokenPriced';
  readonly region: string;
  readonly kind: 'reserved' | 'provisioned' | 'customization' | 'nonTokenUnit';
  readonly unit: string;
  /** As published: these units have no per-1M conversion. */
  readonly usdPerUnit: string;
}

export type RejectionStatus = 'unclassified' | 'unknownUnit' | 'implausiblePrice' | 'unmatched';

/** Counted and shown with its reason; never priced. */
export interface RejectedRow extends RowOrigin {
  readonly status: RejectionStatus;
  readonly region: string | null;
  readonly reason: string;
  /** The model IDs a name matched, when it matched several. */
  readonly candidates?: string[];
  /** Unmatched rows: the cell the row would price, had its model been identified. */
  readonly axes?: PriceAxes;
}

export type ClassifiedRow = PricedRow | NotTokenPricedRow | RejectedRow;

const MARKETPLACE_SUFFIX = ' (Amazon Bedrock Edition)';
const LATENCY_OPTIMIZED_SUFFIX = / Latency Optimized$/i;
/** `provider.model[-version][:n]` with no spaces: the shape of a Bedrock model ID. */
const MODEL_ID_SHAPE = /^[a-z0-9-]+\.[a-z0-9][a-z0-9.:-]*$/;
/** A model ID at the head of a native usage type: `openai.gpt-oss-120b-mantle-input-tokens`. */
const ID_IN_USAGE_TYPE =
  /^([a-z0-9-]+\.[a-z0-9][a-z0-9.:-]*?)-(?:mantle-)?(?:input|output|cache)\b/;

/**
 * Magnitude bounds on USD per 1M tokens. The cheapest published token rates are a few cents
 * (embeddings), the dearest tens of dollars; outside this a unit is misread, not a price.
 */
export const PER_MILLION_BOUNDS = { min: 0.001, max: 1000 } as const;

/** Power of ten from the published unit to "per 1M tokens". */
function perMillionPower(unit: string, offer: string): number | null {
  const normal = unit.trim().toLowerCase();
  if (normal === '1k tokens') return 3;
  if (normal === '1m tokens' || normal === 'million tokens') return 0;
  // The Marketplace offer's `Units` were per 1M in every observed row; the bounds catch a change.
  if (normal === 'units' && offer === 'AmazonBedrockFoundationModels') return 0;
  return null;
}

const NON_TOKEN_UNIT =
  /image|second|minute|request|hour|page|document|character|quer(?:y|ies)|gb|unit-?month/i;

/** Words of a usage type or attribute: `_`, `-`, spaces and camelCase all split. */
function wordsOf(text: string): string[] {
  return text
    .split(/[_\-\s:]+/)
    .flatMap((part) => part.split(/(?<=[a-z])(?=[A-Z0-9])|(?<=[A-Z])(?=[A-Z][a-z])/))
    .map((word) => word.toLowerCase())
    .filter((word) => word !== '');
}

/** The usage type without its region prefix (`USE1-`) and Marketplace wrapper (`MP:USE1_`, `-Units`). */
function usageTail(usageType: string): { tail: string; marketplace: boolean } {
  const afterRegion = usageType.replace(/^[A-Z0-9]+-/, '');
  const marketplace = /^MP:[A-Z0-9]+_/.test(afterRegion);
  const tail = afterRegion.replace(/^MP:[A-Z0-9]+_/, '').replace(/-Units$/, '');
  return { tail, marketplace };
}

function directionOf(words: ReadonlySet<string>): PriceDirection | null {
  if (words.has('cache') && words.has('read')) return 'cacheRead';
  if (words.has('cache') && words.has('write')) return 'cacheWrite';
  if (words.has('input')) return 'input';
  if (words.has('output')) return 'output';
  return null;
}

const NON_STANDARD_TIERS = ['batch', 'flex', 'priority'] as const;

/** `pricePerUnit.USD` × 10^power, exact on the decimal string (0.00033 per 1K is 0.33, not 0.33000000000000007). */
export function scaleDecimal(usd: string, power: number): number | null {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(usd.trim());
  if (!match) return null;
  const whole = match[1] ?? '0';
  const fraction = (match[2] ?? '').padEnd(power, '0');
  return Number(`${whole}${fraction.slice(0, power)}.${fraction.slice(power) || '0'}`);
}

function modelReferenceOf(
  row: PriceRow,
  tail: string,
  marketplace: boolean,
): ModelReference | null {
  const attributes = row.attributes;
  if (!marketplace) {
    const embedded = ID_IN_USAGE_TYPE.exec(tail)?.[1];
    if (embedded) return { kind: 'id', id: embedded };
  }
  const model = attributes.model?.trim();
  if (model && MODEL_ID_SHAPE.test(model)) return { kind: 'id', id: model };
  const serviceName = attributes.servicename ?? '';
  if (serviceName.endsWith(MARKETPLACE_SUFFIX)) {
    return { kind: 'name', name: serviceName.slice(0, -MARKETPLACE_SUFFIX.length) };
  }
  if (model) return { kind: 'name', name: model.replace(LATENCY_OPTIMIZED_SUFFIX, '') };
  const titanModel = attributes.titanModel?.trim();
  if (titanModel) return { kind: 'name', name: titanModel };
  return null;
}

export function classifyPriceRow(row: PriceRow, directory: ModelDirectory): ClassifiedRow {
  const attributes = row.attributes;
  const usageType = attributes.usagetype ?? '';
  const origin: RowOrigin = { offer: row.offer, version: row.version, sku: row.sku, usageType };
  const region = attributes.regionCode?.trim() || null;
  const reject = (status: RejectionStatus, reason: string, candidates?: string[]): RejectedRow =>
    candidates
      ? { ...origin, status, region, reason, candidates }
      : { ...origin, status, region, reason };

  if (usageType === '') return reject('unclassified', 'the row has no usagetype');
  // No region, no price: never a US (or any other) fallback.
  if (!region) return reject('unclassified', 'the row has no regionCode');

  const { tail, marketplace } = usageTail(usageType);
  const usageWords = new Set(wordsOf(tail));
  const feature = attributes.feature ?? '';
  const notTokenPriced = (kind: NotTokenPricedRow['kind']): NotTokenPricedRow => ({
    ...origin,
    status: 'notTokenPriced',
    region,
    kind,
    unit: row.unit,
    usdPerUnit: row.usd,
  });
  if (usageWords.has('reserved') || /reserved/i.test(feature)) return notTokenPriced('reserved');
  if (usageWords.has('provisioned') || /provisioned/i.test(feature)) {
    return notTokenPriced('provisioned');
  }
  if (/customi[sz]ation/i.test(feature)) return notTokenPriced('customization');

  const attributeWords = new Set(
    wordsOf(`${attributes.inferenceType ?? ''} ${attributes.featuretype ?? ''}`),
  );
  const attributeDirection = directionOf(attributeWords);
  const usageDirection = directionOf(usageWords);
  if (attributeDirection && usageDirection && attributeDirection !== usageDirection) {
    return reject(
      'unclassified',
      `direction disagrees: attributes say ${attributeDirection}, usagetype says ${usageDirection}`,
    );
  }
  const direction = attributeDirection ?? usageDirection;
  const power = perMillionPower(row.unit, row.offer);
  if (!direction) {
    if (power === null && NON_TOKEN_UNIT.test(row.unit)) return notTokenPriced('nonTokenUnit');
    return reject('unclassified', 'no token direction (input, output, cache read or write)');
  }
  if (power === null) {
    if (NON_TOKEN_UNIT.test(row.unit)) return notTokenPriced('nonTokenUnit');
    return reject('unknownUnit', `unit '${row.unit}' is not 1K tokens, 1M tokens or Units`);
  }
  if ((row.beginRange ?? '0') !== '0' || (row.endRange ?? 'Inf') !== 'Inf') {
    return reject('unclassified', `a tiered range ${row.beginRange}-${row.endRange}`);
  }
  const usdPerMillionTokens = scaleDecimal(row.usd, power);
  if (usdPerMillionTokens === null) {
    return reject('unclassified', `price '${row.usd}' is not a decimal USD amount`);
  }
  if (
    usdPerMillionTokens < PER_MILLION_BOUNDS.min ||
    usdPerMillionTokens > PER_MILLION_BOUNDS.max
  ) {
    return reject(
      'implausiblePrice',
      `${usdPerMillionTokens} USD per 1M tokens is outside ${PER_MILLION_BOUNDS.min}-${PER_MILLION_BOUNDS.max}`,
    );
  }

  const tierSignals = new Set<string>();
  const serviceTier = attributes.service_tier?.trim().toLowerCase();
  if (serviceTier && serviceTier !== 'standard') tierSignals.add(serviceTier);
  if (/batch/i.test(feature)) tierSignals.add('batch');
  for (const tier of NON_STANDARD_TIERS) {
    if (attributeWords.has(tier) || usageWords.has(tier)) tierSignals.add(tier);
  }
  if (tierSignals.size > 1) {
    return reject('unclassified', `tier signals disagree: ${[...tierSignals].sort().join(', ')}`);
  }
  const [signalled] = tierSignals;
  const tier = signalled ?? 'standard';
  if (tier !== 'standard' && !(NON_STANDARD_TIERS as readonly string[]).includes(tier)) {
    return reject('unclassified', `unknown service tier '${tier}'`);
  }

  const latencyOptimized =
    (usageWords.has('latency') && usageWords.has('optimized')) ||
    LATENCY_OPTIMIZED_SUFFIX.test(attributes.model ?? '');
  // Read before the model is identified, so an unmatched row still says which cell it would be.
  const axes: PriceAxes = {
    scope: usageWords.has('global') || attributeWords.has('global') ? 'global' : 'inRegionGeo',
    tier: tier as PricedRow['tier'],
    endpoint: usageWords.has('mantle') ? 'mantle' : 'runtime',
    direction,
    cacheTtl:
      direction !== 'cacheWrite'
        ? null
        : usageWords.has('1h')
          ? '1h'
          : usageWords.has('30m')
            ? '30m'
            : '5m',
    context:
      usageWords.has('long') || (attributeWords.has('long') && attributeWords.has('context'))
        ? 'long'
        : 'standard',
    mode:
      usageWords.has('custom') && usageWords.has('model')
        ? 'customModel'
        : latencyOptimized
          ? 'latencyOptimized'
          : 'onDemand',
  };

  const reference = modelReferenceOf(row, tail, marketplace);
  if (!reference) return reject('unclassified', 'no model named (model, titanModel, servicename)');
  const identity = identifyModel(reference, region, directory);
  if (!identity.matched) {
    const label = reference.kind === 'name' ? reference.name : reference.id;
    return {
      ...reject(
        'unmatched',
        `${identity.reason}: '${label}' in ${region}`,
        identity.candidates.length > 0 ? identity.candidates : undefined,
      ),
      axes,
    };
  }

  return {
    ...origin,
    status: 'priced',
    region,
    modelKey: identity.modelKey,
    identifiedBy: identity.by,
    ...axes,
    usdPerMillionTokens,
    effectiveDate: row.effectiveDate ?? null,
  };
}
