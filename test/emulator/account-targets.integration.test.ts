import {
  GetAccountDataRetentionCommand,
  ListCustomModelDeploymentsCommand,
  ListCustomModelsCommand,
  ListFoundationModelsCommand,
  ListImportedModelsCommand,
  ListMarketplaceModelEndpointsCommand,
  ListPromptRoutersCommand,
  type PromptRouterType,
  paginateListCustomModelDeployments,
  paginateListPromptRouters,
} from '@aws-sdk/client-bedrock';
import type { RunningEmulator } from '@bedrock-profile-catalog/bedrock-emulator';
import {
  DEFAULT_ACCOUNT_ID,
  MARKETPLACE_MODEL_SOURCE,
} from '@bedrock-profile-catalog/bedrock-emulator';
import { describe, expect, it } from 'vitest';
import { bedrockClient, rejectionOf, signedHeaders, useEmulator } from './support.js';

let emulator: RunningEmulator;
useEmulator((started) => {
  emulator = started;
});

const ACCOUNT = DEFAULT_ACCOUNT_ID;

async function rawGet(path: string, region = 'us-east-1') {
  const response = await fetch(`${emulator.url}${path}`, { headers: signedHeaders(region) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('ListCustomModelDeployments', () => {
  it('lists an Active and a Creating deployment under the List name key, one per page', async () => {
    const client = bedrockClient(emulator, 'us-east-1');
    const pages: number[] = [];
    const deployments = [];
    for await (const page of paginateListCustomModelDeployments({ client, pageSize: 1 }, {})) {
      pages.push(page.modelDeploymentSummaries?.length ?? 0);
      deployments.push(...(page.modelDeploymentSummaries ?? []));
    }

    expect(pages).toEqual([1, 1]);
    expect(deployments.map((d) => [d.customModelDeploymentName, d.status])).toEqual([
      ['claims-nova-micro-canary', 'Creating'],
      ['claims-nova-lite-prod', 'Active'],
    ]);
    expect(deployments[1]?.customModelDeploymentArn).toBe(
      `arn:aws:bedrock:us-east-1:${ACCOUNT}:custom-model-deployment/m4k8q2w7e1r5`,
    );
    expect(deployments[1]?.createdAt).toBeInstanceOf(Date);
  });

  it('filters by the mixed-case status and rejects the upper case the docs print', async () => {
    const client = bedrockClient(emulator, 'us-east-1');

    const active = await client.send(
      new ListCustomModelDeploymentsCommand({ statusEquals: 'Active' }),
    );
    const raw = await rawGet('/model-customization/custom-model-deployments?statusEquals=ACTIVE');

    expect(active.modelDeploymentSummaries?.map((d) => d.customModelDeploymentName)).toEqual([
      'claims-nova-lite-prod',
    ]);
    expect(raw.status).toBe(400);
  });

  it('answers a failed deployment with its failure message in us-west-2', async () => {
    const out = await bedrockClient(emulator, 'us-west-2').send(
      new ListCustomModelDeploymentsCommand({}),
    );
    expect(out.modelDeploymentSummaries).toEqual([
      expect.objectContaining({ status: 'Failed', failureMessage: expect.any(String) }),
    ]);
  });
});

describe('three operations under modelSummaries, each with its own shape', () => {
  it('ListCustomModels links a custom model to its Nova base model', async () => {
    const client = bedrockClient(emulator, 'us-east-1');
    const out = await client.send(new ListCustomModelsCommand({ sortOrder: 'Ascending' }));
    const raw = await rawGet('/custom-models');

    expect(out.modelSummaries?.map((m) => [m.modelName, m.baseModelArn])).toEqual([
      ['claims-nova-lite-ft', 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0'],
      [
        'claims-nova-micro-distilled',
        'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0',
      ],
    ]);
    expect(Object.keys(raw.body)).toEqual(['modelSummaries']);
    expect(Object.keys((raw.body.modelSummaries as object[])[0] ?? {})).toContain('baseModelName');
  });

  it('ListImportedModels answers imported models, ListFoundationModels foundation ones', async () => {
    const client = bedrockClient(emulator, 'us-east-1');
    const imported = await client.send(new ListImportedModelsCommand({}));
    const foundation = await client.send(new ListFoundationModelsCommand({}));

    expect(imported.modelSummaries).toEqual([
      {
        modelArn: `arn:aws:bedrock:us-east-1:${ACCOUNT}:imported-model/k2j4h6g8f0d1`,
        modelName: 'acme-llama-3-8b-support',
        creationTime: new Date('2026-07-19T15:03:27.000Z'),
        instructSupported: true,
        modelArchitecture: 'llama3',
      },
    ]);
    expect(foundation.modelSummaries?.some((m) => m.modelId === 'amazon.nova-lite-v1:0')).toBe(
      true,
    );
  });
});

describe('ListPromptRouters', () => {
  async function routers(region: string, type?: PromptRouterType) {
    const client = bedrockClient(emulator, region);
    const all = [];
    for await (const page of paginateListPromptRouters(
      { client, pageSize: 2 },
      type ? { type } : {},
    )) {
      all.push(...(page.promptRouterSummaries ?? []));
    }
    return all;
  }

  it('lists AWS default routers by family, routing through geo profile ARNs', async () => {
    const defaults = await routers('us-east-1', 'default');

    expect(defaults.map((r) => r.promptRouterArn)).toEqual([
      `arn:aws:bedrock:us-east-1:${ACCOUNT}:default-prompt-router/anthropic.claude:1`,
      `arn:aws:bedrock:us-east-1:${ACCOUNT}:default-prompt-router/meta.llama:1`,
      `arn:aws:bedrock:us-east-1:${ACCOUNT}:default-prompt-router/amazon.nova:1`,
    ]);
    expect(defaults.every((r) => r.status === 'AVAILABLE' && r.type === 'default')).toBe(true);
    expect(defaults[0]?.models).toEqual([
      {
        modelArn: `arn:aws:bedrock:us-east-1:${ACCOUNT}:inference-profile/us.anthropic.claude-3-5-sonnet-20240620-v1:0`,
      },
      {
        modelArn: `arn:aws:bedrock:us-east-1:${ACCOUNT}:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0`,
      },
    ]);
  });

  it('sends the lowercase type on the wire and lists the custom router only with type=custom', async () => {
    const custom = await routers('us-east-1', 'custom');
    const upper = await rawGet('/prompt-routers?type=CUSTOM');

    expect(custom.map((r) => [r.promptRouterName, r.type])).toEqual([['support-triage', 'custom']]);
    expect(custom[0]?.routingCriteria?.responseQualityDifference).toBe(0.25);
    expect(upper.status).toBe(400);
  });

  it('has no routers where no default router exists', async () => {
    expect(await routers('eu-west-1')).toEqual([]);
  });
});

describe('ListMarketplaceModelEndpoints', () => {
  it('lists a REGISTERED and an INCOMPATIBLE_ENDPOINT endpoint with SageMaker ARNs', async () => {
    const out = await bedrockClient(emulator, 'us-east-1').send(
      new ListMarketplaceModelEndpointsCommand({}),
    );
    expect(out.marketplaceModelEndpoints?.map((e) => [e.endpointArn, e.status])).toEqual([
      [`arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/mistral-small-2501-endpoint`, 'REGISTERED'],
      [
        `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/legacy-falcon-endpoint`,
        'INCOMPATIBLE_ENDPOINT',
      ],
    ]);
  });

  it('filters by modelSourceEquals, sent as modelSourceIdentifier on the wire', async () => {
    const out = await bedrockClient(emulator, 'us-east-1').send(
      new ListMarketplaceModelEndpointsCommand({ modelSourceEquals: MARKETPLACE_MODEL_SOURCE }),
    );
    const wire = await rawGet(
      `/marketplace-model/endpoints?modelSourceIdentifier=${encodeURIComponent(MARKETPLACE_MODEL_SOURCE)}`,
    );

    expect(out.marketplaceModelEndpoints?.map((e) => e.status)).toEqual(['REGISTERED']);
    expect((wire.body.marketplaceModelEndpoints as unknown[]).length).toBe(1);
  });

  it('rejects a page token minted for another filter', async () => {
    const client = bedrockClient(emulator, 'us-east-1');
    const first = await client.send(new ListMarketplaceModelEndpointsCommand({ maxResults: 1 }));
    const error = await rejectionOf(
      client.send(
        new ListMarketplaceModelEndpointsCommand({
          modelSourceEquals: MARKETPLACE_MODEL_SOURCE,
          nextToken: first.nextToken,
        }),
      ),
    );
    expect(first.nextToken).toEqual(expect.any(String));
    expect(error.name).toBe('ValidationException');
  });
});

describe('GetAccountDataRetention', () => {
  it('answers each region its mode, `inherit` where it was never set', async () => {
    const east = await bedrockClient(emulator, 'us-east-1').send(
      new GetAccountDataRetentionCommand({}),
    );
    const frankfurt = await bedrockClient(emulator, 'eu-central-1').send(
      new GetAccountDataRetentionCommand({}),
    );
    const ireland = await bedrockClient(emulator, 'eu-west-1').send(
      new GetAccountDataRetentionCommand({}),
    );

    expect([east.mode, frankfurt.mode, ireland.mode]).toEqual(['default', 'none', 'inherit']);
    expect(east.updatedAt).toEqual(new Date('2026-09-14T08:12:44.120Z'));
    expect(ireland.updatedAt).toBeUndefined();
  });
});

describe('faults on one new operation', () => {
  it('denies ListPromptRouters only, while the other listings answer', async () => {
    emulator.setFault('us-east-1', { kind: 'accessDenied', operation: 'ListPromptRouters' });
    const client = bedrockClient(emulator, 'us-east-1');

    const error = await rejectionOf(client.send(new ListPromptRoutersCommand({})));
    const deployments = await client.send(new ListCustomModelDeploymentsCommand({}));
    const retention = await client.send(new GetAccountDataRetentionCommand({}));

    expect(error.name).toBe('AccessDeniedException');
    expect(error.message).toContain('bedrock:ListPromptRouters');
    expect(deployments.modelDeploymentSummaries).toHaveLength(2);
    expect(retention.mode).toBe('default');
  });

  it('arms the same per-operation fault over the control endpoint', async () => {
    const response = await fetch(`${emulator.url}/__emulator/faults/us-east-2`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'accessDenied', operation: 'GetAccountDataRetention' }),
    });
    const client = bedrockClient(emulator, 'us-east-2');

    const error = await rejectionOf(client.send(new GetAccountDataRetentionCommand({})));
    const routersThere = await client.send(new ListPromptRoutersCommand({ type: 'default' }));

    expect(response.status).toBe(200);
    expect(error.name).toBe('AccessDeniedException');
    expect(routersThere.promptRouterSummaries).toHaveLength(3);
  });
});
