import { beforeAll, describe, expect, it } from 'vitest';
import type { RegionRecord } from '../../packages/catalog/src/records.js';
import { RegionLease } from '../../packages/catalog/src/region-lease.js';
import { type CatalogTestTable, createCatalogTestTable } from '../support/catalog-table.js';

const T1 = '2026-11-20T08:00:00.000Z';
const T2 = '2026-11-20T08:15:00.000Z';
const T3 = '2026-11-20T08:30:00.000Z';
const COUNTS = { profiles: 3, applicationProfiles: 1, models: 2, throughputs: 0 };

let table: CatalogTestTable;
let lease: RegionLease;
let regionNumber = 0;
/** A region no other test touches, so tests share the table without seeing each other. */
const freshRegion = () => `eu-west-${++regionNumber}`;

beforeAll(async () => {
  table = await createCatalogTestTable('region-lease');
  lease = new RegionLease(table.documentClient, table.tableName, 3);
});

/** What scan `scanId` started at `start` writes to claim `region` after reading `seen`. */
const claimOf = (region: string, seen: RegionRecord | null, scanId: string, start: string) => ({
  ...lease.pointer(seen, { scanId, region }, start, start),
  applyingScanStartedAt: start,
});

describe('RegionLease: newest scan wins each region', () => {
  it('the first scan claims an unseen region, and owns it until it commits', async () => {
    const region = freshRegion();
    expect(await lease.read(region)).toBeNull();

    expect(await lease.put(claimOf(region, null, 's1', T1), null, T1)).toBe(true);
    expect(await lease.read(region)).toMatchObject({
      region,
      lastScanId: 's1',
      lastScanStartedAt: T1,
      applyingScanStartedAt: T1,
      status: 'error',
      lastSuccessAt: null,
    });
    expect(await lease.isOwnedBy(region, T1)).toBe(true);

    const committed = lease.afterSuccess(
      null,
      { scanId: 's1', region, latencySamples: [120, 80] },
      T1,
      T1,
      COUNTS,
    );
    expect(await lease.commit(committed, T1)).toBe(true);
    expect(await lease.read(region)).toMatchObject({
      status: 'ok',
      error: null,
      lastSuccessAt: T1,
      counts: COUNTS,
      applyingScanStartedAt: null,
      latencySamples: [120, 80],
      latency: { samples: 2 },
    });
  });

  it('a newer scan takes over: the older one can no longer write chunks or commit', async () => {
    const region = freshRegion();
    await lease.put(claimOf(region, null, 's1', T1), null, T1);
    const seen = await lease.read(region);

    expect(await lease.put(claimOf(region, seen, 's2', T2), seen, T2)).toBe(true);
    expect(await lease.isOwnedBy(region, T1)).toBe(false);
    expect(await lease.isOwnedBy(region, T2)).toBe(true);
    const late = lease.afterSuccess(
      seen,
      { scanId: 's1', region, latencySamples: [] },
      T1,
      T1,
      COUNTS,
    );
    expect(await lease.commit(late, T1)).toBe(false);
    expect(await lease.read(region)).toMatchObject({ lastScanId: 's2', applyingScanStartedAt: T2 });
  });

  it('refuses an older scan, and a claim made on a stale read', async () => {
    const region = freshRegion();
    await lease.put(claimOf(region, null, 's2', T2), null, T2);
    const seen = await lease.read(region);

    // Older than the owner, even with a fresh read.
    expect(await lease.put(claimOf(region, seen, 's1', T1), seen, T1)).toBe(false);
    // Newer, but read before another scan moved the pointer: the lock on `seen` fails.
    expect(await lease.put(claimOf(region, seen, 's3', T3), seen, T3)).toBe(true);
    const racing = claimOf(region, seen, 's3b', '2026-11-20T08:45:00.000Z');
    expect(await lease.put(racing, seen, '2026-11-20T08:45:00.000Z')).toBe(false);
    // Two scans that both read an empty region: only one creates it.
    const empty = freshRegion();
    expect(await lease.put(claimOf(empty, null, 'a', T2), null, T2)).toBe(true);
    expect(await lease.put(claimOf(empty, null, 'b', T3), null, T3)).toBe(false);
  });

  it('keeps the newest latencyWindow samples, newest last', async () => {
    const region = freshRegion();
    const first = lease.afterSuccess(
      null,
      { scanId: 's1', region, latencySamples: [10, 20] },
      T1,
      T1,
      COUNTS,
    );
    expect(first.latencySamples).toEqual([10, 20]);
    expect(lease.withSamples(first, [30, 40])).toMatchObject({
      latencySamples: [20, 30, 40],
      latency: { samples: 3 },
    });
    expect(lease.withSamples(null, [])).toEqual({ latencySamples: [], latency: null });
  });

  it('a failure to reach the table is thrown, not taken for a lost race', async () => {
    const missing = new RegionLease(table.documentClient, 'no-such-table', 3);
    const region = freshRegion();
    await expect(missing.put(claimOf(region, null, 's1', T1), null, T1)).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });
});
