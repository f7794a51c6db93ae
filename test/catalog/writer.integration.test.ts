import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { CatalogReader } from '../../packages/catalog/src/reader.js';
import { CATALOG_TABLE } from '../../packages/catalog/src/table.js';
import { CatalogWriter } from '../../packages/catalog/src/writer.js';
import { type CatalogTestTable, createCatalogTestTable } from '../support/catalog-table.js';
import {
  applicationProfile,
  countWrites,
  HAIKU,
  itemCount,
  largeSnapshot,
  smallSnapshot,
  type WriteCounter,
} from './fixtures.js';

const SECRET = 'writer-test-secret-0123456789';
const HOUR = 60 * 60 * 1000;
const T0 = Date.parse('2026-11-20T08:00:00.000Z');
const at = (ms: number) => new Date(ms).toISOString();

let table: CatalogTestTable;
let counter: WriteCounter;

beforeAll(async () => {
  table = await createCatalogTestTable('writer');
  counter = countWrites(table.client);
});

/** A writer and a reader on the shared table, both on a clock the test moves. */
function catalogAt(startMs: number) {
  const clock = { now: startMs };
  const now = () => new Date(clock.now);
  const options = { documentClient: table.documentClient, tableName: table.tableName, now };
  return {
    clock,
    writer: new CatalogWriter({
      ...options,
      batchRetry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
    }),
    reader: new CatalogReader({ ...options, cursorSecret: SECRET }),
  };
}

async function rawItems(region: string) {
  const { Items = [] } = await table.documentClient.send(
    new QueryCommand({
      TableName: table.tableName,
      IndexName: CATALOG_TABLE.indexes.byRegion.indexName,
      KeyConditionExpression: 'GSI2PK = :pk',
      ExpressionAttributeValues: { ':pk': `REGION#${region}` },
    }),
  );
  return Items;
}

async function allRegionItems(reader: CatalogReader, region: string) {
  const items = [];
  let cursor: string | null = null;
  do {
    const page = await reader.regionItems(region, { limit: 1000, cursor });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

describe('CatalogWriter.applyRegionSnapshot', () => {
  it('stores every item with keys, bookkeeping and a TTL in epoch seconds', async () => {
    // Prepare
    const region = 'us-east-2';
    const { writer } = catalogAt(Date.now());
    const snapshot = smallSnapshot(region);

    // Act
    const result = await writer.applyRegionSnapshot({
      scanId: 'scan-ttl',
      scanStartedAt: new Date().toISOString(),
      snapshot,
      latencySamples: [120, 80, 95],
    });

    // Assess
    expect(result).toMatchObject({ status: 'applied', itemsWritten: 10, itemsDeleted: 0 });
    expect(result.counts).toEqual({
      profiles: 5,
      applicationProfiles: 1,
      models: 4,
      throughputs: 1,
    });
    const items = await rawItems(region);
    expect(items).toHaveLength(itemCount(snapshot));
    const nowSeconds = Date.now() / 1000;
    for (const item of items) {
      expect(typeof item.expiresAt).toBe('number');
      expect(Number.isInteger(item.expiresAt)).toBe(true);
      expect(item.expiresAt).toBeGreaterThan(nowSeconds);
      expect(item.expiresAt).toBeLessThan(nowSeconds + 10 * 365 * 24 * 3600);
      expect(item).toMatchObject({
        PK: expect.any(String),
        SK: `REGION#${region}`,
        GSI2PK: `REGION#${region}`,
        contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        recordType: expect.stringMatching(/^(profile|model|throughput)$/),
      });
      expect(item.firstSeenAt).toBe(item.lastSeenAt);
    }
  });

  it('removes a profile missing from the next snapshot at once, and logs the removal', async () => {
    // Prepare
    const region = 'eu-west-3';
    const { writer, reader, clock } = catalogAt(T0);
    const first = smallSnapshot(region, 'eu');
    await writer.applyRegionSnapshot({
      scanId: 's1',
      scanStartedAt: at(T0),
      snapshot: first,
      latencySamples: [],
    });
    const removed = first.profiles[0];
    const second = { ...first, profiles: first.profiles.slice(1) };
    clock.now = T0 + HOUR;

    // Act
    const result = await writer.applyRegionSnapshot({
      scanId: 's2',
      scanStartedAt: at(T0 + HOUR),
      snapshot: second,
      latencySamples: [],
    });

    // Assess
    expect(result).toMatchObject({ status: 'applied', itemsDeleted: 1, itemsWritten: 0 });
    expect(await reader.profile(removed?.profileId ?? '', region)).toBeNull();
    expect(await rawItems(region)).toHaveLength(itemCount(first) - 1);
    expect(result.changes).toEqual([
      expect.objectContaining({
        kind: 'removed',
        entity: 'profile',
        id: removed?.profileId,
        after: null,
      }),
    ]);
    expect(result.changes[0]?.before).toMatchObject({ profileArn: removed?.profileArn });
    const logged = await reader.changesSince(new Date(T0), { region });
    expect(logged.items).toEqual(result.changes);
  });

  it('logs no changes for the first snapshot of a region, then logs added and changed ones', async () => {
    // Prepare
    const region = 'ap-south-1';
    const { writer, clock } = catalogAt(T0);
    const first = smallSnapshot(region, 'apac');
    const firstResult = await writer.applyRegionSnapshot({
      scanId: 'a1',
      scanStartedAt: at(T0),
      snapshot: first,
      latencySamples: [],
    });
    const [changedProfile, ...others] = first.profiles;
    const second = {
      ...first,
      profiles: [
        { ...(changedProfile as NonNullable<typeof changedProfile>), status: 'LEGACY' },
        ...others,
        applicationProfile(region, 99),
      ],
    };
    clock.now = T0 + HOUR;

    // Act
    const result = await writer.applyRegionSnapshot({
      scanId: 'a2',
      scanStartedAt: at(T0 + HOUR),
      snapshot: second,
      latencySamples: [],
    });

    // Assess
    expect(firstResult.changes).toEqual([]);
    expect(result.changes.map((c) => [c.kind, c.id])).toEqual([
      ['changed', changedProfile?.profileId],
      ['added', applicationProfile(region, 99).profileId],
    ]);
    expect(result.changes[0]).toMatchObject({
      before: { status: 'ACTIVE' },
      after: { status: 'LEGACY' },
      scanId: 'a2',
      at: at(T0 + HOUR),
    });
    const [stored] = (await rawItems(region)).filter(
      (i) => i.profileId === changedProfile?.profileId,
    );
    expect(stored).toMatchObject({
      firstSeenAt: at(T0),
      lastSeenAt: at(T0 + HOUR),
      status: 'LEGACY',
    });
  });

  it('writes only the region record on an unchanged rescan of 210 items', async () => {
    // Prepare
    const region = 'us-west-2';
    const { writer, clock } = catalogAt(T0);
    const snapshot = largeSnapshot(region);
    counter.reset();
    const first = await writer.applyRegionSnapshot({
      scanId: 'w1',
      scanStartedAt: at(T0),
      snapshot,
      latencySamples: [100],
    });
    const firstWrites = counter.writes;
    clock.now = T0 + HOUR;
    counter.reset();

    // Act
    const rescan = await writer.applyRegionSnapshot({
      scanId: 'w2',
      scanStartedAt: at(T0 + HOUR),
      snapshot,
      latencySamples: [90],
    });

    // Assess
    console.log(
      `[write count] ${itemCount(snapshot)} items: first scan ${firstWrites} writes, unchanged rescan ${counter.writes} writes`,
    );
    expect(first.writeRequests).toBe(firstWrites);
    expect(firstWrites).toBe(itemCount(snapshot) + 2);
    expect(rescan).toMatchObject({
      status: 'applied',
      itemsWritten: 0,
      itemsDeleted: 0,
      writeRequests: 1,
    });
    expect(counter.writes).toBeLessThanOrEqual(1 + Math.ceil(0.05 * itemCount(snapshot)));
    expect(counter.writes).toBe(1);
  });

  it('rewrites items stored under the old GSI1 key layout once, without change records', async () => {
    // Prepare: a committed snapshot, then its items put back as the old layout stored them
    // (profiles `PROFILE#<r>#<id>`, throughputs `THROUGHPUT#<r>#<arn>`, models outside GSI1).
    const region = 'eu-south-2';
    const { writer, reader, clock } = catalogAt(T0);
    const snapshot = smallSnapshot(region);
    await writer.applyRegionSnapshot({
      scanId: 'k1',
      scanStartedAt: at(T0),
      snapshot,
      latencySamples: [100],
    });
    const stored = (await rawItems(region)).filter((item) =>
      ['profile', 'model', 'throughput'].includes(String(item.recordType)),
    );
    for (const item of stored) {
      const old = { ...item };
      if (item.recordType === 'model') {
        delete old.GSI1PK;
        delete old.GSI1SK;
      } else {
        const id = item.recordType === 'profile' ? item.profileId : item.arn;
        old.GSI1SK = `${String(item.recordType).toUpperCase()}#${region}#${id}`;
      }
      await table.documentClient.send(new PutCommand({ TableName: table.tableName, Item: old }));
    }
    clock.now = T0 + HOUR;
    counter.reset();

    // Act
    const rescan = await writer.applyRegionSnapshot({
      scanId: 'k2',
      scanStartedAt: at(T0 + HOUR),
      snapshot,
      latencySamples: [90],
    });
    const again = await writer.applyRegionSnapshot({
      scanId: 'k3',
      scanStartedAt: at(T0 + 2 * HOUR),
      snapshot,
      latencySamples: [90],
    });

    // Assess: every item rewritten once, under the new keys, and the feed saw nothing.
    expect(stored.length).toBe(itemCount(snapshot));
    expect(rescan).toMatchObject({ status: 'applied', itemsWritten: stored.length });
    expect(again).toMatchObject({ status: 'applied', itemsWritten: 0 });
    expect((await reader.changesSince(new Date(T0), { region })).items).toEqual([]);
    const inRegion = await reader.modelInRegion(HAIKU, region);
    expect(inRegion.model?.modelId).toBe(HAIKU);
    expect(inRegion.profiles.length).toBeGreaterThan(0);
    expect(inRegion.profiles.every((p) => p.region === region)).toBe(true);
  });

  it('spreads TTL refreshes over many scans and refreshes every item before it expires', async () => {
    // Prepare: a region written at T0, then rescanned hourly, unchanged, for four days.
    const region = 'ca-central-1';
    const { writer, reader, clock } = catalogAt(T0);
    const snapshot = largeSnapshot(region);
    const total = itemCount(snapshot);
    await writer.applyRegionSnapshot({
      scanId: 'r0',
      scanStartedAt: at(T0),
      snapshot,
      latencySamples: [],
    });
    const perScan: number[] = [];
    const visible: number[] = [];

    // Act
    for (let hour = 1; hour <= 96; hour++) {
      clock.now = T0 + hour * HOUR;
      const result = await writer.applyRegionSnapshot({
        scanId: `r${hour}`,
        scanStartedAt: at(clock.now),
        snapshot,
        latencySamples: [],
      });
      perScan.push(result.itemsWritten);
      if (hour % 6 === 0) visible.push((await allRegionItems(reader, region)).length);
    }

    // Assess
    const refreshed = perScan.reduce((a, b) => a + b, 0);
    const busiest = Math.max(...perScan);
    console.log(
      `[write count] ${total} items, hourly unchanged rescans over 96 h (TTL 72 h): ${refreshed} refreshes, ` +
        `busiest scan ${busiest} items (${((100 * busiest) / total).toFixed(1)}%), ` +
        `scans with refreshes ${perScan.filter((n) => n > 0).length}/96, first refresh at hour ${perScan.findIndex((n) => n > 0) + 1}`,
    );
    expect(busiest).toBeLessThanOrEqual(Math.ceil(0.1 * total));
    expect(perScan.filter((n) => n > 0).length).toBeGreaterThanOrEqual(10);
    expect(refreshed).toBeGreaterThanOrEqual(total);
    expect(visible.every((count) => count === total)).toBe(true);
  });

  it('lets a newer scan win: an older scan or a duplicate delivery writes nothing', async () => {
    // Prepare
    const region = 'eu-central-1';
    const { writer, reader } = catalogAt(T0);
    const newer = smallSnapshot(region, 'eu');
    const older = { ...newer, profiles: newer.profiles.slice(0, 1) };
    await writer.applyRegionSnapshot({
      scanId: 'new',
      scanStartedAt: at(T0 + HOUR),
      snapshot: newer,
      latencySamples: [50],
    });
    counter.reset();

    // Act
    const late = await writer.applyRegionSnapshot({
      scanId: 'old',
      scanStartedAt: at(T0),
      snapshot: older,
      latencySamples: [999],
    });
    const duplicate = await writer.applyRegionSnapshot({
      scanId: 'new',
      scanStartedAt: at(T0 + HOUR),
      snapshot: older,
      latencySamples: [999],
    });
    const lateFailure = await writer.recordRegionFailure({
      scanId: 'old',
      scanStartedAt: at(T0),
      region,
      status: 'error',
      error: { code: 'timeout', message: 'deadline exceeded' },
      latencySamples: [999],
    });

    // Assess
    expect(late).toMatchObject({ status: 'superseded', writeRequests: 0, changes: [] });
    expect(duplicate).toMatchObject({ status: 'superseded', writeRequests: 0 });
    expect(lateFailure).toBe('superseded');
    expect(counter.writes).toBe(0);
    expect((await reader.regionProfiles(region)).items).toHaveLength(newer.profiles.length);
    expect(await reader.region(region)).toMatchObject({
      lastScanId: 'new',
      status: 'ok',
      latencySamples: [50],
    });
  });

  it("commits an older apply when a newer scan's failure lands mid-way, and keeps the failure visible", async () => {
    // Prepare: the older scan changes 59 profiles and removes one; a newer scan's failure is
    // recorded after its first chunk of writes.
    const region = 'sa-east-1';
    const { writer, reader, clock } = catalogAt(T0);
    const base = largeSnapshot(region, 60);
    await writer.applyRegionSnapshot({
      scanId: 'p0',
      scanStartedAt: at(T0),
      snapshot: base,
      latencySamples: [],
    });
    clock.now = T0 + HOUR;
    const changedAll = {
      ...base,
      profiles: base.profiles.slice(1).map((p) => ({ ...p, status: 'UPDATING' })),
    };
    let failedMidway = false;
    table.client.middlewareStack.add(
      (next, context) => async (args) => {
        const output = await next(args);
        if (context.commandName === 'BatchWriteItemCommand' && !failedMidway) {
          failedMidway = true;
          await writer.recordRegionFailure({
            scanId: 'p2',
            scanStartedAt: at(T0 + 2 * HOUR),
            region,
            status: 'error',
            error: { code: 'throttled', message: 'Rate exceeded' },
            latencySamples: [],
          });
        }
        return output;
      },
      { step: 'build', name: 'newerScanFails' },
    );

    // Act
    const result = await writer
      .applyRegionSnapshot({
        scanId: 'p1',
        scanStartedAt: at(T0 + HOUR),
        snapshot: changedAll,
        latencySamples: [],
      })
      .finally(() => table.client.middlewareStack.remove('newerScanFails'));

    // Assess: every item is the older scan's snapshot, and the record says the newest attempt failed.
    expect(failedMidway).toBe(true);
    expect(result).toMatchObject({ status: 'applied', itemsDeleted: 1 });
    const profiles = (await rawItems(region)).filter((i) => i.recordType === 'profile');
    expect(profiles).toHaveLength(changedAll.profiles.length);
    expect(profiles.every((p) => p.status === 'UPDATING')).toBe(true);
    expect(await reader.region(region)).toMatchObject({
      status: 'error',
      error: { code: 'throttled' },
      lastScanId: 'p2',
      lastSuccessAt: at(T0 + HOUR),
      counts: { profiles: changedAll.profiles.length },
      applying: null,
    });
    const changes = (await reader.changesSince(new Date(T0), { region, limit: 1000 })).items;
    expect(changes.filter((c) => c.kind === 'changed')).toHaveLength(changedAll.profiles.length);
    expect(changes.filter((c) => c.kind === 'removed')).toHaveLength(1);
  });

  it('logs 150 added records once when two overlapping scans both see 150 new profiles', async () => {
    // Prepare
    const region = 'il-central-1';
    const { writer, reader, clock } = catalogAt(T0);
    const before = smallSnapshot(region);
    await writer.applyRegionSnapshot({
      scanId: 'o0',
      scanStartedAt: at(T0),
      snapshot: before,
      latencySamples: [],
    });
    clock.now = T0 + HOUR;
    const after = largeSnapshot(region, 150);

    // Act: the second scan starts 1 ms after the first, while the first is still applying.
    const [first, second] = await Promise.all(
      ['o1', 'o2'].map((scanId, i) =>
        writer.applyRegionSnapshot({
          scanId,
          scanStartedAt: at(T0 + HOUR + i),
          snapshot: after,
          latencySamples: [],
        }),
      ),
    );

    // Assess
    expect([first?.status, second?.status]).toEqual(['applied', 'applied']);
    const changes = (await reader.changesSince(new Date(T0), { region, limit: 1000 })).items;
    const added = new Set(changes.filter((c) => c.kind === 'added').map((c) => c.id));
    expect(added.size).toBe(150);
    expect(changes).toHaveLength(150);
    expect(await reader.region(region)).toMatchObject({
      status: 'ok',
      lastScanId: 'o2',
      applying: null,
      counts: { profiles: after.profiles.length },
    });
  });

  /** A writer whose process "dies" after `batches` BatchWriteItem requests: the rest never return. */
  function dyingWriter(batches: number) {
    let sent = 0;
    let dead = false;
    const name = `dies-after-${batches}-${Math.random()}`;
    table.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'BatchWriteItemCommand' && !dead && sent++ >= batches) {
          dead = true;
        }
        if (dead && context.commandName !== 'QueryCommand') return new Promise<never>(() => {});
        return next(args);
      },
      { step: 'build', name },
    );
    return {
      revive: () => table.client.middlewareStack.remove(name),
      isDead: () => dead,
    };
  }

  it('a scan that dies mid-apply is taken over after its lease, with every change since the last commit', async () => {
    // Prepare: 60 profiles committed; the dying scan removes 10, changes 20, adds 15.
    const region = 'ap-south-2';
    const { writer, reader, clock } = catalogAt(T0);
    const base = largeSnapshot(region, 60);
    await writer.applyRegionSnapshot({
      scanId: 'd0',
      scanStartedAt: at(T0),
      snapshot: base,
      latencySamples: [],
    });
    clock.now = T0 + HOUR;
    const kept = base.profiles.slice(10);
    const next = {
      ...base,
      profiles: [
        ...kept.slice(0, 20).map((p) => ({ ...p, status: 'UPDATING' })),
        ...kept.slice(20),
        ...Array.from({ length: 15 }, (_, i) => applicationProfile(region, 500 + i)),
      ],
    };
    const leased = new CatalogWriter({
      documentClient: table.documentClient,
      tableName: table.tableName,
      now: () => new Date(clock.now),
      applyLeaseMs: 600,
    });
    const crash = dyingWriter(2); // the journal and one chunk of puts land
    void leased.applyRegionSnapshot({
      scanId: 'd1',
      scanStartedAt: at(T0 + HOUR),
      snapshot: next,
      latencySamples: [],
    });
    await expect.poll(crash.isDead).toBe(true);
    crash.revive();
    const midway = await reader.region(region);

    // Act
    clock.now = T0 + 2 * HOUR;
    const result = await leased.applyRegionSnapshot({
      scanId: 'd2',
      scanStartedAt: at(T0 + 2 * HOUR),
      snapshot: next,
      latencySamples: [],
    });

    // Assess: the half-applied region said so, and the feed holds exactly the 45 changes.
    expect(midway).toMatchObject({
      applying: { scanId: 'd1' },
      counts: { profiles: base.profiles.length },
    });
    expect(result.status).toBe('applied');
    const changes = (await reader.changesSince(new Date(T0), { region, limit: 1000 })).items;
    const kinds = (kind: string) =>
      changes
        .filter((c) => c.kind === kind)
        .map((c) => c.id)
        .sort();
    expect(kinds('removed')).toEqual(
      base.profiles
        .slice(0, 10)
        .map((p) => p.profileId)
        .sort(),
    );
    expect(kinds('changed')).toEqual(
      kept
        .slice(0, 20)
        .map((p) => p.profileId)
        .sort(),
    );
    expect(kinds('added')).toHaveLength(15);
    expect(changes.every((c) => c.scanId === 'd2')).toBe(true);
    const profiles = (await rawItems(region)).filter((i) => i.recordType === 'profile');
    expect(profiles).toHaveLength(next.profiles.length);
    expect(await reader.region(region)).toMatchObject({
      status: 'ok',
      applying: null,
      lastScanId: 'd2',
    });
  });

  it('after a dead apply, a scan that sees the committed snapshot again undoes it and logs nothing', async () => {
    // Prepare
    const region = 'ap-southeast-4';
    const { writer, reader, clock } = catalogAt(T0);
    const base = largeSnapshot(region, 60);
    await writer.applyRegionSnapshot({
      scanId: 'u0',
      scanStartedAt: at(T0),
      snapshot: base,
      latencySamples: [],
    });
    clock.now = T0 + HOUR;
    const leased = new CatalogWriter({
      documentClient: table.documentClient,
      tableName: table.tableName,
      now: () => new Date(clock.now),
      applyLeaseMs: 600,
    });
    const crash = dyingWriter(3); // the journal, the puts and part of the sweep land
    void leased.applyRegionSnapshot({
      scanId: 'u1',
      scanStartedAt: at(T0 + HOUR),
      snapshot: {
        ...base,
        profiles: [
          ...base.profiles.slice(30).map((p) => ({ ...p, status: 'UPDATING' })),
          ...Array.from({ length: 5 }, (_, i) => applicationProfile(region, 700 + i)),
        ],
      },
      latencySamples: [],
    });
    await expect.poll(crash.isDead).toBe(true);
    crash.revive();

    // Act
    clock.now = T0 + 2 * HOUR;
    await leased.applyRegionSnapshot({
      scanId: 'u2',
      scanStartedAt: at(T0 + 2 * HOUR),
      snapshot: base,
      latencySamples: [],
    });

    // Assess
    const changes = (await reader.changesSince(new Date(T0), { region, limit: 1000 })).items;
    expect(changes).toEqual([]);
    const profiles = (await rawItems(region)).filter((i) => i.recordType === 'profile');
    expect(profiles.map((p) => p.profileId).sort()).toEqual(
      base.profiles.map((p) => p.profileId).sort(),
    );
    expect(profiles.filter((p) => p.status === 'UPDATING')).toEqual([]);
  });

  it('rejects a snapshot item from another region before writing anything', async () => {
    const { writer } = catalogAt(T0);
    const snapshot = smallSnapshot('us-east-1');
    counter.reset();

    await expect(
      writer.applyRegionSnapshot({
        scanId: 'bad',
        scanStartedAt: at(T0),
        snapshot: { ...snapshot, region: 'me-south-1' },
        latencySamples: [],
      }),
    ).rejects.toMatchObject({ name: 'InvalidSnapshotError' });
    expect(counter.writes).toBe(0);
  });
});

describe('CatalogWriter.recordRegionFailure', () => {
  it('keeps the items and counts of the last good snapshot', async () => {
    // Prepare
    const region = 'ap-northeast-1';
    const { writer, reader, clock } = catalogAt(T0);
    const snapshot = smallSnapshot(region, 'apac');
    const applied = await writer.applyRegionSnapshot({
      scanId: 'f1',
      scanStartedAt: at(T0),
      snapshot,
      latencySamples: [40, 60],
    });
    const itemsBefore = await rawItems(region);
    clock.now = T0 + HOUR;

    // Act
    const outcome = await writer.recordRegionFailure({
      scanId: 'f2',
      scanStartedAt: at(T0 + HOUR),
      region,
      status: 'error',
      error: { code: 'timeout', message: 'ListInferenceProfiles timed out after 10000 ms' },
      latencySamples: [10_000],
    });

    // Assess
    expect(outcome).toBe('recorded');
    expect(await rawItems(region)).toEqual(itemsBefore);
    expect(await reader.region(region)).toEqual({
      recordType: 'region',
      region,
      status: 'error',
      error: { code: 'timeout', message: 'ListInferenceProfiles timed out after 10000 ms' },
      lastScanStartedAt: at(T0 + HOUR),
      lastScanId: 'f2',
      lastAttemptAt: at(T0 + HOUR),
      lastSuccessAt: at(T0),
      counts: applied.counts,
      latencySamples: [40, 60, 10_000],
      latency: { p50: 60, p90: 10_000, p99: 10_000, samples: 3 },
      applying: null,
      outbox: [],
      listings: {},
      dataRetention: null,
      version: 3,
    });
  });

  it('creates the region record with zero counts when the region never succeeded', async () => {
    const { writer, reader } = catalogAt(T0);

    const outcome = await writer.recordRegionFailure({
      scanId: 'd1',
      scanStartedAt: at(T0),
      region: 'me-central-1',
      status: 'denied',
      error: { code: 'denied', message: 'UnrecognizedClientException: region not enabled' },
      latencySamples: [],
    });

    expect(outcome).toBe('recorded');
    expect(await reader.region('me-central-1')).toMatchObject({
      status: 'denied',
      lastSuccessAt: null,
      counts: { profiles: 0, applicationProfiles: 0, models: 0, throughputs: 0 },
      latency: null,
    });
  });

  it('keeps a rolling window of the last 50 latency samples', async () => {
    const { writer, reader } = catalogAt(T0);
    const region = 'af-south-1';
    for (let i = 0; i < 3; i++) {
      await writer.recordRegionFailure({
        scanId: `l${i}`,
        scanStartedAt: at(T0 + i * HOUR),
        region,
        status: 'error',
        error: { code: 'throttled', message: 'Rate exceeded' },
        latencySamples: Array.from({ length: 20 }, (_, j) => i * 20 + j),
      });
    }

    const record = await reader.region(region);

    expect(record?.latencySamples).toEqual(Array.from({ length: 50 }, (_, j) => j + 10));
    expect(record?.latency).toEqual({ p50: 34, p90: 54, p99: 59, samples: 50 });
  });
});

describe('CatalogWriter.putScan', () => {
  it('stores a scan run that the reader finds by ID', async () => {
    const { writer, reader } = catalogAt(T0);
    const scan = {
      recordType: 'scan' as const,
      scanId: '2026-11-20T08:00:00.000Z-7f3a',
      status: 'partial' as const,
      trigger: 'schedule',
      startedAt: at(T0),
      finishedAt: at(T0 + 4_000),
      durationMs: 4_000,
      regions: [
        {
          region: 'us-east-1',
          status: 'ok' as const,
          durationMs: 812,
          error: null,
          counts: { profiles: 5, applicationProfiles: 1, models: 4, throughputs: 1 },
          itemsWritten: 10,
          itemsDeleted: 0,
        },
        {
          region: 'ap-northeast-1',
          status: 'error' as const,
          durationMs: 4_000,
          error: { code: 'timeout' as const, message: 'deadline' },
          counts: null,
          itemsWritten: 0,
          itemsDeleted: 0,
        },
      ],
    };

    await writer.putScan(scan);

    expect(await reader.scan(scan.scanId)).toEqual(scan);
  });

  it('onlyIfNew leaves an existing scan alone and says so (a duplicate request delivery)', async () => {
    const { writer, reader } = catalogAt(T0);
    const first = {
      recordType: 'scan' as const,
      scanId: '20261120T080000000Z-0a0b0c0d',
      status: 'succeeded' as const,
      trigger: 'api',
      startedAt: at(T0),
      finishedAt: at(T0 + 1_000),
      durationMs: 1_000,
      regions: [],
    };
    await expect(writer.putScan(first, { onlyIfNew: true })).resolves.toBe('written');

    const again = { ...first, status: 'running' as const, finishedAt: null, durationMs: null };
    await expect(writer.putScan(again, { onlyIfNew: true })).resolves.toBe('exists');

    expect(await reader.scan(first.scanId)).toEqual(first);
  });
});

describe('expiry', () => {
  it('never returns items whose TTL has passed, though DynamoDB still holds them', async () => {
    // Prepare: written four days ago with a three-day TTL, so expired now but not deleted.
    const region = 'us-gov-west-1';
    const fourDaysAgo = Date.now() - 4 * 24 * HOUR;
    const past = catalogAt(fourDaysAgo);
    const snapshot = smallSnapshot(region);
    await past.writer.applyRegionSnapshot({
      scanId: 'x1',
      scanStartedAt: at(fourDaysAgo),
      snapshot,
      latencySamples: [],
    });
    const { reader } = catalogAt(Date.now());
    const profile = snapshot.profiles[0];
    const model = snapshot.models[0];

    // Act + Assess
    expect(await rawItems(region)).toHaveLength(itemCount(snapshot));
    expect(await reader.profile(profile?.profileId ?? '', region)).toBeNull();
    expect(await reader.modelOfProfile(profile?.profileId ?? '', region)).toBeNull();
    expect(await reader.model(model?.modelId ?? '', region)).toBeNull();
    expect(await reader.profileInAllRegions(profile?.profileId ?? '')).not.toContainEqual(
      expect.objectContaining({ region }),
    );
    expect(await reader.modelRegions(HAIKU)).not.toContainEqual(
      expect.objectContaining({ region }),
    );
    expect((await reader.profilesOfModel(HAIKU, { region })).items).toEqual([]);
    expect(await allRegionItems(reader, region)).toEqual([]);
  });
});
