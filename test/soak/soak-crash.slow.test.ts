import { describe, expect, inject, it } from 'vitest';
import { createCatalogTestTable } from '../support/catalog-table.js';
import { runCrashSoakOnTable } from '../support/soak-crash.js';

describe('Crash soak (short): SIGKILLed and overlapping scans keep every invariant of issue 11', () => {
  it('holds the change feed, publishing, snapshot, leftover and stuck-scan invariants over ~20 scans', async () => {
    // Arrange
    const table = await createCatalogTestTable('soak-crash');

    // Act
    const report = await runCrashSoakOnTable(
      { ...table, dynamoEndpoint: inject('dynamoEndpoint') },
      { scans: 20, seed: 20261201 },
    );

    // Assess: the counts first, so a failure reads as numbers, then the first violations.
    expect({
      changeRecordsMissing: report.changeRecordsMissing,
      eventsMissing: report.eventsMissing,
      leftovers: report.leftovers,
      mixedRegionsServed: report.mixedRegionsServed,
      countsMismatches: report.countsMismatches,
      stuckScans: report.stuckScans,
      firstViolations: report.violations.slice(0, 10),
    }).toEqual({
      changeRecordsMissing: 0,
      eventsMissing: 0,
      leftovers: 0,
      mixedRegionsServed: 0,
      countsMismatches: 0,
      stuckScans: 0,
      firstViolations: [],
    });
    expect(report.violations).toHaveLength(0);
    expect(report.kills).toBeGreaterThan(0);
    expect(report.racesTwoProcess + report.racesInProcess).toBeGreaterThan(0);
    expect(report.changeRecordsExpected).toBeGreaterThan(0);
    expect(report.changeRecordsFound).toBe(report.changeRecordsExpected);
  }, 180_000);
});
