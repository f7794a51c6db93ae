import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CatalogReader } from '@bedrock-profile-catalog/catalog';
import type { LocalCatalog } from '@bedrock-profile-catalog/local';
import {
  CatalogQueryService,
  createQueryHandler,
  OPENAPI_DOCUMENT_FILE,
  openApiDocumentFrom,
  type QueryHandler,
} from '@bedrock-profile-catalog/query-api';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { countWrites } from '../catalog/fixtures.js';
import { apiGatewayEvent, seg } from '../support/api-gateway-event.js';
import { assertInContract } from '../support/contract.js';
import { startTestCatalog } from '../support/local-catalog.js';

const HAIKU_3 = 'anthropic.claude-3-haiku-20240307-v1:0';
const US_HAIKU_3 = `us.${HAIKU_3}`;
const CURSOR_SECRET = 'handler-test-cursor-secret';
const SCAN_INTERVAL_SECONDS = 300;
/** Attributes of the table layout that must never reach a response body. */
const INTERNAL = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'expiresAt', 'contentHash'];

let catalog: LocalCatalog;
let documentClient: DynamoDBDocumentClient;
let handle: QueryHandler;
let clockOffsetMs = 0;
const startScan = vi.fn(async (_request: { regions?: string[] | undefined }) => ({
  scanId: '20261126T210000000Z-0a1b2c3d',
}));
const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };

type Json = Record<string, unknown> & { items?: Record<string, unknown>[] };

function json(result: APIGatewayProxyStructuredResultV2): Json {
  return JSON.parse(result.body ?? 'null') as Json;
}

/** Every answer in this file is checked against the route's response schema. */
async function call(init: Parameters<typeof apiGatewayEvent>[0]) {
  const result = await handle(apiGatewayEvent(init));
  assertInContract(init, result);
  return { status: result.statusCode, headers: result.headers ?? {}, body: json(result) };
}

function readerOn(tableName: string) {
  return new CatalogReader({ documentClient, tableName, cursorSecret: CURSOR_SECRET });
}

/** A handler like `handle`, over another reader or region setting. */
function handlerOver(reader: CatalogReader, configuredRegions: readonly string[] | 'auto') {
  return createQueryHandler({
    service: new CatalogQueryService({
      reader,
      startScan,
      configuredRegions,
      scanIntervalSeconds: SCAN_INTERVAL_SECONDS,
    }),
    logger,
  });
}

/** A handler over a reader with its own client, so its DynamoDB requests can be counted by name. */
function countingHandler() {
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: inject('dynamoEndpoint'),
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const requests = countWrites(client);
  const reader = new CatalogReader({
    documentClient: DynamoDBDocumentClient.from(client),
    tableName: catalog.tableName,
    cursorSecret: CURSOR_SECRET,
  });
  return { counting: handlerOver(reader, catalog.regions), requests };
}

beforeAll(async () => {
  // Local mode fills a table on the shared dynalite with a real scan of the emulator; the
  // handler under test reads that table through its own reader and service.
  catalog = await startTestCatalog({ DYNAMODB_ENDPOINT: inject('dynamoEndpoint') });
  documentClient = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'us-east-1',
      endpoint: inject('dynamoEndpoint'),
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    }),
  );
  const service = new CatalogQueryService({
    reader: readerOn(catalog.tableName),
    startScan,
    configuredRegions: catalog.regions,
    scanIntervalSeconds: SCAN_INTERVAL_SECONDS,
    now: () => new Date(Date.now() + clockOffsetMs),
  });
  handle = createQueryHandler({
    service,
    logger,
    openApiDocument: openApiDocumentFrom(OPENAPI_DOCUMENT_FILE),
  });
});

afterAll(async () => {
  await catalog?.close();
});

beforeEach(() => {
  clockOffsetMs = 0;
  startScan.mockClear();
  logger.error.mockClear();
});

describe('query handler: lookups on scanned emulator data', () => {
  it('lists regions ok-first by p50 with catalogAsOf in body and header', async () => {
    const { status, headers, body } = await call({ path: '/v1/regions' });

    expect(status).toBe(200);
    const items = body.items ?? [];
    expect(items.map((r) => r.region).sort()).toEqual([...catalog.regions].sort());
    // ok regions with samples by p50, then ok regions not yet measured (controlPlaneMs null).
    const p50s = items.map((r) => (r.controlPlaneMs as { p50: number } | null)?.p50 ?? Infinity);
    expect(p50s).toEqual([...p50s].sort((a, b) => a - b));
    expect(p50s.filter(Number.isFinite).length).toBeGreaterThan(0);
    expect(items.every((r) => r.status === 'ok' && r.error === null)).toBe(true);
    expect(typeof body.catalogAsOf).toBe('string');
    expect(headers['x-catalog-as-of']).toBe(body.catalogAsOf);
  });

  it('filters a region’s profiles by model and type', async () => {
    const byModel = await call({
      path: '/v1/regions/us-east-1/profiles',
      query: { modelId: HAIKU_3 },
    });
    expect(byModel.status).toBe(200);
    expect(byModel.body.items?.map((p) => p.profileId).sort()).toEqual(
      ['hq2of259skzs', US_HAIKU_3].sort(),
    );

    const apps = await call({
      path: '/v1/regions/us-east-1/profiles',
      query: { type: 'APPLICATION' },
    });
    expect(apps.body.items?.map((p) => p.profileId).sort()).toEqual(
      ['hq2of259skzs', 's529qz7ddy06', 'v8gtbe8pryd4'].sort(),
    );
    expect(
      apps.body.items?.every((p) => p.type === 'APPLICATION' && p.region === 'us-east-1'),
    ).toBe(true);
  });

  it('pages a region’s profiles with signed cursors: every profile exactly once', async () => {
    const all = await call({ path: '/v1/regions/eu-west-1/profiles', query: { limit: '100' } });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: Record<string, string> = { limit: '2', ...(cursor ? { cursor } : {}) };
      const { status, body } = await call({ path: '/v1/regions/eu-west-1/profiles', query });
      expect(status).toBe(200);
      expect((body.items ?? []).length).toBeLessThanOrEqual(2);
      seen.push(...(body.items ?? []).map((p) => String(p.profileId)));
      cursor = body.nextCursor as string | null;
      pages += 1;
    } while (cursor);

    expect(pages).toBeGreaterThan(2);
    expect(seen.sort()).toEqual((all.body.items ?? []).map((p) => String(p.profileId)).sort());
  });

  it('refuses a cursor from another query, a tampered one and garbage with 400 INVALID_CURSOR', async () => {
    const first = await call({ path: '/v1/regions/eu-west-1/profiles', query: { limit: '1' } });
    const cursor = String(first.body.nextCursor);
    const [version, kid, payload, mac] = cursor.split('.');
    const flipped = `${version}.${kid}.${payload}.${mac?.startsWith('A') ? 'B' : 'A'}${mac?.slice(1)}`;

    for (const [path, bad] of [
      ['/v1/regions/us-east-1/profiles', cursor],
      ['/v1/regions/eu-west-1/profiles', flipped],
      ['/v1/regions/eu-west-1/profiles', 'not-a-cursor'],
    ] as const) {
      const { status, body } = await call({ path, query: { limit: '1', cursor: bad } });
      expect(status).toBe(400);
      expect(body.error).toMatchObject({ code: 'INVALID_CURSOR', parameter: 'cursor' });
    }
  });

  it('lists a model’s profiles in one region and in all', async () => {
    const inOne = await call({
      path: `/v1/models/${seg(HAIKU_3)}/profiles`,
      query: { region: 'eu-west-1' },
    });
    expect(inOne.body.items?.map((p) => p.profileId).sort()).toEqual(
      [`eu.${HAIKU_3}`, 'r4t8w0zn5e6d'].sort(),
    );

    const inAll = await call({ path: `/v1/models/${seg(HAIKU_3)}/profiles` });
    const expected = Object.entries(catalog.emulator?.data().regions ?? {}).flatMap(
      ([region, data]) =>
        data.inferenceProfiles
          .filter((p) => p.models.some((m) => m.modelArn.endsWith(`/${HAIKU_3}`)))
          .map((p) => `${region} ${p.inferenceProfileId}`),
    );
    expect(expected.length).toBeGreaterThan(5);
    expect(inAll.body.items?.map((p) => `${p.region} ${p.profileId}`).sort()).toEqual(
      expected.sort(),
    );
    expect(inAll.body.items?.every((p) => (p.modelIds as string[]).includes(HAIKU_3))).toBe(true);
  });

  it('answers invoke-targets with one table request', async () => {
    const { counting, requests } = countingHandler();
    const targets = async (modelId: string, sourceRegion: string) => {
      const result = await counting(
        apiGatewayEvent({
          path: `/v1/models/${seg(modelId)}/invoke-targets`,
          query: { sourceRegion },
        }),
      );
      expect(result.statusCode).toBe(200);
      return json(result);
    };
    // The first lookup also reads the region list, which the service then caches.
    await targets(HAIKU_3, 'us-east-1');
    requests.reset();

    // The model record, its profiles, throughputs and quotas in S share one key range.
    const onDemand = await targets(HAIKU_3, 'us-east-1');
    expect(requests.commands).toEqual({ QueryCommand: 1 });
    expect(onDemand.items?.map((t) => t.kind)).toEqual(
      expect.arrayContaining(['model', 'profile']),
    );
    requests.reset();
    // A PROVISIONED variant in a region that holds throughputs: still one request.
    const variant = await targets(`${HAIKU_3}:48k`, 'us-east-1');
    expect(requests.commands).toEqual({ QueryCommand: 1 });
    expect(variant.items?.[0]?.kind).toBe('provisioned-throughput');
  });

  it('answers model regions with their time to first token in one table request', async () => {
    const { counting, requests } = countingHandler();
    const modelRegions = async (modelId: string) => {
      const result = await counting(
        apiGatewayEvent({ path: `/v1/models/${seg(modelId)}/regions` }),
      );
      expect(result.statusCode).toBe(200);
      return json(result);
    };
    // The first lookup also reads the region list, which the service then caches.
    await modelRegions(HAIKU_3);
    requests.reset();

    // Model records, profiles, quotas and usage of every region: one GSI1 partition.
    const haiku = await modelRegions(HAIKU_3);
    expect(requests.commands).toEqual({ QueryCommand: 1 });
    expect(haiku.items?.[0]?.latency).toMatchObject({ source: 'cloudwatch' });
    requests.reset();
    // Traffic through a global profile ARN: still one request, and the profile is the target.
    const haiku45 = 'anthropic.claude-haiku-4-5-20251001-v1:0';
    const global = await modelRegions(haiku45);
    expect(requests.commands).toEqual({ QueryCommand: 1 });
    expect(global.items?.[0]).toMatchObject({
      region: 'us-east-1',
      latency: { targetId: `global.${haiku45}`, scope: 'global', source: 'cloudwatch' },
    });
  });

  it('answers 404 for a region the catalog does not hold, naming the regions it does', async () => {
    // A typo (eu-west-4) must not read as "no profiles here".
    const { status, body } = await call({ path: '/v1/regions/eu-west-4/profiles' });
    expect(status).toBe(404);
    expect(body.error).toMatchObject({ code: 'NOT_FOUND' });
    expect(String((body.error as { message: string }).message)).toMatch(/eu-west-4.*us-east-1/);
  });

  it('answers 404 for profiles of a model the catalog does not know', async () => {
    const { status, body } = await call({
      path: `/v1/models/${seg('acme.nothing-v1:0')}/profiles`,
    });
    expect(status).toBe(404);
    expect(body.error).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('returns a model’s regions: measured time to first token first, then the /v1/regions order', async () => {
    const regions = (await call({ path: '/v1/regions' })).body.items ?? [];
    const { status, body } = await call({ path: `/v1/models/${seg(HAIKU_3)}/regions` });

    expect(status).toBe(200);
    const items = body.items ?? [];
    // The emulator's default CloudWatch traffic calls Claude 3 Haiku by its bare ID in us-east-1
    // only: that region leads with the account's own time to first token; the others follow.
    const [first, ...rest] = items;
    const fastest = await call({
      path: `/v1/models/${seg(HAIKU_3)}/invoke-targets`,
      query: { sourceRegion: 'us-east-1', rank: 'latency' },
    });
    const best = fastest.body.items?.[0] as { targetId: string; scope: string; latency: object };
    expect(best.targetId).toBe(HAIKU_3);
    expect(first).toMatchObject({
      region: 'us-east-1',
      latency: { targetId: HAIKU_3, scope: 'in-region', source: 'cloudwatch', ...best.latency },
    });
    expect(rest.every((r) => r.latency === null)).toBe(true);
    const others = rest.map((r) => String(r.region));
    expect(others).toEqual(regions.map((r) => r.region).filter((r) => others.includes(String(r))));
    expect(others).toContain('eu-west-1');
    // Each region keeps its control-plane figure, as /v1/regions shows it.
    const controlPlane = new Map(regions.map((r) => [r.region, r.controlPlaneMs]));
    for (const item of items) {
      expect(Array.isArray(item.inferenceTypes)).toBe(true);
      expect(item.controlPlaneMs).toEqual(controlPlane.get(item.region));
    }
  });

  it('finds a profile by ID in one region, by ID from its fastest region, and by ARN', async () => {
    const inRegion = await call({
      path: `/v1/profiles/${seg(US_HAIKU_3)}`,
      query: { region: 'us-west-2' },
    });
    expect(inRegion.status).toBe(200);
    expect(inRegion.body).toMatchObject({
      profileId: US_HAIKU_3,
      region: 'us-west-2',
      modelId: HAIKU_3,
    });

    const anywhere = await call({ path: `/v1/profiles/${seg(US_HAIKU_3)}` });
    const order = (await call({ path: '/v1/regions' })).body.items?.map((r) => r.region) ?? [];
    const sources = anywhere.body.regions as string[];
    expect(new Set(sources)).toEqual(new Set(['us-east-1', 'us-east-2', 'us-west-2']));
    expect(sources).toEqual(order.filter((r) => sources.includes(String(r))));
    expect(anywhere.body.region).toBe(sources[0]);

    const arn = String(inRegion.body.profileArn);
    const byArn = await call({ path: `/v1/profiles/${seg(arn)}` });
    expect(byArn.status).toBe(200);
    expect(byArn.body).toMatchObject({ profileId: US_HAIKU_3, region: 'us-west-2' });
  });

  it('maps a profile to its model', async () => {
    const { status, body } = await call({
      path: `/v1/profiles/${seg('r4t8w0zn5e6d')}/model`,
      query: { region: 'eu-west-1' },
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      profileId: 'r4t8w0zn5e6d',
      modelId: HAIKU_3,
      region: 'eu-west-1',
    });
  });

  it('starts a scan of the requested regions with 202 and refuses regions it does not scan', async () => {
    const accepted = await call({
      method: 'POST',
      path: '/v1/scans',
      body: JSON.stringify({ regions: ['eu-west-1', 'eu-west-1'] }),
    });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toEqual({ scanId: '20261126T210000000Z-0a1b2c3d', coalesced: false });
    expect(startScan).toHaveBeenCalledWith({ regions: ['eu-west-1'] });

    const base64 = await call({
      method: 'POST',
      path: '/v1/scans',
      body: Buffer.from('{"regions":["us-east-1"]}').toString('base64'),
      isBase64Encoded: true,
    });
    expect(base64.status).toBe(202);
    expect(startScan).toHaveBeenLastCalledWith({ regions: ['us-east-1'] });

    const elsewhere = await call({
      method: 'POST',
      path: '/v1/scans',
      body: '{"regions":["me-central-1"]}',
    });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.error).toMatchObject({ code: 'INVALID_BODY', parameter: 'regions' });

    // A malformed region is the same kind of body error as an unconfigured one.
    const malformed = await call({
      method: 'POST',
      path: '/v1/scans',
      body: '{"regions":["nowhere"]}',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({ code: 'INVALID_BODY', parameter: 'regions' });
    expect(startScan).toHaveBeenCalledTimes(2);
  });

  it('with regions auto, starts scans only of regions the catalog holds', async () => {
    const auto = handlerOver(readerOn(catalog.tableName), 'auto');
    const post = async (body: string) => {
      const result = await auto(apiGatewayEvent({ method: 'POST', path: '/v1/scans', body }));
      return { status: result.statusCode, body: json(result) };
    };

    expect((await post('{"regions":["eu-west-1"]}')).status).toBe(202);
    expect(startScan).toHaveBeenLastCalledWith({ regions: ['eu-west-1'] });
    const unknown = await post('{"regions":["xx-east-9"]}');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'INVALID_BODY', parameter: 'regions' });
    expect(startScan).toHaveBeenCalledTimes(1);
  });

  it('shows a finished scan with per-region results', async () => {
    const summary = await catalog.scanNow(['eu-west-1']);
    const { status, body } = await call({ path: `/v1/scans/${summary.scanId}` });
    expect(status).toBe(200);
    expect(body).toMatchObject({ scanId: summary.scanId, status: 'succeeded' });
    expect(body.regions).toEqual([
      expect.objectContaining({ region: 'eu-west-1', status: 'ok', error: null }),
    ]);
  });

  it('lists the changes a rescan found, filtered by region', async () => {
    const since = new Date().toISOString();
    const gone = catalog.emulator?.data().regions['sa-east-1']?.inferenceProfiles[0];
    expect(catalog.emulator?.removeProfile('sa-east-1', gone?.inferenceProfileId ?? '')).toBe(true);
    await catalog.scanNow(['sa-east-1']);

    const { status, body } = await call({
      path: '/v1/changes',
      query: { since, region: 'sa-east-1' },
    });
    expect(status).toBe(200);
    expect(body.items).toEqual([
      expect.objectContaining({
        region: 'sa-east-1',
        kind: 'removed',
        entity: 'profile',
        id: gone?.inferenceProfileId,
        after: null,
      }),
    ]);
    expect(typeof body.catalogAsOf).toBe('string');
    const elsewhere = await call({ path: '/v1/changes', query: { since, region: 'us-east-1' } });
    expect(elsewhere.body.items).toEqual([]);
  });

  it('reports healthy while fresh, and 503 once the last success is older than 3 intervals', async () => {
    const fresh = await call({ path: '/v1/health' });
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({ healthy: true, maxAgeSeconds: 3 * SCAN_INTERVAL_SECONDS });

    clockOffsetMs = (3 * SCAN_INTERVAL_SECONDS + 60) * 1000;
    const stale = await call({ path: '/v1/health' });
    expect(stale.status).toBe(503);
    expect(stale.body).toMatchObject({ healthy: false, status: 'stale' });
    const regions = stale.body.regions as { region: string; fresh: boolean }[];
    expect(regions.map((r) => r.region)).toEqual([...catalog.regions].sort());
    expect(regions.every((r) => !r.fresh)).toBe(true);
  });

  it('serves the OpenAPI document on GET only', async () => {
    const doc = await call({ path: '/openapi.json' });
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    const post = await call({ method: 'POST', path: '/openapi.json' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET');
  });

  it('never returns the table’s internal attributes', async () => {
    const bodies = await Promise.all(
      [
        '/v1/regions',
        '/v1/regions/us-east-1/profiles',
        `/v1/models/${seg(HAIKU_3)}/profiles`,
        `/v1/models/${seg(HAIKU_3)}/regions`,
        `/v1/profiles/${seg(US_HAIKU_3)}`,
        '/v1/changes',
      ].map(async (path) => (await handle(apiGatewayEvent({ path }))).body ?? ''),
    );
    for (const body of bodies) {
      for (const name of INTERNAL) expect(body).not.toContain(`"${name}"`);
    }
  });
});

describe('query handler: errors at the edge', () => {
  it.each([
    { name: 'unknown route', init: { path: '/v2/regions' }, status: 404, code: 'ROUTE_NOT_FOUND' },
    {
      name: 'unknown method',
      init: { method: 'DELETE', path: '/v1/regions' },
      status: 405,
      code: 'METHOD_NOT_ALLOWED',
    },
    {
      name: 'unknown parameter',
      init: { path: '/v1/regions', query: 'verbose=1' },
      status: 400,
      code: 'UNKNOWN_PARAMETER',
    },
    {
      name: 'repeated limit',
      init: { path: '/v1/regions/us-east-1/profiles', query: 'limit=1&limit=2' },
      status: 400,
      code: 'INVALID_PARAMETER',
    },
    {
      name: 'limit above 100',
      init: { path: '/v1/regions/us-east-1/profiles', query: 'limit=101' },
      status: 400,
      code: 'INVALID_PARAMETER',
    },
    {
      name: 'limit 0',
      init: { path: '/v1/regions/us-east-1/profiles', query: 'limit=0' },
      status: 400,
      code: 'INVALID_PARAMETER',
    },
    {
      name: 'bad region pattern',
      init: { path: '/v1/regions/US_EAST_1/profiles' },
      status: 400,
      code: 'INVALID_PARAMETER',
    },
    {
      name: 'overlong region',
      init: { path: `/v1/regions/us-${'a'.repeat(3000)}-1/profiles` },
      status: 400,
      code: 'INVALID_PARAMETER',
    },
    {
      name: 'malformed model ID',
      init: { path: `/v1/models/${seg('../etc')}/regions` },
      status: 400,
      code: 'INVALID_PARAMETER',
    },
    {
      name: 'bad escape',
      init: { path: '/v1/models/%E0%A4%A/regions' },
      status: 400,
      code: 'INVALID_PARAMETER',
    },
    {
      name: 'ARN of a bogus region',
      init: {
        path: `/v1/profiles/${seg(`arn:aws:bedrock:zz:111122223333:inference-profile/${US_HAIKU_3}`)}`,
      },
      status: 400,
      code: 'INVALID_PARAMETER',
    },
    {
      name: 'missing sourceRegion',
      init: { path: `/v1/models/${seg(HAIKU_3)}/invoke-targets` },
      status: 400,
      code: 'INVALID_PARAMETER',
    },
    {
      name: 'bad since',
      init: { path: '/v1/changes', query: { since: 'yesterday' } },
      status: 400,
      code: 'INVALID_PARAMETER',
    },
    {
      name: 'bad JSON body',
      init: { method: 'POST', path: '/v1/scans', body: '{"regions":' },
      status: 400,
      code: 'INVALID_BODY',
    },
    {
      name: 'unknown body field',
      init: { method: 'POST', path: '/v1/scans', body: '{"force":true}' },
      status: 400,
      code: 'INVALID_BODY',
    },
    {
      name: 'unknown profile',
      init: { path: '/v1/profiles/us.acme.nothing-v1%3A0' },
      status: 404,
      code: 'NOT_FOUND',
    },
    {
      name: 'unknown model',
      init: { path: `/v1/models/${seg('acme.nothing-v1:0')}/regions` },
      status: 404,
      code: 'NOT_FOUND',
    },
    {
      name: 'unknown scan',
      init: { path: '/v1/scans/20261126T210000000Z-ffffffff' },
      status: 404,
      code: 'NOT_FOUND',
    },
  ] as const)('$name → $status $code', async ({ init, status, code }) => {
    const { status: actual, body, headers } = await call(init);
    expect(actual).toBe(status);
    expect(body.error).toEqual(expect.objectContaining({ code, message: expect.any(String) }));
    expect(headers['content-type']).toMatch(/^application\/json/);
    expect(startScan).not.toHaveBeenCalled();
  });

  it('answers 503 without internals when the catalog fails, and logs the cause', async () => {
    const broken = handlerOver(readerOn('no-such-table'), 'auto');
    const result = await broken(apiGatewayEvent({ path: '/v1/regions' }));

    expect(result.statusCode).toBe(503);
    expect(json(result)).toEqual({
      error: { code: 'CATALOG_UNAVAILABLE', message: expect.any(String) },
    });
    expect(result.body).not.toMatch(/no-such-table|ResourceNotFound|at .*\.ts/);
    expect(logger.error).toHaveBeenCalledTimes(1);
  });
});

describe('Lambda: the query and scan-request handlers (lambdas/query, lambdas/scan-request)', () => {
  const eventBridge = mockClient(EventBridgeClient);
  let query: typeof import('../../lambdas/query/handler.js').handler;
  let handler: typeof import('../../lambdas/scan-request/handler.js').handler;
  const context = { functionName: 'query', awsRequestId: 'req-1' } as unknown as Context;

  beforeAll(async () => {
    // The module reads its configuration and builds its clients at load, as in Lambda.
    vi.stubEnv('TABLE_NAME', catalog.tableName);
    vi.stubEnv('CURSOR_SECRET', CURSOR_SECRET);
    vi.stubEnv('CATALOG_REGIONS', 'us-east-1,eu-west-1');
    vi.stubEnv('SCAN_INTERVAL_SECONDS', '900');
    // The table's scan is seconds old: with the default cooldown every POST would answer it.
    vi.stubEnv('SCAN_COOLDOWN_SECONDS', '0');
    vi.stubEnv('EVENT_BUS_NAME', 'catalog-bus');
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', inject('dynamoEndpoint'));
    eventBridge
      .on(PutEventsCommand)
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'event-1' }] });
    ({ handler: query } = await import('../../lambdas/query/handler.js'));
    ({ handler } = await import('../../lambdas/scan-request/handler.js'));
  });

  afterAll(() => {
    vi.unstubAllEnvs();
    eventBridge.restore();
  });

  it('the query function reads the table named by TABLE_NAME', async () => {
    const result = await query(apiGatewayEvent({ path: '/v1/regions' }), context);
    expect(result.statusCode).toBe(200);
    expect(json(result).items?.length).toBe(catalog.regions.length);
  });

  it('each function serves only its routes (API Gateway sends each route to one of them)', async () => {
    eventBridge.resetHistory();
    const post = apiGatewayEvent({ method: 'POST', path: '/v1/scans', body: '{}' });
    const notHere = await query(post, context);
    expect(notHere.statusCode).toBe(404);
    expect(json(notHere)).toMatchObject({ error: { code: 'ROUTE_NOT_FOUND' } });
    expect(eventBridge).toHaveReceivedCommandTimes(PutEventsCommand, 0);
    const read = await handler(apiGatewayEvent({ path: '/v1/regions' }), context);
    expect(read.statusCode).toBe(404);
  });

  it('POST /v1/scans puts one Scan Requested event on the bus and answers 202 {scanId}', async () => {
    const result = await handler(
      apiGatewayEvent({ method: 'POST', path: '/v1/scans', body: '{"regions":["eu-west-1"]}' }),
      context,
    );

    expect(result.statusCode).toBe(202);
    const { scanId } = json(result) as { scanId: string };
    expect(scanId).toMatch(/^\d{8}T\d{9}Z-[0-9a-f]{8}$/);
    expect(eventBridge).toHaveReceivedCommandTimes(PutEventsCommand, 1);
    const entries = eventBridge.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries ?? [];
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      EventBusName: 'catalog-bus',
      Source: 'bedrock-profile-catalog.requests',
      DetailType: 'Scan Requested',
    });
    expect(JSON.parse(entries[0]?.Detail ?? '{}')).toEqual({ scanId, regions: ['eu-west-1'] });
  });

  it('answers 503 when EventBridge refuses the event, so the caller knows no scan started', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    eventBridge.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }],
    });
    try {
      const result = await handler(
        apiGatewayEvent({ method: 'POST', path: '/v1/scans', body: '{}' }),
        context,
      );
      expect(result.statusCode).toBe(503);
      expect(json(result)).toMatchObject({ error: { code: 'CATALOG_UNAVAILABLE' } });
      // The cause is the refused entry (not, say, a crash on an empty answer).
      expect(String((consoleError.mock.calls[0]?.[0] as { error?: unknown })?.error)).toContain(
        'scan request not accepted: InternalFailure try again',
      );
    } finally {
      consoleError.mockRestore();
      eventBridge
        .on(PutEventsCommand)
        .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e' }] });
    }
  });

  it('logs a failed request as one structured entry for the JSON log format, without a logging library', async () => {
    // Lambda's JSON log format writes a single console argument as the `message` object of a
    // line that also carries timestamp, level and requestId; the entry must be that one object.
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const refused = Object.assign(new Error('EventBridge is unreachable'), {
      name: 'TimeoutError',
    });
    eventBridge.on(PutEventsCommand).rejects(refused);
    try {
      const result = await handler(
        apiGatewayEvent({ method: 'POST', path: '/v1/scans', body: '{}' }),
        context,
      );
      expect(result.statusCode).toBe(503);
      expect(consoleError).toHaveBeenCalledTimes(1);
      const [entry, ...more] = consoleError.mock.calls[0] ?? [];
      expect(more).toEqual([]);
      expect(entry).toEqual({
        message: 'request failed',
        method: 'POST',
        path: '/v1/scans',
        error: refused,
      });
      expect(JSON.parse(JSON.stringify(entry))).toMatchObject({
        message: 'request failed',
        method: 'POST',
        path: '/v1/scans',
      });
    } finally {
      consoleError.mockRestore();
      eventBridge
        .on(PutEventsCommand)
        .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e' }] });
    }
  });

  it('refuses to scan a region outside CATALOG_REGIONS without invoking the scanner', async () => {
    eventBridge.resetHistory();
    const result = await handler(
      apiGatewayEvent({ method: 'POST', path: '/v1/scans', body: '{"regions":["ap-south-1"]}' }),
      context,
    );
    expect(result.statusCode).toBe(400);
    expect(eventBridge).toHaveReceivedCommandTimes(PutEventsCommand, 0);
  });
});
