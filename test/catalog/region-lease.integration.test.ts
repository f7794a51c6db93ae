import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { regionKeys } from '../../packages/catalog/src/keys.js';
import type { RegionRecord } from '../../packages/catalog/src/records.js';
import { RegionLease } from '../../packages/catalog/src/region-lease.js';
import { type CatalogTestTable, createCatalogTestTable } from '../support/catalog-table.js';

const T1 = '2026-11-20T08:00:00.000Z';
const T2 = '2026-11-20T08:15:00.000Z';
const T3 = '2026-11-20T08:30:00.000Z';

let table: CatalogTestTable;
let lease: RegionLease;
let regionNumber = 0;
/** A region no other test touches, so tests share the table without seeing each other. */
const freshRegion = () => `eu-west-${++regionNumber}`;

beforeAll(async () => {
  table = await createCatalogTestTable('region-lease');
  lease = new RegionLease(table.documentClient, table.tableName, 3);
});

/** What scan `scanId` started at `start` writes after reading `seen`. */
const writeOf = (region: string, seen: RegionRecord | null, scanId: string, start: string) =>
  lease.pointer(seen, { scanId, region }, start, start);

describe('RegionLease: every region record write is conditional on the version it read', () => {
  it('creates an unseen region once: of two scans that both read nothing, one wins', async () => {
    const region = freshRegion();
    expect(await lease.read(region)).toBeNull();

    expect(await lease.put(writeOf(region, null, 'a', T1), null)).toBe(true);
    expect(await lease.put(writeOf(region, null, 'b', T2), null)).toBe(false);
    expect(await lease.read(region)).toMatchObject({
      region,
      lastScanId: 'a',
      version: 1,
      applying: null,
      outbox: [],
      status: 'error',
      lastSuccessAt: null,
    });
  });

  it('refuses a write made on a stale read, whatever it carries, and bumps the version', async () => {
    const region = freshRegion();
    await lease.put(writeOf(region, null, 's1', T1), null);
    const seen = await lease.read(region);

    expect(await lease.put(writeOf(region, seen, 's2', T2), seen)).toBe(true);
    expect(await lease.put(writeOf(region, seen, 's3', T3), seen)).toBe(false);
    const now = await lease.read(region);
    expect(now).toMatchObject({ lastScanId: 's2', version: 2 });
    expect(await lease.put(writeOf(region, now, 's3', T3), now)).toBe(true);
  });

  it('reads a record written before versions as version 0, and takes it over once', async () => {
    const region = freshRegion();
    const { applying, outbox, version, ...old } = writeOf(region, null, 'legacy', T1);
    await table.documentClient.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...regionKeys({ region }), ...old, applyingScanStartedAt: null },
      }),
    );
    const seen = await lease.read(region);
    expect(seen).toMatchObject({ version: 0, applying: null, outbox: [] });

    expect(await lease.put(writeOf(region, seen, 'new', T2), seen)).toBe(true);
    expect(await lease.put(writeOf(region, seen, 'racing', T3), seen)).toBe(false);
  });

  it('keeps the newest latencyWindow samples, newest last', () => {
    const first = lease.withSamples(null, [10, 20]);
    expect(first.latencySamples).toEqual([10, 20]);
    const record = { ...writeOf(freshRegion(), null, 's1', T1), ...first };
    expect(lease.withSamples(record, [30, 40])).toMatchObject({
      latencySamples: [20, 30, 40],
      latency: { samples: 3 },
    });
    expect(lease.withSamples(null, [])).toEqual({ latencySamples: [], latency: null });
  });

  it('a failure to reach the table is thrown, not taken for a lost race', async () => {
    const missing = new RegionLease(table.documentClient, 'no-such-table', 3);
    const region = freshRegion();
    await expect(missing.put(writeOf(region, null, 's1', T1), null)).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });
});
