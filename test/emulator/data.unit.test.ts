import type { EmulatorData } from '@bedrock-profile-catalog/bedrock-emulator';
import {
  BEDROCK_COMMERCIAL_REGIONS,
  DEFAULT_ACCOUNT_ID,
  DEFAULT_REGIONS,
  defaultEmulatorData,
  findInconsistencies,
  withApplicationProfiles,
  withClonedRegions,
} from '@bedrock-profile-catalog/bedrock-emulator';
import { partitionOfRegion } from '@bedrock-profile-catalog/catalog/aws-patterns';
import { describe, expect, it } from 'vitest';

const data = defaultEmulatorData();
const region = (code: string) => {
  const found = data.regions[code];
  if (!found) throw new Error(`missing region ${code}`);
  return found;
};
const profile = (code: string, id: string) =>
  region(code).inferenceProfiles.find((p) => p.inferenceProfileId === id);
const model = (code: string, id: string) =>
  region(code).foundationModels.find((m) => m.modelId === id);

describe('defaultEmulatorData', () => {
  it('covers at least 12 regions and is internally consistent', () => {
    expect(Object.keys(data.regions).length).toBeGreaterThanOrEqual(12);
    expect(findInconsistencies(data)).toEqual([]);
  });

  it('has geo profiles for every prefix and global profiles with a region-less ARN', () => {
    const prefixes = new Set(
      Object.values(data.regions).flatMap((r) =>
        r.inferenceProfiles.map((p) => p.inferenceProfileId.split('.')[0]),
      ),
    );
    const global = profile('eu-west-1', 'global.anthropic.claude-sonnet-4-5-20250929-v1:0');

    expect([...prefixes]).toEqual(
      expect.arrayContaining(['us', 'eu', 'apac', 'jp', 'au', 'global']),
    );
    expect(global?.models).toEqual([
      { modelArn: 'arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0' },
      {
        modelArn:
          'arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0',
      },
    ]);
  });

  it('routes the same geo profile differently depending on the source region', () => {
    const haiku = 'us.anthropic.claude-3-haiku-20240307-v1:0';

    expect(profile('us-east-2', haiku)?.models).toHaveLength(3);
    expect(profile('us-west-2', haiku)?.models).toHaveLength(2);
    expect(profile('eu-north-1', 'eu.anthropic.claude-3-haiku-20240307-v1:0')).toBeUndefined();
    expect(profile('eu-north-1', 'eu.anthropic.claude-sonnet-4-20250514-v1:0')).toBeDefined();
  });

  it('puts the source region and the fixed account into every system profile ARN', () => {
    for (const [code, regionData] of Object.entries(data.regions)) {
      for (const p of regionData.inferenceProfiles.filter((x) => x.type === 'SYSTEM_DEFINED')) {
        expect(p.inferenceProfileArn).toBe(
          `arn:${partitionOfRegion(code)}:bedrock:${code}:${DEFAULT_ACCOUNT_ID}:inference-profile/${p.inferenceProfileId}`,
        );
      }
    }
  });

  it('has application profiles copied from system profiles and from single models', () => {
    const applications = Object.values(data.regions).flatMap((r) =>
      r.inferenceProfiles.filter((p) => p.type === 'APPLICATION'),
    );
    const fromProfile = profile('us-east-1', 'v8gtbe8pryd4');
    const fromModel = profile('us-east-1', 'hq2of259skzs');

    expect(applications.length).toBeGreaterThanOrEqual(5);
    for (const app of applications) {
      expect(app.inferenceProfileId).toMatch(/^[a-z0-9]{12}$/);
      expect(app.inferenceProfileArn).toMatch(
        new RegExp(`:application-inference-profile/${app.inferenceProfileId}$`),
      );
    }
    expect(fromProfile?.models).toEqual(
      profile('us-east-1', 'us.anthropic.claude-sonnet-4-20250514-v1:0')?.models,
    );
    expect(fromModel?.models).toHaveLength(1);
  });

  it('marks models profile-only, on-demand or provisioned-only by region', () => {
    expect(
      model('ap-southeast-1', 'anthropic.claude-sonnet-4-20250514-v1:0')?.inferenceTypesSupported,
    ).toEqual(['INFERENCE_PROFILE']);
    expect(model('us-east-1', 'amazon.nova-lite-v1:0')?.inferenceTypesSupported).toEqual([
      'ON_DEMAND',
    ]);
    expect(model('eu-west-1', 'amazon.nova-lite-v1:0')?.inferenceTypesSupported).toEqual([
      'INFERENCE_PROFILE',
    ]);
    expect(
      model('ap-south-1', 'anthropic.claude-3-sonnet-20240229-v1:0:28k')?.inferenceTypesSupported,
    ).toEqual(['PROVISIONED']);
    expect(
      model('ap-southeast-1', 'anthropic.claude-3-sonnet-20240229-v1:0:200k')
        ?.inferenceTypesSupported,
    ).toEqual([]);
    expect(model('us-east-1', 'anthropic.claude-sonnet-4-6')).toBeDefined();
    expect(model('us-east-1', 'amazon.nova-reel-v1:0')?.outputModalities).toEqual(['VIDEO']);
  });

  it('has an in-service one-month provisioned throughput', () => {
    const throughputs = Object.values(data.regions).flatMap((r) => r.provisionedModelThroughputs);

    expect(throughputs).toContainEqual(
      expect.objectContaining({ status: 'InService', commitmentDuration: 'OneMonth' }),
    );
  });

  it('uses RFC 3339 timestamps in Z form', () => {
    const stamps = Object.values(data.regions).flatMap((r) =>
      r.inferenceProfiles.flatMap((p) => [p.createdAt, p.updatedAt]),
    );

    for (const stamp of stamps)
      expect(stamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('returns a fresh copy every call', () => {
    const copy = defaultEmulatorData();
    copy.regions['us-east-1'] = undefined as never;

    expect(defaultEmulatorData().regions['us-east-1']).toBeDefined();
  });
});

describe('findInconsistencies', () => {
  it('reports a profile that routes to a model its destination does not offer', () => {
    const broken: EmulatorData = structuredClone(data);
    broken.regions['us-east-1']?.foundationModels.splice(0);

    const problems = findInconsistencies(broken);

    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatch(/not offered/);
  });
});

describe('defaultEmulatorData: partitions', () => {
  const arnsOf = (code: string) => {
    const r = region(code);
    return [
      ...r.foundationModels.map((m) => m.modelArn),
      ...r.inferenceProfiles.flatMap((p) => [
        p.inferenceProfileArn,
        ...p.models.map((m) => m.modelArn),
      ]),
      ...r.provisionedModelThroughputs.flatMap((t) => [t.provisionedModelArn, t.modelArn]),
      ...(r.serviceQuotas ?? []).map((q) => q.QuotaArn),
    ];
  };

  it('hosts GovCloud and the European Sovereign Cloud next to the commercial regions', () => {
    expect(Object.keys(data.regions)).toEqual(
      expect.arrayContaining(['us-gov-west-1', 'us-gov-east-1', 'eusc-de-east-1']),
    );
  });

  it.each(Object.keys(data.regions))(
    "every ARN in %s names that region's own partition",
    (code) => {
      const arns = arnsOf(code);
      expect(arns.length).toBeGreaterThan(0);
      // Global profiles' region-less `arn:aws:bedrock:::` form exists only in `aws` regions.
      for (const arn of arns) expect(arn.split(':')[1], arn).toBe(partitionOfRegion(code));
    },
  );

  it('never routes a profile across partitions', () => {
    for (const [code, r] of Object.entries(data.regions)) {
      for (const p of r.inferenceProfiles) {
        const destinations = p.models.map((m) => m.modelArn.split(':')[3]).filter(Boolean);
        for (const destination of destinations) {
          expect(partitionOfRegion(destination ?? ''), `${code} ${p.inferenceProfileId}`).toBe(
            partitionOfRegion(code),
          );
        }
      }
    }
  });

  it('routes us-gov. profiles between the two GovCloud regions, in aws-us-gov ARNs', () => {
    const sonnet = profile('us-gov-west-1', 'us-gov.anthropic.claude-sonnet-4-5-20250929-v1:0');
    expect(sonnet?.inferenceProfileArn).toBe(
      `arn:aws-us-gov:bedrock:us-gov-west-1:${DEFAULT_ACCOUNT_ID}:inference-profile/us-gov.anthropic.claude-sonnet-4-5-20250929-v1:0`,
    );
    expect(sonnet?.models).toEqual([
      {
        modelArn:
          'arn:aws-us-gov:bedrock:us-gov-west-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0',
      },
      {
        modelArn:
          'arn:aws-us-gov:bedrock:us-gov-east-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0',
      },
    ]);
    expect(
      region('us-gov-west-1').inferenceProfiles.some((p) =>
        p.inferenceProfileId.startsWith('global.'),
      ),
    ).toBe(false);
  });

  it('serves eusc-de-east-1 models in-region and its sovereign profile in aws-eusc ARNs', () => {
    expect(model('eusc-de-east-1', 'amazon.nova-lite-v1:0')).toMatchObject({
      modelArn: 'arn:aws-eusc:bedrock:eusc-de-east-1::foundation-model/amazon.nova-lite-v1:0',
      inferenceTypesSupported: ['ON_DEMAND'],
    });
    expect(
      profile('eusc-de-east-1', 'eusc.anthropic.claude-sonnet-4-5-20250929-v1:0')?.models,
    ).toEqual([
      {
        modelArn:
          'arn:aws-eusc:bedrock:eusc-de-east-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0',
      },
    ]);
  });
});

describe('scale helpers', () => {
  it('builds 30 regions with 1,000 application profiles in 5 of them, still consistent', () => {
    const have = Object.keys(data.regions).length;
    const extra = BEDROCK_COMMERCIAL_REGIONS.filter((r) => !(r in data.regions)).slice(
      0,
      30 - have,
    );
    const thirty = withClonedRegions(data, { template: 'eu-west-1', regions: extra });
    const busy = Object.keys(thirty.regions).slice(0, 5);

    const big = withApplicationProfiles(thirty, { regions: busy, count: 1000 });

    expect(Object.keys(big.regions)).toHaveLength(30);
    for (const code of busy) {
      const apps = big.regions[code]?.inferenceProfiles.filter((p) => p.type === 'APPLICATION');
      expect(apps?.length).toBeGreaterThanOrEqual(1000);
    }
    const ids = busy.flatMap(
      (code) => big.regions[code]?.inferenceProfiles.map((p) => p.inferenceProfileId) ?? [],
    );
    expect(new Set(ids.filter((id) => /^[a-z0-9]{12}$/.test(id))).size).toBeGreaterThanOrEqual(
      5000,
    );
    expect(findInconsistencies(big)).toEqual([]);
    expect(Object.keys(data.regions)).toHaveLength(DEFAULT_REGIONS.length);
  });

  it('rewrites the template region in cloned ARNs', () => {
    const cloned = withClonedRegions(data, { template: 'eu-west-1', regions: ['eu-west-2'] });
    const eu2 = cloned.regions['eu-west-2'];

    expect(eu2?.inferenceProfiles[0]?.inferenceProfileArn).toMatch(/^arn:aws:bedrock:eu-west-2:/);
    expect(eu2?.foundationModels.every((m) => m.modelArn.includes(':eu-west-2::'))).toBe(true);
  });

  it('is deterministic for a given seed', () => {
    const a = withApplicationProfiles(data, { regions: ['sa-east-1'], count: 3, seed: 7 });
    const b = withApplicationProfiles(data, { regions: ['sa-east-1'], count: 3, seed: 7 });

    expect(a.regions['sa-east-1']?.inferenceProfiles).toEqual(
      b.regions['sa-east-1']?.inferenceProfiles,
    );
  });
});
