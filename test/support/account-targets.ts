import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  type AccountTargetRecord,
  CATALOG_TABLE,
  type DeploymentTargetRecord,
  type ImportedModelTargetRecord,
  type MarketplaceEndpointTargetRecord,
  type PromptRouterTargetRecord,
  targetKeys,
} from '@bedrock-profile-catalog/catalog';

/**
 * Account-owned targets (custom model deployments, imported models, prompt routers, Marketplace
 * endpoints) as the scanner's writer stores them: `targetKeys(record)`, the record's fields and
 * the writer's internal attributes. The query side's tests seed them with `seedAccountTargets`
 * until the scanner writes them from the emulator.
 */

export const TARGET_ACCOUNT = '111122223333';
const SEEN = '2026-11-30T12:00:00.000Z';
const arnIn = (region: string, resource: string) =>
  `arn:aws:bedrock:${region}:${TARGET_ACCOUNT}:${resource}`;

const base = (region: string) => ({
  recordType: 'target' as const,
  region,
  createdAt: '2026-11-20T09:00:00.000Z',
  updatedAt: null,
  firstSeenAt: SEEN,
  lastSeenAt: SEEN,
});

export const customModelArn = (region: string) => arnIn(region, 'custom-model/nova-lite-support');

export function deployment(
  region: string,
  overrides: Partial<DeploymentTargetRecord> = {},
): DeploymentTargetRecord {
  const arn = arnIn(region, 'custom-model-deployment/a1b2c3d4e5f6');
  return {
    ...base(region),
    kind: 'custom-model-deployment',
    arn,
    name: 'support-bot-prod',
    status: 'Active',
    modelKey: customModelArn(region),
    customModelArn: customModelArn(region),
    customModelName: 'nova-lite-support',
    baseModelArn: `arn:aws:bedrock:${region}::foundation-model/amazon.nova-lite-v1:0:300k`,
    baseModelId: 'amazon.nova-lite-v1:0:300k',
    failureMessage: null,
    ...overrides,
  };
}

export function importedModel(region: string): ImportedModelTargetRecord {
  const arn = arnIn(region, 'imported-model/k3j4h5g6f7d8');
  return {
    ...base(region),
    kind: 'imported-model',
    arn,
    name: 'llama-3-8b-finetune',
    status: null,
    modelKey: arn,
    modelArchitecture: 'llama3',
    instructSupported: true,
  };
}

export function promptRouter(region: string): PromptRouterTargetRecord {
  const arn = arnIn(region, 'default-prompt-router/anthropic.claude:1');
  const fm = (id: string) => `arn:aws:bedrock:${region}::foundation-model/${id}`;
  return {
    ...base(region),
    kind: 'prompt-router',
    arn,
    name: 'Anthropic Prompt Router',
    status: 'AVAILABLE',
    modelKey: arn,
    routerType: 'default',
    description: 'Routes requests among models in the Claude family',
    modelArns: [
      fm('anthropic.claude-3-haiku-20240307-v1:0'),
      fm('anthropic.claude-3-5-sonnet-20240620-v1:0'),
    ],
    fallbackModelArn: fm('anthropic.claude-3-5-sonnet-20240620-v1:0'),
    responseQualityDifference: 0,
  };
}

export const MODEL_SOURCE =
  'arn:aws:sagemaker:us-east-1:aws:hub-content/SageMakerPublicHub/Model/huggingface-llm-mistral-7b/2.0.0';

export function marketplaceEndpoint(
  region: string,
  overrides: Partial<MarketplaceEndpointTargetRecord> = {},
): MarketplaceEndpointTargetRecord {
  return {
    ...base(region),
    kind: 'marketplace-endpoint',
    arn: `arn:aws:sagemaker:${region}:${TARGET_ACCOUNT}:endpoint/mistral-7b-endpoint`,
    name: 'mistral-7b-endpoint',
    status: 'REGISTERED',
    modelKey: MODEL_SOURCE,
    modelSourceIdentifier: MODEL_SOURCE,
    statusMessage: null,
    ...overrides,
  };
}

/** One of each kind, plus a deployment still Creating and an endpoint that is not registered. */
export function accountTargets(region: string): AccountTargetRecord[] {
  return [
    deployment(region),
    deployment(region, {
      arn: arnIn(region, 'custom-model-deployment/z9y8x7w6v5u4'),
      name: 'support-bot-canary',
      status: 'Creating',
    }),
    importedModel(region),
    promptRouter(region),
    marketplaceEndpoint(region),
    marketplaceEndpoint(region, {
      arn: `arn:aws:sagemaker:${region}:${TARGET_ACCOUNT}:endpoint/mistral-7b-old`,
      name: 'mistral-7b-old',
      status: 'INCOMPATIBLE_ENDPOINT',
      statusMessage: 'The endpoint container is not compatible with Bedrock',
    }),
  ];
}

/** Writes the records as the writer does: keys, fields, `expiresAt` and `contentHash`. */
export async function seedAccountTargets(
  documentClient: DynamoDBDocumentClient,
  tableName: string,
  records: readonly AccountTargetRecord[],
  expiresAt = Math.floor(Date.now() / 1000) + 86_400,
): Promise<void> {
  for (let start = 0; start < records.length; start += 25) {
    await documentClient.send(
      new BatchWriteCommand({
        RequestItems: {
          [tableName]: records.slice(start, start + 25).map((record) => ({
            PutRequest: {
              Item: {
                ...targetKeys(record),
                ...record,
                [CATALOG_TABLE.ttlAttribute]: expiresAt,
                [CATALOG_TABLE.contentHashAttribute]: 'seeded',
              },
            },
          })),
        },
      }),
    );
  }
}
