import type { RunningEmulator } from '@bedrock-profile-catalog/bedrock-emulator';
import {
  CatalogReader,
  CatalogWriter,
  type ChangeRecord,
  createScanId,
} from '@bedrock-profile-catalog/catalog';
import {
  type BedrockClientFactory,
  type RunScanOptions,
  runScan,
  scanRegion,
} from '@bedrock-profile-catalog/discovery';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CatalogTestTable, createCatalogTestTable } from '../support/catalog-table.js';
import { startEmulatorClients } from '../support/emulator-clients.js';

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-1', 'ap-northeast-1'];

let emulator: RunningEmulator;
let factory: BedrockClientFactory;

let close: () => Promise<void>;

beforeAll(async () => {
  ({ emulator, factory, close } = await startEmulatorClients(
    {},
    { maxAttempts: 2, requestTimeoutMs: 2_000 },
  ));
});

afterAll(() => close());

interface Fixture {
  table: CatalogTestTable;
  writer: CatalogWriter;
  reader: CatalogReader;
  published: ChangeRecord[];
  scan(options?: {
    regions?: string[];
    startedAt?: Date;
    deadlineMs?: number;
    scanRegion?: RunScanOptions['scanRegion'];
    publishChanges?: RunScanOptions['publishChanges'];
  }): ReturnType<typeof runScan>;
}

let fixture: Fixture;

beforeEach(async () => {
  emulator.clearFaults();
  const table = await createCatalogTestTable('run-scan');
  const writer = new CatalogWriter({
    documentClient: table.documentClient,
    tableName: table.tableName,
  });
  const reader = new CatalogReader({
    documentClient: table.documentClient,
    tableName: table.tableName,
    cursorSecret: 'a-test-secret-of-enough-length',
  });
  const published: ChangeRecord[] = [];
  let clock = Date.now();
  fixture = {
    table,
    writer,
    reader,
    published,
    scan: (options = {}) => {
      // Every scan starts later than the previous one, as real scans do.
      clock += 1_000;
      const startedAt = options.startedAt ?? new Date(clock);
      return runScan({
        scanId: createScanId(startedAt),
        startedAt,
        trigger: 'test',
        regions: options.regions ?? REGIONS,
        clientFor: factory.clientFor,
        writer,
        publishChanges:
          options.publishChanges ??
          (async (changes) => {
            published.push(...changes);
          }),
        regionDeadlineMs: options.deadlineMs ?? 5_000,
        ...(options.scanRegion ? { scanRegion: options.scanRegion } : {}),
      });
    },
  };
});

function emulatorProfileIds(region: string): string[] {
  const data = emulator.data().regions[region];
  if (!data) throw new Error(`emulator has no ${region}`);
  return data.inferenceProfiles.map((p) => p.inferenceProfileId).sort();
}

async function catalogProfileIds(region: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await fixture.reader.regionProfiles(region, { limit: 100, cursor });
    ids.push(...page.items.map((p) => p.profileId));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids.sort();
}

describe('Function: runScan (emulator and dynalite over HTTP)', () => {
  it('scans every region in parallel and the reader returns exactly what Bedrock listed', async () => {
    // Act
    const summary = await fixture.scan();

    // Assess
    expect(summary.status).toBe('succeeded');
    expect(summary.regionsScanned).toBe(REGIONS.length);
    for (const region of REGIONS) {
      expect(await catalogProfileIds(region)).toEqual(emulatorProfileIds(region));
    }
    const application = await fixture.reader.regionProfiles('us-east-1', {
      type: 'APPLICATION',
      limit: 100,
    });
    expect(application.items.length).toBeGreaterThan(0);
    expect(application.items.every((p) => p.scope === 'application')).toBe(true);

    const regions = await fixture.reader.regions();
    expect(regions.map((r) => r.status)).toEqual(REGIONS.map(() => 'ok'));
    expect(regions.every((r) => r.latency !== null)).toBe(true);

    const stored = await fixture.reader.scan(summary.scanId);
    expect(stored?.status).toBe('succeeded');
    expect(stored?.regions.map((r) => r.region).sort()).toEqual([...REGIONS].sort());
  });

  it.each([
    // Enough for every attempt of the core and optional listings (11 calls, 3 attempts each).
    ['throttled', { kind: 'throttle', times: 100 }, 'error', 'throttled'],
    ['5xx', { kind: 'serverError' }, 'error', 'error'],
    ['access denied', { kind: 'accessDenied' }, 'denied', 'denied'],
    ['not enabled', { kind: 'notEnabled' }, 'denied', 'denied'],
    ['malformed JSON', { kind: 'malformed', body: 'not-json' }, 'error', 'malformed'],
    ['page-2 failure', { kind: 'failOnNextPage' }, 'error', 'error'],
    ['hang', { kind: 'hang' }, 'error', 'timeout'],
  ] as const)(
    'a %s region keeps its last good data while the others are written',
    async (_name, fault, status, code) => {
      // Prepare: one good scan, then the fault in one region and a change in another.
      await fixture.scan();
      const before = await catalogProfileIds('eu-west-1');
      emulator.setFault('eu-west-1', fault);
      const removed = emulatorProfileIds('us-west-2')[0] ?? '';
      emulator.removeProfile('us-west-2', removed);

      // Act
      const summary = await fixture.scan({ deadlineMs: 1_500 });

      // Assess
      expect(summary.status).toBe('partial');
      const failed = summary.regions.find((r) => r.region === 'eu-west-1');
      expect(failed?.status).toBe(status);
      expect(failed?.error?.code).toBe(code);
      expect(await catalogProfileIds('eu-west-1')).toEqual(before);
      expect(await catalogProfileIds('us-west-2')).not.toContain(removed);
      const record = (await fixture.reader.regions()).find((r) => r.region === 'eu-west-1');
      expect(record?.status).toBe(status);
      expect(record?.error?.code).toBe(code);
      expect(record?.lastSuccessAt).not.toBeNull();
      expect(record?.counts.profiles).toBe(before.length);
    },
  );

  it('emits change events for an added and a removed profile', async () => {
    // Prepare
    await fixture.scan({ regions: ['us-east-1'] });
    const removed = emulatorProfileIds('us-east-1').find((id) => id.startsWith('us.')) ?? '';
    emulator.removeProfile('us-east-1', removed);
    const added = emulator.addProfile('us-east-1', {
      inferenceProfileName: 'team-a claude',
      inferenceProfileId: 'zz9team0a1b2',
      type: 'APPLICATION',
      models: [
        {
          modelArn:
            'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
        },
      ],
    });

    // Act
    await fixture.scan({ regions: ['us-east-1'] });

    // Assess
    const kinds = fixture.published.map((c) => `${c.kind} ${c.entity} ${c.id}`).sort();
    expect(kinds).toEqual(
      [`added profile ${added.inferenceProfileId}`, `removed profile ${removed}`].sort(),
    );
    const feed = await fixture.reader.changesSince(new Date(0), { limit: 100 });
    expect(feed.items).toHaveLength(2);
  });

  it('publishes at the next scan the changes a run committed but could not publish', async () => {
    // Prepare: a committed snapshot, then a profile removed in Bedrock.
    await fixture.scan({ regions: ['eu-west-1'] });
    const removed = emulatorProfileIds('eu-west-1').find((id) => id.startsWith('eu.')) ?? '';
    emulator.removeProfile('eu-west-1', removed);
    const failing = await fixture.scan({
      regions: ['eu-west-1'],
      publishChanges: async () => {
        throw new Error('EventBridge is unreachable');
      },
    });
    const stranded = await fixture.reader.region('eu-west-1');

    // Act: a scan that finds nothing new in Bedrock.
    await fixture.scan({ regions: ['eu-west-1'] });

    // Assess: the removal was in the feed at once, on the bus at the next scan, and only there.
    expect(failing.regions[0]).toMatchObject({ status: 'ok' });
    expect(stranded?.outbox).toHaveLength(1);
    expect(fixture.published.map((c) => `${c.kind} ${c.id} ${c.scanId}`)).toEqual([
      `removed ${removed} ${failing.scanId}`,
    ]);
    expect((await fixture.reader.region('eu-west-1'))?.outbox).toEqual([]);
    const feed = await fixture.reader.changesSince(new Date(0), { limit: 100 });
    expect(feed.items.map((c) => c.id)).toEqual([removed]);
  });

  it('leaves the newest data when two scans overlap', async () => {
    // Prepare: the older scan reads the region, then waits until the newer scan has committed.
    const region = 'ap-northeast-1';
    await fixture.scan({ regions: [region] });
    let olderHasRead = () => {};
    const olderRead = new Promise<void>((resolve) => {
      olderHasRead = resolve;
    });
    let releaseOlder = () => {};
    const newerCommitted = new Promise<void>((resolve) => {
      releaseOlder = resolve;
    });
    const older = fixture.scan({
      regions: [region],
      startedAt: new Date(Date.now() + 10_000),
      scanRegion: async (name, deps) => {
        const result = await scanRegion(name, deps);
        olderHasRead();
        await newerCommitted;
        return result;
      },
    });
    await olderRead;
    const removed = emulatorProfileIds(region)[0] ?? '';
    emulator.removeProfile(region, removed);

    // Act: the newer scan runs to the end, then the older one tries to apply what it read.
    const newerSummary = await fixture.scan({
      regions: [region],
      startedAt: new Date(Date.now() + 20_000),
    });
    releaseOlder();
    const olderSummary = await older;

    // Assess: the newer snapshot (without the removed profile) is what the catalog holds.
    expect(newerSummary.regions[0]?.status).toBe('ok');
    expect(olderSummary.regions[0]?.status).toBe('superseded');
    const ids = await catalogProfileIds(region);
    expect(ids).toEqual(emulatorProfileIds(region));
    expect(ids).not.toContain(removed);
    const [record] = (await fixture.reader.regions()).filter((r) => r.region === region);
    expect(record?.lastScanId).toBe(newerSummary.scanId);
  });
});
