import {
  DEFAULT_ACCOUNT_ID,
  type RunningEmulator,
  startEmulator,
} from '@bedrock-profile-catalog/bedrock-emulator';
import { TargetContent } from '@bedrock-profile-catalog/catalog';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type BedrockClientFactory,
  createBedrockClientFactory,
} from '../../packages/discovery/src/client.js';
import { type RegionScanResult, scanRegion } from '../../packages/discovery/src/scan-region.js';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const ACCOUNT = DEFAULT_ACCOUNT_ID;
const NOW = new Date('2026-12-02T01:00:00.000Z');

let emulator: RunningEmulator;
let factory: BedrockClientFactory;

beforeAll(async () => {
  emulator = await startEmulator();
  factory = createBedrockClientFactory({ endpoint: emulator.url, credentials });
});

afterEach(() => emulator.clearFaults());

afterAll(async () => {
  factory.destroy();
  await emulator.close();
});

const scan = (region: string, deadlineMs?: number) =>
  scanRegion(region, { client: factory.clientFor(region), deadlineMs, now: () => NOW });

function expectOk(result: RegionScanResult) {
  if (!result.ok) throw new Error(`${result.region} failed: ${result.error.message}`);
  return result;
}

const byKind = (result: ReturnType<typeof expectOk>, kind: TargetContent['kind']) =>
  (result.snapshot.targets ?? []).filter((t) => t.kind === kind);

describe('scanRegion: the optional account listings', () => {
  it('reads every kind of target, links deployments to their custom and base models', async () => {
    const result = expectOk(await scan('us-east-1'));

    expect(result.snapshot.listings).toEqual({
      customModelDeployments: 'ok',
      customModels: 'ok',
      importedModels: 'ok',
      promptRouters: 'ok',
      marketplaceEndpoints: 'ok',
      dataRetention: 'ok',
    });
    expect(result.snapshot.dataRetention).toEqual({
      mode: 'default',
      updatedAt: '2026-09-14T08:12:44.120Z',
      checkedAt: NOW.toISOString(),
    });
    expect(result.dropped).toEqual([]);
    for (const target of result.snapshot.targets ?? []) TargetContent.parse(target);

    const active = byKind(result, 'custom-model-deployment').find((t) => t.status === 'Active');
    expect(active).toMatchObject({
      arn: `arn:aws:bedrock:us-east-1:${ACCOUNT}:custom-model-deployment/m4k8q2w7e1r5`,
      name: 'claims-nova-lite-prod',
      customModelName: 'claims-nova-lite-ft',
      baseModelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0',
      baseModelId: 'amazon.nova-lite-v1:0',
    });
    expect(active?.modelKey).toBe(
      active?.kind === 'custom-model-deployment' && active.customModelArn,
    );
    expect(
      byKind(result, 'custom-model-deployment')
        .map((t) => t.status)
        .sort(),
    ).toEqual(['Active', 'Creating']);
    expect(byKind(result, 'imported-model')).toEqual([
      expect.objectContaining({ name: 'acme-llama-3-8b-support', modelArchitecture: 'llama3' }),
    ]);
    const routers = byKind(result, 'prompt-router');
    expect(routers.map((r) => r.kind === 'prompt-router' && r.routerType).sort()).toEqual([
      'custom',
      'default',
      'default',
      'default',
    ]);
    expect(
      routers.find((r) => r.arn.endsWith('default-prompt-router/anthropic.claude:1')),
    ).toMatchObject({
      status: 'AVAILABLE',
      modelArns: [
        `arn:aws:bedrock:us-east-1:${ACCOUNT}:inference-profile/us.anthropic.claude-3-5-sonnet-20240620-v1:0`,
        `arn:aws:bedrock:us-east-1:${ACCOUNT}:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0`,
      ],
      fallbackModelArn: `arn:aws:bedrock:us-east-1:${ACCOUNT}:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0`,
    });
    expect(byKind(result, 'marketplace-endpoint').map((e) => [e.name, e.status])).toEqual([
      ['mistral-small-2501-endpoint', 'REGISTERED'],
      ['legacy-falcon-endpoint', 'INCOMPATIBLE_ENDPOINT'],
    ]);
  });

  it('a deployment whose custom model is not listed keeps null links (us-west-2)', async () => {
    const result = expectOk(await scan('us-west-2'));
    expect(byKind(result, 'custom-model-deployment')).toEqual([
      expect.objectContaining({
        status: 'Failed',
        customModelName: null,
        baseModelId: null,
        failureMessage: expect.any(String),
      }),
    ]);
  });

  it('AccessDenied on ListPromptRouters marks that listing only; the region stays ok', async () => {
    emulator.setFault('us-east-1', { kind: 'accessDenied', operation: 'ListPromptRouters' });

    const result = expectOk(await scan('us-east-1'));

    expect(result.snapshot.listings?.promptRouters).toBe('denied');
    expect(result.snapshot.listings?.importedModels).toBe('ok');
    expect(result.listingErrors.promptRouters).toMatchObject({
      code: 'denied',
      message: expect.stringContaining('bedrock:ListPromptRouters'),
    });
    expect(byKind(result, 'prompt-router')).toEqual([]);
    expect(byKind(result, 'custom-model-deployment')).toHaveLength(2);
    expect(result.snapshot.profiles.length).toBeGreaterThan(10);
  });

  it('any other failure of a listing is `error`; a failed ListCustomModels holds the deployments back', async () => {
    emulator.setFault('us-east-1', { kind: 'serverError', operation: 'ListCustomModels' });
    emulator.setFault('us-east-1', { kind: 'accessDenied', operation: 'GetAccountDataRetention' });

    const result = expectOk(await scan('us-east-1'));

    expect(result.snapshot.listings).toMatchObject({
      customModels: 'error',
      customModelDeployments: 'ok',
      dataRetention: 'denied',
    });
    expect(result.snapshot.dataRetention).toBeNull();
    expect(byKind(result, 'custom-model-deployment')).toEqual([]);
    expect(byKind(result, 'imported-model')).toHaveLength(1);
  });

  it('a hung optional listing is cut at the region deadline; the region is still ok', async () => {
    emulator.setFault('us-east-1', { kind: 'hang', operation: 'ListMarketplaceModelEndpoints' });

    const result = expectOk(await scan('us-east-1', 1_500));

    expect(result.snapshot.listings?.marketplaceEndpoints).toBe('error');
    expect(result.listingErrors.marketplaceEndpoints?.code).toBe('timeout');
    expect(byKind(result, 'marketplace-endpoint')).toEqual([]);
    expect(byKind(result, 'prompt-router')).toHaveLength(4);
  });

  it('AccessDenied on a core listing still fails the whole region as denied', async () => {
    emulator.setFault('us-east-1', { kind: 'accessDenied', operation: 'ListFoundationModels' });
    expect(await scan('us-east-1')).toMatchObject({ ok: false, status: 'denied' });
  });
});
