import { describe, expect, inject, it } from 'vitest';
import { runSoak, SOAK_EVENTS } from '../../bench/soak.js';

describe('Soak (short): scans under random faults keep every invariant', () => {
  it('holds every invariant over 20 scans with random faults, adds and removes', async () => {
    // Act
    const report = await runSoak({
      scans: 20,
      seed: 20261126,
      regions: ['us-east-1', 'us-west-2', 'eu-central-1', 'eu-west-1'],
      lookupsPerScan: 4,
      dynamoEndpoint: inject('dynamoEndpoint'),
    });

    // Assess
    expect(report.violations).toEqual([]);
    expect(report.scans).toBe(20);
    expect(report.regionScansOk).toBeGreaterThan(0);
    expect(report.regionScansFailed).toBeGreaterThan(0);
    expect(Object.keys(report.eventsByKind).sort()).toEqual([...SOAK_EVENTS].sort());
  }, 180_000);
});
