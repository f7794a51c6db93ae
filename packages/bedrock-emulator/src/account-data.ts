/**
 * The default account-owned targets: custom model deployments with their custom models, an
 * imported model, AWS's default prompt routers plus one custom router, Marketplace endpoints, and
 * a data retention mode in every region. Shapes are the wire shapes (bedrock-surface.md G2, G4,
 * G5, G9), statuses in their odd wire case.
 */
import { foundationModelArn } from './arn.js';
import type { PromptRouter, RegionData } from './model.js';

const bedrockArn = (region: string, accountId: string, resource: string) =>
  `arn:aws:bedrock:${region}:${accountId}:${resource}`;

export const customModelArn = (region: string, accountId: string, base: string, id: string) =>
  bedrockArn(region, accountId, `custom-model/${base}/${id}`);
export const customModelDeploymentArn = (region: string, accountId: string, id: string) =>
  bedrockArn(region, accountId, `custom-model-deployment/${id}`);
export const importedModelArn = (region: string, accountId: string, id: string) =>
  bedrockArn(region, accountId, `imported-model/${id}`);
export const defaultPromptRouterArn = (region: string, accountId: string, family: string) =>
  bedrockArn(region, accountId, `default-prompt-router/${family}`);
export const promptRouterArn = (region: string, accountId: string, id: string) =>
  bedrockArn(region, accountId, `prompt-router/${id}`);
export const marketplaceEndpointArn = (region: string, accountId: string, name: string) =>
  `arn:aws:sagemaker:${region}:${accountId}:endpoint/${name}`;

/** AWS's default routers: a family, its two geo profiles (strong model first) and the fallback. */
const DEFAULT_ROUTERS = [
  {
    family: 'anthropic.claude:1',
    name: 'Anthropic Prompt Router',
    profiles: [
      'us.anthropic.claude-3-5-sonnet-20240620-v1:0',
      'us.anthropic.claude-3-haiku-20240307-v1:0',
    ],
  },
  {
    family: 'meta.llama:1',
    name: 'Meta Prompt Router',
    profiles: ['us.meta.llama3-1-70b-instruct-v1:0', 'us.meta.llama3-1-8b-instruct-v1:0'],
  },
  {
    family: 'amazon.nova:1',
    name: 'Nova Prompt Router',
    profiles: ['us.amazon.nova-pro-v1:0', 'us.amazon.nova-lite-v1:0'],
  },
] as const;

/** Where the default routers exist: the regions whose `us.` profiles they route through. */
const DEFAULT_ROUTER_REGIONS = ['us-east-1', 'us-east-2', 'us-west-2'];

export const MARKETPLACE_MODEL_SOURCE =
  'arn:aws:sagemaker:us-east-1:aws:hub-content/SageMakerPublicHub/Model/huggingface-llm-mistral-small-24b-instruct-2501/1.0.0';

function profileArnIn(region: RegionData, code: string, profileId: string): string {
  const profile = region.inferenceProfiles.find((p) => p.inferenceProfileId === profileId);
  if (!profile) throw new Error(`default data: router in ${code} needs missing ${profileId}`);
  return profile.inferenceProfileArn;
}

function defaultRouters(region: RegionData, code: string, accountId: string): PromptRouter[] {
  return DEFAULT_ROUTERS.map((router) => {
    const models = router.profiles.map((id) => ({ modelArn: profileArnIn(region, code, id) }));
    return {
      promptRouterName: router.name,
      routingCriteria: { responseQualityDifference: 0 },
      description: `Routes requests among models in the ${router.name.split(' ')[0]} family`,
      createdAt: '2025-04-07T00:00:00.000Z',
      updatedAt: '2025-04-07T00:00:00.000Z',
      promptRouterArn: defaultPromptRouterArn(code, accountId, router.family),
      models,
      fallbackModel: { modelArn: models[1]?.modelArn ?? '' },
      status: 'AVAILABLE',
      type: 'default',
    };
  });
}

/** Data retention modes set per region; every other region answers `inherit` (never set). */
const RETENTION: Record<string, { mode: string; updatedAt: string }> = {
  'us-east-1': { mode: 'default', updatedAt: '2026-09-14T08:12:44.120Z' },
  'eu-central-1': { mode: 'none', updatedAt: '2026-10-02T13:40:05.887Z' },
};

/** Adds the account's targets to `regions` (built by default-data.ts) in place. */
export function addAccountTargets(regions: Record<string, RegionData>, accountId: string): void {
  for (const [code, region] of Object.entries(regions)) {
    region.dataRetention = { ...(RETENTION[code] ?? { mode: 'inherit' }) };
    if (DEFAULT_ROUTER_REGIONS.includes(code)) {
      region.promptRouters = defaultRouters(region, code, accountId);
    }
  }
  const east = regions['us-east-1'];
  if (east) addUsEast1Targets(east, accountId);
  const west = regions['us-west-2'];
  if (west) {
    // A deployment whose custom model this account does not list (shared, or deleted since).
    west.customModelDeployments = [
      {
        customModelDeploymentArn: customModelDeploymentArn('us-west-2', accountId, 'f4i1l3d9x0z2'),
        customModelDeploymentName: 'partner-nova-failed',
        modelArn: customModelArn(
          'us-west-2',
          '444455556666',
          'amazon.nova-micro-v1:0:128k',
          'p7s2h4r1e8d6',
        ),
        createdAt: '2026-11-20T10:00:00.000Z',
        status: 'Failed',
        lastUpdatedAt: '2026-11-20T10:14:31.002Z',
        failureMessage: 'The custom model is not available for on-demand deployment.',
      },
    ];
  }
}

function addUsEast1Targets(region: RegionData, accountId: string): void {
  const code = 'us-east-1';
  const lite = customModelArn(code, accountId, 'amazon.nova-lite-v1:0:300k', 'r2d2c3p04bb8');
  const micro = customModelArn(code, accountId, 'amazon.nova-micro-v1:0:128k', 'k9s8t7u6v5w4');
  region.customModels = [
    {
      modelArn: lite,
      modelName: 'claims-nova-lite-ft',
      creationTime: '2026-08-03T11:20:00.000Z',
      baseModelArn: foundationModelArn(code, 'amazon.nova-lite-v1:0'),
      baseModelName: 'Nova Lite',
      customizationType: 'FINE_TUNING',
      ownerAccountId: accountId,
      modelStatus: 'Active',
    },
    {
      modelArn: micro,
      modelName: 'claims-nova-micro-distilled',
      creationTime: '2026-11-28T07:45:12.500Z',
      baseModelArn: foundationModelArn(code, 'amazon.nova-micro-v1:0'),
      baseModelName: 'Nova Micro',
      customizationType: 'DISTILLATION',
      ownerAccountId: accountId,
      modelStatus: 'Active',
    },
  ];
  region.customModelDeployments = [
    {
      customModelDeploymentArn: customModelDeploymentArn(code, accountId, 'm4k8q2w7e1r5'),
      customModelDeploymentName: 'claims-nova-lite-prod',
      modelArn: lite,
      createdAt: '2026-08-04T09:00:00.000Z',
      status: 'Active',
      lastUpdatedAt: '2026-08-04T09:21:37.410Z',
    },
    {
      customModelDeploymentArn: customModelDeploymentArn(code, accountId, 'x9c3v7b1n5m2'),
      customModelDeploymentName: 'claims-nova-micro-canary',
      modelArn: micro,
      createdAt: '2026-12-01T22:10:00.000Z',
      status: 'Creating',
    },
  ];
  region.importedModels = [
    {
      modelArn: importedModelArn(code, accountId, 'k2j4h6g8f0d1'),
      modelName: 'acme-llama-3-8b-support',
      creationTime: '2026-07-19T15:03:27.000Z',
      instructSupported: true,
      modelArchitecture: 'llama3',
    },
  ];
  const haiku = profileArnIn(region, code, 'us.anthropic.claude-3-haiku-20240307-v1:0');
  const sonnet = profileArnIn(region, code, 'us.anthropic.claude-3-5-sonnet-20240620-v1:0');
  region.promptRouters = [
    ...(region.promptRouters ?? []),
    {
      promptRouterName: 'support-triage',
      routingCriteria: { responseQualityDifference: 0.25 },
      description: 'Sends easy support questions to Haiku.',
      createdAt: '2026-10-21T12:00:00.000Z',
      updatedAt: '2026-10-21T12:00:00.000Z',
      promptRouterArn: promptRouterArn(code, accountId, 'q4w8e2r6t1y5'),
      models: [{ modelArn: sonnet }, { modelArn: haiku }],
      fallbackModel: { modelArn: haiku },
      status: 'AVAILABLE',
      type: 'custom',
    },
  ];
  region.marketplaceModelEndpoints = [
    {
      endpointArn: marketplaceEndpointArn(code, accountId, 'mistral-small-2501-endpoint'),
      modelSourceIdentifier: MARKETPLACE_MODEL_SOURCE,
      status: 'REGISTERED',
      createdAt: '2026-09-30T16:20:00.000Z',
      updatedAt: '2026-09-30T16:31:45.000Z',
    },
    {
      endpointArn: marketplaceEndpointArn(code, accountId, 'legacy-falcon-endpoint'),
      modelSourceIdentifier:
        'arn:aws:sagemaker:us-east-1:aws:hub-content/SageMakerPublicHub/Model/huggingface-llm-falcon-7b-instruct-bf16/2.0.0',
      status: 'INCOMPATIBLE_ENDPOINT',
      statusMessage: 'The endpoint runs a container that Amazon Bedrock cannot invoke.',
      createdAt: '2026-05-11T08:00:00.000Z',
      updatedAt: '2026-05-11T08:02:10.000Z',
    },
  ];
}
