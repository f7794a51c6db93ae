import { PRICE_LIST_SLICE } from '@bedrock-profile-catalog/bedrock-emulator';
import { PRICE_NOTE } from '@bedrock-profile-catalog/catalog';
import type { LocalCatalog } from '@bedrock-profile-catalog/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchJson, startTestCatalog } from '../support/local-catalog.js';
import { withLocalPrices } from '../support/local-prices.js';

/**
 * Prices end to end over HTTP: local mode (emulator, scanner, dynalite, API), the Price List
 * refresh run against the emulator's offer files, then the answers. Every answer is checked
 * against its route's closed response schema (fetchJson).
 */
const SONNET_4_6 = 'anthropic.claude-sonnet-4-6';
const OPUS_4_6 = 'anthropic.claude-opus-4-6-v1';
const NOVA_2_LITE = 'amazon.nova-2-lite-v1:0';
const REGIONS = ['us-east-1', 'ap-northeast-1'];

interface Price {
  state: string;
  inputPerMTok: number | null;
  outputPerMTok: number | null;
  cacheReadPerMTok: number | null;
  cacheWritePerMTok: number | null;
  source: { offer: string; version: string; skus: Record<string, string> } | null;
  derivedFrom?: string;
  reason?: string;
  note: string;
}
interface Target {
  targetId: string;
  scope: string;
  kind: string;
  targetArn: string | null;
  name: string | null;
  access: { usable: boolean } | null;
  price: Price | null;
}

let catalog: LocalCatalog;
let refresh: () => Promise<unknown>;

async function targets(modelId: string, sourceRegion: string, extra = '') {
  const { status, body } = await fetchJson<{ items: Target[] }>(
    catalog,
    `/v1/models/${encodeURIComponent(modelId)}/invoke-targets?sourceRegion=${sourceRegion}${extra}`,
  );
  expect(status).toBe(200);
  return body.items;
}

const byId = (items: Target[], targetId: string) => {
  const found = items.find((t) => t.targetId === targetId);
  if (!found) throw new Error(`no target ${targetId} in ${items.map((t) => t.targetId)}`);
  return found;
};

beforeAll(async () => {
  catalog = await startTestCatalog({ CATALOG_REGIONS: REGIONS.join(',') });
  ({ refresh } = await withLocalPrices(catalog));
});

afterAll(async () => {
  await catalog?.close();
});

describe('prices on invoke targets, over HTTP', () => {
  it('converts a per-1K native row to per-1M exactly, citing the offer and SKU', async () => {
    // Nova 2 Lite is profile-only in us-east-1: its global rows are 0.0003 and 0.0025 per 1K.
    const global = byId(await targets(NOVA_2_LITE, 'us-east-1'), `global.${NOVA_2_LITE}`);
    expect(global.price).toMatchObject({
      state: 'published',
      currency: 'USD',
      tier: 'standard',
      inputPerMTok: 0.3,
      outputPerMTok: 2.5,
      cacheReadPerMTok: null,
      cacheWritePerMTok: null,
      source: { offer: 'AmazonBedrock', version: '20260911124410' },
      note: PRICE_NOTE,
    });
    expect(Object.keys(global.price?.source?.skus ?? {}).sort()).toEqual(['input', 'output']);
  });

  it('prices a geo profile from a region with no regional row as notPublished, never borrowed', async () => {
    const items = await targets(SONNET_4_6, 'ap-northeast-1');
    const jp = byId(items, `jp.${SONNET_4_6}`);
    expect(jp.price).toMatchObject({
      state: 'notPublished',
      inputPerMTok: null,
      outputPerMTok: null,
      source: null,
    });
    expect(jp.price?.reason).toContain('ap-northeast-1');
    // The global profile from the same region has its own global row there.
    expect(byId(items, `global.${SONNET_4_6}`).price).toMatchObject({
      state: 'published',
      inputPerMTok: 3,
      outputPerMTok: 15,
    });
  });

  it('prices an application profile as what it copies, with derivedFrom', async () => {
    const items = await targets(OPUS_4_6, 'us-east-1');
    const app = items.find((t) => t.scope === 'application' && t.name === 'support-opus-global');
    expect(app?.price).toMatchObject({
      state: 'derived',
      inputPerMTok: 5,
      outputPerMTok: 25,
      derivedFrom: app?.targetArn,
    });
    expect(byId(items, `us.${OPUS_4_6}`).price).toMatchObject({
      state: 'published',
      inputPerMTok: 5.5,
      outputPerMTok: 27.5,
    });
  });
});

describe('a Price List row whose name joins to several models, over HTTP', () => {
  // The slice's native 'Claude' rows in us-east-1: ListFoundationModels names both Claude 2.0
  // and 2.1 'Claude', so the rows belong to one of them and the catalog cannot say which.
  const CLAUDE_2 = 'anthropic.claude-v2';
  const CLAUDE_2_1 = 'anthropic.claude-v2:1';

  it.each([CLAUDE_2, CLAUDE_2_1])(
    'prices %s as unmatched, citing the row and its candidates',
    async (modelId) => {
      const bare = byId(await targets(modelId, 'us-east-1'), modelId);
      expect(bare.price).toMatchObject({
        state: 'unmatched',
        inputPerMTok: null,
        outputPerMTok: null,
        source: { offer: 'AmazonBedrock', version: '20260911124410' },
      });
      expect(bare.price?.reason).toContain(`${CLAUDE_2}, ${CLAUDE_2_1}`);
      expect(bare.price?.reason).toContain("'Claude'");
      expect(Object.keys(bare.price?.source?.skus ?? {}).sort()).toEqual(['input', 'output']);
    },
  );

  it('leaves a row that names no listed model out of every target (never a fuzzy join)', async () => {
    // 'Claude Opus 4.7' is in the slice but not in ListFoundationModels: Opus 4.6 keeps its own.
    const us = byId(await targets(OPUS_4_6, 'us-east-1'), `us.${OPUS_4_6}`);
    expect(us.price).toMatchObject({ state: 'published', inputPerMTok: 5.5 });
  });
});

describe('invoke-targets?rank=price, over HTTP', () => {
  const order = (items: Target[]) => items.map((t) => t.targetId);

  it('orders usable targets by standard input plus output per MTok, cheapest first', async () => {
    // Sonnet 4.6 from us-east-1: global 3 + 15 before the US geo profile's 3.3 + 16.5.
    expect(order(await targets(SONNET_4_6, 'us-east-1'))).toEqual([
      `us.${SONNET_4_6}`,
      `global.${SONNET_4_6}`,
    ]);
    expect(order(await targets(SONNET_4_6, 'us-east-1', '&rank=price'))).toEqual([
      `global.${SONNET_4_6}`,
      `us.${SONNET_4_6}`,
    ]);
  });

  it('puts targets without a published price after the priced ones', async () => {
    expect(order(await targets(SONNET_4_6, 'ap-northeast-1'))).toEqual([
      `jp.${SONNET_4_6}`,
      `global.${SONNET_4_6}`,
    ]);
    expect(order(await targets(SONNET_4_6, 'ap-northeast-1', '&rank=price'))).toEqual([
      `global.${SONNET_4_6}`,
      `jp.${SONNET_4_6}`,
    ]);
  });
});

interface Cell {
  scope: string;
  tier: string;
  endpoint: string;
  mode: string;
  context: string;
  state: string;
  directions: Record<string, { usdPerMTok: number; sku: string; usageType: string }>;
  source: { offer: string; version: string; publicationDate: string | null };
}

describe('GET /v1/models/{modelId}/prices, over HTTP', () => {
  const prices = (modelId: string, region: string) =>
    fetchJson<{ modelId: string; region: string; note: string; items: Cell[] }>(
      catalog,
      `/v1/models/${encodeURIComponent(modelId)}/prices?region=${region}`,
    );
  const axes = (c: Cell) => `${c.scope} ${c.tier} ${c.endpoint} ${c.mode} ${c.context}`;

  it('lists every cell of the model in the region, each direction citing its SKU', async () => {
    const { status, body } = await prices(NOVA_2_LITE, 'us-east-1');
    expect(status).toBe(200);
    expect(body.note).toBe(PRICE_NOTE);
    expect(body.items.map(axes)).toEqual([
      'global standard runtime onDemand standard',
      'inRegionGeo batch runtime onDemand standard',
      'inRegionGeo flex runtime onDemand standard',
      'inRegionGeo priority runtime onDemand standard',
      'inRegionGeo standard runtime onDemand standard',
    ]);
    const regional = body.items.find(
      (c) => axes(c) === 'inRegionGeo standard runtime onDemand standard',
    );
    // Per 1K in the offer (0.00033, 0.00275, 0.0000825), per 1M here, exactly.
    expect(regional).toMatchObject({
      state: 'published',
      directions: {
        input: { usdPerMTok: 0.33, usageType: 'USE1-Nova2.0Lite-input-tokens' },
        output: { usdPerMTok: 2.75 },
        cacheRead: { usdPerMTok: 0.0825 },
      },
      source: {
        offer: 'AmazonBedrock',
        version: '20260911124410',
        publicationDate: '2026-09-11T12:44:10Z',
      },
    });
    for (const cell of body.items) {
      for (const direction of Object.values(cell.directions)) {
        expect(direction.sku).toMatch(/\S/);
        expect(direction.usdPerMTok).toBeGreaterThan(0);
      }
    }
  });

  it('lists only what S publishes (no regional cell in Tokyo), and answers 404/400 like every route', async () => {
    const tokyo = await prices(SONNET_4_6, 'ap-northeast-1');
    expect(tokyo.status).toBe(200);
    expect(tokyo.body.items.map(axes)).toEqual([
      'global batch runtime onDemand standard',
      'global standard runtime onDemand standard',
    ]);
    expect((await prices('no.such-model-v1:0', 'us-east-1')).status).toBe(404);
    expect((await prices(SONNET_4_6, 'eu-wset-1')).status).toBe(404);
    const bad = await fetchJson<{ error: { code: string } }>(
      catalog,
      `/v1/models/${SONNET_4_6}/prices?region=US-EAST-1`,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('INVALID_PARAMETER');
    const missing = await fetchJson<{ error: { code: string } }>(
      catalog,
      `/v1/models/${SONNET_4_6}/prices`,
    );
    expect(missing.status).toBe(400);
  });
});

interface Source {
  offer: string;
  version: string;
  state: string;
  lastFailure: unknown;
  counts: Record<string, number>;
  unpriced: Record<string, number>;
  cells: number;
}

describe('GET /v1/prices/sources, over HTTP', () => {
  const sources = async () => {
    const { status, body } = await fetchJson<{ note: string; items: Source[] }>(
      catalog,
      '/v1/prices/sources',
    );
    expect(status).toBe(200);
    expect(body.note).toBe(PRICE_NOTE);
    return new Map(body.items.map((item) => [item.offer, item]));
  };

  it('gives each offer its version, refresh state and row counts, the unpriced by status', async () => {
    const before = await sources();
    expect([...before.keys()]).toEqual([
      'AmazonBedrock',
      'AmazonBedrockFoundationModels',
      'AmazonBedrockService',
    ]);
    const native = before.get('AmazonBedrock');
    const nativeRows = PRICE_LIST_SLICE.find((o) => o.offerCode === 'AmazonBedrock')?.rows;
    expect(native).toMatchObject({
      version: '20260911124410',
      state: 'fresh',
      lastFailure: null,
      // The guardrail charge is no token price; Nova Premier's '1K tokens-months' is no unit.
      counts: { rows: nativeRows?.length, unclassified: 1, unknownUnit: 1 },
      unpriced: { unclassified: 1, unknownUnit: 1, conflict: 0 },
    });
    expect(native?.cells).toBeGreaterThan(5);
  });

  it('counts an unreadable row of a new version, and prices nothing from it', async () => {
    const service = PRICE_LIST_SLICE.find((o) => o.offerCode === 'AmazonBedrockService');
    if (!service || !catalog.emulator) throw new Error('no AmazonBedrockService in the slice');
    const [row] = service.rows;
    if (!row) throw new Error('an empty AmazonBedrockService');
    catalog.emulator.priceList.publish({
      ...service,
      version: '20261201000000',
      rows: [
        ...service.rows,
        // A price AWS never writes: not a decimal amount.
        {
          ...row,
          attributes: { ...row.attributes, usagetype: 'USE1-Unreadable-input-tokens' },
          usd: 'N/A',
        },
      ],
    });
    await refresh();
    const after = (await sources()).get('AmazonBedrockService');
    expect(after).toMatchObject({
      version: '20261201000000',
      counts: { rows: service.rows.length + 1, priced: service.rows.length, unclassified: 1 },
      unpriced: { unclassified: 1 },
    });
  });
});
