import type { LocalCatalog } from '@bedrock-profile-catalog/local';
import { CatalogQueryService, createQueryHandler } from '@bedrock-profile-catalog/query-api';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { countWrites, type WriteCounter } from '../catalog/fixtures.js';
import { apiGatewayEvent, seg } from '../support/api-gateway-event.js';
import { assertInContract } from '../support/contract.js';
import { startTestCatalog } from '../support/local-catalog.js';
import { withLocalPrices } from '../support/local-prices.js';

/**
 * Prices cost invoke-targets no extra request: the model's cells in S sit in the key range it
 * already reads, and the offers' source records are cached by the service. Requests are counted
 * on the handler's own DynamoDB client.
 */
const SONNET_4_6 = 'anthropic.claude-sonnet-4-6';
const OPUS_4_6 = 'anthropic.claude-opus-4-6-v1';
const NOVA_2_LITE = 'amazon.nova-2-lite-v1:0';

let catalog: LocalCatalog;
let requests: WriteCounter;
let handle: ReturnType<typeof createQueryHandler>;

async function targets(modelId: string, sourceRegion: string) {
  const init = { path: `/v1/models/${seg(modelId)}/invoke-targets`, query: { sourceRegion } };
  const result = await handle(apiGatewayEvent(init));
  assertInContract(init, result);
  expect(result.statusCode).toBe(200);
  return JSON.parse(result.body ?? '{}') as {
    items: { targetId: string; price: { state: string } | null }[];
  };
}

beforeAll(async () => {
  catalog = await startTestCatalog({
    DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
    CATALOG_REGIONS: 'us-east-1,ap-northeast-1',
  });
  const { client, reader } = await withLocalPrices(catalog);
  requests = countWrites(client);
  handle = createQueryHandler({
    service: new CatalogQueryService({
      reader,
      configuredRegions: catalog.regions,
      scanIntervalSeconds: 300,
    }),
    logger: { info: () => {}, warn: () => {}, error: () => {} },
  });
  // The first lookup also reads the region list and the price sources, which the service caches.
  await targets(NOVA_2_LITE, 'us-east-1');
});

afterAll(async () => {
  await catalog?.close();
});

describe('invoke-targets with prices: one table request in the common case', () => {
  it('prices bare IDs, geo and global profiles with a global row in S from the one Query', async () => {
    for (const [modelId, region] of [
      [SONNET_4_6, 'us-east-1'],
      [SONNET_4_6, 'ap-northeast-1'],
      [OPUS_4_6, 'us-east-1'],
      [NOVA_2_LITE, 'us-east-1'],
    ] as const) {
      requests.reset();
      const { items } = await targets(modelId, region);
      expect(requests.commands).toEqual({ QueryCommand: 1 });
      expect(items.every((t) => t.price !== null)).toBe(true);
    }
  });

  it('reads the model’s other regions only for a global profile with no global row in S', async () => {
    requests.reset();
    // Opus 4.6 has global rows, but none in Tokyo: notPublished, never a borrowed or single rate.
    const { items } = await targets(OPUS_4_6, 'ap-northeast-1');
    expect(requests.commands).toEqual({ QueryCommand: 2 });
    expect(items.find((t) => t.targetId === `global.${OPUS_4_6}`)?.price).toMatchObject({
      state: 'notPublished',
    });
  });
});
