import type { LocalCatalog } from '@bedrock-profile-catalog/local';
import { ROUTE_LIST as API_ROUTES } from '@bedrock-profile-catalog/query-api/routes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

type ApiRouteKey = `${(typeof API_ROUTES)[number]['method']} ${string}`;

import { fetchJson, startTestCatalog } from '../support/local-catalog.js';

/**
 * Local mode end to end: the real HTTP server, real `fetch`, the emulator's default data scanned
 * into embedded dynalite. Every route of the contract is called at least once (checked last).
 */
const HAIKU_3 = 'anthropic.claude-3-haiku-20240307-v1:0';
const SONNET_4 = 'anthropic.claude-sonnet-4-20250514-v1:0';
const enc = encodeURIComponent;

type Json = Record<string, unknown>;
type Item = Record<string, unknown>;
type Page = Json & { items: Item[]; nextCursor: string | null };

let catalog: LocalCatalog;
const covered = new Set<ApiRouteKey>();

/** Calls `path`, recording the contract route it exercises. */
async function api<T = Json>(route: ApiRouteKey, path: string, init?: RequestInit) {
  covered.add(route);
  return fetchJson<T>(catalog, path, init);
}

beforeAll(async () => {
  catalog = await startTestCatalog();
});

afterAll(async () => {
  await catalog?.close();
});

function expectFreshness(response: { headers: Headers; body: Json }) {
  expect(response.body.catalogAsOf).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
  expect(response.headers.get('x-catalog-as-of')).toBe(response.body.catalogAsOf);
}

describe('local mode over HTTP', () => {
  it('GET /v1/regions: every emulator region, ok first, measured ones by p50', async () => {
    const response = await api<Page>('GET /v1/regions', '/v1/regions');

    expect(response.status).toBe(200);
    const { items } = response.body;
    expect(items.map((r) => r.region).sort()).toEqual(catalog.emulator?.regions().sort());
    expect(items.every((r) => r.status === 'ok' && r.lastSuccessAt && r.lastScanAt)).toBe(true);
    const p50s = items.map((r) => (r.controlPlaneMs as { p50: number } | null)?.p50 ?? Infinity);
    expect(p50s).toEqual([...p50s].sort((a, b) => a - b));
    expectFreshness(response);
  });

  it("GET /v1/regions/{region}/throughputs: the account's provisioned throughputs, paged", async () => {
    const expected = (
      catalog.emulator?.data().regions['us-east-1']?.provisionedModelThroughputs ?? []
    )
      .map((t) => t.provisionedModelArn)
      .sort();
    expect(expected.length).toBeGreaterThan(1);

    const all = await api<Page>(
      'GET /v1/regions/{region}/throughputs',
      '/v1/regions/us-east-1/throughputs',
    );
    expect(all.status).toBe(200);
    expect(all.body.items.map((t) => t.arn).sort()).toEqual(expected);
    expect(all.body.items.every((t) => t.region === 'us-east-1' && t.status === 'InService')).toBe(
      true,
    );
    expect(JSON.stringify(all.body)).not.toMatch(/GSI1PK|expiresAt|contentHash/);
    expectFreshness(all);

    const first = await api<Page>(
      'GET /v1/regions/{region}/throughputs',
      '/v1/regions/us-east-1/throughputs?limit=1',
    );
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));

    const typo = await api(
      'GET /v1/regions/{region}/throughputs',
      '/v1/regions/eu-west-4/throughputs',
    );
    expect(typo.status).toBe(404);
  });

  it("GET /v1/regions/{region}/targets: the account's own targets, of every kind or one", async () => {
    const throughputs = (
      catalog.emulator?.data().regions['us-east-1']?.provisionedModelThroughputs ?? []
    )
      .map((t) => t.provisionedModelArn)
      .sort();

    const all = await api<Page>(
      'GET /v1/regions/{region}/targets',
      '/v1/regions/us-east-1/targets',
    );
    expect(all.status).toBe(200);
    expect(all.body.items.every((t) => t.region === 'us-east-1')).toBe(true);
    const listed = all.body.items.filter((t) => t.kind === 'provisioned-throughput');
    expect(listed.map((t) => t.arn).sort()).toEqual(throughputs);
    expect(JSON.stringify(all.body)).not.toMatch(/GSI1PK|expiresAt|contentHash|recordType/);
    expectFreshness(all);

    const one = await api<Page>(
      'GET /v1/regions/{region}/targets',
      '/v1/regions/us-east-1/targets?kind=provisioned-throughput',
    );
    expect(one.body.items.map((t) => t.arn).sort()).toEqual(throughputs);

    const unknown = await api<{ error: Json }>(
      'GET /v1/regions/{region}/targets',
      '/v1/regions/us-east-1/targets?kind=agent',
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'kind' });
  });

  it('GET /v1/models: every model with the regions that list it', async () => {
    const response = await api<{ items: { modelId: string; regions: Item[] }[] }>(
      'GET /v1/models',
      '/v1/models',
    );
    expect(response.status).toBe(200);
    const haiku = response.body.items.find((m) => m.modelId === HAIKU_3);
    expect(haiku?.regions.map((r) => r.region)).toContain('eu-west-1');
  });

  it('GET /v1/regions/{region}/profiles: filters by modelId and type', async () => {
    const byModel = await api<Page>(
      'GET /v1/regions/{region}/profiles',
      `/v1/regions/eu-west-1/profiles?modelId=${enc(HAIKU_3)}`,
    );
    expect(byModel.status).toBe(200);
    expect(byModel.body.items.map((p) => p.profileId).sort()).toEqual(
      [`eu.${HAIKU_3}`, 'r4t8w0zn5e6d'].sort(),
    );
    expectFreshness(byModel);

    const system = await api<Page>(
      'GET /v1/regions/{region}/profiles',
      `/v1/regions/eu-west-1/profiles?modelId=${enc(HAIKU_3)}&type=SYSTEM_DEFINED`,
    );
    expect(system.body.items.map((p) => p.profileId)).toEqual([`eu.${HAIKU_3}`]);
  });

  it('GET /v1/regions/{region}/profiles: limit=2 pages through every profile once', async () => {
    const expected = catalog.emulator
      ?.data()
      .regions['us-east-1']?.inferenceProfiles.map((p) => p.inferenceProfileId)
      .sort();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `limit=2${cursor ? `&cursor=${enc(cursor)}` : ''}`;
      const { status, body }: { status: number; body: Page } = await api<Page>(
        'GET /v1/regions/{region}/profiles',
        `/v1/regions/us-east-1/profiles?${query}`,
      );
      expect(status).toBe(200);
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.map((p) => String(p.profileId)));
      cursor = body.nextCursor;
    } while (cursor);

    expect(expected?.length).toBeGreaterThan(4);
    expect(seen.sort()).toEqual(expected);
  });

  it('GET /v1/models/{modelId}/profiles: in one region and in every region', async () => {
    const inOne = await api<Page>(
      'GET /v1/models/{modelId}/profiles',
      `/v1/models/${enc(SONNET_4)}/profiles?region=us-east-1`,
    );
    expect(inOne.status).toBe(200);
    expect(inOne.body.items.map((p) => p.profileId).sort()).toEqual(
      [`global.${SONNET_4}`, `us.${SONNET_4}`, 'v8gtbe8pryd4'].sort(),
    );
    expectFreshness(inOne);

    const everywhere = await api<Page>(
      'GET /v1/models/{modelId}/profiles',
      `/v1/models/${enc(SONNET_4)}/profiles?type=SYSTEM_DEFINED&limit=100`,
    );
    const expected = Object.entries(catalog.emulator?.data().regions ?? {}).flatMap(
      ([region, data]) =>
        data.inferenceProfiles
          .filter((p) => p.type === 'SYSTEM_DEFINED')
          .filter((p) => p.models.some((m) => m.modelArn.endsWith(`/${SONNET_4}`)))
          .map((p) => `${region} ${p.inferenceProfileId}`),
    );
    expect(expected.length).toBeGreaterThan(10);
    expect(everywhere.body.items.map((p) => `${p.region} ${p.profileId}`).sort()).toEqual(
      expected.sort(),
    );
  });

  it('GET /v1/models/{modelId}/regions: the regions offering it, measured TTFT first', async () => {
    const order = (await api<Page>('GET /v1/regions', '/v1/regions')).body.items.map(
      (r) => r.region,
    );
    const response = await api<Page>(
      'GET /v1/models/{modelId}/regions',
      `/v1/models/${enc(HAIKU_3)}/regions`,
    );

    expect(response.status).toBe(200);
    const regions = response.body.items.map((r) => r.region);
    const offering = Object.entries(catalog.emulator?.data().regions ?? {})
      .filter(([, data]) => data.foundationModels.some((m) => m.modelId === HAIKU_3))
      .map(([region]) => region);
    expect([...regions].sort()).toEqual(offering.sort());
    // The default CloudWatch traffic measures Claude 3 Haiku from us-east-1 alone: it leads,
    // and the unmeasured regions follow in the /v1/regions order.
    const measured = response.body.items.filter((r) => r.latency !== null).map((r) => r.region);
    expect(measured).toEqual(['us-east-1']);
    const rest = regions.slice(1);
    expect(rest).toEqual(order.filter((r) => rest.includes(r)));
    expect(response.body.items.every((r) => Array.isArray(r.inferenceTypes))).toBe(true);
    expectFreshness(response);
  });

  it('GET /v1/models/{modelId}/invoke-targets: best first, with destination regions', async () => {
    const response = await api<Page>(
      'GET /v1/models/{modelId}/invoke-targets',
      `/v1/models/${enc(HAIKU_3)}/invoke-targets?sourceRegion=us-east-1`,
    );
    expect(response.status).toBe(200);
    expect(response.body.items.map((t) => [t.targetId, t.kind, t.scope])).toEqual([
      [HAIKU_3, 'model', 'in-region'],
      ['hq2of259skzs', 'profile', 'application'],
      [`us.${HAIKU_3}`, 'profile', 'geo'],
    ]);
    expect(response.body.items[2]?.destinationRegions).toEqual([
      'us-east-1',
      'us-east-2',
      'us-west-2',
    ]);
    expectFreshness(response);
  });

  it('GET /v1/profiles/{profileId}: in a region, from the fastest region, and by ARN', async () => {
    const id = `eu.${HAIKU_3}`;
    const inRegion = await api(
      'GET /v1/profiles/{profileId}',
      `/v1/profiles/${enc(id)}?region=eu-west-3`,
    );
    expect(inRegion.status).toBe(200);
    expect(inRegion.body).toMatchObject({
      profileId: id,
      region: 'eu-west-3',
      modelId: HAIKU_3,
      type: 'SYSTEM_DEFINED',
      scope: 'geo',
      status: 'ACTIVE',
    });
    for (const field of ['profileArn', 'name', 'description', 'modelArns', 'destinationRegions']) {
      expect(inRegion.body).toHaveProperty(field);
    }
    for (const field of ['createdAt', 'updatedAt', 'lastSeenAt']) {
      expect(inRegion.body).toHaveProperty(field);
    }
    expectFreshness(inRegion);

    const order = (await api<Page>('GET /v1/regions', '/v1/regions')).body.items.map(
      (r) => r.region,
    );
    const fastest = await api('GET /v1/profiles/{profileId}', `/v1/profiles/${enc(id)}`);
    const sources = fastest.body.regions as string[];
    const holding = Object.entries(catalog.emulator?.data().regions ?? {})
      .filter(([, data]) => data.inferenceProfiles.some((p) => p.inferenceProfileId === id))
      .map(([region]) => region);
    expect([...sources].sort()).toEqual(holding.sort());
    expect(sources).toEqual(order.filter((r) => sources.includes(String(r))));
    expect(fastest.body.region).toBe(sources[0]);

    const arn = String(inRegion.body.profileArn);
    const byArn = await api('GET /v1/profiles/{profileId}', `/v1/profiles/${enc(arn)}`);
    expect(byArn.status).toBe(200);
    expect(byArn.body).toMatchObject({ profileId: id, region: 'eu-west-3', profileArn: arn });

    const missing = await api(
      'GET /v1/profiles/{profileId}',
      `/v1/profiles/${enc(id)}?region=us-east-1`,
    );
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
  });

  it('GET /v1/profiles/{profileId}/model: the model behind an application profile ARN', async () => {
    const arn =
      'arn:aws:bedrock:ap-northeast-1:111122223333:application-inference-profile/j2p5l8c1v9xa';
    const response = await api(
      'GET /v1/profiles/{profileId}/model',
      `/v1/profiles/${enc(arn)}/model`,
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      profileId: 'j2p5l8c1v9xa',
      modelId: 'anthropic.claude-haiku-4-5-20251001-v1:0',
      region: 'ap-northeast-1',
    });
    expectFreshness(response);
  });

  it('POST /v1/scans → 202, then GET /v1/scans/{scanId} until it succeeded', async () => {
    const started = await api<{ scanId: string }>('POST /v1/scans', '/v1/scans', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ regions: ['eu-west-1', 'us-east-1'] }),
    });
    expect(started.status).toBe(202);
    const { scanId } = started.body;

    let scan: { status: number; body: Json } | undefined;
    for (let attempt = 0; attempt < 200; attempt++) {
      scan = await api('GET /v1/scans/{scanId}', `/v1/scans/${scanId}`);
      if (scan.status === 200 && scan.body.status !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(scan?.status).toBe(200);
    expect(scan?.body).toMatchObject({ scanId, status: 'succeeded' });
    const regions = ((scan?.body.regions ?? []) as Item[]).map((r) => [r.region, r.status]);
    expect(regions.sort()).toEqual([
      ['eu-west-1', 'ok'],
      ['us-east-1', 'ok'],
    ]);
  });

  it('GET /v1/changes: a profile removed upstream shows up after a rescan', async () => {
    const since = new Date().toISOString();
    expect(catalog.emulator?.removeProfile('eu-west-1', 'r4t8w0zn5e6d')).toBe(true);
    await catalog.scanNow(['eu-west-1']);

    const response = await api<Page>(
      'GET /v1/changes',
      `/v1/changes?since=${enc(since)}&region=eu-west-1`,
    );
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([
      expect.objectContaining({
        region: 'eu-west-1',
        kind: 'removed',
        entity: 'profile',
        id: 'r4t8w0zn5e6d',
        after: null,
        before: expect.objectContaining({ profileId: 'r4t8w0zn5e6d' }),
      }),
    ]);
    expect(response.body.nextCursor).toBeNull();
    const gone = await api(
      'GET /v1/profiles/{profileId}',
      '/v1/profiles/r4t8w0zn5e6d?region=eu-west-1',
    );
    expect(gone.status).toBe(404);
  });

  it('GET /v1/health: 200 with per-region freshness', async () => {
    const response = await api<Json & { regions: Item[] }>('GET /v1/health', '/v1/health');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ healthy: true, status: 'ok' });
    expect(response.body.regions.map((r) => r.region)).toEqual(catalog.emulator?.regions().sort());
    expect(response.body.regions.every((r) => r.fresh === true && r.lastSuccessAt)).toBe(true);
  });

  it('GET /openapi.json: the OpenAPI 3.1 document', async () => {
    const response = await api<{ openapi: string; paths: Json }>(
      'GET /openapi.json',
      '/openapi.json',
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.body.openapi).toBe('3.1.0');
    expect(Object.keys(response.body.paths)).toContain('/v1/models/{modelId}/invoke-targets');
  });

  it('GET /v1/lifecycle: models with a lifecycle event ahead, soonest first', async () => {
    const response = await api<Json & { items: Item[] }>(
      'GET /v1/lifecycle',
      '/v1/lifecycle?within=3650d&region=us-west-2',
    );
    expect(response.status).toBe(200);
    expectFreshness(response);
    // Claude 3.5 Haiku is the default data's LEGACY model with dates still ahead.
    expect(response.body.items).toEqual([
      expect.objectContaining({
        modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
        region: 'us-west-2',
        status: 'LEGACY',
      }),
    ]);
  });

  it('answers errors as JSON over HTTP too', async () => {
    const notFound = await fetchJson(catalog, '/nope');
    expect(notFound.status).toBe(404);
    expect(notFound.body).toEqual({
      error: { code: 'ROUTE_NOT_FOUND', message: expect.any(String) },
    });
    const badLimit = await fetchJson(catalog, '/v1/regions/us-east-1/profiles?limit=1000');
    expect(badLimit.status).toBe(400);
    expect(badLimit.body).toMatchObject({
      error: { code: 'INVALID_PARAMETER', parameter: 'limit' },
    });
  });

  it('GET /v1/regions/{region}/quotas: every Bedrock quota of the region', async () => {
    const response = await api<{ region: string; items: Item[] }>(
      'GET /v1/regions/{region}/quotas',
      '/v1/regions/eu-west-1/quotas',
    );

    expect(response.status).toBe(200);
    expect(response.body.items.length).toBe(
      catalog.emulator?.data().regions['eu-west-1']?.serviceQuotas?.length,
    );
    expect(JSON.stringify(response.body)).not.toMatch(/GSI1PK|contentHash|recordType/);
    expectFreshness(response);
  });

  it("GET /v1/snapshot: every model's invoke targets from the region, with an ETag", async () => {
    const response = await api<Json & { models: Record<string, Item[]> }>(
      'GET /v1/snapshot',
      '/v1/snapshot?region=us-east-1',
    );
    const targets = await api<Page>(
      'GET /v1/models/{modelId}/invoke-targets',
      `/v1/models/${enc(HAIKU_3)}/invoke-targets?sourceRegion=us-east-1`,
    );

    expect(response.status).toBe(200);
    expect(response.body.models[HAIKU_3]).toEqual(targets.body.items);
    expect(response.headers.get('etag')).toMatch(/^".+"$/);
    expectFreshness(response);
  });

  it('GET /v1/models/{modelId}/prices and GET /v1/prices/sources: list prices and their offers', async () => {
    // Their contents are proven against refreshed offers in test/local/price-api.
    const prices = await api<Json & { note: string; items: Item[] }>(
      'GET /v1/models/{modelId}/prices',
      `/v1/models/${enc(HAIKU_3)}/prices?region=us-east-1`,
    );
    expect(prices.status).toBe(200);
    expect(prices.body.note).toBe('public list price, USD, excludes private offers');
    expectFreshness(prices);
    const sources = await api<Json & { items: Item[] }>(
      'GET /v1/prices/sources',
      '/v1/prices/sources',
    );
    expect(sources.status).toBe(200);
    expect(Array.isArray(sources.body.items)).toBe(true);
  });

  it('called every route of the contract', () => {
    const contract = API_ROUTES.map((r) => `${r.method} ${r.path}`).sort();
    expect([...covered].sort()).toEqual(contract);
  });
});
