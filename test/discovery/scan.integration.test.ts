import { type RunningEmulator, startEmulator } from '@bedrock-profile-catalog/bedrock-emulator';
import { ModelContent, ProfileContent, ThroughputContent } from '@bedrock-profile-catalog/catalog';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type BedrockClientFactory,
  createBedrockClientFactory,
} from '../../packages/discovery/src/client.js';
import { type RegionScanResult, scanRegion } from '../../packages/discovery/src/scan-region.js';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

let emulator: RunningEmulator;
let factory: BedrockClientFactory;

beforeAll(async () => {
  emulator = await startEmulator();
  factory = createBedrockClientFactory({ endpoint: emulator.url, credentials });
});

afterEach(() => {
  emulator.clearFaults();
});

afterAll(async () => {
  factory.destroy();
  await emulator.close();
});

const scan = (region: string, deadlineMs?: number) =>
  scanRegion(region, { client: factory.clientFor(region), deadlineMs });

function expectOk(result: RegionScanResult) {
  if (!result.ok) throw new Error(`${result.region} failed: ${result.error.message}`);
  return result;
}

describe('scanRegion against the emulator (real BedrockClient over HTTP)', () => {
  it('reads a whole region: every page, both profile types, models and throughputs', async () => {
    const result = expectOk(await scan('us-east-1'));
    const data = emulator.data().regions['us-east-1'];
    if (!data) throw new Error('emulator has no us-east-1');

    const expectedIds = data.inferenceProfiles.map((p) => p.inferenceProfileId).sort();
    expect(result.snapshot.profiles.map((p) => p.profileId).sort()).toEqual(expectedIds);
    expect(result.snapshot.models).toHaveLength(data.foundationModels.length);
    expect(result.snapshot.throughputs).toHaveLength(data.provisionedModelThroughputs.length);
    expect(result.dropped).toEqual([]);

    // More system profiles than one 10-item page: the paginator had to follow nextToken.
    expect(result.pagesByListing.systemProfiles).toBeGreaterThan(1);
    expect(result.counts.applicationProfiles).toBeGreaterThan(0);

    for (const p of result.snapshot.profiles) ProfileContent.parse(p);
    for (const m of result.snapshot.models) ModelContent.parse(m);
    for (const t of result.snapshot.throughputs) ThroughputContent.parse(t);

    const byId = new Map(result.snapshot.profiles.map((p) => [p.profileId, p]));
    expect(byId.get('hq2of259skzs')).toMatchObject({
      scope: 'application',
      routing: 'in-region',
      destinationRegions: ['us-east-1'],
    });
    expect(byId.get('s529qz7ddy06')).toMatchObject({ scope: 'application', routing: 'global' });
    expect(byId.get('v8gtbe8pryd4')).toMatchObject({ scope: 'application', routing: 'geo' });
    const global = result.snapshot.profiles.find((p) => p.scope === 'global');
    expect(global).toMatchObject({ geoPrefix: 'global', routing: 'global' });
    expect(result.snapshot.profiles.some((p) => p.geoPrefix === 'us')).toBe(true);
    expect(result.snapshot.models.some((m) => m.inferenceTypes.includes('INFERENCE_PROFILE'))).toBe(
      true,
    );
  });

  it('pages through a listing of many pages', async () => {
    const region = 'ap-southeast-4';
    for (let i = 0; i < 35; i++) {
      emulator.addProfile(region, {
        inferenceProfileId: `app${String(i).padStart(9, '0')}`,
        type: 'APPLICATION',
        models: [{ modelArn: `arn:aws:bedrock:${region}::foundation-model/amazon.nova-pro-v1:0` }],
      });
    }
    const result = expectOk(await scan(region));
    expect(result.counts.applicationProfiles).toBe(35);
    expect(result.pagesByListing.applicationProfiles).toBe(4);
  });

  it('sees a removed profile disappear and an added one appear', async () => {
    const region = 'eu-north-1';
    const before = expectOk(await scan(region)).snapshot.profiles.map((p) => p.profileId);
    const gone = before[0] as string;
    expect(emulator.removeProfile(region, gone)).toBe(true);
    emulator.addProfile(region, {
      inferenceProfileId: 'eu.example.new-model-v1:0',
      models: [{ modelArn: 'arn:aws:bedrock:eu-north-1::foundation-model/example.new-model-v1:0' }],
    });
    const after = expectOk(await scan(region)).snapshot.profiles;
    expect(after.map((p) => p.profileId)).not.toContain(gone);
    expect(after.find((p) => p.profileId === 'eu.example.new-model-v1:0')).toMatchObject({
      geoPrefix: 'eu',
      routing: 'in-region',
    });
  });

  it('retries a short throttle and still succeeds, timing each attempt', async () => {
    const region = 'ca-central-1';
    emulator.setFault(region, { kind: 'throttle', times: 1, operation: 'ListFoundationModels' });
    const result = expectOk(await scan(region));
    expect(result.attempts).toBe(result.pages + 1);
    expect(result.attemptTimings.filter((t) => t.statusCode === 429)).toHaveLength(1);
  });

  describe('faults fail the whole region with the right classification', () => {
    it('throttled beyond the SDK retries → throttled', async () => {
      emulator.setFault('sa-east-1', {
        kind: 'throttle',
        times: 50,
        operation: 'ListFoundationModels',
      });
      const result = await scan('sa-east-1');
      expect(result).toMatchObject({ ok: false, status: 'error', error: { code: 'throttled' } });
      // maxAttempts 3: one call plus two retries, each its own timed attempt.
      expect(result.attemptTimings.filter((t) => t.statusCode === 429)).toHaveLength(3);
    });

    it.each([500, 503] as const)('%i → error', async (status) => {
      emulator.setFault('eu-west-3', { kind: 'serverError', status });
      expect(await scan('eu-west-3')).toMatchObject({
        ok: false,
        status: 'error',
        error: { code: 'error' },
      });
    });

    it('AccessDenied → denied', async () => {
      emulator.setFault('eu-west-1', { kind: 'accessDenied', operation: 'ListInferenceProfiles' });
      expect(await scan('eu-west-1')).toMatchObject({
        ok: false,
        status: 'denied',
        error: { code: 'denied', message: expect.stringContaining('AccessDeniedException') },
      });
    });

    it('region not enabled (UnrecognizedClient) → denied', async () => {
      emulator.setFault('eu-central-1', { kind: 'notEnabled' });
      expect(await scan('eu-central-1')).toMatchObject({
        ok: false,
        status: 'denied',
        error: { code: 'denied' },
      });
    });

    it('a region the emulator does not know → denied', async () => {
      expect(await scan('af-south-1')).toMatchObject({ ok: false, error: { code: 'denied' } });
    });

    it.each(['truncated', 'not-json'] as const)('malformed body (%s) → malformed', async (body) => {
      emulator.setFault('ap-northeast-3', {
        kind: 'malformed',
        body,
        operation: 'ListFoundationModels',
      });
      expect(await scan('ap-northeast-3')).toMatchObject({
        ok: false,
        status: 'error',
        error: { code: 'malformed' },
      });
    });

    it('page-2 failure → the region fails, no partial snapshot', async () => {
      emulator.setFault('us-east-2', {
        kind: 'failOnNextPage',
        operation: 'ListInferenceProfiles',
      });
      const result = await scan('us-east-2');
      expect(result).toMatchObject({ ok: false, error: { code: 'error' } });
      expect(result).not.toHaveProperty('snapshot');
      // Page 1 was read, so the failure really was on a later page.
      expect(result.pagesByListing.systemProfiles).toBeGreaterThanOrEqual(1);
    });

    it('a hung region is cut at its deadline → timeout', async () => {
      emulator.setFault('ap-south-1', {
        kind: 'hang',
        operation: 'ListProvisionedModelThroughputs',
      });
      const result = await scan('ap-south-1', 400);
      expect(result).toMatchObject({
        ok: false,
        status: 'error',
        error: { code: 'timeout', message: expect.stringContaining('deadline') },
      });
      expect(result.durationMs).toBeGreaterThanOrEqual(390);
    });

    it('a hung attempt is cut by requestTimeout (it throws, not just warns) → timeout', async () => {
      const strict = createBedrockClientFactory({
        endpoint: emulator.url,
        credentials,
        requestTimeoutMs: 150,
        maxAttempts: 1,
      });
      try {
        emulator.setFault('ap-southeast-2', { kind: 'hang', operation: 'ListFoundationModels' });
        // The deadline is far away: only a thrown requestTimeout can end this scan with this message.
        const result = await scanRegion('ap-southeast-2', {
          client: strict.clientFor('ap-southeast-2'),
          deadlineMs: 20_000,
        });
        expect(result).toMatchObject({
          ok: false,
          error: { code: 'timeout', message: expect.stringContaining('requestTimeout') },
        });
      } finally {
        strict.destroy();
      }
    });

    it('the same region scans fine once the fault is gone', async () => {
      // Three failures use up one call's attempts (maxAttempts 3); 5xx is retried.
      emulator.setFault('us-east-2', { kind: 'failOnNextPage', times: 3 });
      expect((await scan('us-east-2')).ok).toBe(false);
      expect(expectOk(await scan('us-east-2')).counts.profiles).toBeGreaterThan(10);
    });
  });
});
