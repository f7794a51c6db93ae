import { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LocalCatalog,
  loadLocalConfig,
  startLocalCatalog,
} from '../../packages/local/src/index.js';

interface ModelSummary {
  modelId: string;
  name: string | null;
  provider: string | null;
  regions: { region: string; inferenceTypes: string[]; access: unknown }[];
}

describe('GET /v1/models (the explorer matrix rows)', () => {
  let catalog: LocalCatalog;
  beforeAll(async () => {
    catalog = await startLocalCatalog(loadLocalConfig({ PORT: '0', SCAN_INTERVAL_SECONDS: '0' }), {
      logger: new Logger({ logLevel: 'ERROR' }),
    });
  });
  afterAll(async () => {
    await catalog?.close();
  });

  it('lists every model of every region once, on-demand-only models included', async () => {
    const response = await fetch(`${catalog.url}/v1/models`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { items: ModelSummary[]; catalogAsOf: string | null };
    const ids = body.items.map((m) => m.modelId);
    expect(new Set(ids).size).toBe(ids.length);
    // The emulator's default data holds 58 distinct models; 28 are reached by no profile.
    expect(ids).toHaveLength(58);
    expect(ids).toContain('amazon.titan-text-express-v1');
    expect(body.catalogAsOf).toEqual(expect.any(String));

    const haiku = body.items.find((m) => m.modelId === 'anthropic.claude-3-haiku-20240307-v1:0');
    expect(haiku).toMatchObject({ provider: 'Anthropic', name: 'Claude 3 Haiku' });
    expect(haiku?.regions.find((r) => r.region === 'us-east-1')?.inferenceTypes).toContain(
      'ON_DEMAND',
    );
    const nova = body.items.find((m) => m.modelId === 'amazon.nova-pro-v1:0');
    expect(nova?.regions.find((r) => r.region === 'ap-southeast-1')?.inferenceTypes).toEqual([
      'INFERENCE_PROFILE',
    ]);
    // Each model's regions agree with the per-model route.
    const perModel = (await (
      await fetch(`${catalog.url}/v1/models/${encodeURIComponent('amazon.nova-pro-v1:0')}/regions`)
    ).json()) as { items: { region: string }[] };
    expect(nova?.regions.map((r) => r.region).sort()).toEqual(
      perModel.items.map((r) => r.region).sort(),
    );
    // Sorted by provider, then model ID.
    const keys = body.items.map((m) => `${m.provider ?? ''}\u0000${m.modelId}`);
    expect(keys).toEqual([...keys].sort((a, b) => a.localeCompare(b)));
  });
});
