import { resolveInvokeTargets } from '@bedrock-profile-catalog/query-api';
import { describe, expect, it } from 'vitest';
import {
  accountTargets,
  customModelArn,
  deployment,
  importedModel,
  MODEL_SOURCE,
  marketplaceEndpoint,
  promptRouter,
} from '../support/account-targets.js';

const S = 'us-east-1';
const resolve = (modelId: string, targets = accountTargets(S)) =>
  resolveInvokeTargets({
    modelId,
    sourceRegion: S,
    model: null,
    profilesInSource: [],
    accountTargetsInSource: targets,
  });

/** What every account-owned target carries that only foundation-model targets fill in. */
// Not probed either: no latency, every tier unknown; no price without Price List data.
const NOT_APPLICABLE = {
  access: null,
  quota: null,
  lifecycle: null,
  geoPrefix: null,
  latency: null,
  usage: null,
  tiers: { flex: 'unknown', priority: 'unknown' },
  price: null,
};

describe('Function: resolveInvokeTargets, account-owned targets', () => {
  it('offers a custom model’s Active deployment by its ARN, never one still Creating', () => {
    const targets = resolve(customModelArn(S));

    expect(targets).toEqual([
      {
        targetId: deployment(S).arn,
        kind: 'custom-model-deployment',
        scope: 'in-region',
        sourceRegion: S,
        destinationRegions: [S],
        targetArn: deployment(S).arn,
        name: 'support-bot-prod',
        customModelArn: customModelArn(S),
        baseModelId: 'amazon.nova-lite-v1:0:300k',
        ...NOT_APPLICABLE,
      },
    ]);
  });

  it('offers an Active deployment asked by its own ARN, and nothing for a Failed one', () => {
    expect(resolve(deployment(S).arn).map((t) => t.targetId)).toEqual([deployment(S).arn]);
    const failed = deployment(S, { status: 'Failed', failureMessage: 'quota exceeded' });
    expect(resolve(failed.arn, [failed])).toEqual([]);
  });

  it('offers an imported model for its own ARN', () => {
    const imported = importedModel(S);
    expect(resolve(imported.arn)).toEqual([
      {
        targetId: imported.arn,
        kind: 'imported-model',
        scope: 'in-region',
        sourceRegion: S,
        destinationRegions: [S],
        targetArn: imported.arn,
        name: 'llama-3-8b-finetune',
        ...NOT_APPLICABLE,
      },
    ]);
  });

  it('offers a prompt router for its ARN with its models and fallback', () => {
    const router = promptRouter(S);
    const [target] = resolve(router.arn);
    expect(target).toEqual({
      targetId: router.arn,
      kind: 'prompt-router',
      scope: 'in-region',
      sourceRegion: S,
      destinationRegions: [S],
      targetArn: router.arn,
      name: 'Anthropic Prompt Router',
      routerType: 'default',
      models: router.modelArns,
      fallbackModelArn: router.fallbackModelArn,
      ...NOT_APPLICABLE,
    });
  });

  it('gives a router through inference profiles the widest scope of its profiles', () => {
    const profileArn = (id: string) => `arn:aws:bedrock:${S}:111122223333:inference-profile/${id}`;
    const geo = {
      ...promptRouter(S),
      modelArns: [profileArn('us.anthropic.claude-3-haiku-20240307-v1:0')],
      fallbackModelArn: profileArn('us.anthropic.claude-3-haiku-20240307-v1:0'),
    };
    expect(resolve(geo.arn, [geo])[0]).toMatchObject({ scope: 'geo', geoPrefix: 'us' });
    const global = {
      ...geo,
      modelArns: [...geo.modelArns, profileArn('global.anthropic.claude-sonnet-4-5-v1:0')],
    };
    expect(resolve(global.arn, [global])[0]).toMatchObject({
      scope: 'global',
      geoPrefix: 'global',
    });
  });

  it('offers only REGISTERED Marketplace endpoints, by model source or by endpoint ARN', () => {
    const endpoint = marketplaceEndpoint(S);
    const expected = {
      targetId: endpoint.arn,
      kind: 'marketplace-endpoint',
      scope: 'in-region',
      sourceRegion: S,
      destinationRegions: [S],
      targetArn: endpoint.arn,
      name: 'mistral-7b-endpoint',
      modelSourceIdentifier: MODEL_SOURCE,
      ...NOT_APPLICABLE,
    };
    expect(resolve(MODEL_SOURCE)).toEqual([expected]);
    expect(resolve(endpoint.arn)).toEqual([expected]);
    const incompatible = accountTargets(S).find((t) => t.status === 'INCOMPATIBLE_ENDPOINT');
    expect(resolve(incompatible?.arn ?? '')).toEqual([]);
  });

  it('ignores targets of other source regions and other IDs', () => {
    const elsewhere = deployment('us-west-2', { modelKey: customModelArn(S) });
    expect(resolve(customModelArn(S), [elsewhere])).toEqual([]);
    expect(resolve('amazon.nova-lite-v1:0')).toEqual([]);
  });
});
