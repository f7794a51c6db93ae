import {
  type ChangeRecord,
  changeEvents,
  endOfLifeReached,
  type ModelLifecycle,
  nextLifecycleEvent,
} from '@bedrock-profile-catalog/catalog';
import { describe, expect, it } from 'vitest';

const LEGACY: ModelLifecycle = {
  status: 'LEGACY',
  startOfLifeTime: '2024-11-04T00:00:00.000Z',
  legacyTime: '2026-10-01T00:00:00.000Z',
  publicExtendedAccessTime: '2027-01-15T00:00:00.000Z',
  endOfLifeTime: '2028-01-15T00:00:00.000Z',
};
const at = (iso: string) => new Date(iso);

describe('lifecycle dates', () => {
  it('the next event is the soonest date after now, whichever field holds it', () => {
    expect(nextLifecycleEvent(LEGACY, at('2026-09-01T00:00:00Z'))).toEqual({
      event: 'legacy',
      at: LEGACY.legacyTime,
    });
    expect(nextLifecycleEvent(LEGACY, at('2026-12-01T00:00:00Z'))).toEqual({
      event: 'publicExtendedAccess',
      at: LEGACY.publicExtendedAccessTime,
    });
    expect(nextLifecycleEvent(LEGACY, at('2027-06-01T00:00:00Z'))).toEqual({
      event: 'endOfLife',
      at: LEGACY.endOfLifeTime,
    });
    // An event at exactly now has happened; after end of life nothing is ahead.
    expect(nextLifecycleEvent(LEGACY, at('2028-01-15T00:00:00Z'))).toBeNull();
    expect(nextLifecycleEvent({ ...LEGACY, legacyTime: null }, at('2026-09-01T00:00:00Z'))).toEqual(
      { event: 'publicExtendedAccess', at: LEGACY.publicExtendedAccessTime },
    );
    expect(nextLifecycleEvent(null, at('2026-09-01T00:00:00Z'))).toBeNull();
  });

  it('end of life is reached at its time, never without one', () => {
    expect(endOfLifeReached(LEGACY, at('2028-01-14T23:59:59Z'))).toBe(false);
    expect(endOfLifeReached(LEGACY, at('2028-01-15T00:00:00Z'))).toBe(true);
    expect(endOfLifeReached({ ...LEGACY, endOfLifeTime: null }, at('2099-01-01T00:00:00Z'))).toBe(
      false,
    );
    expect(endOfLifeReached(null, at('2099-01-01T00:00:00Z'))).toBe(false);
  });
});

describe('change events', () => {
  const model = (lifecycle: ModelLifecycle | null, name = 'Claude 3.5 Haiku') => ({
    modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
    name,
    lifecycle,
  });
  const change = (before: object | null, after: object | null): ChangeRecord => ({
    recordType: 'change',
    at: '2026-12-01T10:00:00.000Z',
    scanId: '20261201T100000000Z-1a2b3c4d',
    region: 'us-west-2',
    kind: before && after ? 'changed' : before ? 'removed' : 'added',
    entity: 'model',
    id: 'anthropic.claude-3-5-haiku-20241022-v1:0',
    before: before as ChangeRecord['before'],
    after: after as ChangeRecord['after'],
  });
  const active = { ...LEGACY, status: 'ACTIVE', legacyTime: null, publicExtendedAccessTime: null };

  it('a model turning LEGACY: Foundation Model Changed, then Foundation Model Lifecycle Changed', () => {
    const events = changeEvents(change(model(active), model(LEGACY)));
    expect(events.map((e) => e.detailType)).toEqual([
      'Foundation Model Changed',
      'Foundation Model Lifecycle Changed',
    ]);
    expect(events[1]?.detail).toEqual({
      scanId: '20261201T100000000Z-1a2b3c4d',
      region: 'us-west-2',
      modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
      changed: ['status', 'legacyTime', 'publicExtendedAccessTime'],
      before: active,
      after: LEGACY,
      next: { event: 'publicExtendedAccess', at: LEGACY.publicExtendedAccessTime },
      at: '2026-12-01T10:00:00.000Z',
    });
  });

  it('a change that leaves the lifecycle alone, an added or a removed model: one event', () => {
    for (const record of [
      change(model(LEGACY), model(LEGACY, 'Claude 3.5 Haiku (renamed)')),
      change(null, model(LEGACY)),
      change(model(LEGACY), null),
    ]) {
      expect(changeEvents(record).map((e) => e.detailType)).toHaveLength(1);
    }
  });

  it('a profile change is never a lifecycle event', () => {
    const profile = { ...change(model(active), model(LEGACY)), entity: 'profile' as const };
    expect(changeEvents(profile).map((e) => e.detailType)).toEqual(['Inference Profile Changed']);
  });
});
