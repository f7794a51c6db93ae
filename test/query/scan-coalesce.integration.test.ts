import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CatalogReader, createScanId } from '@bedrock-profile-catalog/catalog';
import type { LocalCatalog } from '@bedrock-profile-catalog/local';
import {
  CatalogQueryService,
  createQueryHandler,
  type QueryHandler,
} from '@bedrock-profile-catalog/query-api';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { apiGatewayEvent } from '../support/api-gateway-event.js';
import { assertInContract } from '../support/contract.js';
import { startTestCatalog } from '../support/local-catalog.js';

/**
 * POST /v1/scans for regions a scan started on within the cooldown answers that scan with
 * `coalesced: true` and starts none. The table is a real scan's (local mode on dynalite); the
 * starter stands in for the Lambda's EventBridge put, whose scan the table shows only later.
 */
const COOLDOWN_SECONDS = 60;
let catalog: LocalCatalog;
let reader: CatalogReader;
let handle: QueryHandler;
let clockOffsetMs = 0;
const startScan = vi.fn(async (_request: { regions?: string[] | undefined }) => ({
  scanId: createScanId(new Date(Date.now() + clockOffsetMs)),
}));

async function postScan(body: unknown) {
  const init = { method: 'POST', path: '/v1/scans', body: JSON.stringify(body) } as const;
  const result = await handle(apiGatewayEvent(init));
  assertInContract(init, result);
  expect(result.statusCode).toBe(202);
  return JSON.parse(result.body ?? 'null') as { scanId: string; coalesced: boolean };
}

beforeAll(async () => {
  catalog = await startTestCatalog({ DYNAMODB_ENDPOINT: inject('dynamoEndpoint') });
  reader = new CatalogReader({
    documentClient: DynamoDBDocumentClient.from(
      new DynamoDBClient({
        region: 'us-east-1',
        endpoint: inject('dynamoEndpoint'),
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      }),
    ),
    tableName: catalog.tableName,
    cursorSecret: 'coalesce-test-cursor-secret',
  });
  handle = createQueryHandler({
    service: new CatalogQueryService({
      reader,
      startScan,
      configuredRegions: catalog.regions,
      scanIntervalSeconds: 900,
      scanCooldownSeconds: COOLDOWN_SECONDS,
      now: () => new Date(Date.now() + clockOffsetMs),
    }),
    logger: { info: vi.fn(), warn: vi.fn(), error: vi.fn() },
  });
});

afterAll(async () => {
  await catalog?.close();
});

beforeEach(() => {
  startScan.mockClear();
});

describe('POST /v1/scans coalesces onto a recent scan of the same regions', () => {
  it('right after a scan of every region, answers that scan and starts none', async () => {
    const [startup] = (await reader.recentScans({ limit: 1 })).items;
    expect(startup?.status).toBe('succeeded');

    expect(await postScan({})).toEqual({ scanId: startup?.scanId, coalesced: true });
    expect(await postScan({ regions: [catalog.regions[0]] })).toEqual({
      scanId: startup?.scanId,
      coalesced: true,
    });
    expect(startScan).not.toHaveBeenCalled();
  });

  it('after the cooldown starts a scan; a second POST in a row answers the first one', async () => {
    clockOffsetMs += (COOLDOWN_SECONDS + 1) * 1000;
    const first = await postScan({ regions: catalog.regions });
    expect(first.coalesced).toBe(false);
    const second = await postScan({});
    expect(second).toEqual({ scanId: first.scanId, coalesced: true });
    expect(startScan).toHaveBeenCalledTimes(1);

    // A region the first scan did not cover is not coalesced onto it.
    clockOffsetMs += (COOLDOWN_SECONDS + 1) * 1000;
    const one = await postScan({ regions: [catalog.regions[0]] });
    expect(one.coalesced).toBe(false);
    const all = await postScan({});
    expect(all.coalesced).toBe(false);
    expect(all.scanId).not.toBe(one.scanId);
    expect(startScan).toHaveBeenCalledTimes(3);
  });

  it('30 concurrent POSTs in one process start one scan and all answer its ID', async () => {
    clockOffsetMs += (COOLDOWN_SECONDS + 1) * 1000;
    const answers = await Promise.all(Array.from({ length: 30 }, () => postScan({})));
    expect(startScan).toHaveBeenCalledTimes(1);
    expect(new Set(answers.map((a) => a.scanId)).size).toBe(1);
    expect(answers.filter((a) => !a.coalesced)).toHaveLength(1);
  });
});
