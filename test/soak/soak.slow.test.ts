import { describe, expect, it } from 'vitest';
import { createCatalogTestTable } from '../support/catalog-table.js';
import { runSoakOnTable, SOAK_EVENTS } from '../support/soak.js';

describe('Soak (short): scans under random faults keep every invariant', () => {
  it('holds every invariant over 20 scans with random faults, adds and removes', async () => {
    // Arrange
    const table = await createCatalogTestTable('soak');

    // Act
    const report = await runSoakOnTable(table, {
      scans: 20,
      seed: 20261126,
      regions: ['us-east-1', 'us-west-2', 'eu-central-1', 'eu-west-1'],
      lookupsPerScan: 4,
    });

    // Assess
    expect(report.violations).toEqual([]);
    expect(report.scans).toBe(20);
    expect(report.regionScansOk).toBeGreaterThan(0);
    expect(report.regionScansFailed).toBeGreaterThan(0);
    expect(Object.keys(report.eventsByKind).sort()).toEqual([...SOAK_EVENTS].sort());
  }, 180_000);
});
