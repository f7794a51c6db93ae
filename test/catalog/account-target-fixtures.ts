import type { ListingStatuses } from '../../packages/catalog/src/records.js';
import type { RegionSnapshot, TargetContent } from '../../packages/catalog/src/snapshot.js';
import { ACCOUNT, smallSnapshot } from './fixtures.js';

/** Hand-built account-owned targets, one of each kind, as discovery normalises them. */

const CREATED = '2026-08-04T09:00:00.000Z';
const SEEN = { createdAt: CREATED, updatedAt: null };

export const arnOf = (region: string, resource: string) =>
  `arn:aws:bedrock:${region}:${ACCOUNT}:${resource}`;

export function deploymentTarget(region: string, id = 'm4k8q2w7e1r5', status = 'Active') {
  const customModelArn = arnOf(region, `custom-model/amazon.nova-lite-v1:0:300k/${id}`);
  return {
    kind: 'custom-model-deployment',
    arn: arnOf(region, `custom-model-deployment/${id}`),
    region,
    name: `claims-${id}`,
    status,
    modelKey: customModelArn,
    ...SEEN,
    customModelArn,
    customModelName: 'claims-nova-lite-ft',
    baseModelArn: `arn:aws:bedrock:${region}::foundation-model/amazon.nova-lite-v1:0`,
    baseModelId: 'amazon.nova-lite-v1:0',
    failureMessage: null,
  } satisfies TargetContent;
}

export function importedTarget(region: string) {
  const arn = arnOf(region, 'imported-model/k2j4h6g8f0d1');
  return {
    kind: 'imported-model',
    arn,
    region,
    name: 'acme-llama-3-8b-support',
    status: null,
    modelKey: arn,
    ...SEEN,
    modelArchitecture: 'llama3',
    instructSupported: true,
  } satisfies TargetContent;
}

export function routerTarget(region: string, family = 'anthropic.claude:1') {
  const arn = arnOf(region, `default-prompt-router/${family}`);
  const haiku = arnOf(region, 'inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0');
  return {
    kind: 'prompt-router',
    arn,
    region,
    name: 'Anthropic Prompt Router',
    status: 'AVAILABLE',
    modelKey: arn,
    ...SEEN,
    routerType: 'default',
    description: null,
    modelArns: [
      arnOf(region, 'inference-profile/us.anthropic.claude-3-5-sonnet-20240620-v1:0'),
      haiku,
    ],
    fallbackModelArn: haiku,
    responseQualityDifference: 0,
  } satisfies TargetContent;
}

export function endpointTarget(region: string) {
  const source = `arn:aws:sagemaker:${region}:aws:hub-content/SageMakerPublicHub/Model/mistral/1.0.0`;
  return {
    kind: 'marketplace-endpoint',
    arn: `arn:aws:sagemaker:${region}:${ACCOUNT}:endpoint/mistral-endpoint`,
    region,
    name: 'mistral-endpoint',
    status: 'REGISTERED',
    modelKey: source,
    ...SEEN,
    modelSourceIdentifier: source,
    statusMessage: null,
  } satisfies TargetContent;
}

export const ALL_LISTINGS_OK: ListingStatuses = {
  customModelDeployments: 'ok',
  customModels: 'ok',
  importedModels: 'ok',
  promptRouters: 'ok',
  marketplaceEndpoints: 'ok',
  dataRetention: 'ok',
};

/** The small snapshot plus one target of each kind, every listing ok. */
export function snapshotWithTargets(region: string): RegionSnapshot {
  return {
    ...smallSnapshot(region),
    targets: [
      deploymentTarget(region),
      importedTarget(region),
      routerTarget(region),
      endpointTarget(region),
    ],
    listings: { ...ALL_LISTINGS_OK },
    dataRetention: { mode: 'default', updatedAt: null, checkedAt: '2026-11-20T08:00:00.000Z' },
  };
}
