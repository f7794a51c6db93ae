import type { LocalCatalog } from '@bedrock-profile-catalog/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchJson, startTestCatalog } from '../support/local-catalog.js';

/**
 * Service Quotas through the HTTP API, on the emulator's default data (scanned at start): the
 * quota on every invoke target, a zero quota making a target unusable, and the quotas route.
 */
const SONNET_4_5 = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const HAIKU_4_5 = 'anthropic.claude-haiku-4-5-20251001-v1:0';
const HAIKU_3 = 'anthropic.claude-3-haiku-20240307-v1:0';

interface Target {
  targetId: string;
  kind: string;
  scope: string;
  access: { usable: boolean; reason: string | null } | null;
  quota: {
    tokensPerMinute: number | null;
    tokensPerDay: number | null;
    quotaCode: string;
    applied: boolean;
    adjustable: boolean;
  } | null;
}
interface Quota {
  quotaCode: string;
  quotaName: string;
  value: number;
  defaultValue: number | null;
  applied: boolean;
  adjustable: boolean;
  unit: string;
  period: string | null;
  modelId: string | null;
  scope: string | null;
}

let catalog: LocalCatalog;

beforeAll(async () => {
  catalog = await startTestCatalog({ CATALOG_REGIONS: 'us-east-1,us-west-2,eu-west-1' });
});

afterAll(async () => {
  await catalog?.close();
});

const targets = (modelId: string, sourceRegion: string) =>
  fetchJson<{ items: Target[] }>(
    catalog,
    `/v1/models/${encodeURIComponent(modelId)}/invoke-targets?sourceRegion=${sourceRegion}`,
  );

describe('quota on invoke targets', () => {
  it('makes the global profile with a zero quota unusable, names the quota and ranks it last', async () => {
    const { status, body } = await targets(SONNET_4_5, 'us-east-1');

    expect(status).toBe(200);
    const last = body.items.at(-1);
    expect(last?.targetId).toBe(`global.${SONNET_4_5}`);
    expect(last?.access?.usable).toBe(false);
    expect(last?.access?.reason).toMatch(
      /^quota 'Global cross-region model inference tokens per minute for Anthropic Claude Sonnet 4\.5 V1' \(L-[0-9A-F]{8}\) is 0$/,
    );
    expect(last?.quota).toMatchObject({
      tokensPerMinute: 0,
      tokensPerDay: 4_320_000_000,
      applied: true,
    });
    const geo = body.items.find((t) => t.targetId === `us.${SONNET_4_5}`);
    expect(geo?.access?.usable).toBe(true);
    expect(geo?.quota).toMatchObject({
      tokensPerMinute: 2_000_000,
      tokensPerDay: 1_440_000_000,
      applied: false,
      adjustable: true,
    });
    expect(body.items.indexOf(geo as Target)).toBeLessThan(body.items.length - 1);
  });

  it('shows an applied increase on the geo profile and the defaults on the global one', async () => {
    const { body } = await targets(HAIKU_4_5, 'us-east-1');

    const geo = body.items.find((t) => t.scope === 'geo');
    const global = body.items.find((t) => t.scope === 'global');
    expect(geo?.quota).toMatchObject({ tokensPerMinute: 5_000_000, applied: true });
    expect(global?.quota).toMatchObject({ tokensPerMinute: 6_000_000, applied: false });
    expect(body.items.every((t) => t.access?.usable !== false)).toBe(true);
  });

  it('gives the bare model ID its on-demand quota', async () => {
    const { body } = await targets(HAIKU_3, 'us-east-1');

    const bare = body.items.find((t) => t.kind === 'model');
    expect(bare?.quota).toMatchObject({ tokensPerMinute: 400_000, applied: false });
  });
});

describe('GET /v1/regions/{region}/quotas', () => {
  it('lists every Bedrock quota of the region, unmatched and non-token ones included', async () => {
    const { status, body } = await fetchJson<{ region: string; items: Quota[] }>(
      catalog,
      '/v1/regions/us-east-1/quotas',
    );

    expect(status).toBe(200);
    const served = catalog.emulator?.data().regions['us-east-1']?.serviceQuotas ?? [];
    expect(body.items.map((q) => q.quotaCode).sort()).toEqual(
      served.map((q) => q.QuotaCode).sort(),
    );
    expect(body.items.find((q) => q.quotaName.endsWith('Claude Opus 5'))).toMatchObject({
      modelId: null,
      scope: null,
      period: 'minute',
    });
    expect(
      body.items.find((q) => q.quotaName === 'Batch inference job size (in GB)'),
    ).toMatchObject({ modelId: null, scope: null, period: null, applied: false, unit: 'None' });
    expect(
      body.items.find(
        (q) =>
          q.quotaName ===
          'Global cross-region model inference tokens per minute for Anthropic Claude Sonnet 4.5 V1',
      ),
    ).toEqual(
      expect.objectContaining({
        value: 0,
        defaultValue: 6_000_000,
        applied: true,
        modelId: SONNET_4_5,
        scope: 'global',
        period: 'minute',
      }),
    );
  });

  it('answers 404 for a region the catalog does not know', async () => {
    const { status } = await fetchJson(catalog, '/v1/regions/ap-east-9/quotas');
    expect(status).toBe(404);
  });
});
