import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type {
  ModelContent,
  ProfileContent,
  RegionSnapshot,
  ThroughputContent,
} from '../../packages/catalog/src/snapshot.js';

/** Hand-built, real-looking Bedrock content for catalog tests. */

export const ACCOUNT = '123456789012';
export const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
export const SONNET_4 = 'anthropic.claude-sonnet-4-20250514-v1:0';
export const NOVA_PRO = 'amazon.nova-pro-v1:0';
export const LLAMA_70B = 'meta.llama3-1-70b-instruct-v1:0';

const US_DESTINATIONS = ['us-east-1', 'us-east-2', 'us-west-2'];
const EU_DESTINATIONS = ['eu-central-1', 'eu-north-1', 'eu-west-1', 'eu-west-3'];
const GEO_DESTINATIONS: Record<string, string[]> = { us: US_DESTINATIONS, eu: EU_DESTINATIONS };
const CREATED = '2024-08-28T00:00:00.000Z';

const modelArn = (region: string, modelId: string) =>
  `arn:aws:bedrock:${region}::foundation-model/${modelId}`;

export function geoProfile(region: string, modelId: string, prefix = 'us'): ProfileContent {
  const destinations = GEO_DESTINATIONS[prefix] ?? [region];
  const profileId = `${prefix}.${modelId}`;
  return {
    profileId,
    profileArn: `arn:aws:bedrock:${region}:${ACCOUNT}:inference-profile/${profileId}`,
    name: `${prefix.toUpperCase()} ${modelId.split('.')[1]?.split('-v')[0] ?? modelId}`,
    description: `Routes requests to ${modelId} in ${destinations.join(', ')}.`,
    type: 'SYSTEM_DEFINED',
    status: 'ACTIVE',
    region,
    modelId,
    modelIds: [modelId],
    modelArns: destinations.map((d) => modelArn(d, modelId)),
    destinationRegions: destinations,
    scope: 'geo',
    geoPrefix: prefix,
    routing: 'geo',
    createdAt: CREATED,
    updatedAt: CREATED,
  };
}

/** A global profile: its first model ARN has no region. */
export function globalProfile(region: string, modelId: string): ProfileContent {
  const profileId = `global.${modelId}`;
  const destinations = [...US_DESTINATIONS, ...EU_DESTINATIONS].sort();
  return {
    profileId,
    profileArn: `arn:aws:bedrock:${region}:${ACCOUNT}:inference-profile/${profileId}`,
    name: `Global ${modelId}`,
    description: `Routes requests to ${modelId} in any commercial region.`,
    type: 'SYSTEM_DEFINED',
    status: 'ACTIVE',
    region,
    modelId,
    modelIds: [modelId],
    modelArns: [
      `arn:aws:bedrock:::foundation-model/${modelId}`,
      ...destinations.map((d) => modelArn(d, modelId)),
    ],
    destinationRegions: destinations,
    scope: 'global',
    geoPrefix: 'global',
    routing: 'global',
    createdAt: '2025-09-15T00:00:00.000Z',
    updatedAt: '2025-09-15T00:00:00.000Z',
  };
}

/** An application profile copied from the region's own foundation model (in-region routing). */
export function applicationProfile(region: string, index: number, modelId = HAIKU): ProfileContent {
  const profileId = `${(0x1a2b3c4d5e + index).toString(36).padStart(12, '0')}`;
  return {
    profileId,
    profileArn: `arn:aws:bedrock:${region}:${ACCOUNT}:application-inference-profile/${profileId}`,
    name: `team-${index}-cost-tracking`,
    description: null,
    type: 'APPLICATION',
    status: 'ACTIVE',
    region,
    modelId,
    modelIds: [modelId],
    modelArns: [modelArn(region, modelId)],
    destinationRegions: [region],
    scope: 'application',
    geoPrefix: null,
    routing: 'in-region',
    createdAt: '2025-02-03T10:11:12.000Z',
    updatedAt: '2025-02-03T10:11:12.000Z',
  };
}

export function foundationModel(
  region: string,
  modelId: string,
  inferenceTypes: string[] = ['ON_DEMAND', 'INFERENCE_PROFILE'],
): ModelContent {
  const provider = modelId.split('.')[0] ?? 'unknown';
  return {
    modelId,
    modelArn: modelArn(region, modelId),
    region,
    name: modelId.split('.')[1] ?? modelId,
    provider: provider[0]?.toUpperCase() + provider.slice(1),
    inputModalities: ['TEXT', 'IMAGE'],
    outputModalities: ['TEXT'],
    responseStreamingSupported: true,
    customizationsSupported: [],
    inferenceTypes,
    lifecycle: {
      status: 'ACTIVE',
      startOfLifeTime: '2024-03-07T00:00:00.000Z',
      endOfLifeTime: null,
      legacyTime: null,
      publicExtendedAccessTime: null,
    },
    access: null,
  };
}

export function provisionedThroughput(region: string, modelId: string): ThroughputContent {
  return {
    name: 'prod-haiku-pt',
    arn: `arn:aws:bedrock:${region}:${ACCOUNT}:provisioned-model/x9k2m4p7q1w3`,
    region,
    modelArn: modelArn(region, modelId),
    modelId,
    foundationModelArn: modelArn(region, modelId),
    modelUnits: 1,
    desiredModelUnits: 1,
    status: 'InService',
    commitmentDuration: 'OneMonth',
    commitmentExpirationTime: '2026-12-01T00:00:00.000Z',
    creationTime: '2026-11-01T00:00:00.000Z',
    lastModifiedTime: '2026-11-01T00:00:00.000Z',
  };
}

/** A small region: three geo profiles, one global, one application, four models, one PT. */
export function smallSnapshot(region: string, prefix = 'us'): RegionSnapshot {
  return {
    region,
    profiles: [
      geoProfile(region, HAIKU, prefix),
      geoProfile(region, NOVA_PRO, prefix),
      geoProfile(region, LLAMA_70B, prefix),
      globalProfile(region, SONNET_4),
      applicationProfile(region, 1),
    ],
    models: [
      foundationModel(region, HAIKU),
      foundationModel(region, SONNET_4, ['INFERENCE_PROFILE']),
      foundationModel(region, NOVA_PRO),
      foundationModel(region, LLAMA_70B),
    ],
    throughputs: [provisionedThroughput(region, HAIKU)],
  };
}

/** A big region (`applicationProfiles` + 10 items), for write counting and pagination. */
export function largeSnapshot(region: string, applicationProfiles = 200): RegionSnapshot {
  const small = smallSnapshot(region);
  return {
    ...small,
    profiles: [
      ...small.profiles,
      ...Array.from({ length: applicationProfiles }, (_, i) => applicationProfile(region, i + 2)),
    ],
  };
}

export const itemCount = (s: RegionSnapshot) =>
  s.profiles.length + s.models.length + s.throughputs.length;

export interface WriteCounter {
  /** Write requests: BatchWriteItem entries plus PutItem, UpdateItem and DeleteItem calls. */
  writes: number;
  commands: Record<string, number>;
  reset(): void;
}

/** Counts write requests sent through `client` (and every DocumentClient built on it). */
export function countWrites(client: DynamoDBClient): WriteCounter {
  const counter: WriteCounter = {
    writes: 0,
    commands: {},
    reset() {
      counter.writes = 0;
      counter.commands = {};
    },
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? 'unknown';
      counter.commands[name] = (counter.commands[name] ?? 0) + 1;
      const input = args.input as { RequestItems?: Record<string, unknown[]> };
      if (name === 'BatchWriteItemCommand') {
        for (const requests of Object.values(input.RequestItems ?? {})) {
          counter.writes += requests.length;
        }
      } else if (['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand'].includes(name)) {
        counter.writes += 1;
      }
      return next(args);
    },
    { step: 'build', name: 'countCatalogWrites' },
  );
  return counter;
}
