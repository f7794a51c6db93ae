import type { RunningEmulator } from '@bedrock-profile-catalog/bedrock-emulator';
import {
  CatalogWriter,
  createScanId,
  QuotaWriter,
  readModelQuotas,
  readRegionQuotas,
} from '@bedrock-profile-catalog/catalog';
import { type BedrockClientFactory, runScan } from '@bedrock-profile-catalog/discovery';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CatalogTestTable, createCatalogTestTable } from '../support/catalog-table.js';
import { startEmulatorClients } from '../support/emulator-clients.js';

const HOUR_MS = 60 * 60 * 1000;
const SONNET_4_5 = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const HAIKU_4_5 = 'anthropic.claude-haiku-4-5-20251001-v1:0';

let emulator: RunningEmulator;
let factory: BedrockClientFactory;
let close: () => Promise<void>;
let table: CatalogTestTable;
let quotaWriter: QuotaWriter;
let clock: number;

beforeAll(async () => {
  ({ emulator, factory, close } = await startEmulatorClients({}, { maxAttempts: 1 }));
});

afterAll(() => close());

beforeEach(async () => {
  emulator.clearFaults();
  table = await createCatalogTestTable('quotas-scan');
  quotaWriter = new QuotaWriter({
    documentClient: table.documentClient,
    tableName: table.tableName,
  });
  clock = Date.parse('2026-12-01T00:00:00Z');
});

function scan(regions: string[], advanceMs = 1_000) {
  clock += advanceMs;
  const startedAt = new Date(clock);
  return runScan({
    scanId: createScanId(startedAt),
    startedAt,
    trigger: 'test',
    regions,
    clientFor: factory.clientFor,
    writer: new CatalogWriter({ documentClient: table.documentClient, tableName: table.tableName }),
    publishChanges: async () => {},
    regionDeadlineMs: 10_000,
    now: () => new Date(clock),
    accessCheck: false,
    quotas: {
      clientFor: factory.serviceQuotasClientFor,
      store: quotaWriter,
      maxAgeMs: 6 * HOUR_MS,
    },
  });
}

describe('a scan with Service Quotas', () => {
  it('stores every quota of the region, applied values merged over the defaults, and counts matches', async () => {
    const summary = await scan(['us-east-1']);

    const quotas = await readRegionQuotas(table.documentClient, table.tableName, 'us-east-1');
    const defaults = emulator.data().regions['us-east-1']?.serviceQuotas ?? [];
    expect(quotas).toHaveLength(defaults.length);
    const globalSonnet = quotas.find(
      (q) =>
        q.quotaName ===
        'Global cross-region model inference tokens per minute for Anthropic Claude Sonnet 4.5 V1',
    );
    expect(globalSonnet).toMatchObject({
      value: 0,
      defaultValue: 6_000_000,
      applied: true,
      modelId: SONNET_4_5,
      scope: 'global',
      period: 'minute',
      tokens: true,
    });
    const haiku = quotas.find(
      (q) =>
        q.quotaName ===
        'Cross-region model inference tokens per minute for Anthropic Claude Haiku 4.5',
    );
    expect(haiku).toMatchObject({
      value: 5_000_000,
      defaultValue: 2_000_000,
      applied: true,
      scope: 'geo',
    });
    // Applied, but equal to the default: not an increase.
    expect(quotas.find((q) => q.quotaName === 'Custom models per account')?.applied).toBe(false);
    expect(quotas.find((q) => q.quotaName.endsWith('for Anthropic Claude Opus 5'))).toMatchObject({
      modelId: null,
      scope: null,
      tokens: true,
    });

    const tokenQuotas = quotas.filter((q) => q.tokens);
    expect(summary.regions[0]?.status).toBe('ok');
    expect(summary.quotas).toEqual({
      refreshed: 1,
      fresh: 0,
      failed: 0,
      matched: tokenQuotas.filter((q) => q.modelId !== null).length,
      unmatched: tokenQuotas.filter((q) => q.modelId === null).length,
    });
    expect(summary.quotas.unmatched).toBe(1);
  });

  it("keeps a model's quotas in the source region under one GSI1 key range", async () => {
    await scan(['us-east-1', 'eu-west-1']);

    const quotas = await readModelQuotas(
      table.documentClient,
      table.tableName,
      HAIKU_4_5,
      'us-east-1',
    );

    expect(new Set(quotas.map((q) => q.region))).toEqual(new Set(['us-east-1']));
    expect(quotas.map((q) => `${q.scope}/${q.period}`).sort()).toEqual([
      'geo/day',
      'geo/minute',
      'global/day',
      'global/minute',
    ]);
  });

  it('reads quotas again only once they are older than the refresh interval', async () => {
    await scan(['us-west-2']);
    emulator.resetStats();

    const soon = await scan(['us-west-2'], HOUR_MS);
    const counted = emulator.stats().requests['us-west-2'] ?? {};
    const later = await scan(['us-west-2'], 6 * HOUR_MS);

    expect(soon.quotas).toMatchObject({ refreshed: 0, fresh: 1 });
    expect(counted.ListAWSDefaultServiceQuotas).toBeUndefined();
    expect(later.quotas).toMatchObject({ refreshed: 1, fresh: 0 });
  });

  it('leaves the region ok and keeps the last quotas when Service Quotas is denied', async () => {
    await scan(['us-east-1']);
    const before = await readRegionQuotas(table.documentClient, table.tableName, 'us-east-1');
    emulator.setFault('us-east-1', { kind: 'accessDenied', operation: 'ListServiceQuotas' });

    const summary = await scan(['us-east-1'], 7 * HOUR_MS);

    expect(summary.regions[0]?.status).toBe('ok');
    expect(summary.status).toBe('succeeded');
    expect(summary.quotas).toMatchObject({ refreshed: 0, failed: 1 });
    expect(await readRegionQuotas(table.documentClient, table.tableName, 'us-east-1')).toEqual(
      before,
    );
  });

  it('drops a quota the service no longer lists', async () => {
    await scan(['us-east-1']);
    const data = emulator.data().regions['us-east-1'];
    const gone = data?.serviceQuotas?.find(
      (q) => q.QuotaName === 'Batch inference job size (in GB)',
    );
    expect(gone).toBeDefined();

    const { startEmulator } = await import('@bedrock-profile-catalog/bedrock-emulator');
    const { createBedrockClientFactory } = await import('@bedrock-profile-catalog/discovery');
    const edited = emulator.data();
    const region = edited.regions['us-east-1'];
    if (region?.serviceQuotas) {
      region.serviceQuotas = region.serviceQuotas.filter((q) => q.QuotaCode !== gone?.QuotaCode);
    }
    const other = await startEmulator({ data: edited });
    const otherFactory = createBedrockClientFactory({
      endpoint: other.url,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    try {
      clock += 7 * HOUR_MS;
      await runScan({
        scanId: createScanId(new Date(clock)),
        startedAt: new Date(clock),
        trigger: 'test',
        regions: ['us-east-1'],
        clientFor: otherFactory.clientFor,
        writer: new CatalogWriter({
          documentClient: table.documentClient,
          tableName: table.tableName,
        }),
        publishChanges: async () => {},
        regionDeadlineMs: 10_000,
        now: () => new Date(clock),
        accessCheck: false,
        quotas: {
          clientFor: otherFactory.serviceQuotasClientFor,
          store: quotaWriter,
          maxAgeMs: 6 * HOUR_MS,
        },
      });
    } finally {
      otherFactory.destroy();
      await other.close();
    }

    const after = await readRegionQuotas(table.documentClient, table.tableName, 'us-east-1');
    expect(after.some((q) => q.quotaCode === gone?.QuotaCode)).toBe(false);
    expect(after.length).toBe((data?.serviceQuotas?.length ?? 0) - 1);
  });
});
