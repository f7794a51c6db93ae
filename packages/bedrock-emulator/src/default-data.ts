/**
 * The default data set: 15 commercial regions built from real recordings (data/samples) plus a
 * hand-written catalogue of where each model runs on demand and which cross-region profiles route
 * where, and one region set each of GovCloud (`aws-us-gov`) and the European Sovereign Cloud
 * (`aws-eusc`), whose ARNs name their own partition (arn.ts).
 *
 * Foundation-model listings are derived from the routing tables rather than written out per
 * region, so the data stays consistent by construction: every destination a profile names lists
 * that model, and `findInconsistencies` checks it.
 */

import { createHash } from 'node:crypto';
import apSouth1Models from '../data/samples/list-foundation-models.ap-south-1.2024.json' with {
  type: 'json',
};
import apSoutheast1Models from '../data/samples/list-foundation-models.ap-southeast-1.cli.2025-10.json' with {
  type: 'json',
};
import usEast1Excerpt from '../data/samples/list-inference-profiles.us-east-1.excerpt-with-global.2026.json' with {
  type: 'json',
};
import usEast2Profiles from '../data/samples/list-inference-profiles.us-east-2.system-defined.2025-06.json' with {
  type: 'json',
};
import { addAccountTargets } from './account-data.js';
import {
  applicationProfileArn,
  arnPartition,
  arnRegion,
  foundationModelArn,
  globalFoundationModelArn,
  provisionedModelArn,
  serviceQuotaArn,
  systemProfileArn,
} from './arn.js';
import type {
  EmulatorData,
  FoundationModel,
  InferenceProfile,
  ProvisionedModelThroughput,
  RegionData,
  ServiceQuota,
} from './model.js';
import { emptyRegion } from './model.js';
import { BEDROCK_EUSC_REGIONS, BEDROCK_GOVCLOUD_REGIONS } from './regions.js';
import { addDefaultUsage } from './usage-data.js';

/** One fixed account so ARNs are predictable in assertions. */
export const DEFAULT_ACCOUNT_ID = '111122223333';

export const DEFAULT_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-2',
  'ca-central-1',
  'eu-central-1',
  'eu-west-1',
  'eu-west-3',
  'eu-north-1',
  'ap-northeast-1',
  'ap-northeast-3',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-4',
  'sa-east-1',
  ...BEDROCK_GOVCLOUD_REGIONS,
  ...BEDROCK_EUSC_REGIONS,
] as const;

type ModelSpec = Omit<FoundationModel, 'modelArn' | 'inferenceTypesSupported'>;

/** Samples print boto3's `+00:00` offsets; serve the `Z` form the service itself sends. */
function rfc3339(timestamp: string): string {
  return new Date(timestamp).toISOString();
}

function spec(
  modelId: string,
  modelName: string,
  providerName: string,
  inputModalities: string[],
  outputModalities: string[],
  extra: Partial<ModelSpec> = {},
): ModelSpec {
  return {
    modelId,
    modelName,
    providerName,
    inputModalities,
    outputModalities,
    responseStreamingSupported: !outputModalities.some((m) => m === 'EMBEDDING' || m === 'IMAGE'),
    customizationsSupported: [],
    modelLifecycle: { status: 'ACTIVE' },
    ...extra,
  };
}

const TEXT = ['TEXT'];
const TEXT_IMAGE = ['TEXT', 'IMAGE'];
const TEXT_IMAGE_VIDEO = ['TEXT', 'IMAGE', 'VIDEO'];

/** Models the samples do not describe. Later entries win over sample-derived ones. */
const HAND_WRITTEN_SPECS: ModelSpec[] = [
  spec('amazon.titan-tg1-large', 'Titan Text Large', 'Amazon', TEXT, TEXT),
  spec('amazon.titan-embed-text-v2:0', 'Titan Text Embeddings V2', 'Amazon', TEXT, ['EMBEDDING']),
  spec('amazon.nova-canvas-v1:0', 'Nova Canvas', 'Amazon', TEXT_IMAGE, ['IMAGE']),
  spec('amazon.nova-reel-v1:0', 'Nova Reel', 'Amazon', TEXT_IMAGE, ['VIDEO'], {
    responseStreamingSupported: false,
  }),
  spec('amazon.nova-premier-v1:0', 'Nova Premier', 'Amazon', TEXT_IMAGE_VIDEO, TEXT),
  spec('amazon.nova-2-lite-v1:0', 'Nova 2 Lite', 'Amazon', TEXT_IMAGE_VIDEO, TEXT),
  // LEGACY with every date ahead but the first: public extended access, then end of life.
  spec('anthropic.claude-3-5-haiku-20241022-v1:0', 'Claude 3.5 Haiku', 'Anthropic', TEXT, TEXT, {
    modelLifecycle: {
      status: 'LEGACY',
      startOfLifeTime: '2024-11-04T00:00:00.000Z',
      legacyTime: '2026-10-01T00:00:00.000Z',
      publicExtendedAccessTime: '2027-01-15T00:00:00.000Z',
      endOfLifeTime: '2028-01-15T00:00:00.000Z',
    },
  }),
  spec(
    'anthropic.claude-3-5-sonnet-20240620-v1:0',
    'Claude 3.5 Sonnet',
    'Anthropic',
    TEXT_IMAGE,
    TEXT,
    {
      modelLifecycle: {
        status: 'LEGACY',
        startOfLifeTime: '2024-06-20T00:00:00.000Z',
        legacyTime: '2025-08-25T00:00:00.000Z',
        endOfLifeTime: '2026-03-01T00:00:00.000Z',
      },
    },
  ),
  // ListFoundationModels names Claude 2.0 and 2.1 alike, 'Claude': a Price List row naming
  // 'Claude' joins to both, so the catalog prices neither from it (state `unmatched`).
  spec('anthropic.claude-v2', 'Claude', 'Anthropic', TEXT, TEXT),
  spec('anthropic.claude-v2:1', 'Claude', 'Anthropic', TEXT, TEXT),
  spec('anthropic.claude-opus-4-20250514-v1:0', 'Claude Opus 4', 'Anthropic', TEXT_IMAGE, TEXT),
  spec(
    'anthropic.claude-haiku-4-5-20251001-v1:0',
    'Claude Haiku 4.5',
    'Anthropic',
    TEXT_IMAGE,
    TEXT,
  ),
  spec('anthropic.claude-sonnet-4-6', 'Claude Sonnet 4.6', 'Anthropic', TEXT_IMAGE, TEXT),
  spec('anthropic.claude-opus-4-6-v1', 'Claude Opus 4.6', 'Anthropic', TEXT_IMAGE, TEXT),
  spec('meta.llama3-2-1b-instruct-v1:0', 'Llama 3.2 1B Instruct', 'Meta', TEXT, TEXT),
  spec('meta.llama3-2-3b-instruct-v1:0', 'Llama 3.2 3B Instruct', 'Meta', TEXT, TEXT),
  spec('meta.llama3-2-11b-instruct-v1:0', 'Llama 3.2 11B Instruct', 'Meta', TEXT_IMAGE, TEXT),
  spec('meta.llama3-2-90b-instruct-v1:0', 'Llama 3.2 90B Instruct', 'Meta', TEXT_IMAGE, TEXT),
  spec('meta.llama3-1-8b-instruct-v1:0', 'Llama 3.1 8B Instruct', 'Meta', TEXT, TEXT, {
    customizationsSupported: ['FINE_TUNING', 'DISTILLATION'],
  }),
  spec('meta.llama3-1-70b-instruct-v1:0', 'Llama 3.1 70B Instruct', 'Meta', TEXT, TEXT, {
    customizationsSupported: ['FINE_TUNING', 'DISTILLATION'],
  }),
  spec('meta.llama3-1-405b-instruct-v1:0', 'Llama 3.1 405B Instruct', 'Meta', TEXT, TEXT),
  spec('meta.llama3-3-70b-instruct-v1:0', 'Llama 3.3 70B Instruct', 'Meta', TEXT, TEXT),
  spec(
    'meta.llama4-scout-17b-instruct-v1:0',
    'Llama 4 Scout 17B Instruct',
    'Meta',
    TEXT_IMAGE,
    TEXT,
  ),
  spec(
    'meta.llama4-maverick-17b-instruct-v1:0',
    'Llama 4 Maverick 17B Instruct',
    'Meta',
    TEXT_IMAGE,
    TEXT,
  ),
  spec('deepseek.r1-v1:0', 'DeepSeek-R1', 'DeepSeek', TEXT, TEXT),
  spec('mistral.pixtral-large-2502-v1:0', 'Pixtral Large (25.02)', 'Mistral AI', TEXT_IMAGE, TEXT),
  spec('amazon.titan-text-express-v1', 'Titan Text G1 - Express', 'Amazon', TEXT, TEXT, {
    customizationsSupported: ['FINE_TUNING', 'CONTINUED_PRE_TRAINING'],
  }),
];

function buildSpecs(): Map<string, ModelSpec> {
  const specs = new Map<string, ModelSpec>();
  for (const summary of [...apSouth1Models.modelSummaries, ...apSoutheast1Models.modelSummaries]) {
    const { modelArn: _arn, inferenceTypesSupported: _types, ...rest } = summary;
    specs.set(summary.modelId, rest);
  }
  for (const handWritten of HAND_WRITTEN_SPECS) specs.set(handWritten.modelId, handWritten);
  return specs;
}

/** The commercial (`aws`) regions; global profiles and most models exist only there. */
const ALL: readonly string[] = DEFAULT_REGIONS.filter((r) => arnPartition(r) === 'aws');
const US = ['us-east-1', 'us-east-2', 'us-west-2'];
const EU_EARLY = ['eu-central-1', 'eu-west-1', 'eu-west-3'];
const EU_LATER = ['eu-central-1', 'eu-north-1', 'eu-west-1', 'eu-west-3'];
const APAC_EARLY = ['ap-northeast-1', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2'];
const APAC_LATER = [
  'ap-northeast-1',
  'ap-northeast-3',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
];
const JP = ['ap-northeast-1', 'ap-northeast-3'];
const AU = ['ap-southeast-2', 'ap-southeast-4'];
/**
 * GovCloud and the European Sovereign Cloud. Which models run there is UNVERIFIED beyond the
 * `us-gov.` prefix (aws-cdk's US_GOV geo) and Bedrock's endpoint in eusc-de-east-1: the sets
 * below are small and plausible, not recorded.
 */
const US_GOV = [...BEDROCK_GOVCLOUD_REGIONS];
const GOV_WEST = 'us-gov-west-1';
const EUSC = 'eusc-de-east-1';

/** Where a model can be invoked with its bare ID. Everywhere else it is profile-only. */
const ON_DEMAND: Record<string, readonly string[]> = {
  'amazon.titan-tg1-large': ['us-east-1', 'us-west-2'],
  'amazon.titan-text-express-v1': [
    GOV_WEST,
    'us-east-1',
    'us-west-2',
    'ca-central-1',
    'eu-central-1',
    'eu-west-1',
    'eu-west-3',
    'ap-northeast-1',
    'ap-south-1',
    'ap-southeast-2',
    'sa-east-1',
  ],
  'amazon.titan-text-lite-v1': [
    'us-east-1',
    'us-west-2',
    'eu-central-1',
    'eu-west-1',
    'ap-south-1',
  ],
  'amazon.titan-embed-text-v2:0': [
    ...ALL.filter((r) => r !== 'ap-northeast-3' && r !== 'ap-southeast-4'),
    GOV_WEST,
    EUSC,
  ],
  'amazon.titan-embed-image-v1': [
    'us-east-1',
    'us-west-2',
    'eu-central-1',
    'eu-west-1',
    'ap-south-1',
    'ap-southeast-2',
  ],
  'amazon.titan-image-generator-v1': ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-south-1'],
  'amazon.nova-micro-v1:0': ['us-east-1', EUSC],
  'amazon.nova-lite-v1:0': ['us-east-1', EUSC],
  'amazon.nova-pro-v1:0': ['us-east-1'],
  'amazon.nova-canvas-v1:0': ['us-east-1', 'eu-west-1', 'ap-northeast-1'],
  'amazon.nova-reel-v1:0': ['us-east-1', 'eu-west-1', 'ap-northeast-1'],
  'anthropic.claude-3-haiku-20240307-v1:0': [
    GOV_WEST,
    'us-east-1',
    'us-west-2',
    'ca-central-1',
    'eu-central-1',
    'eu-west-1',
    'eu-west-3',
    'ap-northeast-1',
    'ap-south-1',
    'ap-southeast-1',
    'ap-southeast-2',
    'sa-east-1',
  ],
  'anthropic.claude-3-sonnet-20240229-v1:0': [
    'us-east-1',
    'us-west-2',
    'ca-central-1',
    'eu-west-3',
    'ap-south-1',
    'ap-southeast-2',
    'sa-east-1',
  ],
  'anthropic.claude-3-5-sonnet-20240620-v1:0': [
    'us-east-1',
    'us-west-2',
    'eu-central-1',
    'ap-northeast-1',
    'ap-southeast-1',
  ],
  'anthropic.claude-3-5-sonnet-20241022-v2:0': ['us-west-2'],
  'anthropic.claude-3-5-haiku-20241022-v1:0': ['us-west-2'],
  'anthropic.claude-v2': ['us-east-1'],
  'anthropic.claude-v2:1': ['us-east-1'],
  'meta.llama3-8b-instruct-v1:0': [
    'us-east-1',
    'us-west-2',
    'ca-central-1',
    'ap-south-1',
    GOV_WEST,
  ],
  'meta.llama3-70b-instruct-v1:0': [
    'us-east-1',
    'us-west-2',
    'ca-central-1',
    'ap-south-1',
    GOV_WEST,
  ],
  'meta.llama3-1-8b-instruct-v1:0': ['us-west-2'],
  'meta.llama3-1-70b-instruct-v1:0': ['us-west-2'],
  'meta.llama3-1-405b-instruct-v1:0': ['us-west-2'],
  'mistral.mistral-7b-instruct-v0:2': [
    'us-east-1',
    'us-west-2',
    'ca-central-1',
    'eu-west-3',
    'ap-south-1',
  ],
  'mistral.mixtral-8x7b-instruct-v0:1': [
    'us-east-1',
    'us-west-2',
    'ca-central-1',
    'eu-west-3',
    'ap-south-1',
  ],
  'mistral.mistral-large-2402-v1:0': [
    'us-east-1',
    'us-west-2',
    'ca-central-1',
    'eu-west-3',
    'ap-south-1',
  ],
  'cohere.embed-english-v3': [
    'us-east-1',
    'us-west-2',
    'ca-central-1',
    'eu-central-1',
    'ap-northeast-1',
    'ap-south-1',
    'ap-southeast-1',
    'sa-east-1',
  ],
  'cohere.embed-multilingual-v3': [
    'us-east-1',
    'us-west-2',
    'ca-central-1',
    'eu-central-1',
    'ap-northeast-1',
    'ap-south-1',
    'ap-southeast-1',
    'sa-east-1',
  ],
};

const PROVISIONED = ['PROVISIONED'];
/** Newer listings show context-length variants with no inference type at all. */
const NO_TYPE: string[] = [];

/**
 * Context-length variants and provisioned-only base versions, per region. ap-south-1 and
 * ap-southeast-1 get theirs from the samples.
 */
const PROVISIONED_ONLY: Record<string, ReadonlyArray<readonly [string, string[]]>> = {
  'us-east-1': [
    ['amazon.titan-text-lite-v1:0:4k', PROVISIONED],
    ['amazon.titan-text-express-v1:0:8k', PROVISIONED],
    ['amazon.titan-embed-image-v1:0', PROVISIONED],
    ['anthropic.claude-3-sonnet-20240229-v1:0:28k', PROVISIONED],
    ['anthropic.claude-3-sonnet-20240229-v1:0:200k', PROVISIONED],
    ['anthropic.claude-3-haiku-20240307-v1:0:48k', PROVISIONED],
    ['anthropic.claude-3-haiku-20240307-v1:0:200k', PROVISIONED],
    ['anthropic.claude-3-5-sonnet-20240620-v1:0:18k', PROVISIONED],
    ['anthropic.claude-3-5-sonnet-20240620-v1:0:51k', PROVISIONED],
    ['anthropic.claude-3-5-sonnet-20240620-v1:0:200k', PROVISIONED],
  ],
  'us-west-2': [
    ['amazon.titan-text-express-v1:0:8k', PROVISIONED],
    ['anthropic.claude-3-sonnet-20240229-v1:0:28k', PROVISIONED],
    ['anthropic.claude-3-sonnet-20240229-v1:0:200k', PROVISIONED],
    ['anthropic.claude-3-haiku-20240307-v1:0:48k', PROVISIONED],
    ['anthropic.claude-3-haiku-20240307-v1:0:200k', PROVISIONED],
  ],
  'eu-central-1': [
    ['anthropic.claude-3-haiku-20240307-v1:0:48k', NO_TYPE],
    ['anthropic.claude-3-haiku-20240307-v1:0:200k', NO_TYPE],
  ],
  'ap-northeast-1': [
    ['anthropic.claude-3-haiku-20240307-v1:0:48k', NO_TYPE],
    ['anthropic.claude-3-haiku-20240307-v1:0:200k', NO_TYPE],
  ],
  'ap-southeast-2': [
    ['anthropic.claude-3-sonnet-20240229-v1:0:28k', NO_TYPE],
    ['anthropic.claude-3-sonnet-20240229-v1:0:200k', NO_TYPE],
    ['anthropic.claude-3-haiku-20240307-v1:0:48k', NO_TYPE],
  ],
};

/** A system-defined cross-region profile: where it can be called from and where that routes. */
interface RoutedProfileSpec {
  profileId: string;
  modelId: string;
  name: string;
  description?: string;
  createdAt: string;
  updatedAt: string;
  /** Source region → destination regions; `global` profiles use an empty list (see below). */
  routes: Record<string, readonly string[]>;
  global?: boolean;
}

/** Destinations as real responses order them: unsorted, here the caller's own region first. */
function sourceFirst(source: string, destinations: readonly string[]): string[] {
  return destinations.includes(source)
    ? [source, ...destinations.filter((d) => d !== source)]
    : [...destinations];
}

function routesFrom(sources: readonly string[], destinations: readonly string[]) {
  return Object.fromEntries(sources.map((s) => [s, sourceFirst(s, destinations)]));
}

/** The us-east-2 recording, replayed for every US source region. */
function usProfilesFromSample(): RoutedProfileSpec[] {
  // Early profiles only reach us-east-1 and us-west-2 when called from us-west-2 (bedrock-api.md §6.2).
  const earlyProfiles = new Set([
    'us.anthropic.claude-3-haiku-20240307-v1:0',
    'us.anthropic.claude-3-5-sonnet-20240620-v1:0',
  ]);
  return usEast2Profiles.inferenceProfileSummaries.map((summary) => {
    const destinations = summary.models.map((m) => arnRegion(m.modelArn) ?? '');
    const fromUsWest2 = earlyProfiles.has(summary.inferenceProfileId)
      ? ['us-east-1', 'us-west-2']
      : destinations;
    return {
      profileId: summary.inferenceProfileId,
      modelId: summary.inferenceProfileId.slice('us.'.length),
      name: summary.inferenceProfileName,
      description: summary.description,
      createdAt: summary.createdAt,
      updatedAt: summary.updatedAt,
      // Kept verbatim, including the 3.5 Sonnet profile whose destinations omit us-east-2 itself.
      routes: { 'us-east-2': destinations, 'us-east-1': destinations, 'us-west-2': fromUsWest2 },
    };
  });
}

function geo(
  prefix: string,
  modelId: string,
  name: string,
  createdAt: string,
  updatedAt: string,
  routes: Record<string, readonly string[]>,
): RoutedProfileSpec {
  return { profileId: `${prefix}.${modelId}`, modelId, name, createdAt, updatedAt, routes };
}

const SONNET_4 = 'anthropic.claude-sonnet-4-20250514-v1:0';
const SONNET_4_5 = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const HAIKU_4_5 = 'anthropic.claude-haiku-4-5-20251001-v1:0';
const SONNET_4_6 = 'anthropic.claude-sonnet-4-6';
const OPUS_4_6 = 'anthropic.claude-opus-4-6-v1';
const HAIKU_3 = 'anthropic.claude-3-haiku-20240307-v1:0';
const SONNET_3 = 'anthropic.claude-3-sonnet-20240229-v1:0';
const SONNET_3_5 = 'anthropic.claude-3-5-sonnet-20240620-v1:0';
const SONNET_3_5_V2 = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
const SONNET_3_7 = 'anthropic.claude-3-7-sonnet-20250219-v1:0';
const EU_SOURCES_EARLY = EU_EARLY;
const EU_SOURCES_LATER = EU_LATER;

function geoProfiles(): RoutedProfileSpec[] {
  const usEarly = routesFrom(US, US);
  const euEarly = routesFrom(EU_SOURCES_EARLY, EU_EARLY);
  const euLater = routesFrom(EU_SOURCES_LATER, EU_LATER);
  const apacEarly = routesFrom(APAC_EARLY, APAC_EARLY);
  const apacLater = routesFrom(APAC_LATER, APAC_LATER);
  const jp = routesFrom(JP, JP);
  const au = routesFrom(AU, AU);
  const usGov = routesFrom(US_GOV, US_GOV);
  // One region, so the sovereign profile routes in-region only (prefix `eusc.` UNVERIFIED).
  const eusc = routesFrom([EUSC], [EUSC]);
  const t0 = '2024-09-30T00:00:00.000Z';
  return [
    ...usProfilesFromSample(),
    geo(
      'us',
      SONNET_4_5,
      'US Anthropic Claude Sonnet 4.5',
      '2025-09-29T00:00:00.000Z',
      '2025-09-29T16:41:06.110Z',
      usEarly,
    ),
    geo(
      'us',
      HAIKU_4_5,
      'US Anthropic Claude Haiku 4.5',
      '2025-10-15T00:00:00.000Z',
      '2025-10-15T15:02:47.991Z',
      usEarly,
    ),
    geo(
      'us',
      SONNET_4_6,
      'US Anthropic Claude Sonnet 4.6',
      '2026-02-17T00:00:00.000Z',
      '2026-02-17T18:20:11.402Z',
      usEarly,
    ),
    geo(
      'us',
      OPUS_4_6,
      'US Anthropic Claude Opus 4.6',
      '2026-02-03T00:00:00.000Z',
      '2026-03-05T22:14:18.607Z',
      usEarly,
    ),
    geo('eu', HAIKU_3, 'EU Anthropic Claude 3 Haiku', t0, t0, euEarly),
    geo(
      'eu',
      SONNET_3_5,
      'EU Anthropic Claude 3.5 Sonnet',
      t0,
      '2024-10-02T09:12:40.551Z',
      euEarly,
    ),
    geo(
      'eu',
      'meta.llama3-2-1b-instruct-v1:0',
      'EU Meta Llama 3.2 1B Instruct',
      '2024-11-01T00:00:00.000Z',
      '2024-11-04T17:49:37.317Z',
      euEarly,
    ),
    geo(
      'eu',
      'meta.llama3-2-3b-instruct-v1:0',
      'EU Meta Llama 3.2 3B Instruct',
      '2024-11-01T00:00:00.000Z',
      '2024-11-04T17:53:06.322Z',
      euEarly,
    ),
    geo(
      'eu',
      SONNET_3_7,
      'EU Anthropic Claude 3.7 Sonnet',
      '2025-02-18T00:00:00.000Z',
      '2025-06-23T18:16:24.834Z',
      euLater,
    ),
    geo(
      'eu',
      SONNET_4,
      'EU Claude Sonnet 4',
      '2025-05-20T00:00:00.000Z',
      '2025-06-10T16:03:19.530Z',
      euLater,
    ),
    geo(
      'eu',
      SONNET_4_5,
      'EU Anthropic Claude Sonnet 4.5',
      '2025-09-29T00:00:00.000Z',
      '2025-09-29T16:41:06.110Z',
      euLater,
    ),
    geo(
      'eu',
      HAIKU_4_5,
      'EU Anthropic Claude Haiku 4.5',
      '2025-10-15T00:00:00.000Z',
      '2025-10-15T15:02:47.991Z',
      euLater,
    ),
    geo(
      'eu',
      SONNET_4_6,
      'EU Anthropic Claude Sonnet 4.6',
      '2026-02-17T00:00:00.000Z',
      '2026-02-17T18:20:11.402Z',
      euLater,
    ),
    geo(
      'eu',
      'amazon.nova-micro-v1:0',
      'EU Nova Micro',
      '2024-11-29T13:23:00.000Z',
      '2024-11-29T13:23:00.000Z',
      euLater,
    ),
    geo(
      'eu',
      'amazon.nova-lite-v1:0',
      'EU Nova Lite',
      '2024-11-29T13:23:00.000Z',
      '2024-11-29T13:23:00.000Z',
      euLater,
    ),
    geo(
      'eu',
      'amazon.nova-pro-v1:0',
      'EU Nova Pro',
      '2024-11-29T13:23:00.000Z',
      '2024-11-29T13:23:00.000Z',
      euLater,
    ),
    geo('apac', HAIKU_3, 'APAC Anthropic Claude 3 Haiku', t0, t0, apacEarly),
    geo('apac', SONNET_3, 'APAC Anthropic Claude 3 Sonnet', t0, t0, apacEarly),
    geo(
      'apac',
      SONNET_3_5,
      'APAC Anthropic Claude 3.5 Sonnet',
      t0,
      '2024-10-02T09:12:40.551Z',
      apacEarly,
    ),
    geo(
      'apac',
      SONNET_3_5_V2,
      'APAC Claude 3.5 Sonnet v2',
      '2025-01-21T00:00:00.000Z',
      '2025-02-12T22:56:58.018Z',
      apacLater,
    ),
    geo(
      'apac',
      SONNET_3_7,
      'APAC Anthropic Claude 3.7 Sonnet',
      '2025-02-18T00:00:00.000Z',
      '2025-06-23T18:16:24.834Z',
      apacLater,
    ),
    geo(
      'apac',
      SONNET_4,
      'APAC Claude Sonnet 4',
      '2025-05-20T00:00:00.000Z',
      '2025-06-10T16:03:19.530Z',
      apacLater,
    ),
    geo(
      'apac',
      'amazon.nova-micro-v1:0',
      'APAC Nova Micro',
      '2024-11-29T13:23:00.000Z',
      '2024-11-29T13:23:00.000Z',
      apacLater,
    ),
    geo(
      'apac',
      'amazon.nova-lite-v1:0',
      'APAC Nova Lite',
      '2024-11-29T13:23:00.000Z',
      '2024-11-29T13:23:00.000Z',
      apacLater,
    ),
    geo(
      'apac',
      'amazon.nova-pro-v1:0',
      'APAC Nova Pro',
      '2024-11-29T13:23:00.000Z',
      '2024-11-29T13:23:00.000Z',
      apacLater,
    ),
    geo(
      'jp',
      SONNET_4_5,
      'JP Anthropic Claude Sonnet 4.5',
      '2025-10-01T00:00:00.000Z',
      '2025-10-01T08:30:00.000Z',
      jp,
    ),
    geo(
      'jp',
      HAIKU_4_5,
      'JP Anthropic Claude Haiku 4.5',
      '2025-10-15T00:00:00.000Z',
      '2025-10-15T15:02:47.991Z',
      jp,
    ),
    geo(
      'jp',
      SONNET_4_6,
      'JP Anthropic Claude Sonnet 4.6',
      '2026-02-17T00:00:00.000Z',
      '2026-02-17T18:20:11.402Z',
      jp,
    ),
    geo(
      'au',
      SONNET_4_5,
      'AU Anthropic Claude Sonnet 4.5',
      '2025-10-01T00:00:00.000Z',
      '2025-10-01T08:30:00.000Z',
      au,
    ),
    geo(
      'au',
      HAIKU_4_5,
      'AU Anthropic Claude Haiku 4.5',
      '2025-10-15T00:00:00.000Z',
      '2025-10-15T15:02:47.991Z',
      au,
    ),
    geo(
      'au',
      SONNET_4_6,
      'AU Anthropic Claude Sonnet 4.6',
      '2026-02-17T00:00:00.000Z',
      '2026-02-17T18:20:11.402Z',
      au,
    ),
    geo(
      'us-gov',
      SONNET_3_7,
      'US-GOV Anthropic Claude 3.7 Sonnet',
      '2025-06-10T00:00:00.000Z',
      '2025-06-10T17:30:00.000Z',
      usGov,
    ),
    geo(
      'us-gov',
      SONNET_4_5,
      'US-GOV Anthropic Claude Sonnet 4.5',
      '2025-11-18T00:00:00.000Z',
      '2025-11-18T16:00:00.000Z',
      usGov,
    ),
    geo(
      'eusc',
      SONNET_4_5,
      'EUSC Anthropic Claude Sonnet 4.5',
      '2026-01-15T00:00:00.000Z',
      '2026-01-15T09:00:00.000Z',
      eusc,
    ),
    geo(
      'eusc',
      HAIKU_4_5,
      'EUSC Anthropic Claude Haiku 4.5',
      '2026-01-15T00:00:00.000Z',
      '2026-01-15T09:00:00.000Z',
      eusc,
    ),
  ];
}

function globalProfile(
  modelId: string,
  name: string,
  createdAt: string,
  updatedAt: string,
  sources: readonly string[],
  description?: string,
): RoutedProfileSpec {
  return {
    profileId: `global.${modelId}`,
    modelId,
    name,
    createdAt,
    updatedAt,
    description,
    routes: Object.fromEntries(sources.map((s) => [s, []])),
    global: true,
  };
}

function globalProfiles(): RoutedProfileSpec[] {
  const recorded = usEast1Excerpt.inferenceProfileSummaries.find((p) =>
    p.inferenceProfileId.startsWith('global.'),
  );
  const opusName = recorded?.inferenceProfileName ?? 'Global Anthropic Claude Opus 4.6';
  const notOsaka = ALL.filter((r) => r !== 'ap-northeast-3' && r !== 'ap-southeast-4');
  return [
    globalProfile(
      SONNET_4,
      'Global Claude Sonnet 4',
      '2025-09-05T00:00:00.000Z',
      '2025-09-05T21:40:12.000Z',
      notOsaka,
    ),
    globalProfile(
      SONNET_4_5,
      'Global Claude Sonnet 4.5',
      '2025-09-29T00:00:00.000Z',
      '2025-09-29T16:41:06.110Z',
      ALL,
    ),
    globalProfile(
      HAIKU_4_5,
      'Global Anthropic Claude Haiku 4.5',
      '2025-10-15T00:00:00.000Z',
      '2025-10-15T15:02:47.991Z',
      ALL,
    ),
    globalProfile(
      SONNET_4_6,
      'Global Anthropic Claude Sonnet 4.6',
      '2026-02-17T00:00:00.000Z',
      '2026-02-17T18:20:11.402Z',
      ALL,
    ),
    globalProfile(
      OPUS_4_6,
      opusName,
      recorded?.createdAt ?? '2026-02-03T19:06:46.193Z',
      recorded?.updatedAt ?? '2026-03-05T22:14:18.607Z',
      ALL,
      recorded?.description,
    ),
    globalProfile(
      'amazon.nova-2-lite-v1:0',
      'GLOBAL Amazon Nova 2 Lite',
      '2025-12-02T00:00:00.000Z',
      '2025-12-02T17:05:33.245Z',
      [...US, ...EU_LATER, 'ap-northeast-1', 'ap-southeast-2'],
    ),
    globalProfile(
      'cohere.embed-v4:0',
      'Global Cohere Embed v4',
      '2025-10-07T00:00:00.000Z',
      '2025-10-07T12:00:00.000Z',
      ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-northeast-1', 'ap-southeast-1'],
    ),
  ];
}

function joinRegions(regions: readonly string[]): string {
  if (regions.length <= 1) return regions.join('');
  return `${regions.slice(0, -1).join(', ')} and ${regions.at(-1)}`;
}

/** An application profile made with CreateInferenceProfile `modelSource.copyFrom`. */
interface ApplicationProfileSpec {
  region: string;
  id: string;
  name: string;
  description?: string;
  copyFrom: { systemProfileId: string } | { modelId: string };
  createdAt: string;
}

const APPLICATION_PROFILES: ApplicationProfileSpec[] = [
  {
    region: 'us-east-1',
    id: 'v8gtbe8pryd4',
    name: 'claims-summariser',
    description: 'Claims summaries; cost allocated to team claims.',
    copyFrom: { systemProfileId: `us.${SONNET_4}` },
    createdAt: '2025-07-14T09:31:02.118Z',
  },
  {
    region: 'us-east-1',
    id: 'hq2of259skzs',
    name: 'chat-haiku',
    copyFrom: { modelId: HAIKU_3 },
    createdAt: '2025-03-02T11:04:45.902Z',
  },
  {
    region: 'us-east-1',
    id: 's529qz7ddy06',
    name: 'support-opus-global',
    description: 'Support agent on Opus 4.6, routed globally.',
    copyFrom: { systemProfileId: `global.${OPUS_4_6}` },
    createdAt: '2026-03-10T15:20:00.000Z',
  },
  {
    region: 'us-west-2',
    id: 'p7aksl2pa6w7',
    name: 'batch-llama-70b',
    copyFrom: { modelId: 'meta.llama3-1-70b-instruct-v1:0' },
    createdAt: '2025-01-20T08:00:00.000Z',
  },
  {
    region: 'eu-west-1',
    id: 'k3m9x2qa7b1c',
    name: 'eu-search-sonnet',
    copyFrom: { systemProfileId: `eu.${SONNET_3_7}` },
    createdAt: '2025-04-01T10:10:10.010Z',
  },
  {
    region: 'eu-west-1',
    id: 'r4t8w0zn5e6d',
    name: 'eu-chat-haiku',
    copyFrom: { modelId: HAIKU_3 },
    createdAt: '2025-04-01T10:12:00.000Z',
  },
  {
    region: 'ap-northeast-1',
    id: 'j2p5l8c1v9xa',
    name: 'jp-assistant',
    description: 'Customer assistant for Japan, kept in-country.',
    copyFrom: { systemProfileId: `jp.${HAIKU_4_5}` },
    createdAt: '2025-11-05T02:45:19.774Z',
  },
];

function provisionedThroughputs(accountId: string): Record<string, ProvisionedModelThroughput[]> {
  const throughput = (
    region: string,
    id: string,
    name: string,
    modelId: string,
    fields: Partial<ProvisionedModelThroughput>,
  ): ProvisionedModelThroughput => {
    const arn = foundationModelArn(region, modelId);
    return {
      provisionedModelName: name,
      provisionedModelArn: provisionedModelArn(region, accountId, id),
      modelArn: arn,
      desiredModelArn: arn,
      foundationModelArn: arn,
      modelUnits: 1,
      desiredModelUnits: 1,
      status: 'InService',
      creationTime: '2026-11-01T09:00:00.000Z',
      lastModifiedTime: '2026-11-01T09:24:51.332Z',
      ...fields,
    };
  };
  return {
    'us-east-1': [
      throughput('us-east-1', 'a1b2c3d4e5f6', 'claims-haiku-48k', `${HAIKU_3}:48k`, {
        commitmentDuration: 'OneMonth',
        commitmentExpirationTime: '2026-12-01T09:00:00.000Z',
      }),
      throughput(
        'us-east-1',
        'q9w8e7r6t5y4',
        'titan-express-nightly',
        'amazon.titan-text-express-v1:0:8k',
        {
          modelUnits: 2,
          desiredModelUnits: 2,
          creationTime: '2026-10-12T22:00:00.000Z',
          lastModifiedTime: '2026-10-12T22:31:07.004Z',
        },
      ),
    ],
    'us-west-2': [
      throughput('us-west-2', 'z1x2c3v4b5n6', 'sonnet-28k-reserved', `${SONNET_3}:28k`, {
        status: 'Creating',
        commitmentDuration: 'SixMonths',
        desiredModelUnits: 2,
        modelUnits: 2,
        creationTime: '2026-11-25T17:02:41.870Z',
        lastModifiedTime: '2026-11-25T17:02:41.870Z',
      }),
    ],
  };
}

/** Adds a model to a region's listing unless the region already lists it. */
function offer(
  region: RegionData,
  regionCode: string,
  specs: Map<string, ModelSpec>,
  modelId: string,
  inferenceTypes: string[],
): void {
  if (region.foundationModels.some((m) => m.modelId === modelId)) return;
  const modelSpec = specs.get(modelId) ?? specForVariant(specs, modelId);
  const { modelLifecycle, ...rest } = modelSpec;
  region.foundationModels.push({
    modelArn: foundationModelArn(regionCode, modelId),
    ...rest,
    inferenceTypesSupported: [...inferenceTypes],
    ...(modelLifecycle ? { modelLifecycle: { ...modelLifecycle } } : {}),
  });
}

/** Context-length variants (`…:28k`) share the base model's description. */
function specForVariant(specs: Map<string, ModelSpec>, modelId: string): ModelSpec {
  const base = specs.get(modelId.replace(/:\d+k$/, '')) ?? specs.get(modelId.replace(/:0$/, ''));
  if (!base) throw new Error(`default data: no model spec for ${modelId}`);
  return { ...base, modelId };
}

/**
 * A fresh copy of the default data set; callers may mutate it freely.
 * @param accountId the account that appears in every profile ARN.
 */
export function defaultEmulatorData(accountId: string = DEFAULT_ACCOUNT_ID): EmulatorData {
  const specs = buildSpecs();
  const regions: Record<string, RegionData> = Object.fromEntries(
    DEFAULT_REGIONS.map((r) => [r, emptyRegion()]),
  );
  const regionData = (code: string): RegionData => {
    const found = regions[code];
    if (!found) throw new Error(`default data: unknown region ${code}`);
    return found;
  };

  // 1. Recorded listings are kept verbatim; they win over anything derived below.
  regionData('ap-south-1').foundationModels.push(...structuredClone(apSouth1Models.modelSummaries));
  regionData('ap-southeast-1').foundationModels.push(
    ...structuredClone(apSoutheast1Models.modelSummaries),
  );

  // 2. Bare-ID (on-demand) models, then provisioned-only variants.
  for (const [modelId, onDemandRegions] of Object.entries(ON_DEMAND)) {
    for (const code of onDemandRegions)
      offer(regionData(code), code, specs, modelId, ['ON_DEMAND']);
  }
  for (const [code, variants] of Object.entries(PROVISIONED_ONLY)) {
    for (const [modelId, types] of variants) offer(regionData(code), code, specs, modelId, types);
  }

  // 3. System profiles; every source and destination lists the model, profile-only if not above.
  for (const profile of [...geoProfiles(), ...globalProfiles()]) {
    const allDestinations = [...new Set(Object.values(profile.routes).flat())];
    for (const [source, destinations] of Object.entries(profile.routes)) {
      const models = profile.global
        ? [globalFoundationModelArn(profile.modelId), foundationModelArn(source, profile.modelId)]
        : destinations.map((d) => foundationModelArn(d, profile.modelId));
      const modelName = specs.get(profile.modelId)?.modelName ?? profile.modelId;
      regionData(source).inferenceProfiles.push({
        inferenceProfileName: profile.name,
        description:
          profile.description ??
          (profile.global
            ? `Routes requests to ${modelName} globally across all supported AWS Regions.`
            : `Routes requests to ${modelName} in ${joinRegions(allDestinations)}.`),
        createdAt: rfc3339(profile.createdAt),
        updatedAt: rfc3339(profile.updatedAt),
        inferenceProfileArn: systemProfileArn(source, accountId, profile.profileId),
        models: models.map((modelArn) => ({ modelArn })),
        inferenceProfileId: profile.profileId,
        status: 'ACTIVE',
        type: 'SYSTEM_DEFINED',
      });
      for (const region of new Set([source, ...destinations])) {
        offer(regionData(region), region, specs, profile.modelId, ['INFERENCE_PROFILE']);
      }
    }
  }

  // 4. Application profiles copy their destinations from what they were created from.
  for (const app of APPLICATION_PROFILES) {
    const region = regionData(app.region);
    let models: InferenceProfile['models'];
    if ('systemProfileId' in app.copyFrom) {
      const { systemProfileId } = app.copyFrom;
      const source = region.inferenceProfiles.find((p) => p.inferenceProfileId === systemProfileId);
      if (!source) throw new Error(`default data: ${app.id} copies missing ${systemProfileId}`);
      models = structuredClone(source.models);
    } else {
      models = [{ modelArn: foundationModelArn(app.region, app.copyFrom.modelId) }];
    }
    region.inferenceProfiles.push({
      inferenceProfileName: app.name,
      ...(app.description ? { description: app.description } : {}),
      createdAt: app.createdAt,
      updatedAt: app.createdAt,
      inferenceProfileArn: applicationProfileArn(app.region, accountId, app.id),
      models,
      inferenceProfileId: app.id,
      status: 'ACTIVE',
      type: 'APPLICATION',
    });
  }

  for (const [code, throughputs] of Object.entries(provisionedThroughputs(accountId))) {
    regionData(code).provisionedModelThroughputs.push(...throughputs);
  }

  // A model that needs an agreement the account has not accepted yet: shows up in listings,
  // but its availability says NOT_AVAILABLE (bedrock-api.md §3.4).
  regionData('us-east-1').modelAccess[OPUS_4_6] = {
    agreementAvailability: { status: 'NOT_AVAILABLE' },
    authorizationStatus: 'AUTHORIZED',
    entitlementAvailability: 'AVAILABLE',
    regionAvailability: 'AVAILABLE',
  };

  for (const [code, region] of Object.entries(regions)) addServiceQuotas(code, region);
  addAccountTargets(regions, accountId);
  addDefaultUsage(regionData('us-east-1'), accountId);

  const data = { accountId, regions };
  const problems = findInconsistencies(data);
  if (problems.length > 0) throw new Error(`default data is inconsistent:\n${problems.join('\n')}`);
  return data;
}

/**
 * Lists every profile destination that its region does not offer, every region-qualified ARN
 * pointing at a region outside the data set, and every malformed timestamp. Empty means
 * consistent; benchmarks can run it on data sets they build.
 */
export function findInconsistencies(data: EmulatorData): string[] {
  const problems: string[] = [];
  const timestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
  for (const [code, region] of Object.entries(data.regions)) {
    for (const profile of region.inferenceProfiles) {
      for (const { modelArn } of profile.models) {
        const destination = arnRegion(modelArn);
        if (destination === '') continue; // global: no single destination to check
        const modelId = modelArn.slice(modelArn.indexOf('foundation-model/') + 17);
        const offered = destination
          ? data.regions[destination]?.foundationModels.some((m) => m.modelId === modelId)
          : false;
        if (!offered)
          problems.push(`${code} ${profile.inferenceProfileId}: ${modelArn} not offered`);
      }
      for (const value of [profile.createdAt, profile.updatedAt]) {
        if (value !== undefined && !timestamp.test(value)) {
          problems.push(`${code} ${profile.inferenceProfileId}: bad timestamp ${value}`);
        }
      }
    }
    for (const model of region.foundationModels) {
      if (model.modelArn !== foundationModelArn(code, model.modelId)) {
        problems.push(`${code} ${model.modelId}: ARN ${model.modelArn} names another region`);
      }
    }
  }
  return problems;
}

/** Quota codes are opaque and the same in every region; derived from the name, so stable. */
function quotaCode(quotaName: string): string {
  return `L-${createHash('sha256').update(quotaName).digest('hex').slice(0, 8).toUpperCase()}`;
}

function serviceQuota(
  region: string,
  quotaName: string,
  value: number,
  extra: Partial<ServiceQuota> = {},
): ServiceQuota {
  const code = quotaCode(quotaName);
  return {
    ServiceCode: 'bedrock',
    ServiceName: 'Amazon Bedrock',
    QuotaArn: serviceQuotaArn(region, code),
    QuotaCode: code,
    QuotaName: quotaName,
    Value: value,
    Unit: 'None',
    Adjustable: true,
    GlobalQuota: false,
    ...extra,
  };
}

/**
 * Real listings name a model by provider and display name, sometimes with a trailing "V1" or
 * other punctuation than ListFoundationModels (seen in public fixtures); these reproduce that.
 */
const QUOTA_DISPLAY_NAMES: Record<string, string> = {
  'global.anthropic.claude-sonnet-4-5-20250929-v1:0': 'Anthropic Claude Sonnet 4.5 V1',
  'global.anthropic.claude-opus-4-6-v1': 'Anthropic Claude Opus 4.6 V1',
  'deepseek.r1-v1:0': 'DeepSeek R1',
  'mistral.pixtral-large-2502-v1:0': 'Mistral AI Pixtral Large 25.02',
};

const TOKEN_QUOTA_DEFAULTS = { 'On-demand': 400_000, 'Cross-region': 2_000_000, Global: 6_000_000 };

/**
 * Token quotas per minute and per day for every on-demand text model and every system profile
 * of the region, in the spellings real listings use, plus account-wide and non-token quotas.
 */
function addServiceQuotas(code: string, region: RegionData): void {
  const quotas: ServiceQuota[] = [];
  const displayName = (key: string, model: FoundationModel | undefined) =>
    QUOTA_DISPLAY_NAMES[key] ??
    (model?.providerName && model.modelName ? `${model.providerName} ${model.modelName}` : null);
  const tokens = (kind: keyof typeof TOKEN_QUOTA_DEFAULTS, name: string) => {
    const prefix =
      kind === 'On-demand'
        ? 'On-demand model inference'
        : kind === 'Global'
          ? 'Global cross-region model inference'
          : 'Cross-region model inference';
    const perMinute = TOKEN_QUOTA_DEFAULTS[kind];
    quotas.push(
      serviceQuota(code, `${prefix} tokens per minute for ${name}`, perMinute, {
        Period: { PeriodValue: 1, PeriodUnit: 'MINUTE' },
      }),
      serviceQuota(code, `${prefix} tokens per day for ${name}`, perMinute * 720, {
        Adjustable: false,
        Period: { PeriodValue: 1, PeriodUnit: 'DAY' },
      }),
    );
  };
  const byId = new Map(region.foundationModels.map((m) => [m.modelId, m]));
  const onDemandText = region.foundationModels.filter(
    (model) =>
      model.inferenceTypesSupported?.includes('ON_DEMAND') &&
      model.outputModalities?.includes('TEXT'),
  );
  const names = onDemandText.map((model) => displayName(model.modelId, model));
  for (const name of names) {
    // Two models of one name (Claude 2.0 and 2.1, both 'Claude') would give one quota code twice.
    if (name && names.indexOf(name) === names.lastIndexOf(name)) tokens('On-demand', name);
  }
  for (const profile of region.inferenceProfiles) {
    if (profile.type !== 'SYSTEM_DEFINED') continue;
    const global = profile.inferenceProfileId.startsWith('global.');
    const modelId = profile.inferenceProfileId.slice(profile.inferenceProfileId.indexOf('.') + 1);
    const name =
      QUOTA_DISPLAY_NAMES[modelId] === undefined
        ? displayName(profile.inferenceProfileId, byId.get(modelId))
        : displayName(modelId, undefined);
    if (name) tokens(global ? 'Global' : 'Cross-region', name);
  }
  quotas.push(
    serviceQuota(code, 'Cross-model max tokens per day', 50_000_000_000, { Adjustable: false }),
    serviceQuota(code, 'Batch inference job size (in GB)', 5, { Adjustable: false }),
    serviceQuota(code, 'Custom models per account', 100),
    serviceQuota(
      code,
      'On-demand model inference requests per minute for Anthropic Claude 3 Haiku',
      1000,
    ),
  );
  region.serviceQuotas = quotas;
  region.appliedQuotaValues = {};
  if (code !== 'us-east-1') return;
  // A token quota for a model no listing describes: kept, shown, counted as unmatched.
  quotas.push(
    serviceQuota(
      code,
      'Cross-region model inference tokens per minute for Anthropic Claude Opus 5',
      2_000_000,
    ),
  );
  region.appliedQuotaValues = {
    // Refused on every call although the profile is ACTIVE (seen: applied 0 vs 6,000,000).
    [quotaCode(
      'Global cross-region model inference tokens per minute for Anthropic Claude Sonnet 4.5 V1',
    )]: 0,
    // An approved increase.
    [quotaCode('Cross-region model inference tokens per minute for Anthropic Claude Haiku 4.5')]:
      5_000_000,
    [quotaCode('Custom models per account')]: 100,
  };
}
