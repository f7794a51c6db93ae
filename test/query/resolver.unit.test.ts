import type {
  ModelRecord,
  ProfileRecord,
  QuotaRecord,
  ThroughputRecord,
} from '@bedrock-profile-catalog/catalog';
import { resolveInvokeTargets } from '@bedrock-profile-catalog/query-api';
import { describe, expect, it } from 'vitest';

const SEEN = { firstSeenAt: '2026-11-01T00:00:00.000Z', lastSeenAt: '2026-11-01T00:00:00.000Z' };
const HAIKU = 'anthropic.claude-haiku-4-5-20251001-v1:0';

function model(
  region: string,
  inferenceTypes: string[],
  access?: ModelRecord['access'],
): ModelRecord {
  return {
    recordType: 'model',
    modelId: HAIKU,
    modelArn: `arn:aws:bedrock:${region}::foundation-model/${HAIKU}`,
    region,
    name: 'Claude Haiku 4.5',
    provider: 'Anthropic',
    inputModalities: ['TEXT'],
    outputModalities: ['TEXT'],
    responseStreamingSupported: true,
    customizationsSupported: [],
    inferenceTypes,
    lifecycle: null,
    access: access ?? null,
    ...SEEN,
  };
}

function profile(
  region: string,
  profileId: string,
  scope: ProfileRecord['scope'],
  destinations: string[],
): ProfileRecord {
  return {
    recordType: 'profile',
    profileId,
    profileArn: `arn:aws:bedrock:${region}:111122223333:inference-profile/${profileId}`,
    name: profileId,
    description: null,
    type: scope === 'application' ? 'APPLICATION' : 'SYSTEM_DEFINED',
    status: 'ACTIVE',
    region,
    modelId: HAIKU,
    modelIds: [HAIKU],
    modelArns: destinations.map((d) => `arn:aws:bedrock:${d}::foundation-model/${HAIKU}`),
    destinationRegions: destinations,
    scope,
    geoPrefix:
      scope === 'geo' ? (profileId.split('.')[0] ?? null) : scope === 'global' ? 'global' : null,
    routing: scope === 'global' ? 'global' : 'geo',
    createdAt: null,
    updatedAt: null,
    ...SEEN,
  };
}

function throughput(region: string, id: string, status: string): ThroughputRecord {
  const modelArn = `arn:aws:bedrock:${region}::foundation-model/${HAIKU}`;
  return {
    recordType: 'throughput',
    name: `pt-${id}`,
    arn: `arn:aws:bedrock:${region}:111122223333:provisioned-model/${id}`,
    region,
    modelArn,
    modelId: HAIKU,
    foundationModelArn: modelArn,
    modelUnits: 1,
    desiredModelUnits: 1,
    status,
    commitmentDuration: null,
    commitmentExpirationTime: null,
    creationTime: null,
    lastModifiedTime: null,
    ...SEEN,
  };
}

describe('Function: resolveInvokeTargets', () => {
  it('ranks an in-service provisioned throughput before the bare ID; skips other states and regions', () => {
    const targets = resolveInvokeTargets({
      modelId: HAIKU,
      sourceRegion: 'us-east-1',
      model: model('us-east-1', ['ON_DEMAND', 'PROVISIONED']),
      profilesInSource: [profile('us-east-1', `us.${HAIKU}`, 'geo', ['us-east-1', 'us-west-2'])],
      throughputsInSource: [
        throughput('us-east-1', 'zzz-creating', 'Creating'),
        throughput('us-east-1', 'aaa-serving', 'InService'),
        throughput('us-west-2', 'elsewhere', 'InService'),
      ],
    });

    expect(targets.map((t) => [t.kind, t.targetId])).toEqual([
      [
        'provisioned-throughput',
        'arn:aws:bedrock:us-east-1:111122223333:provisioned-model/aaa-serving',
      ],
      ['model', HAIKU],
      ['profile', `us.${HAIKU}`],
    ]);
    expect(targets[0]).toMatchObject({ scope: 'in-region', destinationRegions: ['us-east-1'] });
  });

  it('offers the bare ID first when the model is ON_DEMAND in the source region', () => {
    // Prepare
    const profiles = [
      profile('us-east-1', `global.${HAIKU}`, 'global', ['us-east-1']),
      profile('us-east-1', `us.${HAIKU}`, 'geo', ['us-east-1', 'us-west-2']),
      profile('us-east-1', 'abcd1234efgh', 'application', ['us-east-1']),
    ];
    // Act
    const targets = resolveInvokeTargets({
      modelId: HAIKU,
      sourceRegion: 'us-east-1',
      model: model('us-east-1', ['ON_DEMAND']),
      profilesInSource: profiles,
    });
    // Assess
    expect(targets.map((t) => [t.targetId, t.kind, t.scope])).toEqual([
      [HAIKU, 'model', 'in-region'],
      ['abcd1234efgh', 'profile', 'application'],
      [`us.${HAIKU}`, 'profile', 'geo'],
      [`global.${HAIKU}`, 'profile', 'global'],
    ]);
  });

  it('never offers the bare ID of an INFERENCE_PROFILE-only model or a variant without type', () => {
    for (const types of [['INFERENCE_PROFILE'], [], ['PROVISIONED']]) {
      const targets = resolveInvokeTargets({
        modelId: HAIKU,
        sourceRegion: 'ap-southeast-1',
        model: model('ap-southeast-1', types),
        profilesInSource: [profile('ap-southeast-1', `apac.${HAIKU}`, 'geo', ['ap-southeast-1'])],
      });
      expect(targets.map((t) => t.targetId)).toEqual([`apac.${HAIKU}`]);
    }
  });

  it('ignores profiles of other source regions', () => {
    const targets = resolveInvokeTargets({
      modelId: HAIKU,
      sourceRegion: 'eu-west-1',
      model: null,
      profilesInSource: [profile('us-east-1', `us.${HAIKU}`, 'geo', ['us-east-1'])],
    });
    expect(targets).toEqual([]);
  });

  it('keeps targets the account cannot use, marked and ranked after usable ones', () => {
    const denied = {
      agreement: 'NOT_AVAILABLE',
      authorization: 'AUTHORIZED',
      entitlement: 'AVAILABLE',
      regionAvailability: 'AVAILABLE',
      usable: false,
      checkedAt: '2026-11-01T00:00:00.000Z',
    };
    const targets = resolveInvokeTargets({
      modelId: HAIKU,
      sourceRegion: 'us-east-1',
      model: model('us-east-1', ['ON_DEMAND'], denied),
      profilesInSource: [profile('us-east-1', `us.${HAIKU}`, 'geo', ['us-east-1'])],
    });
    expect(targets).toHaveLength(2);
    expect(targets.every((t) => t.access?.usable === false)).toBe(true);
    expect(targets[0]?.access?.reason).toContain('agreement NOT_AVAILABLE');
  });

  it('offers nothing at all from the moment the model reaches end of life in S', () => {
    const lifecycle = {
      status: 'LEGACY',
      startOfLifeTime: null,
      legacyTime: '2026-06-01T00:00:00.000Z',
      publicExtendedAccessTime: null,
      endOfLifeTime: '2026-12-01T00:00:00.000Z',
    };
    const resolveAt = (now: string) =>
      resolveInvokeTargets({
        modelId: HAIKU,
        sourceRegion: 'us-east-1',
        model: { ...model('us-east-1', ['ON_DEMAND', 'PROVISIONED']), lifecycle },
        profilesInSource: [profile('us-east-1', `us.${HAIKU}`, 'geo', ['us-east-1'])],
        throughputsInSource: [throughput('us-east-1', 'serving', 'InService')],
        now: new Date(now),
      });

    const before = resolveAt('2026-11-30T23:59:59.999Z');
    expect(before.map((t) => t.kind)).toEqual(['provisioned-throughput', 'model', 'profile']);
    expect(before.every((t) => t.lifecycle?.endOfLifeTime === lifecycle.endOfLifeTime)).toBe(true);
    expect(resolveAt('2026-12-01T00:00:00.000Z')).toEqual([]);
  });
});

function quota(
  scope: QuotaRecord['scope'],
  period: 'minute' | 'day',
  value: number,
  defaultValue = value,
): QuotaRecord {
  return {
    recordType: 'quota',
    region: 'us-east-1',
    quotaCode: `L-${scope}-${period}`,
    quotaName: `${scope} tokens per ${period} for Anthropic Claude Haiku 4.5`,
    value,
    defaultValue,
    applied: value !== defaultValue,
    adjustable: period === 'minute',
    unit: 'None',
    period,
    modelId: HAIKU,
    scope,
    tokens: true,
  };
}

describe('Function: resolveInvokeTargets, quotas', () => {
  const usable = {
    agreement: 'AVAILABLE',
    authorization: 'AUTHORIZED',
    entitlement: 'AVAILABLE',
    regionAvailability: 'AVAILABLE',
    usable: true,
    checkedAt: '2026-11-01T00:00:00.000Z',
  };
  const input = (quotasInSource: QuotaRecord[]) => ({
    modelId: HAIKU,
    sourceRegion: 'us-east-1',
    model: model('us-east-1', ['ON_DEMAND'], usable),
    profilesInSource: [
      profile('us-east-1', `us.${HAIKU}`, 'geo', ['us-east-1', 'us-west-2']),
      profile('us-east-1', `global.${HAIKU}`, 'global', ['us-east-1']),
    ],
    quotasInSource,
  });

  it('gives each target the quota of its own scope, or null when none is known', () => {
    const targets = resolveInvokeTargets(
      input([
        quota('in-region', 'minute', 400_000),
        quota('geo', 'minute', 2e6),
        quota('geo', 'day', 1e9, 2e9),
      ]),
    );

    expect(targets.map((t) => [t.scope, t.quota])).toEqual([
      [
        'in-region',
        {
          tokensPerMinute: 400_000,
          tokensPerDay: null,
          quotaCode: 'L-in-region-minute',
          applied: false,
          adjustable: true,
        },
      ],
      [
        'geo',
        {
          tokensPerMinute: 2e6,
          tokensPerDay: 1e9,
          quotaCode: 'L-geo-minute',
          applied: true,
          adjustable: true,
        },
      ],
      ['global', null],
    ]);
  });

  it('marks a zero quota (per minute or per day) unusable, names it and ranks the target last', () => {
    const targets = resolveInvokeTargets(
      input([quota('in-region', 'day', 0, 1e9), quota('global', 'minute', 6e6)]),
    );

    expect(targets.map((t) => t.scope)).toEqual(['geo', 'global', 'in-region']);
    expect(targets.at(-1)?.access).toEqual({
      usable: false,
      reason:
        "quota 'in-region tokens per day for Anthropic Claude Haiku 4.5' (L-in-region-day) is 0",
    });
    expect(targets[0]?.access?.usable).toBe(true);
  });
});
