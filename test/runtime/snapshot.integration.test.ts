import { request as httpRequest } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CatalogReader } from '@bedrock-profile-catalog/catalog';
import type { LocalCatalog } from '@bedrock-profile-catalog/local';
import {
  buildSnapshot,
  SNAPSHOT_FORMAT_VERSION,
  Snapshot,
  type SnapshotView,
} from '@bedrock-profile-catalog/query-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchJson, startTestCatalog } from '../support/local-catalog.js';

/**
 * Issue 14 §2: `GET /v1/snapshot?region=S` over local mode (the emulator's data scanned into
 * dynalite): every model's targets exactly as invoke-targets answers them, an ETag with 304,
 * gzip; and `CatalogReader.snapshot` + `buildSnapshot` give the same object from the table.
 */
let catalog: LocalCatalog;

beforeAll(async () => {
  catalog = await startTestCatalog();
});

afterAll(async () => {
  await catalog?.close();
});

/** One GET with exactly these headers, the body as bytes (fetch would decompress it). */
function rawGet(path: string, headers: Record<string, string>) {
  const { port } = new URL(catalog.url);
  return new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>(
    (resolve, reject) => {
      const outgoing = httpRequest(
        { host: '127.0.0.1', port, path, headers, agent: false },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              body: Buffer.concat(chunks),
            }),
          );
        },
      );
      outgoing.on('error', reject);
      outgoing.end();
    },
  );
}

describe('GET /v1/snapshot', () => {
  it("holds every model's invoke targets from the region, as invoke-targets ranks them", async () => {
    const { status, body, headers } = await fetchJson<SnapshotView>(
      catalog,
      '/v1/snapshot?region=us-east-1',
    );
    expect(status).toBe(200);
    expect(Snapshot.safeParse(body).success).toBe(true);
    expect(body).toMatchObject({
      formatVersion: SNAPSHOT_FORMAT_VERSION,
      sourceRegion: 'us-east-1',
    });
    expect(headers.get('x-catalog-as-of')).toBe(body.catalogAsOf);
    const listed = catalog.emulator?.data().regions['us-east-1']?.foundationModels ?? [];
    expect(listed.length).toBeGreaterThan(5);
    for (const model of listed) expect(Object.keys(body.models)).toContain(model.modelId);
    for (const [modelId, targets] of Object.entries(body.models)) {
      const answer = await fetchJson<{ items: unknown[] }>(
        catalog,
        `/v1/models/${encodeURIComponent(modelId)}/invoke-targets?sourceRegion=us-east-1`,
      );
      expect(targets, modelId).toEqual(answer.body.items);
    }
  });

  it('answers 304 to If-None-Match with its ETag, and gzip when accepted', async () => {
    const plain = await rawGet('/v1/snapshot?region=us-east-1', {});
    const etag = String(plain.headers.etag);
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    expect(plain.headers['content-encoding']).toBeUndefined();

    const again = await rawGet('/v1/snapshot?region=us-east-1', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(etag);

    const other = await rawGet('/v1/snapshot?region=us-east-1', { 'if-none-match': '"stale"' });
    expect(other.status).toBe(200);

    const zipped = await rawGet('/v1/snapshot?region=us-east-1', { 'accept-encoding': 'gzip' });
    expect(zipped.status).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.etag).toBe(etag);
    expect(gunzipSync(zipped.body).toString('utf8')).toBe(plain.body.toString('utf8'));
    expect(zipped.body.length).toBeLessThan(plain.body.length / 3);

    const refused = await rawGet('/v1/snapshot?region=us-east-1', {
      'accept-encoding': 'gzip;q=0, identity',
    });
    expect(refused.headers['content-encoding']).toBeUndefined();
  });

  it('refuses a missing region (400) and an unknown one (404) with a code', async () => {
    const missing = await fetchJson<{ error: { code: string } }>(catalog, '/v1/snapshot');
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('INVALID_PARAMETER');
    const unknown = await fetchJson<{ error: { code: string } }>(
      catalog,
      '/v1/snapshot?region=eu-wset-1',
    );
    expect(unknown.status).toBe(404);
  });

  it('CatalogReader.snapshot with buildSnapshot gives the API its very object', async () => {
    const documentClient = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        region: 'us-east-1',
        endpoint: catalog.dynamoEndpoint ?? undefined,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
    );
    const reader = new CatalogReader({
      documentClient,
      tableName: catalog.tableName,
      cursorSecret: 'snapshot-test-cursor-secret',
    });
    const records = await reader.snapshot('us-east-1');
    expect(records.models.length).toBeGreaterThan(5);
    expect(records.profiles.length).toBeGreaterThan(5);
    const direct = buildSnapshot(records, new Date());
    const api = await fetchJson<SnapshotView>(catalog, '/v1/snapshot?region=us-east-1');
    expect(direct).toEqual(api.body);
  });
});
