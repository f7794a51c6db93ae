import {
  type InvokeTargetView,
  iamResourcesFor,
  isBareModelId,
  isFailoverError,
  resolveTargets,
  type SnapshotView,
} from '@bedrock-profile-catalog/runtime';
import { describe, expect, it } from 'vitest';

/** In-process resolution from a hand-made snapshot: what the middleware decides per call. */
const MODEL = 'acme.model-v1:0';
const ACCOUNT = '111122223333';

function target(
  targetId: string,
  scope: InvokeTargetView['scope'],
  extra: Partial<InvokeTargetView> = {},
): InvokeTargetView {
  const profile = scope !== 'in-region';
  return {
    targetId,
    kind: profile ? 'profile' : 'model',
    scope,
    sourceRegion: 'us-east-1',
    destinationRegions: profile ? ['us-east-1', 'us-west-2'] : ['us-east-1'],
    targetArn: profile
      ? `arn:aws:bedrock:us-east-1:${ACCOUNT}:${scope === 'application' ? 'application-inference-profile' : 'inference-profile'}/${targetId}`
      : `arn:aws:bedrock:us-east-1::foundation-model/${targetId}`,
    geoPrefix: scope === 'geo' ? 'us' : scope === 'global' ? 'global' : null,
    name: null,
    access: { usable: true, reason: null },
    lifecycle: null,
    quota: null,
    latency: null,
    usage: null,
    tiers: { flex: 'unknown', priority: 'unknown' },
    ...extra,
  } as InvokeTargetView;
}

const latency = (p50: number): InvokeTargetView['latency'] => ({
  ttftMs: { p50, p90: p50 * 2 },
  invocationMs: null,
  samples: 5,
  window: 'last 5 probes',
  source: 'probe',
  fromRegion: 'us-east-1',
  asOf: '2026-12-01T00:00:00.000Z',
});

const snapshot: SnapshotView = {
  formatVersion: 2,
  sourceRegion: 'us-east-1',
  catalogAsOf: '2026-12-01T00:00:00.000Z',
  models: {
    [MODEL]: [
      target(`us.${MODEL}`, 'geo', { latency: latency(300) }),
      target(`global.${MODEL}`, 'global', { latency: latency(80) }),
      target(`eu.${MODEL}`, 'geo', {
        access: { usable: false, reason: "quota 'x' (L-1) is 0" },
      }),
    ],
    'acme.ended-v1:0': [],
  },
};

describe('resolveTargets', () => {
  it('keeps the catalog order, drops unusable targets and applies the scope filter', () => {
    expect(resolveTargets(snapshot, MODEL).map((t) => t.targetId)).toEqual([
      `us.${MODEL}`,
      `global.${MODEL}`,
    ]);
    expect(
      resolveTargets(snapshot, MODEL, { scope: ['in-region', 'application', 'geo'] }).map(
        (t) => t.targetId,
      ),
    ).toEqual([`us.${MODEL}`]);
  });

  it('rank latency puts the faster measured target first', () => {
    expect(resolveTargets(snapshot, MODEL, { rank: 'latency' })[0]?.targetId).toBe(
      `global.${MODEL}`,
    );
  });

  it('resolves nothing for profile IDs, ARNs, unknown IDs or a model with no target', () => {
    for (const id of [
      `us.${MODEL}`,
      `arn:aws:bedrock:us-east-1::foundation-model/${MODEL}`,
      'acme.unknown-v1:0',
      'acme.ended-v1:0',
      'constructor',
    ]) {
      expect(resolveTargets(snapshot, id), id).toEqual([]);
    }
    expect(isBareModelId(snapshot, MODEL)).toBe(true);
    expect(isBareModelId(snapshot, `us.${MODEL}`)).toBe(false);
  });
});

describe('isFailoverError', () => {
  const named = (name: string, status?: number) =>
    Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
  it('fails over on throttling, unavailability, a model not ready and any 5xx', () => {
    expect(isFailoverError(named('ThrottlingException', 429))).toBe(true);
    expect(isFailoverError(named('ServiceUnavailableException', 503))).toBe(true);
    expect(isFailoverError(named('ModelNotReadyException', 429))).toBe(true);
    expect(isFailoverError(named('InternalServerException', 500))).toBe(true);
  });
  it('not on the caller’s own errors', () => {
    expect(isFailoverError(named('ValidationException', 400))).toBe(false);
    expect(isFailoverError(named('AccessDeniedException', 403))).toBe(false);
    expect(isFailoverError('ThrottlingException')).toBe(false);
  });
});

describe('iamResourcesFor', () => {
  it('an application profile needs the model named, then its destination models', () => {
    const app = target('abc123', 'application');
    expect(iamResourcesFor(app)).toEqual([app.targetArn]);
    expect(iamResourcesFor(app, MODEL)).toEqual([
      app.targetArn,
      `arn:aws:bedrock:us-east-1::foundation-model/${MODEL}`,
      `arn:aws:bedrock:us-west-2::foundation-model/${MODEL}`,
    ]);
  });
});
