import { describe, expect, it } from 'vitest';
import { buildItem, type DesiredItem, desiredItemsOf } from '../../packages/catalog/src/items.js';
import {
  changesOf,
  countsOf,
  expiryFor,
  needsRefresh,
  type PlanContext,
  planRegionWrite,
  type StoredItem,
} from '../../packages/catalog/src/plan.js';
import type { RegionSnapshot } from '../../packages/catalog/src/snapshot.js';
import { ALL_LISTINGS_OK, routerTarget, snapshotWithTargets } from './account-target-fixtures.js';
import {
  foundationModel,
  HAIKU,
  itemCount,
  largeSnapshot,
  NOVA_PRO,
  smallSnapshot,
} from './fixtures.js';

const REGION = 'eu-west-1';
const TTL = 72 * 3600;
const T0 = new Date('2026-11-20T08:00:00.000Z');
const T0_SECONDS = T0.getTime() / 1000;
const FIRST_SEEN = '2026-11-01T00:00:00.000Z';

const context = (overrides: Partial<PlanContext> = {}): PlanContext => ({
  logChanges: true,
  inherited: [],
  now: T0,
  ttlSeconds: TTL,
  refreshFraction: 0.5,
  ...overrides,
});

/** The table as the writer left it after writing `snapshot`, every item expiring at `expiresAt`. */
function stored(snapshot: RegionSnapshot, expiresAt = T0_SECONDS + TTL): Map<string, StoredItem> {
  const items = new Map<string, StoredItem>();
  for (const [key, item] of desiredItemsOf(snapshot)) {
    items.set(key, buildItem(item, { firstSeenAt: FIRST_SEEN, lastSeenAt: FIRST_SEEN, expiresAt }));
  }
  return items;
}

/** The change records the plan's journal becomes once committed at T0. */
const changes = (plan: ReturnType<typeof planRegionWrite>) =>
  changesOf(plan.journal, { scanId: 'scan-2', region: REGION, committedAt: T0.toISOString() });

const putItems = (plan: ReturnType<typeof planRegionWrite>) =>
  plan.puts.map((request) => ('PutRequest' in request ? request.PutRequest.Item : {}));

describe('planRegionWrite', () => {
  it('first snapshot: puts every item and logs nothing when the region is new', () => {
    const snapshot = smallSnapshot(REGION);
    const plan = planRegionWrite(
      desiredItemsOf(snapshot),
      new Map(),
      context({ logChanges: false }),
    );
    expect(plan.puts).toHaveLength(itemCount(snapshot));
    expect(plan.deletes).toEqual([]);
    expect(changes(plan)).toEqual([]);
    for (const item of putItems(plan)) {
      expect(item).toMatchObject({ firstSeenAt: T0.toISOString(), lastSeenAt: T0.toISOString() });
    }
  });

  it('an added model is put and logged as added; an added throughput is put but not logged', () => {
    const before = smallSnapshot(REGION);
    const after = {
      ...before,
      models: [...before.models, foundationModel(REGION, 'amazon.titan-embed-text-v2:0')],
      throughputs: [],
    };
    const existing = stored({ ...before, throughputs: [] });
    const plan = planRegionWrite(desiredItemsOf(after), existing, context());
    expect(putItems(plan).map((item) => item.modelId)).toEqual(['amazon.titan-embed-text-v2:0']);
    expect(changes(plan)).toEqual([
      expect.objectContaining({
        kind: 'added',
        entity: 'model',
        id: 'amazon.titan-embed-text-v2:0',
        before: null,
        at: T0.toISOString(),
        scanId: 'scan-2',
        region: REGION,
      }),
    ]);

    const withThroughput = planRegionWrite(desiredItemsOf(before), existing, context());
    expect(withThroughput.puts).toHaveLength(1);
    expect(changes(withThroughput)).toEqual([]);
  });

  it('a removed model is deleted by its primary key and logged with what it was', () => {
    const before = smallSnapshot(REGION);
    const after = { ...before, models: before.models.filter((m) => m.modelId !== NOVA_PRO) };
    const plan = planRegionWrite(desiredItemsOf(after), stored(before), context());
    expect(plan.puts).toEqual([]);
    expect(plan.deletes).toEqual([
      { DeleteRequest: { Key: { PK: `MODEL#${NOVA_PRO}`, SK: `REGION#${REGION}` } } },
    ]);
    expect(changes(plan)).toHaveLength(1);
    expect(changes(plan)[0]).toMatchObject({ kind: 'removed', entity: 'model', id: NOVA_PRO });
    // `before` is the Bedrock content only: no keys, TTL or hash.
    expect(changes(plan)[0]?.before).toMatchObject({ modelId: NOVA_PRO, region: REGION });
    expect(changes(plan)[0]?.before).not.toHaveProperty('PK');
    expect(changes(plan)[0]?.before).not.toHaveProperty('expiresAt');
    expect(changes(plan)[0]?.after).toBeNull();
  });

  it('a changed model is put with its first-seen time kept and logged with before and after', () => {
    const before = smallSnapshot(REGION);
    const after = {
      ...before,
      models: before.models.map((m) =>
        m.modelId === HAIKU ? { ...m, name: 'Claude 3 Haiku' } : m,
      ),
    };
    const plan = planRegionWrite(desiredItemsOf(after), stored(before), context());
    expect(putItems(plan)).toEqual([
      expect.objectContaining({
        modelId: HAIKU,
        name: 'Claude 3 Haiku',
        firstSeenAt: FIRST_SEEN,
        lastSeenAt: T0.toISOString(),
      }),
    ]);
    expect(changes(plan)).toHaveLength(1);
    expect(changes(plan)[0]).toMatchObject({ kind: 'changed', entity: 'model', id: HAIKU });
    expect(changes(plan)[0]?.before).toMatchObject({ name: 'claude-3-haiku-20240307-v1:0' });
    expect(changes(plan)[0]?.after).toMatchObject({ name: 'Claude 3 Haiku' });
  });

  it('an unchanged snapshot far from expiry writes nothing', () => {
    const snapshot = smallSnapshot(REGION);
    const plan = planRegionWrite(desiredItemsOf(snapshot), stored(snapshot), context());
    expect(plan).toEqual({ puts: [], deletes: [], journal: [] });
  });

  it('a repeated access check with the same answer is put (new checkedAt) but not logged', () => {
    const access = {
      agreement: 'AVAILABLE',
      authorization: 'AUTHORIZED',
      entitlement: 'AVAILABLE',
      regionAvailability: 'AVAILABLE',
      usable: true,
    };
    const at = (checkedAt: string) => {
      const snapshot = smallSnapshot(REGION);
      return {
        ...snapshot,
        models: snapshot.models.map((m) =>
          m.modelId === HAIKU ? { ...m, access: { ...access, checkedAt } } : m,
        ),
      };
    };
    const plan = planRegionWrite(
      desiredItemsOf(at('2026-11-20T08:00:00.000Z')),
      stored(at('2026-11-19T08:00:00.000Z')),
      context(),
    );
    expect(putItems(plan).map((item) => item.modelId)).toEqual([HAIKU]);
    expect(changes(plan)).toEqual([]);
  });

  it('after a dead apply: writes against the table, logs against the committed snapshot', () => {
    // The committed snapshot had both models; a dead apply removed Nova Pro and renamed Haiku,
    // and its journal says so. The next snapshot is the committed one with Haiku renamed.
    const committed = smallSnapshot(REGION);
    const rename = (m: (typeof committed.models)[number]) =>
      m.modelId === HAIKU ? { ...m, name: 'Claude 3 Haiku' } : m;
    const halfApplied = stored({
      ...committed,
      models: committed.models.filter((m) => m.modelId !== NOVA_PRO).map(rename),
    });
    const dead = planRegionWrite(
      desiredItemsOf({
        ...committed,
        models: committed.models.filter((m) => m.modelId !== NOVA_PRO).map(rename),
      }),
      stored(committed),
      context(),
    );
    const next = { ...committed, models: committed.models.map(rename) };

    const plan = planRegionWrite(
      desiredItemsOf(next),
      halfApplied,
      context({ inherited: dead.journal }),
    );

    // Nova Pro is put back (the table lacks it) but was never removed from the committed view;
    // Haiku's rename is logged (committed → next), though the table already holds it.
    expect(putItems(plan).map((item) => item.modelId)).toEqual([NOVA_PRO]);
    expect(changes(plan).map((c) => [c.kind, c.id])).toEqual([['changed', HAIKU]]);
    // The journal keeps the inherited key, so a third scan can still rebuild the committed view.
    expect(plan.journal.map((entry) => entry.id).sort()).toEqual([HAIKU, NOVA_PRO].sort());
  });

  it('unchanged items written together come due for refresh over several scans, not at once', () => {
    const snapshot = largeSnapshot(REGION, 200);
    const existing = stored(snapshot, T0_SECONDS);
    const dueAfter = (elapsedSeconds: number) => {
      const now = new Date((T0_SECONDS - TTL + elapsedSeconds) * 1000);
      return planRegionWrite(desiredItemsOf(snapshot), existing, context({ now })).puts.length;
    };
    const total = itemCount(snapshot);
    // Refresh once less than refreshFraction × TTL (36 h) is left, scaled by a jitter in [0.5, 1]:
    // nothing is due with more than 36 h left, everything with less than 18 h left.
    expect(dueAfter(TTL - 36 * 3600 - 60)).toBe(0);
    const halfway = dueAfter(TTL - 27 * 3600);
    expect(halfway).toBeGreaterThan(total * 0.2);
    expect(halfway).toBeLessThan(total * 0.8);
    expect(dueAfter(TTL - 18 * 3600 + 60)).toBe(total);
    // Refreshed items are not changes.
    const now = new Date((T0_SECONDS - 60) * 1000);
    expect(changes(planRegionWrite(desiredItemsOf(snapshot), existing, context({ now })))).toEqual(
      [],
    );
  });

  it('new expiries spread over the last 20% of the TTL', () => {
    const snapshot = largeSnapshot(REGION, 200);
    const plan = planRegionWrite(desiredItemsOf(snapshot), new Map(), context());
    const expiries = putItems(plan).map((item) => item.expiresAt as number);
    for (const expiresAt of expiries) {
      expect(expiresAt).toBeGreaterThanOrEqual(T0_SECONDS + 0.8 * TTL);
      expect(expiresAt).toBeLessThanOrEqual(T0_SECONDS + TTL);
    }
    expect(new Set(expiries).size).toBeGreaterThan(expiries.length * 0.9);
  });
});

describe('planRegionWrite with kept items (a failed optional listing)', () => {
  const keepRouters = (item: Record<string, unknown>) =>
    item.recordType === 'target' && item.kind === 'prompt-router';

  it('neither puts, deletes nor journals a kept item; carries its inherited entry forward', () => {
    const before = snapshotWithTargets(REGION);
    const existing = stored(before);
    const router = [...desiredItemsOf(before).values()].find(
      (i) => i.recordType === 'target' && i.id === routerTarget(REGION).arn,
    );
    const routerKey = router?.key ?? { PK: '', SK: '' };
    const storedRouter = existing.get(`${routerKey.PK}\u0000${routerKey.SK}`) ?? null;
    const inherited = [
      {
        key: routerKey,
        entity: 'target' as const,
        id: router?.id ?? '',
        before: storedRouter,
        after: null,
        change: null,
      },
    ];
    const after = {
      ...before,
      targets: (before.targets ?? []).filter((t) => t.kind !== 'prompt-router'),
      listings: { ...ALL_LISTINGS_OK, promptRouters: 'denied' as const },
    };

    const plan = planRegionWrite(
      desiredItemsOf(after),
      existing,
      context({ keep: keepRouters, inherited }),
    );

    expect(plan.puts).toEqual([]);
    expect(plan.deletes).toEqual([]);
    expect(plan.journal).toEqual([{ ...inherited[0], change: null }]);
  });

  it('without keep, the same snapshot sweeps the router and journals it without a change record', () => {
    const before = snapshotWithTargets(REGION);
    const after = {
      ...before,
      targets: (before.targets ?? []).filter((t) => t.kind !== 'prompt-router'),
    };

    const plan = planRegionWrite(desiredItemsOf(after), stored(before), context());

    expect(plan.deletes).toHaveLength(1);
    expect(plan.journal).toEqual([
      expect.objectContaining({
        entity: 'target',
        id: routerTarget(REGION).arn,
        after: null,
        change: null,
      }),
    ]);
    expect(changes(plan)).toEqual([]);
  });
});

describe('needsRefresh and expiryFor', () => {
  const ttl = { ttlSeconds: TTL, refreshFraction: 0.5 };

  it('an item without a numeric expiry is always due', () => {
    expect(needsRefresh({}, 'k', T0_SECONDS, ttl)).toBe(true);
    expect(needsRefresh({ expiresAt: '1' }, 'k', T0_SECONDS, ttl)).toBe(true);
  });

  it('the same key and time give the same expiry; the next write moves it', () => {
    expect(expiryFor('k', T0_SECONDS, TTL)).toBe(expiryFor('k', T0_SECONDS, TTL));
    const later = expiryFor('k', T0_SECONDS + 900, TTL) - 900;
    expect(later).not.toBe(expiryFor('k', T0_SECONDS, TTL));
  });
});

describe('countsOf', () => {
  it('counts profiles (application ones too), models and throughputs', () => {
    const snapshot = largeSnapshot(REGION, 5);
    const desired: DesiredItem[] = [...desiredItemsOf(snapshot).values()];
    expect(countsOf(desired)).toEqual({
      profiles: snapshot.profiles.length,
      applicationProfiles: 6,
      models: snapshot.models.length,
      throughputs: 1,
    });
  });
});
