import { describe, expect, it } from 'vitest';
import type {
  LifecycleEntry,
  ModelSummary,
  Profile,
  Quota,
  Throughput,
} from '../../packages/explorer/src/api.js';
import {
  cellOf,
  describeCell,
  indexCatalog,
  legacyNote,
  throughputForSaleOnly,
} from '../../packages/explorer/src/cells.js';

const MODEL = 'anthropic.claude-opus-4-6-v1';
const SEEN = '2026-12-01T00:00:00.000Z';
const profile = (over: Partial<Profile>): Profile => ({
  profileId: `us.${MODEL}`,
  profileArn: `arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.${MODEL}`,
  name: 'US Claude Opus 4.6',
  description: null,
  type: 'SYSTEM_DEFINED',
  status: 'ACTIVE',
  region: 'us-east-1',
  modelId: MODEL,
  modelIds: [MODEL],
  modelArns: [`arn:aws:bedrock:us-east-1::foundation-model/${MODEL}`],
  destinationRegions: ['us-east-1', 'us-west-2'],
  scope: 'geo',
  geoPrefix: 'us',
  routing: 'geo',
  createdAt: null,
  updatedAt: null,
  firstSeenAt: SEEN,
  lastSeenAt: SEEN,
  ...over,
});
const THROUGHPUT_ARN = 'arn:aws:bedrock:us-east-1:111122223333:provisioned-model/a1b2c3d4e5f6';
const throughput = (over: Partial<Throughput> = {}): Throughput => ({
  arn: THROUGHPUT_ARN,
  name: 'claims-opus',
  region: 'us-east-1',
  modelId: MODEL,
  modelArn: `arn:aws:bedrock:us-east-1::foundation-model/${MODEL}`,
  foundationModelArn: `arn:aws:bedrock:us-east-1::foundation-model/${MODEL}`,
  status: 'InService',
  modelUnits: 1,
  desiredModelUnits: 1,
  commitmentDuration: null,
  commitmentExpirationTime: null,
  creationTime: null,
  lastModifiedTime: null,
  firstSeenAt: SEEN,
  lastSeenAt: SEEN,
  ...over,
});
const catalog = (profiles: Profile[], throughputs: Throughput[] = []) =>
  indexCatalog(profiles, throughputs);
const model = (regions: ModelSummary['regions']): ModelSummary => ({
  modelId: MODEL,
  name: 'Claude Opus 4.6',
  provider: 'Anthropic',
  regions,
});
const record = (
  inferenceTypes: string[],
  access: ModelSummary['regions'][number]['access'] = null,
) => ({
  region: 'us-east-1',
  inferenceTypes,
  lifecycleStatus: 'ACTIVE',
  access,
});

/** Checked, and the account has not accepted the model's agreement. */
const DENIED_ACCESS = {
  usable: false,
  agreement: 'NOT_AVAILABLE',
  authorization: 'AUTHORIZED',
  entitlement: 'AVAILABLE',
  regionAvailability: 'AVAILABLE',
  checkedAt: '2026-11-26T10:00:00.000Z',
};

describe('matrix cell states', () => {
  const geo = profile({});
  const global = profile({ profileId: `global.${MODEL}`, scope: 'global', geoPrefix: 'global' });
  const app = profile({ profileId: 'v8gtbe8pryd4', type: 'APPLICATION', scope: 'application' });

  it('ranks like the resolver: on-demand, application, geo, global', () => {
    const index = catalog([global, geo, app]);
    expect(cellOf(model([record(['ON_DEMAND'])]), 'us-east-1', index)).toMatchObject({
      state: 'on-demand',
      options: ['on-demand', 'application', 'geo', 'global'],
    });
    expect(cellOf(model([record(['INFERENCE_PROFILE'])]), 'us-east-1', index).state).toBe(
      'application',
    );
    expect(
      cellOf(model([record(['INFERENCE_PROFILE'])]), 'us-east-1', catalog([global, geo])).state,
    ).toBe('geo');
    expect(cellOf(model([]), 'us-east-1', catalog([global])).state).toBe('global');
  });

  it('is "not offered" without a way in', () => {
    // Listed with no inference type at all: nothing to call, nothing to buy.
    expect(cellOf(model([record([])]), 'us-east-1', catalog([])).state).toBe('not-offered');
    expect(cellOf(model([]), 'eu-west-1', catalog([geo])).state).toBe('not-offered');
    // Inactive profiles are no way in.
    expect(cellOf(model([]), 'us-east-1', catalog([profile({ status: 'DISABLED' })])).state).toBe(
      'not-offered',
    );
  });

  it("is reachable through the account's provisioned throughput, ranked first like the resolver", () => {
    const held = catalog([], [throughput()]);
    const variant = model([record(['PROVISIONED'])]);
    const cell = cellOf(variant, 'us-east-1', held);
    expect(cell).toMatchObject({ state: 'provisioned', options: ['provisioned'] });
    expect(describeCell(variant, 'us-east-1', cell)).toBe(
      `Claude Opus 4.6 in us-east-1: Provisioned throughput (${THROUGHPUT_ARN})`,
    );
    // The resolver puts the account's throughput before the bare model ID and every profile.
    expect(
      cellOf(
        model([record(['ON_DEMAND', 'PROVISIONED'])]),
        'us-east-1',
        catalog([geo], [throughput()]),
      ).options,
    ).toEqual(['provisioned', 'on-demand', 'geo']);
    // Held even where the listing has not caught up: the account can call it.
    expect(cellOf(model([]), 'us-east-1', held).state).toBe('provisioned');
    // Another region's throughput, or another model's, is no way in here.
    expect(cellOf(model([]), 'us-west-2', held).state).toBe('not-offered');
    expect(
      cellOf(model([]), 'us-east-1', catalog([], [throughput({ modelId: `${MODEL}:48k` })])).state,
    ).toBe('not-offered');
  });

  it('is "provisioned" when the region offers the model for provisioned throughput only', () => {
    const variant = model([record(['PROVISIONED'])]);
    // Creating, Updating and Failed throughputs serve nothing (the resolver skips them too).
    const creating = catalog([], [throughput({ status: 'Creating' })]);
    const cell = cellOf(variant, 'us-east-1', creating);
    expect(cell).toMatchObject({ state: 'provisioned', options: [] });
    expect(throughputForSaleOnly(cell)).toBe(true);
    expect(throughputForSaleOnly(cellOf(variant, 'us-east-1', catalog([], [throughput()])))).toBe(
      false,
    );
    expect(describeCell(variant, 'us-east-1', cell)).toBe(
      'Claude Opus 4.6 in us-east-1: provisioned throughput only; the account holds none in service here',
    );
    expect(cellOf(model([]), 'us-east-1', creating).state).toBe('not-offered');
  });

  it('is "no access" when the account was checked and cannot use the model', () => {
    const denied = record(['ON_DEMAND'], DENIED_ACCESS);
    const cell = cellOf(model([denied]), 'us-east-1', catalog([geo]));
    expect(cell).toMatchObject({ state: 'no-access', accessReason: 'agreement NOT_AVAILABLE' });
    expect(describeCell(model([denied]), 'us-east-1', cell)).toBe(
      'Claude Opus 4.6 in us-east-1: no access (agreement NOT_AVAILABLE)',
    );
    // Access not checked yet (null) or usable: the offer decides.
    const usable = record(['ON_DEMAND'], { ...denied.access, usable: true } as never);
    expect(cellOf(model([usable]), 'us-east-1', catalog([])).state).toBe('on-demand');
  });

  it('describes every way in with the IDs to call', () => {
    const index = catalog([geo, global]);
    const m = model([record(['ON_DEMAND'])]);
    expect(describeCell(m, 'us-east-1', cellOf(m, 'us-east-1', index))).toBe(
      `Claude Opus 4.6 in us-east-1: On-demand (${MODEL}); Geo profile (us.${MODEL}); Global profile (global.${MODEL})`,
    );
  });

  const quota = (over: Partial<Quota>): Quota => ({
    quotaCode: 'L-A6B2F334',
    quotaName:
      'Global cross-region model inference tokens per minute for Anthropic Claude Opus 4.6 V1',
    value: 0,
    defaultValue: 6_000_000,
    applied: true,
    adjustable: true,
    unit: 'None',
    period: 'minute',
    modelId: MODEL,
    scope: 'global',
    ...over,
  });
  const withQuotas = (quotas: Quota[], region = 'us-east-1') =>
    indexCatalog([geo, global], [], [{ region, items: quotas, catalogAsOf: null }]);

  it('ranks a way in with a quota of 0 last, and names the quota', () => {
    const m = model([record(['ON_DEMAND'])]);
    const cell = cellOf(m, 'us-east-1', withQuotas([quota({ scope: 'in-region' })]));
    // The bare ID is blocked: the geo profile is the first way in now, as in the resolver.
    expect(cell).toMatchObject({ state: 'geo', options: ['geo', 'global', 'on-demand'] });
    expect(cell.zeroQuotas.map((z) => z.option)).toEqual(['on-demand']);
    expect(describeCell(m, 'us-east-1', cell)).toBe(
      `Claude Opus 4.6 in us-east-1: Geo profile (us.${MODEL}); Global profile (global.${MODEL}). On-demand (${MODEL}) unusable: quota '${quota({}).quotaName}' (L-A6B2F334) is 0`,
    );
    // Non-zero quotas, unmatched ones and other regions' block nothing.
    for (const index of [
      withQuotas([quota({ value: 1 })]),
      withQuotas([quota({ modelId: null, scope: null })]),
      withQuotas([quota({})], 'us-west-2'),
    ]) {
      expect(cellOf(m, 'us-east-1', index)).toMatchObject({ state: 'on-demand', zeroQuotas: [] });
    }
  });

  it('is "zero-quota" when a quota of 0 blocks every way in', () => {
    const m = model([record(['INFERENCE_PROFILE'])]);
    const cell = cellOf(
      m,
      'us-east-1',
      withQuotas([quota({ scope: 'geo', quotaCode: 'L-GEO' }), quota({})]),
    );
    expect(cell).toMatchObject({ state: 'zero-quota', options: ['geo', 'global'] });
    expect(describeCell(m, 'us-east-1', cell)).toMatch(
      /^Claude Opus 4\.6 in us-east-1: no usable way in\. Geo profile .*\(L-GEO\) is 0; Global profile .*\(L-A6B2F334\) is 0$/,
    );
    // Denied access still reads "no access": that is the first thing to fix.
    const denied = record(['INFERENCE_PROFILE'], DENIED_ACCESS);
    expect(cellOf(model([denied]), 'us-east-1', withQuotas([quota({})])).state).toBe('no-access');
  });

  it('marks LEGACY models, with the next lifecycle date when it is within the window', () => {
    const legacy = { ...record(['ON_DEMAND']), lifecycleStatus: 'LEGACY' };
    const entry: LifecycleEntry = {
      modelId: MODEL,
      region: 'us-east-1',
      status: 'LEGACY',
      next: { event: 'publicExtendedAccess', at: '2027-01-15T00:00:00.000Z' },
      legacyTime: '2026-10-01T00:00:00.000Z',
      publicExtendedAccessTime: '2027-01-15T00:00:00.000Z',
      endOfLifeTime: '2028-01-15T00:00:00.000Z',
    };
    const dated = cellOf(model([legacy]), 'us-east-1', indexCatalog([], [], [], [entry]));
    expect(dated).toMatchObject({ state: 'on-demand', legacy: true, lifecycle: entry });
    expect(legacyNote('us-east-1', dated)).toBe(
      'LEGACY in us-east-1: Bedrock is retiring this model here; Public extended access on 2027-01-15; end of life 2028-01-15',
    );
    const undated = cellOf(model([legacy]), 'us-east-1', catalog([]));
    expect(legacyNote('us-east-1', undated)).toBe(
      'LEGACY in us-east-1: Bedrock is retiring this model here',
    );
    expect(cellOf(model([record(['ON_DEMAND'])]), 'us-east-1', catalog([])).legacy).toBe(false);
  });
});
