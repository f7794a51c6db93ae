import type { RunningEmulator } from '@bedrock-profile-catalog/bedrock-emulator';
import { CatalogReader, CatalogWriter, type ChangeRecord } from '@bedrock-profile-catalog/catalog';
import {
  type BedrockClientFactory,
  createScanner,
  SCAN_METRICS,
  type ScanLogger,
  type ScannerDeps,
} from '@bedrock-profile-catalog/discovery';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CatalogTestTable, createCatalogTestTable } from '../support/catalog-table.js';
import { startEmulatorClients } from '../support/emulator-clients.js';

/**
 * The scanner's policy (which regions, which scan ID, a redelivered request, metrics) against the
 * emulator and dynalite: what the Lambda, local mode and the benchmarks all run.
 */
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-northeast-1'];

let emulator: RunningEmulator;
let factory: BedrockClientFactory;

let close: () => Promise<void>;

beforeAll(async () => {
  ({ emulator, factory, close } = await startEmulatorClients({}, { maxAttempts: 1 }));
});

afterAll(() => close());

interface LogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
  detail: Record<string, unknown>;
}

let reader: CatalogReader;
let logs: LogLine[];
let metrics: { name: string; unit: string; value: number }[];
let published: ChangeRecord[];
let deps: ScannerDeps;
let table: CatalogTestTable;

beforeEach(async () => {
  emulator.clearFaults();
  emulator.resetStats();
  table = await createCatalogTestTable('scanner');
  reader = new CatalogReader({
    documentClient: table.documentClient,
    tableName: table.tableName,
    cursorSecret: 'a-test-secret-of-enough-length',
  });
  logs = [];
  metrics = [];
  published = [];
  const record =
    (level: LogLine['level']): ScanLogger[typeof level] =>
    (message, detail) =>
      logs.push({ level, message, detail });
  deps = {
    clientFor: factory.clientFor,
    writer: new CatalogWriter({ documentClient: table.documentClient, tableName: table.tableName }),
    publishChanges: async (changes) => {
      published.push(...changes);
    },
    regions: REGIONS,
    settings: { regionDeadlineMs: 20_000 },
    metrics: { addMetric: (name, unit, value) => metrics.push({ name, unit, value }) },
    logger: { info: record('info'), warn: record('warn'), error: record('error') },
  };
});

describe('createScanner', () => {
  it('scans every configured region under a fresh, time-ordered scan ID and emits the metrics', async () => {
    // Act: the scanner and its writer share one clock, as in the Lambda.
    const now = () => new Date('2026-11-26T21:00:00.000Z');
    const { documentClient, tableName } = table;
    const result = await createScanner({
      ...deps,
      writer: new CatalogWriter({ documentClient, tableName, now }),
      now,
    }).scan({ trigger: 'schedule' });

    // Assess
    expect(result.outcome).toBe('scanned');
    expect(result.scanId).toMatch(/^20261126T210000000Z-[0-9a-f]{8}$/);
    expect((await reader.regions()).map((r) => r.region).sort()).toEqual([...REGIONS].sort());
    expect(await reader.scan(result.scanId)).toMatchObject({
      status: 'succeeded',
      trigger: 'schedule',
    });
    const summary = result.outcome === 'scanned' ? result.summary : null;
    expect(metrics).toEqual([
      { name: SCAN_METRICS.regionsScanned, unit: 'Count', value: 3 },
      { name: SCAN_METRICS.regionsFailed, unit: 'Count', value: 0 },
      { name: SCAN_METRICS.itemsWritten, unit: 'Count', value: summary?.itemsWritten },
      { name: SCAN_METRICS.accessChecks, unit: 'Count', value: summary?.accessChecks.checked },
      { name: SCAN_METRICS.accessCheckFailures, unit: 'Count', value: 0 },
      { name: SCAN_METRICS.durationMs, unit: 'Milliseconds', value: summary?.durationMs },
    ]);
    expect(summary?.itemsWritten).toBeGreaterThan(0);
    expect(logs).toContainEqual(
      expect.objectContaining({
        message: 'scan finished',
        detail: expect.objectContaining({ scanId: result.scanId, status: 'succeeded' }),
      }),
    );
  });

  it('scans each requested region once, in order, under the scan ID the request carries', async () => {
    const result = await createScanner(deps).scan({
      trigger: 'api',
      scanId: 'scan-requested',
      regions: ['eu-west-1', 'ap-northeast-1', 'eu-west-1'],
    });

    expect(result).toMatchObject({ outcome: 'scanned', scanId: 'scan-requested' });
    const regions = result.outcome === 'scanned' ? result.summary.regions : [];
    expect(regions.map((r) => r.region)).toEqual(['ap-northeast-1', 'eu-west-1']);
    expect(emulator.stats().requests['us-east-1']).toBeUndefined();
    expect((await reader.scan('scan-requested'))?.regions.map((r) => r.region)).toEqual([
      'ap-northeast-1',
      'eu-west-1',
    ]);
  });

  it('refuses a request naming a region it does not scan: logged, nothing scanned or recorded', async () => {
    const result = await createScanner(deps).scan({
      trigger: 'api',
      scanId: 'scan-refused',
      regions: ['eu-west-1', 'sa-east-1'],
    });

    expect(result).toEqual({
      outcome: 'rejected',
      scanId: 'scan-refused',
      unscannable: ['sa-east-1'],
    });
    expect(logs).toContainEqual({
      level: 'error',
      message: 'scan request names regions this deployment does not scan',
      detail: {
        scanId: 'scan-refused',
        unscannable: ['sa-east-1'],
        scannable: [...REGIONS].sort(),
      },
    });
    expect(emulator.stats().totalRequests).toBe(0);
    expect(await reader.scan('scan-refused')).toBeNull();
    expect(await reader.regions()).toEqual([]);
    expect(metrics).toEqual([]);
  });

  it('recognises a redelivered request and does not run it twice', async () => {
    const scanner = createScanner(deps);
    const request = { trigger: 'api', scanId: 'scan-twice', regions: ['eu-west-1'] };
    const first = await scanner.scan(request);
    const recorded = await reader.scan('scan-twice');
    const requestsAfterFirst = emulator.stats().totalRequests;

    const second = await scanner.scan(request);

    expect(first.outcome).toBe('scanned');
    expect(second).toEqual({ outcome: 'duplicate', scanId: 'scan-twice' });
    expect(emulator.stats().totalRequests).toBe(requestsAfterFirst);
    expect(await reader.scan('scan-twice')).toEqual(recorded);
    expect(logs).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: 'scan request already handled; duplicate delivery ignored',
      }),
    );
    // Metrics are for scans that ran: one set, not two.
    expect(metrics.filter((m) => m.name === SCAN_METRICS.regionsScanned)).toHaveLength(1);
  });

  it('takes a scheduled scan ID from its scheduled time, so a redelivered schedule event is a duplicate', async () => {
    // Prepare
    const scanner = createScanner({ ...deps, now: () => new Date('2026-11-26T21:00:04.321Z') });
    const scheduledAt = new Date('2026-11-26T21:00:00Z');
    const first = await scanner.scan({ trigger: 'schedule', scheduledAt });
    const requestsAfterFirst = emulator.stats().totalRequests;

    // Act
    const second = await scanner.scan({ trigger: 'schedule', scheduledAt });

    // Assess
    expect(first).toMatchObject({ outcome: 'scanned', scanId: '20261126T210000000Z-schedule' });
    expect(second).toEqual({ outcome: 'duplicate', scanId: '20261126T210000000Z-schedule' });
    expect(emulator.stats().totalRequests).toBe(requestsAfterFirst);
    // The record keeps when the scan really started, not when it was due.
    expect(await reader.scan('20261126T210000000Z-schedule')).toMatchObject({
      trigger: 'schedule',
      startedAt: '2026-11-26T21:00:04.321Z',
    });
  });

  it('with regions auto, asks the region source on each scan and scans only what it lists', async () => {
    let listed = ['eu-west-1', 'us-east-1'];
    const scanner = createScanner({ ...deps, regions: 'auto', regionSource: async () => listed });

    const refused = await scanner.scan({ trigger: 'api', regions: ['ap-northeast-1'] });
    listed = ['ap-northeast-1', 'not-a-region'];
    const scanned = await scanner.scan({ trigger: 'schedule' });

    expect(refused).toMatchObject({ outcome: 'rejected', unscannable: ['ap-northeast-1'] });
    expect(scanned.outcome).toBe('scanned');
    expect((await reader.regions()).map((r) => r.region)).toEqual(['ap-northeast-1']);
  });

  it('keeps a scan inside its time limit: a hung region fails in time, the others are applied', async () => {
    emulator.setFault('eu-west-1', { kind: 'hang' });
    const started = performance.now();

    const result = await createScanner(deps).scan({ trigger: 'schedule', timeLimitMs: 1_500 });

    expect(performance.now() - started).toBeLessThan(8_000);
    const regions = result.outcome === 'scanned' ? result.summary.regions : [];
    expect(regions.find((r) => r.region === 'eu-west-1')).toMatchObject({
      status: 'error',
      error: { code: 'timeout' },
    });
    expect(regions.filter((r) => r.status === 'ok')).toHaveLength(2);
    // Every line logged during the scan names it.
    const failure = logs.find((l) => l.message === 'region scan failed');
    expect(failure?.detail).toMatchObject({ scanId: result.scanId, region: 'eu-west-1' });
  });

  it('start hands out the scan ID before the scan runs, then resolves with its outcome', async () => {
    const started = createScanner(deps).start({ trigger: 'local', regions: ['us-east-1'] });
    expect(started.scanId).toMatch(/^\d{8}T\d{9}Z-[0-9a-f]{8}$/);

    await expect(started.outcome).resolves.toMatchObject({
      outcome: 'scanned',
      scanId: started.scanId,
    });
    expect(await reader.scan(started.scanId)).toMatchObject({ trigger: 'local' });
  });
});
