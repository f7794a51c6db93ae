import { GetParametersByPathCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BEDROCK_REGIONS_PARAMETER_PATH,
  regionListRegionFor,
  resolveRegions,
  ssmRegionSource,
} from '../../packages/discovery/src/regions.js';

const ssm = mockClient(SSMClient);
const param = (region: string) => ({
  Name: `${BEDROCK_REGIONS_PARAMETER_PATH}/${region}`,
  Value: region,
  Type: 'String' as const,
});

beforeEach(() => {
  ssm.reset();
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('resolveRegions with a configured list', () => {
  it('returns the distinct regions, sorted', async () => {
    expect(await resolveRegions({ regions: ['us-west-2', 'us-east-1', 'us-west-2'] })).toEqual([
      'us-east-1',
      'us-west-2',
    ]);
  });

  it('rejects an invalid region code', async () => {
    await expect(
      resolveRegions({ regions: ['us-east-1', 'https://evil.example'] }),
    ).rejects.toThrow(/invalid region/);
  });

  it('rejects an empty list', async () => {
    await expect(resolveRegions({ regions: [] })).rejects.toThrow(/no regions/);
  });

  it('never calls the auto source', async () => {
    let called = false;
    await resolveRegions(
      { regions: ['us-east-1'] },
      {
        source: async () => {
          called = true;
          return [];
        },
      },
    );
    expect(called).toBe(false);
  });
});

describe("resolveRegions 'auto'", () => {
  it('uses the injected source', async () => {
    expect(
      await resolveRegions(
        { regions: 'auto' },
        { source: async () => ['eu-west-1', 'ap-south-1'] },
      ),
    ).toEqual(['ap-south-1', 'eu-west-1']);
  });

  it('fails when the source returns no valid region', async () => {
    await expect(
      resolveRegions({ regions: 'auto' }, { source: async () => ['', 'Not A Region'] }),
    ).rejects.toThrow(/no regions/);
  });
});

describe('ssmRegionSource', () => {
  it('follows NextToken across pages of at most 10 from the public parameter path', async () => {
    const page1 = ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1', 'eu-west-2'];
    const page2 = ['eu-central-1', 'ap-south-1', 'us-gov-west-1'];
    const inputs: Record<string, unknown>[] = [];
    const pages = [
      { Parameters: page1.map(param), NextToken: 'n1' },
      { Parameters: page2.map(param) },
    ];
    // The paginator reuses one input object, so copy each input when it is sent.
    ssm.on(GetParametersByPathCommand).callsFake((input) => {
      inputs.push({ ...input });
      return pages[inputs.length - 1];
    });

    const regions = await ssmRegionSource({ client: new SSMClient({ region: 'us-east-1' }) })();
    // us-gov-west-1 is another partition's: these credentials could never scan it.
    expect(regions).toEqual([...page1, 'eu-central-1', 'ap-south-1']);

    expect(ssm).toHaveReceivedCommandTimes(GetParametersByPathCommand, 2);
    expect(inputs[0]).toMatchObject({ Path: BEDROCK_REGIONS_PARAMETER_PATH, MaxResults: 10 });
    expect(inputs[0]?.NextToken).toBeUndefined();
    expect(inputs[1]).toMatchObject({ NextToken: 'n1', MaxResults: 10 });
  });

  it('skips values that are not region codes', async () => {
    ssm.on(GetParametersByPathCommand).resolves({
      Parameters: [param('us-east-1'), { Name: 'x', Value: 'garbage value' }, { Name: 'y' }],
    });
    const regions = await resolveRegions(
      { regions: 'auto' },
      { source: ssmRegionSource({ client: new SSMClient({ region: 'us-east-1' }) }) },
    );
    expect(regions).toEqual(['us-east-1']);
  });

  it('propagates SSM failures (no silent empty scan)', async () => {
    ssm.on(GetParametersByPathCommand).rejects(new Error('AccessDenied'));
    await expect(
      ssmRegionSource({ client: new SSMClient({ region: 'us-east-1' }) })(),
    ).rejects.toThrow('AccessDenied');
  });
});

describe("'auto' in the deployment's own partition", () => {
  const MIXED = ['us-east-1', 'eu-west-1', 'us-gov-west-1', 'us-gov-east-1', 'eusc-de-east-1'];

  it.each([
    ['us-east-1', 'us-east-1'],
    ['eu-west-1', 'us-east-1'],
    ['us-gov-east-1', 'us-gov-west-1'],
    ['us-gov-west-1', 'us-gov-west-1'],
    ['eusc-de-east-1', 'eusc-de-east-1'],
    // No Bedrock partition: ask where the deployment runs.
    ['cn-north-1', 'cn-north-1'],
  ])('a deployment in %s reads the list in %s', (own, listRegion) => {
    expect(regionListRegionFor(own)).toBe(listRegion);
  });

  it.each([
    ['us-gov-east-1', 'us-gov-west-1', ['us-gov-east-1', 'us-gov-west-1']],
    ['eusc-de-east-1', 'eusc-de-east-1', ['eusc-de-east-1']],
    ['eu-west-1', 'us-east-1', ['eu-west-1', 'us-east-1']],
  ])('from AWS_REGION=%s asks SSM in %s and keeps only its partition', async (own, asked, kept) => {
    vi.stubEnv('AWS_REGION', own);
    ssm.on(GetParametersByPathCommand).resolves({ Parameters: MIXED.map(param) });
    const clientRegions: string[] = [];
    const source = ssmRegionSource({
      clientFor: (region) => {
        clientRegions.push(region);
        return new SSMClient({ region });
      },
    });

    expect(await resolveRegions({ regions: 'auto' }, { source })).toEqual(kept);
    expect(clientRegions).toEqual([asked]);
  });

  it('takes an explicit own region over the SDK default', async () => {
    vi.stubEnv('AWS_REGION', 'us-east-1');
    ssm.on(GetParametersByPathCommand).resolves({ Parameters: MIXED.map(param) });
    const clientRegions: string[] = [];
    const source = ssmRegionSource({
      ownRegion: 'us-gov-east-1',
      clientFor: (region) => {
        clientRegions.push(region);
        return new SSMClient({ region });
      },
    });

    expect(await source()).toEqual(['us-gov-west-1', 'us-gov-east-1']);
    expect(clientRegions).toEqual(['us-gov-west-1']);
  });
});
