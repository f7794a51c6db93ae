import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CatalogReader } from '@bedrock-profile-catalog/catalog';
import type { LocalCatalog } from '@bedrock-profile-catalog/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchJson, startTestCatalog } from '../support/local-catalog.js';

/** Local mode over HTTP: POST /v1/scans coalesces onto the in-process scanner's recent scan. */
let coalescing: LocalCatalog;
let noCooldown: LocalCatalog;

function readerOf(catalog: LocalCatalog) {
  return new CatalogReader({
    documentClient: DynamoDBDocumentClient.from(
      new DynamoDBClient({
        region: 'us-east-1',
        endpoint: catalog.dynamoEndpoint ?? undefined,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      }),
    ),
    tableName: catalog.tableName,
    cursorSecret: 'coalesce-test-cursor-secret',
  });
}

function scanRecords(catalog: LocalCatalog) {
  return readerOf(catalog)
    .recentScans({ limit: 100 })
    .then((page) => page.items);
}

const postScan = (catalog: LocalCatalog, body?: unknown) =>
  fetchJson<{ scanId: string; coalesced: boolean }>(catalog, '/v1/scans', {
    method: 'POST',
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });

async function scanDone(catalog: LocalCatalog, scanId: string) {
  for (let attempt = 0; attempt < 200; attempt++) {
    const scan = await fetchJson(catalog, `/v1/scans/${scanId}`);
    if (scan.status === 200 && scan.body.status !== 'running') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`scan ${scanId} did not finish`);
}

beforeAll(async () => {
  [coalescing, noCooldown] = await Promise.all([
    startTestCatalog({ CATALOG_REGIONS: 'us-east-1,eu-west-1', SCAN_COOLDOWN_SECONDS: '60' }),
    startTestCatalog({ CATALOG_REGIONS: 'us-east-1,eu-west-1', SCAN_COOLDOWN_SECONDS: '0' }),
  ]);
});

afterAll(async () => {
  await Promise.all([coalescing?.close(), noCooldown?.close()]);
});

describe('local mode: POST /v1/scans within the cooldown', () => {
  it('answers the scan made at start, 202 coalesced, and writes no second scan record', async () => {
    const [startup] = await scanRecords(coalescing);
    const answers = await Promise.all([
      postScan(coalescing),
      ...Array.from({ length: 29 }, () => postScan(coalescing, { regions: ['eu-west-1'] })),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(202);
      expect(answer.body).toEqual({ scanId: startup?.scanId, coalesced: true });
    }
    expect(await scanRecords(coalescing)).toHaveLength(1);
  });

  it('with cooldown 0, a POST after the last scan finished starts a new scan', async () => {
    const [startup] = await scanRecords(noCooldown);
    const started = await postScan(noCooldown, { regions: ['us-east-1'] });
    expect(started.status).toBe(202);
    expect(started.body.coalesced).toBe(false);
    expect(started.body.scanId).not.toBe(startup?.scanId);
    await scanDone(noCooldown, started.body.scanId);
    expect(await scanRecords(noCooldown)).toHaveLength(2);
    expect((await scanRecords(noCooldown)).map((r) => r.status)).not.toContain('running');
  });

  it('with cooldown 0, joins a scan still running that already wrote the region', async () => {
    // eu-west-1 answers slowly, so the scan is still running once us-east-1 is applied.
    noCooldown.emulator?.setFault('eu-west-1', { kind: 'latency', fixedMs: 1000 });
    try {
      const started = await postScan(noCooldown);
      expect(started.body.coalesced).toBe(false);
      // The table, not GET /v1/regions: the API caches the region list for 5 s.
      for (let attempt = 0; attempt < 100; attempt++) {
        const east = (await readerOf(noCooldown).regions()).find((r) => r.region === 'us-east-1');
        if (east?.lastScanId === started.body.scanId) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const joined = await postScan(noCooldown, { regions: ['us-east-1'] });
      expect(joined.body).toEqual({ scanId: started.body.scanId, coalesced: true });
      await scanDone(noCooldown, started.body.scanId);
    } finally {
      noCooldown.emulator?.clearFaults('eu-west-1');
    }
    const after = await postScan(noCooldown, { regions: ['us-east-1'] });
    expect(after.body.coalesced).toBe(false);
    await scanDone(noCooldown, after.body.scanId);
  });
});
