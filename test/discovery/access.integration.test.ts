import type { BedrockClient } from '@aws-sdk/client-bedrock';
import { type RunningEmulator, startEmulator } from '@bedrock-profile-catalog/bedrock-emulator';
import {
  CatalogReader,
  CatalogWriter,
  type ChangeRecord,
  createScanId,
  type ModelRecord,
} from '@bedrock-profile-catalog/catalog';
import {
  type AccessCheckOptions,
  type BedrockClientFactory,
  createBedrockClientFactory,
  runScan,
} from '@bedrock-profile-catalog/discovery';
import {
  CatalogQueryService,
  createQueryHandler,
  InvokeTargets,
  ModelRegions,
} from '@bedrock-profile-catalog/query-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiGatewayEvent, seg } from '../support/api-gateway-event.js';
import { createCatalogTestTable } from '../support/catalog-table.js';

const REGIONS = ['us-east-1', 'eu-west-1'];
const OPERATION = 'GetFoundationModelAvailability';
const HAIKU_3 = 'anthropic.claude-3-haiku-20240307-v1:0';
const OPUS_4_6 = 'anthropic.claude-opus-4-6-v1';
const HOUR = 60 * 60 * 1000;
const MAX_ATTEMPTS = 2;
const SECRET = 'access-test-cursor-secret';

let emulator: RunningEmulator;
let factory: BedrockClientFactory;
let writer: CatalogWriter;
let reader: CatalogReader;
let published: ChangeRecord[];
/** Scan start times only move forward (newest wins); the access clock is moved by the tests. */
let scanClock: number;
let accessClock: number;

beforeEach(async () => {
  // A fresh emulator per test: tests change its models, access states and faults.
  emulator = await startEmulator();
  factory = createBedrockClientFactory({
    endpoint: emulator.url,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: MAX_ATTEMPTS,
    requestTimeoutMs: 2_000,
  });
  const table = await createCatalogTestTable('access');
  const options = { documentClient: table.documentClient, tableName: table.tableName };
  writer = new CatalogWriter(options);
  reader = new CatalogReader({ ...options, cursorSecret: SECRET });
  published = [];
  scanClock = Date.now();
  accessClock = Date.parse('2026-11-20T08:00:00.000Z');
});

afterEach(async () => {
  factory.destroy();
  await emulator.close();
});

function scan(
  options: {
    accessCheck?: AccessCheckOptions | false;
    deadlineMs?: number;
    clientFor?: (region: string) => BedrockClient;
  } = {},
) {
  scanClock += 1_000;
  const startedAt = new Date(scanClock);
  return runScan({
    scanId: createScanId(startedAt),
    startedAt,
    trigger: 'test',
    regions: REGIONS,
    clientFor: options.clientFor ?? factory.clientFor,
    writer,
    publishChanges: async (changes) => {
      published.push(...changes);
    },
    regionDeadlineMs: options.deadlineMs ?? 10_000,
    now: () => new Date(accessClock),
    ...(options.accessCheck === undefined ? {} : { accessCheck: options.accessCheck }),
  });
}

/** GetFoundationModelAvailability requests the emulator answered, per region. */
function availabilityCalls(): Record<string, number> {
  const { requests } = emulator.stats();
  return Object.fromEntries(REGIONS.map((r) => [r, requests[r]?.[OPERATION] ?? 0]));
}

function modelCounts(): Record<string, number> {
  const { regions } = emulator.data();
  return Object.fromEntries(REGIONS.map((r) => [r, regions[r]?.foundationModels.length ?? 0]));
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

async function storedModels(region: string): Promise<Map<string, ModelRecord>> {
  const models = new Map<string, ModelRecord>();
  let cursor: string | null = null;
  do {
    const page = await reader.regionItems(region, { recordType: 'model', limit: 1000, cursor });
    for (const item of page.items) if (item.recordType === 'model') models.set(item.modelId, item);
    cursor = page.nextCursor;
  } while (cursor);
  return models;
}

async function storedAccess(region: string) {
  return new Map([...(await storedModels(region))].map(([id, m]) => [id, m.access]));
}

describe('Per-account access in runScan (emulator and dynalite over HTTP)', () => {
  it('checks every model once on the first scan and makes no call on an unchanged rescan', async () => {
    // Act
    const first = await scan();

    // Assess
    const counts = modelCounts();
    expect(total(counts)).toBeGreaterThan(20);
    expect(availabilityCalls()).toEqual(counts);
    expect(first.accessChecks).toEqual({
      checked: total(counts),
      carried: 0,
      failed: 0,
      skipped: 0,
    });
    const usEast = await storedModels('us-east-1');
    expect(usEast.size).toBe(counts['us-east-1']);
    for (const model of usEast.values()) {
      expect(model.access?.checkedAt).toBe(new Date(accessClock).toISOString());
      expect(model.access?.usable).toBe(model.modelId !== OPUS_4_6);
    }
    expect(usEast.get(OPUS_4_6)?.access).toMatchObject({
      agreement: 'NOT_AVAILABLE',
      authorization: 'AUTHORIZED',
      entitlement: 'AVAILABLE',
      regionAvailability: 'AVAILABLE',
      usable: false,
    });
    const before = await storedAccess('us-east-1');

    // Act: the same catalog, an hour later
    emulator.resetStats();
    accessClock += HOUR;
    const rescan = await scan();

    // Assess
    expect(availabilityCalls()).toEqual({ 'us-east-1': 0, 'eu-west-1': 0 });
    expect(rescan.accessChecks).toEqual({
      checked: 0,
      carried: total(counts),
      failed: 0,
      skipped: 0,
    });
    expect(rescan.itemsWritten).toBe(0);
    expect(await storedAccess('us-east-1')).toEqual(before);
  });

  it('checks a new or changed model again, and only that one', async () => {
    // Prepare
    await scan();
    const haiku = emulator
      .data()
      .regions['us-east-1']?.foundationModels.find((m) => m.modelId === HAIKU_3);
    if (!haiku) throw new Error('default data has no Claude 3 Haiku in us-east-1');
    emulator.addModel('us-east-1', { ...haiku, modelLifecycle: { status: 'LEGACY' } });
    emulator.addModel('eu-west-1', {
      modelId: 'example.new-model-v1:0',
      modelName: 'New Model',
      providerName: 'Example',
      inferenceTypesSupported: ['ON_DEMAND'],
      modelLifecycle: { status: 'ACTIVE' },
    });
    emulator.resetStats();
    accessClock += HOUR;

    // Act
    const summary = await scan();

    // Assess
    expect(availabilityCalls()).toEqual({ 'us-east-1': 1, 'eu-west-1': 1 });
    expect(summary.accessChecks.checked).toBe(2);
    const checkedAt = new Date(accessClock).toISOString();
    expect((await storedModels('us-east-1')).get(HAIKU_3)?.access?.checkedAt).toBe(checkedAt);
    expect((await storedModels('eu-west-1')).get('example.new-model-v1:0')?.access).toMatchObject({
      usable: true,
      checkedAt,
    });
  });

  it('checks every model again once its check is older than the max age, logging no change', async () => {
    // Prepare
    await scan();
    const counts = modelCounts();
    published.length = 0;

    // Act: before the spread-out re-check window (the last quarter of 24 h), then past 24 h
    emulator.resetStats();
    accessClock += 17 * HOUR;
    await scan();
    const underMaxAge = availabilityCalls();
    emulator.resetStats();
    accessClock += 7 * HOUR + 1_000;
    const due = await scan();
    const overMaxAge = availabilityCalls();

    // Assess
    expect(underMaxAge).toEqual({ 'us-east-1': 0, 'eu-west-1': 0 });
    expect(overMaxAge).toEqual(counts);
    expect(due.accessChecks.checked).toBe(total(counts));
    // Same answers: the new check time is written, but nothing changed.
    expect(due.changes).toBe(0);
    expect(published).toEqual([]);
    const access = await storedAccess('eu-west-1');
    expect(
      [...access.values()].every((a) => a?.checkedAt === new Date(accessClock).toISOString()),
    ).toBe(true);

    // Act: the new check time was stored, so the next scan has nothing to check
    emulator.resetStats();
    await scan();

    // Assess
    expect(availabilityCalls()).toEqual({ 'us-east-1': 0, 'eu-west-1': 0 });
  });

  it('spreads re-checks over the last quarter of the max age instead of one burst', async () => {
    // Prepare: every model checked in the same scan
    await scan();
    const everyModel = total(modelCounts());
    accessClock += 18 * HOUR;

    // Act: hourly scans from 18 h to 24 h
    const perScan: number[] = [];
    for (let hour = 18; hour <= 24; hour++) {
      emulator.resetStats();
      await scan();
      perScan.push(total(availabilityCalls()));
      accessClock += HOUR;
    }

    // Assess: each model re-checked exactly once, never all of them in one scan
    expect(perScan.reduce((a, b) => a + b, 0)).toBe(everyModel);
    expect(Math.max(...perScan)).toBeLessThan(everyModel / 2);
    expect(perScan.filter((calls) => calls > 0).length).toBeGreaterThanOrEqual(4);
  });

  it('uses the configured max age', async () => {
    // Prepare
    await scan({ accessCheck: { maxAgeMs: 2 * HOUR } });
    emulator.resetStats();
    accessClock += 2 * HOUR;

    // Act
    await scan({ accessCheck: { maxAgeMs: 2 * HOUR } });

    // Assess
    expect(availabilityCalls()).toEqual(modelCounts());
  });

  it('never has more availability calls in flight per region than the cap', async () => {
    // Prepare: slow answers, and a count of calls in flight per region
    for (const region of REGIONS) {
      emulator.setFault(region, { kind: 'latency', fixedMs: 20, operation: OPERATION });
    }
    const inFlight = new Map<string, { now: number; max: number }>();
    const clients = new Map<string, BedrockClient>();
    const counted = (region: string) => {
      const existing = clients.get(region);
      if (existing) return existing;
      const client = factory.clientFor(region);
      const tally = { now: 0, max: 0 };
      inFlight.set(region, tally);
      client.middlewareStack.add(
        (next, context) => async (args) => {
          if (context.commandName !== 'GetFoundationModelAvailabilityCommand') return next(args);
          tally.max = Math.max(tally.max, ++tally.now);
          try {
            return await next(args);
          } finally {
            tally.now--;
          }
        },
        { step: 'initialize', name: 'countInFlight' },
      );
      clients.set(region, client);
      return client;
    };

    // Act
    const summary = await scan({ accessCheck: { concurrency: 3 }, clientFor: counted });

    // Assess
    expect(summary.accessChecks.checked).toBe(total(modelCounts()));
    for (const region of REGIONS) expect(inFlight.get(region)?.max).toBe(3);
  });

  it('keeps the region ok and the previous access when availability calls fail', async () => {
    // Prepare: the first scan's checks all fail in us-east-1
    emulator.setFault('us-east-1', { kind: 'serverError', status: 500, operation: OPERATION });
    const counts = modelCounts();

    // Act
    const failing = await scan();

    // Assess
    expect(failing.status).toBe('succeeded');
    expect(failing.regions.every((r) => r.status === 'ok')).toBe(true);
    expect(failing.accessChecks.failed).toBe(counts['us-east-1']);
    expect([...(await storedAccess('us-east-1')).values()].every((a) => a === null)).toBe(true);
    expect([...(await storedAccess('eu-west-1')).values()].every((a) => a?.usable)).toBe(true);

    // Act: the fault is gone; the unchecked models are checked on the next scan
    emulator.clearFaults();
    emulator.resetStats();
    await scan();

    // Assess
    expect(availabilityCalls()).toEqual({ 'us-east-1': counts['us-east-1'], 'eu-west-1': 0 });
    const checked = await storedAccess('us-east-1');
    expect([...checked.values()].every((a) => a !== null)).toBe(true);

    // Act: due again, and failing again
    emulator.setFault('us-east-1', { kind: 'serverError', status: 503, operation: OPERATION });
    accessClock += 25 * HOUR;
    const again = await scan();

    // Assess
    expect(again.regions.find((r) => r.region === 'us-east-1')?.status).toBe('ok');
    expect(again.accessChecks.failed).toBe(counts['us-east-1']);
    expect(await storedAccess('us-east-1')).toEqual(checked);
  });

  it('gives up on a throttled region for this scan once the SDK retries are spent', async () => {
    // Prepare
    emulator.setFault('us-east-1', { kind: 'throttle', times: 10_000, operation: OPERATION });
    const counts = modelCounts();

    // Act
    const summary = await scan({ accessCheck: { concurrency: 4 } });

    // Assess: only the calls already in flight when the first one gave up were made
    expect(summary.regions.every((r) => r.status === 'ok')).toBe(true);
    expect(availabilityCalls()['us-east-1']).toBe(4 * MAX_ATTEMPTS);
    expect(summary.accessChecks).toMatchObject({
      failed: 4,
      skipped: (counts['us-east-1'] ?? 0) - 4,
    });
  });

  it('stops checking at the region deadline and still applies the region', async () => {
    // Prepare
    emulator.setFault('us-east-1', { kind: 'hang', operation: OPERATION });

    // Act
    const summary = await scan({ deadlineMs: 1_500 });

    // Assess
    expect(summary.regions.every((r) => r.status === 'ok')).toBe(true);
    const { failed, skipped } = summary.accessChecks;
    expect(failed + skipped).toBe(modelCounts()['us-east-1']);
    expect((await storedModels('us-east-1')).size).toBe(modelCounts()['us-east-1']);
  });

  it('makes no call and stores no access when access checks are off', async () => {
    const summary = await scan({ accessCheck: false });

    expect(availabilityCalls()).toEqual({ 'us-east-1': 0, 'eu-west-1': 0 });
    expect(summary.accessChecks.checked).toBe(0);
    expect([...(await storedAccess('us-east-1')).values()].every((a) => a === null)).toBe(true);
  });
});

describe('Per-account access in the query answers (emulator → scan → reader → handler)', () => {
  function queryHandler() {
    const service = new CatalogQueryService({
      reader,
      startScan: async () => ({ scanId: 'unused' }),
      configuredRegions: REGIONS,
      scanIntervalSeconds: 900,
    });
    const logger = { info() {}, warn() {}, error() {} };
    return createQueryHandler({ service, logger });
  }

  async function get(path: string, query?: Record<string, string>) {
    const result = await queryHandler()(apiGatewayEvent({ path, ...(query ? { query } : {}) }));
    expect(result.statusCode).toBe(200);
    return JSON.parse(result.body ?? 'null') as { items: Record<string, unknown>[] };
  }

  const invokeTargets = (modelId: string, sourceRegion: string) =>
    get(`/v1/models/${seg(modelId)}/invoke-targets`, { sourceRegion });

  it('marks the targets of a model whose agreement is NOT_AVAILABLE, after its next check', async () => {
    // Prepare
    await scan();
    const usable = await invokeTargets(HAIKU_3, 'us-east-1');
    expect(usable.items.length).toBeGreaterThan(1);
    expect(usable.items.every((t) => (t.access as { usable: boolean }).usable)).toBe(true);
    emulator.setModelAccess('us-east-1', HAIKU_3, {
      agreementAvailability: { status: 'NOT_AVAILABLE' },
    });

    // Act: within the max age the stored answer stands; past it, the model is checked again
    await scan();
    const stale = await invokeTargets(HAIKU_3, 'us-east-1');
    accessClock += 24 * HOUR;
    await scan();
    const marked = await invokeTargets(HAIKU_3, 'us-east-1');

    // Assess
    expect(stale.items).toEqual(usable.items);
    // Kept, in the same order, each marked with why.
    expect(marked.items.map((t) => t.targetId)).toEqual(usable.items.map((t) => t.targetId));
    for (const target of marked.items) {
      expect(target.access).toEqual({ usable: false, reason: 'agreement NOT_AVAILABLE' });
    }
    expect(published).toContainEqual(
      expect.objectContaining({ kind: 'changed', entity: 'model', id: HAIKU_3 }),
    );
    // The other region's access is its own.
    const euWest = await invokeTargets(HAIKU_3, 'eu-west-1');
    expect(euWest.items.every((t) => (t.access as { usable: boolean }).usable)).toBe(true);
  });

  it('shows each region’s access in GET /v1/models/{modelId}/regions', async () => {
    // Prepare
    emulator.setModelAccess('eu-west-1', HAIKU_3, {
      authorizationStatus: 'NOT_AUTHORIZED',
      entitlementAvailability: 'NOT_AVAILABLE',
    });
    await scan();

    // Act
    const regions = await get(`/v1/models/${seg(HAIKU_3)}/regions`);

    // Assess
    const byRegion = new Map(regions.items.map((item) => [item.region, item.access]));
    const checkedAt = new Date(accessClock).toISOString();
    expect(byRegion.get('us-east-1')).toEqual({
      usable: true,
      agreement: 'AVAILABLE',
      authorization: 'AUTHORIZED',
      entitlement: 'AVAILABLE',
      regionAvailability: 'AVAILABLE',
      checkedAt,
    });
    expect(byRegion.get('eu-west-1')).toEqual({
      usable: false,
      agreement: 'AVAILABLE',
      authorization: 'NOT_AUTHORIZED',
      entitlement: 'NOT_AVAILABLE',
      regionAvailability: 'AVAILABLE',
      checkedAt,
    });
    const targets = await invokeTargets(HAIKU_3, 'eu-west-1');
    expect(targets.items[0]?.access).toEqual({
      usable: false,
      reason: 'authorization NOT_AUTHORIZED, entitlement NOT_AVAILABLE',
    });
  });

  it('answers access exactly as the API contract describes it, in both answers', async () => {
    // Prepare
    await scan();

    // Act
    const regions = await get(`/v1/models/${seg(HAIKU_3)}/regions`);
    const targets = await invokeTargets(HAIKU_3, 'us-east-1');

    // Assess: closed schemas, so a field the contract does not name fails here.
    expect(ModelRegions.parse(regions).items[0]?.access?.checkedAt).toEqual(expect.any(String));
    expect(InvokeTargets.parse(targets).items[0]?.access).toEqual({ usable: true, reason: null });
  });

  it('answers the default data’s Opus 4.6 in us-east-1 as not usable', async () => {
    await scan();

    const targets = await invokeTargets(OPUS_4_6, 'us-east-1');

    expect(targets.items.length).toBeGreaterThan(0);
    for (const target of targets.items) {
      expect(target.access).toEqual({ usable: false, reason: 'agreement NOT_AVAILABLE' });
    }
  });
});
