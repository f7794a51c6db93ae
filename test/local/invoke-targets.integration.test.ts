import type { LocalCatalog } from '@bedrock-profile-catalog/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchJson, startTestCatalog } from '../support/local-catalog.js';

/**
 * The resolver's rules on the emulator's default data, through the HTTP API: "which ID do I call
 * from region S for model M?" (see packages/bedrock-emulator/README.md for the data set).
 */
const HAIKU_3 = 'anthropic.claude-3-haiku-20240307-v1:0';
const SONNET_4 = 'anthropic.claude-sonnet-4-20250514-v1:0';
const NOVA_PRO = 'amazon.nova-pro-v1:0';
const TITAN_EXPRESS = 'amazon.titan-text-express-v1';

interface Target {
  targetId: string;
  kind: 'model' | 'profile' | 'provisioned-throughput';
  scope: string;
  sourceRegion: string;
  destinationRegions: string[];
}
interface Targets {
  modelId: string;
  sourceRegion: string;
  items: Target[];
  hint: { message: string; regions: string[] } | null;
  catalogAsOf: string | null;
}

let catalog: LocalCatalog;

beforeAll(async () => {
  catalog = await startTestCatalog();
});

afterAll(async () => {
  await catalog?.close();
});

async function targets(modelId: string, sourceRegion: string, extraQuery = '') {
  return fetchJson<Targets>(
    catalog,
    `/v1/models/${encodeURIComponent(modelId)}/invoke-targets?sourceRegion=${sourceRegion}${extraQuery}`,
  );
}

/** Where the emulator's data offers the model ON_DEMAND (the in-region targets). */
function onDemandRegions(modelId: string): string[] {
  return Object.entries(catalog.emulator?.data().regions ?? {})
    .filter(([, data]) =>
      data.foundationModels.some(
        (m) => m.modelId === modelId && m.inferenceTypesSupported?.includes('ON_DEMAND'),
      ),
    )
    .map(([region]) => region)
    .sort();
}

const summary = (items: Target[]) => items.map((t) => `${t.scope} ${t.kind} ${t.targetId}`);

describe('invoke targets on emulator data', () => {
  it('ON_DEMAND model: the bare ID first, then the application profile, then geo', async () => {
    const { status, body } = await targets(HAIKU_3, 'eu-west-1');

    expect(status).toBe(200);
    expect(summary(body.items)).toEqual([
      `in-region model ${HAIKU_3}`,
      'application profile r4t8w0zn5e6d',
      `geo profile eu.${HAIKU_3}`,
    ]);
    expect(body.items[0]?.destinationRegions).toEqual(['eu-west-1']);
    expect(body.items[2]?.destinationRegions).toEqual(['eu-central-1', 'eu-west-1', 'eu-west-3']);
    expect(body.items.every((t) => t.sourceRegion === 'eu-west-1')).toBe(true);
    expect(body.hint).toBeNull();
    expect(body.catalogAsOf).toEqual(expect.any(String));
  });

  it('INFERENCE_PROFILE-only model: no bare ID; geo (apac.) before global', async () => {
    const { body } = await targets(SONNET_4, 'ap-southeast-1');

    expect(summary(body.items)).toEqual([
      `geo profile apac.${SONNET_4}`,
      `global profile global.${SONNET_4}`,
    ]);
    expect(body.items.some((t) => t.kind === 'model')).toBe(false);
    const apac = body.items[0]?.destinationRegions ?? [];
    expect(apac.length).toBeGreaterThan(1);
    expect(apac.every((r) => r.startsWith('ap-'))).toBe(true);
  });

  it('INFERENCE_PROFILE-only model with an application profile: application, geo, global', async () => {
    const { body } = await targets(SONNET_4, 'us-east-1');
    expect(summary(body.items)).toEqual([
      'application profile v8gtbe8pryd4',
      `geo profile us.${SONNET_4}`,
      `global profile global.${SONNET_4}`,
    ]);
  });

  it('geo-only region: Nova Pro from ap-southeast-1 is reachable only through apac.', async () => {
    const { body } = await targets(NOVA_PRO, 'ap-southeast-1');
    expect(summary(body.items)).toEqual([`geo profile apac.${NOVA_PRO}`]);

    // …while us-east-1 offers it on demand, ahead of the us. profile.
    const usEast = await targets(NOVA_PRO, 'us-east-1');
    expect(summary(usEast.body.items)).toEqual([
      `in-region model ${NOVA_PRO}`,
      `geo profile us.${NOVA_PRO}`,
    ]);
  });

  it('never offers a context-length variant that has no inference type', async () => {
    const variant = `${HAIKU_3}:48k`;
    const { status, body } = await targets(variant, 'eu-central-1');
    expect(status).toBe(200);
    expect(body.items).toEqual([]);
    // …but names the region where this account has provisioned throughput for it.
    expect(body.hint?.regions).toEqual(['us-east-1']);
  });

  it("offers the account's provisioned throughput (in service) first, as its ARN", async () => {
    const variant = `${HAIKU_3}:48k`;
    const inService = (
      catalog.emulator?.data().regions['us-east-1']?.provisionedModelThroughputs ?? []
    )
      .filter((t) => t.foundationModelArn?.endsWith(`/${variant}`) && t.status === 'InService')
      .map((t) => t.provisionedModelArn);
    expect(inService).toHaveLength(1);

    const { status, body } = await targets(variant, 'us-east-1');
    expect(status).toBe(200);
    expect(summary(body.items)).toEqual([`in-region provisioned-throughput ${inService[0]}`]);
    expect(body.items[0]?.destinationRegions).toEqual(['us-east-1']);
    expect(body.hint).toBeNull();
  });

  it('does not offer a provisioned throughput that is not in service yet', async () => {
    // us-west-2's Sonnet 3 :28k throughput is still Creating.
    const { status, body } = await targets(
      'anthropic.claude-3-sonnet-20240229-v1:0:28k',
      'us-west-2',
    );
    expect(status).toBe(200);
    expect(body.items).toEqual([]);
  });

  it('model absent from S: empty list and a hint naming where it has targets', async () => {
    const { status, body } = await targets(TITAN_EXPRESS, 'us-east-2');

    expect(status).toBe(200);
    expect(body.items).toEqual([]);
    const offering = onDemandRegions(TITAN_EXPRESS);
    expect(offering).toContain('us-east-1');
    expect(body.hint?.regions).toEqual(offering);
    expect(body.hint?.message).toContain('us-east-1');
  });

  it('scope keeps data in its geography: in-region and geo targets only, in the same order', async () => {
    const { status, body } = await targets(SONNET_4, 'us-east-1', '&scope=in-region,geo');
    expect(status).toBe(200);
    expect(summary(body.items)).toEqual([`geo profile us.${SONNET_4}`]);

    // Repeated parameters (API Gateway joins them with commas) mean the same.
    const repeated = await targets(SONNET_4, 'us-east-1', '&scope=global&scope=application');
    expect(summary(repeated.body.items)).toEqual([
      'application profile v8gtbe8pryd4',
      `global profile global.${SONNET_4}`,
    ]);
  });

  it('scope with nothing left: empty, and a hint naming regions that have such targets', async () => {
    // Sonnet 4 is INFERENCE_PROFILE-only in ap-southeast-1, so no in-region target there.
    const { status, body } = await targets(SONNET_4, 'ap-southeast-1', '&scope=in-region');
    expect(status).toBe(200);
    expect(body.items).toEqual([]);
    expect(body.hint?.message).toMatch(/in-region/);
    const onDemand = onDemandRegions(SONNET_4);
    expect(body.hint?.regions).toEqual(onDemand);
  });

  it('an unknown scope is a 400 naming the allowed ones; an empty one means no filter', async () => {
    for (const scope of ['geo,planet', 'geo,', 'geo, global']) {
      const { status, body } = await targets(SONNET_4, 'us-east-1', `&scope=${scope}`);
      expect(status, scope).toBe(400);
      expect(body).toMatchObject({ error: { code: 'INVALID_PARAMETER', parameter: 'scope' } });
      expect(JSON.stringify(body)).toMatch(/in-region.*application.*geo.*global/);
    }
    const empty = await targets(SONNET_4, 'us-east-1', '&scope=');
    const unfiltered = await targets(SONNET_4, 'us-east-1');
    expect(empty.status).toBe(200);
    expect(empty.body.items).toEqual(unfiltered.body.items);
  });

  it('unknown model: 404', async () => {
    const { status, body } = await targets('acme.unknown-model-v1:0', 'us-east-1');
    expect(status).toBe(404);
    expect(body).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
  });

  it('a removed profile is no longer offered after the next scan', async () => {
    expect(catalog.emulator?.removeProfile('ap-southeast-1', `apac.${NOVA_PRO}`)).toBe(true);
    await catalog.scanNow(['ap-southeast-1']);

    const { status, body } = await targets(NOVA_PRO, 'ap-southeast-1');
    expect(status).toBe(200);
    expect(body.items).toEqual([]);
    expect(body.hint?.regions).toContain('ap-northeast-1');
    expect(body.hint?.regions).not.toContain('ap-southeast-1');
  });
});
