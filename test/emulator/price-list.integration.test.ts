import { type RunningEmulator, startEmulator } from '@bedrock-profile-catalog/bedrock-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedHeaders } from './support.js';

let emulator: RunningEmulator;
const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${emulator.url}${path}`, { headers });

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

describe('the emulated Price List bulk API', () => {
  it('serves the offer index with the three Bedrock offers, unsigned, on the Bedrock port', async () => {
    const response = await get('/offers/v1.0/aws/index.json');
    expect(response.status).toBe(200);
    const index = (await response.json()) as {
      formatVersion: string;
      offers: Record<string, unknown>;
    };
    expect(index.formatVersion).toBe('v1.0');
    expect(Object.keys(index.offers).sort()).toEqual([
      'AmazonBedrock',
      'AmazonBedrockFoundationModels',
      'AmazonBedrockService',
    ]);
    expect(index.offers.AmazonBedrock).toEqual({
      offerCode: 'AmazonBedrock',
      versionIndexUrl: '/offers/v1.0/aws/AmazonBedrock/index.json',
      currentVersionUrl: '/offers/v1.0/aws/AmazonBedrock/current/index.json',
      currentRegionIndexUrl: '/offers/v1.0/aws/AmazonBedrock/current/region_index.json',
    });
  });

  it('serves the version index, the current file and the same file under its version', async () => {
    const versions = (await (await get('/offers/v1.0/aws/AmazonBedrock/index.json')).json()) as {
      currentVersion: string;
      versions: Record<string, { offerVersionUrl: string }>;
    };
    expect(versions.currentVersion).toBe('20260911124410');
    const current = await (await get('/offers/v1.0/aws/AmazonBedrock/current/index.json')).text();
    const versionUrl = versions.versions[versions.currentVersion]?.offerVersionUrl ?? '';
    expect(await (await get(versionUrl)).text()).toBe(current);
    const offer = JSON.parse(current) as {
      version: string;
      products: Record<string, { sku: string; attributes: Record<string, string> }>;
      terms: { OnDemand: Record<string, Record<string, { priceDimensions: object }>> };
    };
    expect(offer.version).toBe('20260911124410');
    const [sku, product] = Object.entries(offer.products)[0] ?? [];
    expect(product?.sku).toBe(sku);
    expect(sku).toMatch(/^[A-Z0-9]{16}$/);
    expect(Object.keys(offer.terms.OnDemand[sku ?? ''] ?? {})).toEqual([`${sku}.JRTCKXETXF`]);
  });

  it('serves the region index and per-region files holding only that region', async () => {
    const regionIndex = (await (
      await get('/offers/v1.0/aws/AmazonBedrockFoundationModels/current/region_index.json')
    ).json()) as { regions: Record<string, { currentVersionUrl: string }> };
    const saoPaulo = regionIndex.regions['sa-east-1']?.currentVersionUrl ?? '';
    expect(saoPaulo).toBe(
      '/offers/v1.0/aws/AmazonBedrockFoundationModels/20260901205051/sa-east-1/index.json',
    );
    const offer = (await (await get(saoPaulo)).json()) as {
      products: Record<string, { attributes: Record<string, string> }>;
    };
    const regions = new Set(Object.values(offer.products).map((p) => p.attributes.regionCode));
    expect([...regions]).toEqual(['sa-east-1']);
  });

  it('answers unknown keys like the S3-backed host (403 AccessDenied) and counts requests', async () => {
    emulator.priceList.clearRequests();
    const response = await get('/offers/v1.0/aws/AmazonEC2/current/index.json');
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<Code>AccessDenied</Code>');
    expect(emulator.priceList.requests()).toEqual([
      '/offers/v1.0/aws/AmazonEC2/current/index.json',
    ]);
  });

  it('leaves signed requests to Bedrock, so the path alone never hijacks an SDK call', async () => {
    const response = await get('/offers/v1.0/aws/index.json', signedHeaders('us-east-1'));
    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-errortype')).toMatch(/UnknownOperationException/);
  });
});
