import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CatalogReader, PRICE_NOTE, PriceStore } from '@bedrock-profile-catalog/catalog';
import type { LocalCatalog } from '@bedrock-profile-catalog/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  catalogModelDirectory,
  runPriceRefresh,
} from '../../packages/discovery/src/price-list-refresh.js';
import { fetchJson, startTestCatalog } from '../support/local-catalog.js';

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
  const documentClient = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'us-east-1',
      endpoint: catalog.dynamoEndpoint ?? undefined,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    }),
  );
  const table = { documentClient, tableName: catalog.tableName };
  const reader = new CatalogReader({ ...table, cursorSecret: 'price-api-test-cursor-secret' });
  if (!catalog.emulator) throw new Error('local mode without its emulator');
  await runPriceRefresh({
    store: new PriceStore(table),
    baseUrl: catalog.emulator.url,
    directory: await catalogModelDirectory(reader),
  });
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
