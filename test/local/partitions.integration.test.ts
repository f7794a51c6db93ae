import { partitionOfRegion } from '@bedrock-profile-catalog/catalog/aws-patterns';
import { regionListRegionFor } from '@bedrock-profile-catalog/discovery';
import type { LocalCatalog } from '@bedrock-profile-catalog/local';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fetchJson, startTestCatalog } from '../support/local-catalog.js';

/**
 * GovCloud (`aws-us-gov`) and the European Sovereign Cloud (`aws-eusc`) end to end: the embedded
 * emulator serves them with ARNs in their own partition, the scanner reads them, and the HTTP
 * API answers with those ARNs. A real deployment scans one partition; local mode's one emulator
 * URL holds all three, so one catalog can show that nothing crosses a partition boundary.
 */
const SONNET_4_5 = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const NOVA_LITE = 'amazon.nova-lite-v1:0';
const REGIONS = ['eusc-de-east-1', 'us-east-1', 'us-gov-west-1'];

interface Target {
  targetId: string;
  kind: string;
  scope: string;
  sourceRegion: string;
  destinationRegions: string[];
  targetArn: string | null;
  geoPrefix: string | null;
}
interface Targets {
  items: Target[];
  hint: { message: string; regions: string[] } | null;
}
interface Profile {
  profileId: string;
  profileArn: string;
  region: string;
  geoPrefix: string | null;
  modelArns: string[];
  destinationRegions: string[];
}

let catalog: LocalCatalog;

beforeAll(async () => {
  catalog = await startTestCatalog({ CATALOG_REGIONS: REGIONS.join(',') });
});

afterAll(async () => {
  await catalog?.close();
});

const targets = (modelId: string, sourceRegion: string) =>
  fetchJson<Targets>(
    catalog,
    `/v1/models/${encodeURIComponent(modelId)}/invoke-targets?sourceRegion=${sourceRegion}`,
  );

describe('partitions aws, aws-us-gov and aws-eusc through scan and API', () => {
  it('scans eusc-de-east-1 and us-gov-west-1 like any region: ok, with items', async () => {
    const { status, body } = await fetchJson<{
      items: { region: string; status: string; counts: { models: number; profiles: number } }[];
    }>(catalog, '/v1/regions');

    expect(status).toBe(200);
    const byRegion = Object.fromEntries(body.items.map((r) => [r.region, r]));
    for (const region of REGIONS) {
      expect(byRegion[region]?.status, region).toBe('ok');
      expect(byRegion[region]?.counts.models, region).toBeGreaterThan(0);
      expect(byRegion[region]?.counts.profiles, region).toBeGreaterThan(0);
    }
  });

  it('answers invoke-targets from eusc-de-east-1 with aws-eusc ARNs', async () => {
    const { status, body } = await targets(SONNET_4_5, 'eusc-de-east-1');

    expect(status).toBe(200);
    expect(body.items.map((t) => [t.kind, t.targetId, t.targetArn, t.destinationRegions])).toEqual([
      [
        'profile',
        `eusc.${SONNET_4_5}`,
        `arn:aws-eusc:bedrock:eusc-de-east-1:111122223333:inference-profile/eusc.${SONNET_4_5}`,
        ['eusc-de-east-1'],
      ],
    ]);

    const inRegion = await targets(NOVA_LITE, 'eusc-de-east-1');
    expect(inRegion.body.items.map((t) => [t.kind, t.targetId, t.targetArn])).toEqual([
      ['model', NOVA_LITE, `arn:aws-eusc:bedrock:eusc-de-east-1::foundation-model/${NOVA_LITE}`],
    ]);
  });

  it('answers invoke-targets from us-gov-west-1 with the us-gov. profile in aws-us-gov ARNs', async () => {
    const { body } = await targets(SONNET_4_5, 'us-gov-west-1');

    expect(body.items.map((t) => [t.targetId, t.geoPrefix, t.targetArn])).toEqual([
      [
        `us-gov.${SONNET_4_5}`,
        'us-gov',
        `arn:aws-us-gov:bedrock:us-gov-west-1:111122223333:inference-profile/us-gov.${SONNET_4_5}`,
      ],
    ]);
    expect(body.items[0]?.destinationRegions.sort()).toEqual(['us-gov-east-1', 'us-gov-west-1']);
  });

  it("shows the model's regions and profiles with each partition's ARNs", async () => {
    const regions = await fetchJson<{ items: { region: string }[] }>(
      catalog,
      `/v1/models/${encodeURIComponent(SONNET_4_5)}/regions`,
    );
    const profiles = await fetchJson<{ items: Profile[] }>(
      catalog,
      `/v1/models/${encodeURIComponent(SONNET_4_5)}/profiles`,
    );

    expect(regions.status).toBe(200);
    expect(regions.body.items.map((r) => r.region).sort()).toEqual(REGIONS);
    const arns = Object.fromEntries(
      profiles.body.items
        .filter((p) => p.region !== 'us-east-1')
        .map((p) => [p.profileId, p.modelArns]),
    );
    expect(arns).toEqual({
      [`eusc.${SONNET_4_5}`]: [
        `arn:aws-eusc:bedrock:eusc-de-east-1::foundation-model/${SONNET_4_5}`,
      ],
      [`us-gov.${SONNET_4_5}`]: [
        `arn:aws-us-gov:bedrock:us-gov-west-1::foundation-model/${SONNET_4_5}`,
        `arn:aws-us-gov:bedrock:us-gov-east-1::foundation-model/${SONNET_4_5}`,
      ],
    });
  });

  it.each([
    `arn:aws-eusc:bedrock:eusc-de-east-1:111122223333:inference-profile/eusc.${SONNET_4_5}`,
    `arn:aws-us-gov:bedrock:us-gov-west-1:111122223333:inference-profile/us-gov.${SONNET_4_5}`,
  ])('looks a profile up by its partition ARN: %s', async (arn) => {
    const { status, body } = await fetchJson<Profile & { modelId: string }>(
      catalog,
      `/v1/profiles/${encodeURIComponent(arn)}/model`,
    );

    expect(status).toBe(200);
    expect(body.modelId).toBe(SONNET_4_5);
    expect(body.region).toBe(arn.split(':')[3]);
  });

  it("never routes a profile outside its source region's partition", async () => {
    const { body } = await fetchJson<{ items: Profile[] }>(
      catalog,
      `/v1/models/${encodeURIComponent(SONNET_4_5)}/profiles`,
    );

    expect(new Set(body.items.map((p) => p.region))).toEqual(new Set(REGIONS));
    for (const profile of body.items) {
      const partition = partitionOfRegion(profile.region);
      expect(profile.profileArn.split(':')[1], profile.profileId).toBe(partition);
      for (const destination of profile.destinationRegions) {
        expect(partitionOfRegion(destination), `${profile.profileId} → ${destination}`).toBe(
          partition,
        );
      }
    }
  });
});

describe("CATALOG_REGIONS=auto: the region list of the deployment's own partition", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it.each([
    ['us-gov-east-1', ['us-gov-east-1', 'us-gov-west-1']],
    ['eusc-de-east-1', ['eusc-de-east-1']],
  ])('AWS_REGION=%s scans %j, read from the emulator as SSM', async (own, expected) => {
    vi.stubEnv('AWS_REGION', own);
    const auto = await startTestCatalog({ CATALOG_REGIONS: 'auto' });
    try {
      expect(auto.regions).toEqual(expected);
      const { body } = await fetchJson<{ items: { region: string; status: string }[] }>(
        auto,
        '/v1/regions',
      );
      // /v1/regions lists fastest first; compare as a set.
      expect(body.items.map((r) => [r.region, r.status]).sort()).toEqual(
        expected.map((region) => [region, 'ok']),
      );
      expect(auto.emulator?.stats().requests[regionListRegionFor(own)]).toMatchObject({
        GetParametersByPath: 1,
      });
    } finally {
      await auto.close();
    }
  });
});
