import type { LocalCatalog } from '@bedrock-profile-catalog/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchJson, startTestCatalog } from '../support/local-catalog.js';

/**
 * Every account-owned kind, scanned from the emulator's default data (account-data.ts) and
 * resolved through the HTTP API: nothing seeded by hand.
 */
interface Target {
  targetId: string;
  kind: string;
  scope: string;
  [field: string]: unknown;
}
interface Targets {
  items: Target[];
  hint: { message: string; regions: string[] } | null;
}

let catalog: LocalCatalog;
let account: string;

beforeAll(async () => {
  catalog = await startTestCatalog();
  const arn = Object.values(catalog.emulator?.data().regions ?? {})
    .flatMap((r) => r.inferenceProfiles)
    .map((p) => p.inferenceProfileArn)[0];
  account = arn?.split(':')[4] ?? '';
});

afterAll(async () => {
  await catalog?.close();
});

const invokeTargets = (id: string, region = 'us-east-1') =>
  fetchJson<Targets>(
    catalog,
    `/v1/models/${encodeURIComponent(id)}/invoke-targets?sourceRegion=${region}`,
  );

describe('account-owned targets, end to end on the emulator', () => {
  it('lists every kind the account owns in a region, and one kind with ?kind=', async () => {
    const all = await fetchJson<{ items: { kind: string; arn: string; status: string | null }[] }>(
      catalog,
      '/v1/regions/us-east-1/targets',
    );
    expect(all.status).toBe(200);
    expect(new Set(all.body.items.map((t) => t.kind))).toEqual(
      new Set([
        'custom-model-deployment',
        'imported-model',
        'prompt-router',
        'marketplace-endpoint',
        'provisioned-throughput',
      ]),
    );
    const routers = await fetchJson<{ items: { kind: string }[] }>(
      catalog,
      '/v1/regions/us-east-1/targets?kind=prompt-router',
    );
    expect(routers.body.items.length).toBeGreaterThan(1);
    expect(routers.body.items.every((t) => t.kind === 'prompt-router')).toBe(true);
  });

  it('a custom model resolves to its Active deployment only (the Creating one is left out)', async () => {
    const lite = `arn:aws:bedrock:us-east-1:${account}:custom-model/amazon.nova-lite-v1:0:300k/r2d2c3p04bb8`;
    const { status, body } = await invokeTargets(lite);
    expect(status).toBe(200);
    expect(body.items).toEqual([
      expect.objectContaining({
        kind: 'custom-model-deployment',
        targetId: `arn:aws:bedrock:us-east-1:${account}:custom-model-deployment/m4k8q2w7e1r5`,
        baseModelId: 'amazon.nova-lite-v1:0',
      }),
    ]);
    const micro = `arn:aws:bedrock:us-east-1:${account}:custom-model/amazon.nova-micro-v1:0:128k/k9s8t7u6v5w4`;
    expect((await invokeTargets(micro)).body.items).toEqual([]);
  });

  it('an imported model and a prompt router resolve to their own ARNs', async () => {
    const imported = `arn:aws:bedrock:us-east-1:${account}:imported-model/k2j4h6g8f0d1`;
    expect((await invokeTargets(imported)).body.items).toEqual([
      expect.objectContaining({ kind: 'imported-model', targetId: imported }),
    ]);
    const router = `arn:aws:bedrock:us-east-1:${account}:prompt-router/q4w8e2r6t1y5`;
    const [routed] = (await invokeTargets(router)).body.items;
    expect(routed).toMatchObject({ kind: 'prompt-router', targetId: router, routerType: 'custom' });
    expect(routed?.models).toHaveLength(2);
    expect(String(routed?.fallbackModelArn)).toContain('us.anthropic.claude-3-haiku');
  });

  it('a Marketplace model source resolves to its REGISTERED endpoint, also by the endpoint ARN', async () => {
    const source =
      'arn:aws:sagemaker:us-east-1:aws:hub-content/SageMakerPublicHub/Model/huggingface-llm-mistral-small-24b-instruct-2501/1.0.0';
    const endpoint = `arn:aws:sagemaker:us-east-1:${account}:endpoint/mistral-small-2501-endpoint`;
    expect((await invokeTargets(source)).body.items).toEqual([
      expect.objectContaining({ kind: 'marketplace-endpoint', targetId: endpoint }),
    ]);
    expect((await invokeTargets(endpoint)).body.items).toEqual([
      expect.objectContaining({ kind: 'marketplace-endpoint', targetId: endpoint }),
    ]);
    // INCOMPATIBLE_ENDPOINT cannot be invoked: never offered.
    const falcon = `arn:aws:sagemaker:us-east-1:${account}:endpoint/legacy-falcon-endpoint`;
    expect((await invokeTargets(falcon)).body.items).toEqual([]);
  });

  it("shows each region's optional listings and data retention on /v1/regions", async () => {
    const { body } = await fetchJson<{
      items: {
        region: string;
        status: string;
        listings: Record<string, string>;
        dataRetention: { mode: string } | null;
      }[];
    }>(catalog, '/v1/regions');
    const east = body.items.find((r) => r.region === 'us-east-1');
    expect(east?.status).toBe('ok');
    expect(east?.listings).toMatchObject({ promptRouters: 'ok', customModelDeployments: 'ok' });
    expect(east?.dataRetention?.mode).toBe('default');
  });
});
