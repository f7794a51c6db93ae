import type {
  FoundationModelSummary,
  InferenceProfileSummary,
  ProvisionedModelSummary,
} from '@aws-sdk/client-bedrock';
import { ModelContent, ProfileContent, ThroughputContent } from '@bedrock-profile-catalog/catalog';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  normaliseModel,
  normaliseModels,
  normaliseProfile,
  normaliseProfiles,
  normaliseThroughput,
  normaliseThroughputs,
} from '../../packages/discovery/src/normalise.js';
import { readSample, sdkModels, sdkProfiles } from './support/sdk-parse.js';

const fm = (region: string, id: string) => `arn:aws:bedrock:${region}::foundation-model/${id}`;
const globalFm = (id: string) => `arn:aws:bedrock:::foundation-model/${id}`;

function profile(overrides: Partial<Record<keyof InferenceProfileSummary, unknown>> = {}) {
  return {
    inferenceProfileName: 'US Nova Pro',
    description: 'Routes requests to Nova Pro.',
    createdAt: new Date('2024-11-01T00:00:00Z'),
    updatedAt: new Date('2024-11-04T17:49:37.317Z'),
    inferenceProfileArn:
      'arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.amazon.nova-pro-v1:0',
    inferenceProfileId: 'us.amazon.nova-pro-v1:0',
    models: [
      { modelArn: fm('us-west-2', 'amazon.nova-pro-v1:0') },
      { modelArn: fm('us-east-1', 'amazon.nova-pro-v1:0') },
    ],
    status: 'ACTIVE',
    type: 'SYSTEM_DEFINED',
    ...overrides,
  } as InferenceProfileSummary;
}

function expectProfile(summary: InferenceProfileSummary, region = 'us-east-1') {
  const result = normaliseProfile(summary, region);
  if (!result.ok) throw new Error(`dropped: ${result.reason}`);
  // The output is exactly what the catalog accepts.
  expect(ProfileContent.parse(result.value)).toEqual(result.value);
  return result.value;
}

describe('normaliseProfile on the real us-east-2 system-defined listing', () => {
  let summaries: InferenceProfileSummary[];
  beforeAll(async () => {
    summaries = await sdkProfiles(
      readSample('list-inference-profiles.us-east-2.system-defined.2025-06.json'),
    );
  });

  it('normalises all 23 profiles as us. geo profiles seen from us-east-2', () => {
    const { items, dropped } = normaliseProfiles(summaries, 'us-east-2');
    expect(dropped).toEqual([]);
    expect(items).toHaveLength(23);
    for (const p of items) {
      expect(ProfileContent.parse(p)).toEqual(p);
      expect(p).toMatchObject({
        region: 'us-east-2',
        scope: 'geo',
        geoPrefix: 'us',
        routing: 'geo',
      });
      expect(p.profileId).toBe(`us.${p.modelId}`);
      expect(p.modelIds).toEqual([p.modelId]);
    }
  });

  it('derives model, sorted destinations and ISO timestamps for Claude 3 Haiku', () => {
    const haiku = expectProfile(summaries[0] as InferenceProfileSummary, 'us-east-2');
    expect(haiku).toEqual({
      profileId: 'us.anthropic.claude-3-haiku-20240307-v1:0',
      profileArn:
        'arn:aws:bedrock:us-east-2:684681096900:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0',
      name: 'US Anthropic Claude 3 Haiku',
      description:
        'Routes requests to Anthropic Claude 3 Haiku in us-east-1, us-west-2 and us-east-2.',
      type: 'SYSTEM_DEFINED',
      status: 'ACTIVE',
      region: 'us-east-2',
      modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
      modelIds: ['anthropic.claude-3-haiku-20240307-v1:0'],
      modelArns: [
        'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
        'arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
        'arn:aws:bedrock:us-east-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
      ],
      destinationRegions: ['us-east-1', 'us-east-2', 'us-west-2'],
      scope: 'geo',
      geoPrefix: 'us',
      routing: 'geo',
      createdAt: '2024-09-30T00:00:00.000Z',
      updatedAt: '2024-09-30T00:00:00.000Z',
    });
  });

  it('reads destinations off the ARNs, not the description (source region not included)', () => {
    const sonnet = summaries.find(
      (s) => s.inferenceProfileId === 'us.anthropic.claude-3-5-sonnet-20240620-v1:0',
    );
    const p = expectProfile(sonnet as InferenceProfileSummary, 'us-east-2');
    expect(p.description).toContain('us-east-2');
    expect(p.destinationRegions).toEqual(['us-east-1', 'us-west-2']);
    expect(p.routing).toBe('geo');
  });
});

describe('normaliseProfile on the real global excerpt', () => {
  it('marks the region-less ARN as global and keeps the ARNs verbatim', async () => {
    const summaries = await sdkProfiles(
      readSample('list-inference-profiles.us-east-1.excerpt-with-global.2026.json'),
    );
    const { items, dropped } = normaliseProfiles(summaries, 'us-east-1');
    expect(dropped).toEqual([]);
    const [us, global] = items;
    expect(us).toMatchObject({ scope: 'geo', geoPrefix: 'us', routing: 'geo' });
    expect(global).toMatchObject({
      profileId: 'global.anthropic.claude-opus-4-6-v1',
      modelId: 'anthropic.claude-opus-4-6-v1',
      modelIds: ['anthropic.claude-opus-4-6-v1'],
      modelArns: [
        'arn:aws:bedrock:::foundation-model/anthropic.claude-opus-4-6-v1',
        'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-opus-4-6-v1',
      ],
      destinationRegions: ['us-east-1'],
      scope: 'global',
      geoPrefix: 'global',
      routing: 'global',
      createdAt: '2026-02-03T19:06:46.193Z',
    });
  });
});

describe('normaliseProfile rules', () => {
  it('maps a missing description to null', () => {
    expect(expectProfile(profile({ description: undefined })).description).toBeNull();
  });

  it('maps missing timestamps to null', () => {
    const p = expectProfile(profile({ createdAt: undefined, updatedAt: undefined }));
    expect(p.createdAt).toBeNull();
    expect(p.updatedAt).toBeNull();
  });

  it('takes the geo prefix only when the ID is <prefix>.<model ID>', () => {
    expect(expectProfile(profile()).geoPrefix).toBe('us');
    // The name says "us." but the profile routes to another model: the name is not trusted.
    const mismatched = expectProfile(profile({ inferenceProfileId: 'us.amazon.nova-lite-v1:0' }));
    expect(mismatched).toMatchObject({ scope: 'geo', geoPrefix: null });
    const noDot = expectProfile(profile({ inferenceProfileId: 'novapro' }));
    expect(noDot.geoPrefix).toBeNull();
  });

  it.each([
    ['eu', 'eu-west-1', ['eu-central-1', 'eu-west-1', 'eu-west-3']],
    ['apac', 'ap-southeast-2', ['ap-northeast-1', 'ap-southeast-2']],
    ['jp', 'ap-northeast-1', ['ap-northeast-1', 'ap-northeast-3']],
    ['au', 'ap-southeast-2', ['ap-southeast-2', 'ap-southeast-4']],
  ])('geo prefix %s', (prefix, source, regions) => {
    const id = 'anthropic.claude-haiku-4-5-20251001-v1:0';
    const p = expectProfile(
      profile({
        inferenceProfileId: `${prefix}.${id}`,
        models: [...regions].reverse().map((r) => ({ modelArn: fm(r, id) })),
      }),
      source,
    );
    expect(p).toMatchObject({ scope: 'geo', geoPrefix: prefix, destinationRegions: regions });
  });

  it('handles GovCloud ARNs and the us-gov prefix', () => {
    const id = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
    const p = expectProfile(
      profile({
        inferenceProfileId: `us-gov.${id}`,
        inferenceProfileArn: `arn:aws-us-gov:bedrock:us-gov-west-1:111122223333:inference-profile/us-gov.${id}`,
        models: [
          { modelArn: `arn:aws-us-gov:bedrock:us-gov-west-1::foundation-model/${id}` },
          { modelArn: `arn:aws-us-gov:bedrock:us-gov-east-1::foundation-model/${id}` },
        ],
      }),
      'us-gov-west-1',
    );
    expect(p).toMatchObject({
      modelId: id,
      scope: 'geo',
      geoPrefix: 'us-gov',
      destinationRegions: ['us-gov-east-1', 'us-gov-west-1'],
    });
  });

  it('classifies application profiles by their ARNs, never their name', () => {
    const appArn =
      'arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/v8gtbe8pryd4';
    const base = {
      type: 'APPLICATION',
      inferenceProfileId: 'v8gtbe8pryd4',
      inferenceProfileArn: appArn,
    };
    const id = 'anthropic.claude-sonnet-4-20250514-v1:0';

    const fromModel = expectProfile(
      profile({
        ...base,
        inferenceProfileName: 'global-ish',
        models: [{ modelArn: fm('us-east-1', id) }],
      }),
    );
    expect(fromModel).toMatchObject({
      scope: 'application',
      geoPrefix: null,
      routing: 'in-region',
      destinationRegions: ['us-east-1'],
    });

    const fromGeo = expectProfile(
      profile({
        ...base,
        models: ['us-east-1', 'us-east-2', 'us-west-2'].map((r) => ({ modelArn: fm(r, id) })),
      }),
    );
    expect(fromGeo).toMatchObject({ scope: 'application', geoPrefix: null, routing: 'geo' });

    const fromGlobal = expectProfile(
      profile({ ...base, models: [{ modelArn: globalFm(id) }, { modelArn: fm('us-east-1', id) }] }),
    );
    expect(fromGlobal).toMatchObject({ scope: 'application', geoPrefix: null, routing: 'global' });

    // One destination, but not the source region: not in-region.
    const elsewhere = expectProfile(
      profile({ ...base, models: [{ modelArn: fm('us-west-2', id) }] }),
    );
    expect(elsewhere.routing).toBe('geo');
  });

  it('keeps every distinct model, first one as modelId, in ARN order', () => {
    const p = expectProfile(
      profile({
        inferenceProfileId: 'mixed',
        models: [
          { modelArn: fm('us-east-1', 'b.model-v1:0') },
          { modelArn: fm('us-west-2', 'a.model-v1:0') },
          { modelArn: fm('us-west-2', 'b.model-v1:0') },
        ],
      }),
    );
    expect(p.modelId).toBe('b.model-v1:0');
    expect(p.modelIds).toEqual(['b.model-v1:0', 'a.model-v1:0']);
    expect(p.destinationRegions).toEqual(['us-east-1', 'us-west-2']);
  });

  it('keeps open enum values such as an unknown type or status', () => {
    const p = expectProfile(profile({ status: 'DEPRECATED', type: 'SOMETHING_NEW' }));
    expect(p).toMatchObject({ status: 'DEPRECATED', type: 'SOMETHING_NEW', scope: 'geo' });
  });

  it.each([
    ['missing ID', { inferenceProfileId: undefined }],
    ['empty ID', { inferenceProfileId: '' }],
    ['missing ARN', { inferenceProfileArn: undefined }],
    ['missing name', { inferenceProfileName: undefined }],
    ['missing status', { status: undefined }],
    ['missing type', { type: undefined }],
    ['null models', { models: null }],
    ['empty models', { models: [] }],
    ['non-string model ARN', { models: [{ modelArn: 42 }] }],
    ['null model entry', { models: [null] }],
    ['unparseable model ARN', { models: [{ modelArn: 'anthropic.claude-v2' }] }],
    [
      'one good and one bad ARN',
      { models: [{ modelArn: fm('us-east-1', 'a.b-v1:0') }, { modelArn: 'x' }] },
    ],
    ['invalid date', { createdAt: new Date('nope') }],
    ['date as a number', { createdAt: 1700000000 }],
  ])('drops a profile with %s', (_label, overrides) => {
    const result = normaliseProfile(profile(overrides), 'us-east-1');
    expect(result.ok).toBe(false);
  });

  it('drops bad and duplicate items from a listing without losing the good ones', () => {
    const good = profile();
    const { items, dropped } = normaliseProfiles(
      [good, profile({ models: null }), null as unknown as InferenceProfileSummary, good],
      'us-east-1',
    );
    expect(items.map((p) => p.profileId)).toEqual(['us.amazon.nova-pro-v1:0']);
    expect(dropped).toHaveLength(3);
    expect(dropped.map((d) => d.kind)).toEqual(['profile', 'profile', 'profile']);
    expect(dropped[2]).toMatchObject({
      id: 'us.amazon.nova-pro-v1:0',
      reason: expect.stringMatching(/duplicate/),
    });
  });

  it('rejects an invalid source region', () => {
    expect(normaliseProfile(profile(), 'nowhere').ok).toBe(false);
  });
});

describe('normaliseModel on the real listings', () => {
  it('keeps INFERENCE_PROFILE, VIDEO and empty inference types (ap-southeast-1, 2025-10)', async () => {
    const summaries = await sdkModels(
      readSample('list-foundation-models.ap-southeast-1.cli.2025-10.json'),
    );
    const { items, dropped } = normaliseModels(summaries, 'ap-southeast-1');
    expect(dropped).toEqual([]);
    expect(items).toHaveLength(15);
    for (const m of items) expect(ModelContent.parse(m)).toEqual(m);

    const byId = new Map(items.map((m) => [m.modelId, m]));
    expect(byId.get('amazon.nova-pro-v1:0')).toMatchObject({
      inputModalities: ['TEXT', 'IMAGE', 'VIDEO'],
      inferenceTypes: ['INFERENCE_PROFILE'],
    });
    expect(byId.get('anthropic.claude-3-sonnet-20240229-v1:0:200k')?.inferenceTypes).toEqual([]);
    expect(byId.get('anthropic.claude-3-sonnet-20240229-v1:0:28k')?.inferenceTypes).toEqual([]);
    expect(byId.get('cohere.embed-v4:0')).toEqual({
      modelId: 'cohere.embed-v4:0',
      modelArn: 'arn:aws:bedrock:ap-southeast-1::foundation-model/cohere.embed-v4:0',
      region: 'ap-southeast-1',
      name: 'Embed v4',
      provider: 'Cohere',
      inputModalities: ['TEXT', 'IMAGE'],
      outputModalities: ['EMBEDDING'],
      responseStreamingSupported: false,
      customizationsSupported: [],
      inferenceTypes: ['INFERENCE_PROFILE'],
      lifecycle: {
        status: 'ACTIVE',
        startOfLifeTime: null,
        endOfLifeTime: null,
        legacyTime: null,
        publicExtendedAccessTime: null,
      },
      access: null,
    });
  });

  it('keeps PROVISIONED-only context-length variants (ap-south-1, 2024)', async () => {
    const summaries = await sdkModels(readSample('list-foundation-models.ap-south-1.2024.json'));
    const { items, dropped } = normaliseModels(summaries, 'ap-south-1');
    expect(dropped).toEqual([]);
    expect(items).toHaveLength(19);
    const variants = items.filter((m) => /:\d+k$/.test(m.modelId));
    expect(variants.map((m) => m.modelId)).toEqual([
      'amazon.titan-text-lite-v1:0:4k',
      'amazon.titan-text-express-v1:0:8k',
      'anthropic.claude-3-sonnet-20240229-v1:0:28k',
      'anthropic.claude-3-haiku-20240307-v1:0:48k',
    ]);
    for (const v of variants) expect(v.inferenceTypes).toEqual(['PROVISIONED']);
  });
});

describe('normaliseModel rules', () => {
  const base = (overrides: Partial<Record<keyof FoundationModelSummary, unknown>> = {}) =>
    ({
      modelArn: fm('us-east-1', 'amazon.titan-tg1-large'),
      modelId: 'amazon.titan-tg1-large',
      ...overrides,
    }) as FoundationModelSummary;

  it('fills absent optional members with null / [] and keeps lifecycle dates', () => {
    const r = normaliseModel(
      base({
        modelLifecycle: {
          status: 'LEGACY',
          legacyTime: new Date('2025-06-01T00:00:00Z'),
          endOfLifeTime: new Date('2026-01-01T00:00:00Z'),
          startOfLifeTime: new Date('2023-09-28T00:00:00Z'),
          publicExtendedAccessTime: new Date('2025-09-01T00:00:00Z'),
        },
      }),
      'us-east-1',
    );
    if (!r.ok) throw new Error(r.reason);
    expect(ModelContent.parse(r.value)).toEqual(r.value);
    expect(r.value).toMatchObject({
      name: null,
      provider: null,
      inputModalities: [],
      outputModalities: [],
      responseStreamingSupported: null,
      customizationsSupported: [],
      inferenceTypes: [],
      access: null,
      lifecycle: {
        status: 'LEGACY',
        startOfLifeTime: '2023-09-28T00:00:00.000Z',
        endOfLifeTime: '2026-01-01T00:00:00.000Z',
        legacyTime: '2025-06-01T00:00:00.000Z',
        publicExtendedAccessTime: '2025-09-01T00:00:00.000Z',
      },
    });
  });

  it('has no lifecycle when Bedrock sends none (older listings)', () => {
    const r = normaliseModel(base(), 'us-east-1');
    expect(r.ok && r.value.lifecycle).toBeNull();
  });

  it('derives a missing model ID from the ARN', () => {
    const r = normaliseModel(base({ modelId: undefined }), 'us-east-1');
    expect(r.ok && r.value.modelId).toBe('amazon.titan-tg1-large');
  });

  it.each([
    ['missing ARN', { modelArn: undefined }],
    ['no ID and an unparseable ARN', { modelId: undefined, modelArn: 'bogus' }],
    ['non-string modality', { inputModalities: [1] }],
    [
      'bad lifecycle date',
      { modelLifecycle: { status: 'ACTIVE', legacyTime: new Date(Number.NaN) } },
    ],
  ])('drops a model with %s', (_label, overrides) => {
    expect(normaliseModel(base(overrides), 'us-east-1').ok).toBe(false);
  });
});

describe('normaliseThroughput', () => {
  const summary = (overrides: Partial<Record<keyof ProvisionedModelSummary, unknown>> = {}) =>
    ({
      provisionedModelName: 'my-pt',
      provisionedModelArn: 'arn:aws:bedrock:us-east-1:111122223333:provisioned-model/abc123def456',
      modelArn: fm('us-east-1', 'anthropic.claude-3-haiku-20240307-v1:0:48k'),
      desiredModelArn: fm('us-east-1', 'anthropic.claude-3-haiku-20240307-v1:0:48k'),
      foundationModelArn: fm('us-east-1', 'anthropic.claude-3-haiku-20240307-v1:0:48k'),
      modelUnits: 1,
      desiredModelUnits: 2,
      status: 'InService',
      commitmentDuration: 'OneMonth',
      commitmentExpirationTime: new Date('2026-01-01T00:00:00Z'),
      creationTime: new Date('2025-12-01T00:00:00Z'),
      lastModifiedTime: new Date('2025-12-02T00:00:00Z'),
      ...overrides,
    }) as ProvisionedModelSummary;

  it('normalises a base-model throughput', () => {
    const r = normaliseThroughput(summary(), 'us-east-1');
    if (!r.ok) throw new Error(r.reason);
    expect(ThroughputContent.parse(r.value)).toEqual(r.value);
    expect(r.value).toEqual({
      name: 'my-pt',
      arn: 'arn:aws:bedrock:us-east-1:111122223333:provisioned-model/abc123def456',
      region: 'us-east-1',
      modelArn: fm('us-east-1', 'anthropic.claude-3-haiku-20240307-v1:0:48k'),
      modelId: 'anthropic.claude-3-haiku-20240307-v1:0:48k',
      foundationModelArn: fm('us-east-1', 'anthropic.claude-3-haiku-20240307-v1:0:48k'),
      modelUnits: 1,
      desiredModelUnits: 2,
      status: 'InService',
      commitmentDuration: 'OneMonth',
      commitmentExpirationTime: '2026-01-01T00:00:00.000Z',
      creationTime: '2025-12-01T00:00:00.000Z',
      lastModifiedTime: '2025-12-02T00:00:00.000Z',
    });
  });

  it('uses the custom model ARN for custom-model throughputs', () => {
    const custom =
      'arn:aws:bedrock:us-east-1:111122223333:custom-model/amazon.titan-text-express-v1:0:8k/ly16hhi765j4';
    const r = normaliseThroughput(
      summary({
        modelArn: custom,
        foundationModelArn: fm('us-east-1', 'amazon.titan-text-express-v1:0:8k'),
      }),
      'us-east-1',
    );
    expect(r.ok && r.value.modelId).toBe('amazon.titan-text-express-v1:0:8k/ly16hhi765j4');
  });

  it('maps absent optional members to null (no commitment)', () => {
    const r = normaliseThroughput(
      summary({
        commitmentDuration: undefined,
        commitmentExpirationTime: undefined,
        desiredModelUnits: undefined,
        foundationModelArn: undefined,
      }),
      'us-east-1',
    );
    if (!r.ok) throw new Error(r.reason);
    expect(r.value).toMatchObject({
      commitmentDuration: null,
      commitmentExpirationTime: null,
      desiredModelUnits: null,
      foundationModelArn: null,
      modelId: 'anthropic.claude-3-haiku-20240307-v1:0:48k',
    });
  });

  it.each([
    ['missing ARN', { provisionedModelArn: undefined }],
    ['negative model units', { modelUnits: -1 }],
    ['fractional model units', { modelUnits: 1.5 }],
    ['missing model units', { modelUnits: undefined }],
    ['no derivable model', { modelArn: 'x', foundationModelArn: undefined }],
  ])('drops a throughput with %s', (_label, overrides) => {
    expect(normaliseThroughput(summary(overrides), 'us-east-1').ok).toBe(false);
  });

  it('de-duplicates by ARN within a listing', () => {
    const { items, dropped } = normaliseThroughputs([summary(), summary()], 'us-east-1');
    expect(items).toHaveLength(1);
    expect(dropped).toHaveLength(1);
  });
});
