import { describe, expect, it } from 'vitest';
import type { ModelSummary, Profile } from '../../packages/explorer/src/api.js';
import { cellOf, describeCell, indexProfiles } from '../../packages/explorer/src/cells.js';

const MODEL = 'anthropic.claude-opus-4-6-v1';
const profile = (over: Partial<Profile>): Profile => ({
  profileId: `us.${MODEL}`,
  name: 'US Claude Opus 4.6',
  type: 'SYSTEM_DEFINED',
  status: 'ACTIVE',
  region: 'us-east-1',
  modelId: MODEL,
  modelIds: [MODEL],
  destinationRegions: ['us-east-1', 'us-west-2'],
  scope: 'geo',
  geoPrefix: 'us',
  ...over,
});
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

describe('matrix cell states', () => {
  const geo = profile({});
  const global = profile({ profileId: `global.${MODEL}`, scope: 'global', geoPrefix: 'global' });
  const app = profile({ profileId: 'v8gtbe8pryd4', type: 'APPLICATION', scope: 'application' });

  it('ranks like the resolver: on-demand, application, geo, global', () => {
    const index = indexProfiles([global, geo, app]);
    expect(cellOf(model([record(['ON_DEMAND'])]), 'us-east-1', index)).toMatchObject({
      state: 'on-demand',
      options: ['on-demand', 'application', 'geo', 'global'],
    });
    expect(cellOf(model([record(['INFERENCE_PROFILE'])]), 'us-east-1', index).state).toBe(
      'application',
    );
    expect(
      cellOf(model([record(['INFERENCE_PROFILE'])]), 'us-east-1', indexProfiles([global, geo]))
        .state,
    ).toBe('geo');
    expect(cellOf(model([]), 'us-east-1', indexProfiles([global])).state).toBe('global');
  });

  it('is "not offered" without a way in, and says when only provisioned throughput exists', () => {
    const cell = cellOf(model([record([])]), 'us-east-1', indexProfiles([]));
    expect(cell).toMatchObject({ state: 'not-offered', provisionedOnly: true });
    expect(describeCell(model([record([])]), 'us-east-1', cell)).toContain(
      'provisioned throughput only',
    );
    expect(cellOf(model([]), 'eu-west-1', indexProfiles([geo])).state).toBe('not-offered');
    // Inactive profiles are no way in.
    expect(
      cellOf(model([]), 'us-east-1', indexProfiles([profile({ status: 'DISABLED' })])).state,
    ).toBe('not-offered');
  });

  it('is "no access" when the account was checked and cannot use the model', () => {
    const denied = record(['ON_DEMAND'], {
      usable: false,
      agreement: 'NOT_AVAILABLE',
      authorization: 'AUTHORIZED',
      entitlement: 'AVAILABLE',
      regionAvailability: 'AVAILABLE',
      checkedAt: '2026-11-26T10:00:00.000Z',
    });
    const cell = cellOf(model([denied]), 'us-east-1', indexProfiles([geo]));
    expect(cell).toMatchObject({ state: 'no-access', accessReason: 'agreement NOT_AVAILABLE' });
    expect(describeCell(model([denied]), 'us-east-1', cell)).toBe(
      'Claude Opus 4.6 in us-east-1: no access (agreement NOT_AVAILABLE)',
    );
    // Access not checked yet (null) or usable: the offer decides.
    const usable = record(['ON_DEMAND'], { ...denied.access, usable: true } as never);
    expect(cellOf(model([usable]), 'us-east-1', indexProfiles([])).state).toBe('on-demand');
  });

  it('describes every way in with the IDs to call', () => {
    const index = indexProfiles([geo, global]);
    const m = model([record(['ON_DEMAND'])]);
    expect(describeCell(m, 'us-east-1', cellOf(m, 'us-east-1', index))).toBe(
      `Claude Opus 4.6 in us-east-1: On-demand (${MODEL}); Geo profile (us.${MODEL}); Global profile (global.${MODEL})`,
    );
  });
});
