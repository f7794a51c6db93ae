import { ScanNotRunError } from '@bedrock-profile-catalog/discovery';
import type { LocalCatalog } from '@bedrock-profile-catalog/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchJson, startTestCatalog } from '../support/local-catalog.js';

interface Health {
  healthy: boolean;
  status: string;
  regions: { region: string; status: string; lastSuccessAt: string | null; fresh: boolean }[];
}

let catalog: LocalCatalog;

beforeAll(async () => {
  // me-central-1 is not in the emulator's data: Bedrock answers as for a region not enabled, so
  // it never has a successful scan.
  catalog = await startTestCatalog({ CATALOG_REGIONS: 'eu-west-1,me-central-1' });
});

afterAll(async () => {
  await catalog?.close();
});

describe('local mode: health', () => {
  it('answers 503 while a configured region never had a successful scan', async () => {
    const { status, body } = await fetchJson<Health>(catalog, '/v1/health');

    expect(status).toBe(503);
    expect(body).toMatchObject({ healthy: false, status: 'stale' });
    expect(body.regions).toEqual([
      expect.objectContaining({ region: 'eu-west-1', status: 'ok', fresh: true }),
      expect.objectContaining({
        region: 'me-central-1',
        status: 'denied',
        lastSuccessAt: null,
        fresh: false,
      }),
    ]);
  });

  it('lists the failed region after the ok ones in /v1/regions, with its error', async () => {
    const { body } = await fetchJson<{ items: Record<string, unknown>[] }>(catalog, '/v1/regions');
    expect(body.items.map((r) => [r.region, r.status])).toEqual([
      ['eu-west-1', 'ok'],
      ['me-central-1', 'denied'],
    ]);
    expect(body.items[1]?.error).toEqual(expect.objectContaining({ code: expect.any(String) }));
  });

  it('still answers 503 after another scan fails the same way', async () => {
    const summary = await catalog.scanNow();
    expect(summary.status).toBe('partial');
    const { status } = await fetchJson(catalog, '/v1/health');
    expect(status).toBe(503);
  });
});

describe('local mode: scans go through the scanner policy', () => {
  it('refuses to scan a region outside CATALOG_REGIONS, and records nothing for it', async () => {
    const refused = catalog.scanNow(['eu-west-1', 'us-east-1']);

    await expect(refused).rejects.toThrow(ScanNotRunError);
    await expect(refused).rejects.toThrow(/not a scanned region: us-east-1$/);
    const { body } = await fetchJson<{ items: { region: string }[] }>(catalog, '/v1/regions');
    expect(body.items.map((r) => r.region)).toEqual(['eu-west-1', 'me-central-1']);
  });

  it('records its scans with the local trigger', async () => {
    const summary = await catalog.scanNow(['eu-west-1']);
    const { body } = await fetchJson(catalog, `/v1/scans/${summary.scanId}`);
    expect(body).toMatchObject({ scanId: summary.scanId, trigger: 'local', status: 'succeeded' });
  });
});
