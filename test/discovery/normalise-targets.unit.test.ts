import type {
  CustomModelDeploymentSummary,
  MarketplaceModelEndpointSummary,
  PromptRouterSummary,
} from '@aws-sdk/client-bedrock';
import { describe, expect, it } from 'vitest';
import {
  normaliseDeployments,
  normaliseImportedModels,
  normaliseMarketplaceEndpoints,
  normalisePromptRouters,
} from '../../packages/discovery/src/normalise.js';

const REGION = 'us-east-1';
const arn = (resource: string) => `arn:aws:bedrock:${REGION}:111122223333:${resource}`;
const created = new Date('2026-08-04T09:00:00.000Z');

describe('normalising account-owned targets', () => {
  it('drops unreadable items with a reason and keeps the rest', () => {
    const routers = normalisePromptRouters(
      [
        {
          promptRouterName: 'ok',
          promptRouterArn: arn('prompt-router/aaaaaaaaaaaa'),
          models: [{ modelArn: arn('inference-profile/us.a-v1:0') }],
          fallbackModel: { modelArn: arn('inference-profile/us.a-v1:0') },
          routingCriteria: { responseQualityDifference: 0.5 },
          status: 'AVAILABLE',
          type: 'custom',
        },
        {
          promptRouterName: 'no models',
          promptRouterArn: arn('prompt-router/b'),
          status: 'AVAILABLE',
          type: 'custom',
        } as unknown as PromptRouterSummary,
        null as unknown as PromptRouterSummary,
      ],
      REGION,
    );
    const endpoints = normaliseMarketplaceEndpoints(
      [
        {
          endpointArn: 'arn:aws:sagemaker:us-east-1:111122223333:endpoint/e',
          createdAt: created,
        } as MarketplaceModelEndpointSummary,
      ],
      REGION,
    );
    const imported = normaliseImportedModels(
      [
        {
          modelArn: arn('imported-model/x'),
          modelName: 'x',
          creationTime: 'yesterday' as unknown as Date,
        },
      ],
      REGION,
    );

    expect(routers.items.map((r) => r.name)).toEqual(['ok']);
    expect(routers.dropped).toEqual([
      { kind: 'prompt-router', id: arn('prompt-router/b'), reason: 'models missing' },
      { kind: 'prompt-router', id: null, reason: 'not an object' },
    ]);
    expect(endpoints.dropped).toEqual([
      {
        kind: 'marketplace-endpoint',
        id: 'arn:aws:sagemaker:us-east-1:111122223333:endpoint/e',
        reason: 'modelSourceIdentifier missing',
      },
    ]);
    expect(imported.dropped[0]).toMatchObject({
      kind: 'imported-model',
      reason: 'creationTime is not a date',
    });
  });

  it('keeps the first of a deployment listed twice, and links only listed custom models', () => {
    const deployment: CustomModelDeploymentSummary = {
      customModelDeploymentArn: arn('custom-model-deployment/m4k8q2w7e1r5'),
      customModelDeploymentName: 'prod',
      modelArn: arn('custom-model/amazon.nova-lite-v1:0:300k/r2d2c3p04bb8'),
      createdAt: created,
      status: 'Active',
    };

    const result = normaliseDeployments([deployment, deployment], REGION, []);

    expect(result.items).toEqual([
      expect.objectContaining({
        customModelName: null,
        baseModelArn: null,
        status: 'Active',
        updatedAt: null,
      }),
    ]);
    expect(result.dropped).toEqual([
      {
        kind: 'custom-model-deployment',
        id: deployment.customModelDeploymentArn,
        reason: 'duplicate in listing',
      },
    ]);
  });
});
