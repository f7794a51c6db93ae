import { describe, expect, it } from 'vitest';
import { compareRegions } from '../../packages/catalog/src/reader.js';
import type { RegionRecord } from '../../packages/catalog/src/records.js';

const SCANNED_AT = '2026-11-26T12:00:00.000Z';

describe('compareRegions', () => {
  const region = (
    name: string,
    status: RegionRecord['status'],
    p50?: number,
    p90?: number,
  ): RegionRecord => ({
    recordType: 'region',
    region: name,
    status,
    error: null,
    lastScanStartedAt: SCANNED_AT,
    lastScanId: 's',
    lastAttemptAt: SCANNED_AT,
    lastSuccessAt: null,
    counts: { profiles: 0, applicationProfiles: 0, models: 0, throughputs: 0 },
    latencySamples: [],
    latency: p50 === undefined ? null : { p50, p90: p90 ?? p50, p99: p90 ?? p50, samples: 3 },
    applying: null,
    outbox: [],
    listings: {},
    dataRetention: null,
    version: 1,
  });

  it('orders by p50, breaks ties by p90, and puts unmeasured and failed regions last', () => {
    const regions = [
      region('denied-1', 'denied'),
      region('slow-1', 'ok', 300, 400),
      region('none-1', 'ok'),
      region('tie-b-1', 'ok', 100, 250),
      region('failed-1', 'error', 5, 5),
      region('tie-a-1', 'ok', 100, 200),
    ];

    expect(regions.sort(compareRegions).map((r) => r.region)).toEqual([
      'tie-a-1',
      'tie-b-1',
      'slow-1',
      'none-1',
      'failed-1',
      'denied-1',
    ]);
  });
});
