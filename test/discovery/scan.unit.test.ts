import {
  AccessDeniedException,
  BedrockClient,
  BedrockServiceException,
  GetAccountDataRetentionCommand,
  type InferenceProfileSummary,
  InternalServerException,
  ListCustomModelDeploymentsCommand,
  ListCustomModelsCommand,
  ListFoundationModelsCommand,
  ListImportedModelsCommand,
  ListInferenceProfilesCommand,
  ListMarketplaceModelEndpointsCommand,
  ListPromptRoutersCommand,
  ListProvisionedModelThroughputsCommand,
  ThrottlingException,
} from '@aws-sdk/client-bedrock';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanRegion } from '../../packages/discovery/src/scan-region.js';

const bedrock = mockClient(BedrockClient);
const client = () =>
  new BedrockClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });

const fm = (region: string, id: string) => `arn:aws:bedrock:${region}::foundation-model/${id}`;
const meta = { httpStatusCode: 200, attempts: 1 };

function systemProfile(modelId: string): InferenceProfileSummary {
  return {
    inferenceProfileId: `us.${modelId}`,
    inferenceProfileArn: `arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.${modelId}`,
    inferenceProfileName: `US ${modelId}`,
    models: [{ modelArn: fm('us-east-1', modelId) }, { modelArn: fm('us-west-2', modelId) }],
    status: 'ACTIVE',
    type: 'SYSTEM_DEFINED',
  };
}

const appProfile: InferenceProfileSummary = {
  inferenceProfileId: 'v8gtbe8pryd4',
  inferenceProfileArn:
    'arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/v8gtbe8pryd4',
  inferenceProfileName: 'team-a',
  models: [{ modelArn: fm('us-east-1', 'amazon.nova-pro-v1:0') }],
  status: 'ACTIVE',
  type: 'APPLICATION',
};

function healthyRegion() {
  bedrock
    .on(ListInferenceProfilesCommand, { typeEquals: 'SYSTEM_DEFINED' })
    .resolves({
      inferenceProfileSummaries: [systemProfile('a.one-v1:0')],
      nextToken: 't1',
      $metadata: meta,
    })
    .on(ListInferenceProfilesCommand, { typeEquals: 'SYSTEM_DEFINED', nextToken: 't1' })
    .resolves({
      inferenceProfileSummaries: [systemProfile('b.two-v1:0')],
      nextToken: 't2',
      $metadata: meta,
    })
    .on(ListInferenceProfilesCommand, { typeEquals: 'SYSTEM_DEFINED', nextToken: 't2' })
    .resolves({ inferenceProfileSummaries: [systemProfile('c.three-v1:0')], $metadata: meta })
    .on(ListInferenceProfilesCommand, { typeEquals: 'APPLICATION' })
    .resolves({ inferenceProfileSummaries: [appProfile], $metadata: meta });
  bedrock.on(ListFoundationModelsCommand).resolves({
    modelSummaries: [
      {
        modelArn: fm('us-east-1', 'amazon.nova-pro-v1:0'),
        modelId: 'amazon.nova-pro-v1:0',
        inferenceTypesSupported: ['INFERENCE_PROFILE' as 'ON_DEMAND'],
      },
    ],
    $metadata: meta,
  });
  bedrock.on(ListProvisionedModelThroughputsCommand).resolves({
    provisionedModelSummaries: [],
    $metadata: meta,
  });
  // The optional listings, all empty.
  bedrock
    .on(ListCustomModelDeploymentsCommand)
    .resolves({ modelDeploymentSummaries: [], $metadata: meta });
  bedrock.on(ListCustomModelsCommand).resolves({ modelSummaries: [], $metadata: meta });
  bedrock.on(ListImportedModelsCommand).resolves({ modelSummaries: [], $metadata: meta });
  bedrock.on(ListPromptRoutersCommand).resolves({ promptRouterSummaries: [], $metadata: meta });
  bedrock
    .on(ListMarketplaceModelEndpointsCommand)
    .resolves({ marketplaceModelEndpoints: [], $metadata: meta });
  bedrock.on(GetAccountDataRetentionCommand).resolves({ mode: 'inherit', $metadata: meta });
}

beforeEach(() => {
  bedrock.reset();
});
afterEach(() => {
  bedrock.reset();
});

describe('scanRegion (mocked SDK)', () => {
  it('reads every page of both profile types, models and throughputs', async () => {
    healthyRegion();
    const result = await scanRegion('us-east-1', { client: client() });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.snapshot.profiles.map((p) => p.profileId)).toEqual([
      'us.a.one-v1:0',
      'us.b.two-v1:0',
      'us.c.three-v1:0',
      'v8gtbe8pryd4',
    ]);
    expect(result.snapshot.profiles[3]).toMatchObject({
      scope: 'application',
      routing: 'in-region',
    });
    expect(result.snapshot.models[0]?.inferenceTypes).toEqual(['INFERENCE_PROFILE']);
    expect(result.counts).toEqual({
      profiles: 4,
      applicationProfiles: 1,
      models: 1,
      throughputs: 0,
    });
    expect(result.pagesByListing).toEqual({
      systemProfiles: 3,
      applicationProfiles: 1,
      models: 1,
      throughputs: 1,
      customModelDeployments: 1,
      customModels: 1,
      importedModels: 1,
      // `default` and `custom` are listed apart.
      promptRouters: 2,
      marketplaceEndpoints: 1,
      dataRetention: 1,
    });
    expect(result.pages).toBe(13);
    expect(result.attempts).toBe(13);
    expect(result.snapshot.listings).toEqual({
      customModelDeployments: 'ok',
      customModels: 'ok',
      importedModels: 'ok',
      promptRouters: 'ok',
      marketplaceEndpoints: 'ok',
      dataRetention: 'ok',
    });
    expect(result.dropped).toEqual([]);
    expect(bedrock).toHaveReceivedCommandWith(ListInferenceProfilesCommand, {
      typeEquals: 'APPLICATION',
    });
  });

  it('reports dropped items and keeps the rest', async () => {
    healthyRegion();
    bedrock.on(ListInferenceProfilesCommand, { typeEquals: 'APPLICATION' }).resolves({
      inferenceProfileSummaries: [{ ...appProfile, models: undefined }],
      $metadata: meta,
    });
    const result = await scanRegion('us-east-1', { client: client() });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.snapshot.profiles).toHaveLength(3);
    expect(result.dropped).toEqual([
      { kind: 'profile', id: 'v8gtbe8pryd4', reason: expect.any(String) },
    ]);
  });

  it('fails the region on a repeated page token instead of looping or stopping quietly', async () => {
    healthyRegion();
    bedrock
      .on(ListInferenceProfilesCommand, { typeEquals: 'SYSTEM_DEFINED', nextToken: 't2' })
      .resolves({ inferenceProfileSummaries: [], nextToken: 't1', $metadata: meta });
    const result = await scanRegion('us-east-1', { client: client() });
    expect(result).toMatchObject({ ok: false, error: { code: 'malformed' } });
    expect(result).not.toHaveProperty('snapshot');
  });

  it('fails the region when every page hands back the token it was sent', async () => {
    healthyRegion();
    bedrock
      .on(ListInferenceProfilesCommand, { typeEquals: 'APPLICATION' })
      .resolves({ inferenceProfileSummaries: [appProfile], nextToken: 'stuck', $metadata: meta });
    const result = await scanRegion('us-east-1', { client: client() });
    expect(result).toMatchObject({
      ok: false,
      status: 'error',
      error: { code: 'malformed', message: expect.stringContaining('nextToken repeated') },
    });
    // The first page gave 'stuck', the second repeated it: nothing read after that.
    expect(result.pagesByListing.applicationProfiles).toBe(2);
  });

  it('follows fresh tokens past any page count until the region deadline, then times out', async () => {
    healthyRegion();
    let served = 0;
    bedrock.on(ListInferenceProfilesCommand, { typeEquals: 'APPLICATION' }).callsFake(async () => {
      // A real answer arrives over the network, so timers (the deadline) get to run.
      await new Promise((resolve) => setImmediate(resolve));
      served += 1;
      return {
        inferenceProfileSummaries: [appProfile],
        nextToken: `page-${served}`,
        $metadata: meta,
      };
    });
    // 1 s at about 1 ms a page: hundreds of pages even on a busy machine.
    const result = await scanRegion('us-east-1', { client: client(), deadlineMs: 1_000 });
    expect(result).toMatchObject({ ok: false, status: 'error', error: { code: 'timeout' } });
    expect(result.pagesByListing.applicationProfiles).toBeGreaterThan(100);
  });

  it.each([
    [
      'AccessDenied',
      new AccessDeniedException({ message: 'no', $metadata: {} }),
      'denied',
      'denied',
    ],
    [
      'UnrecognizedClient',
      new BedrockServiceException({
        name: 'UnrecognizedClientException',
        $fault: 'client',
        message: 'The security token included in the request is invalid.',
        $metadata: { httpStatusCode: 403 },
      }),
      'denied',
      'denied',
    ],
    [
      'Throttling',
      new ThrottlingException({ message: 'slow', $metadata: {} }),
      'throttled',
      'error',
    ],
    [
      'InternalServer',
      new InternalServerException({ message: 'x', $metadata: {} }),
      'error',
      'error',
    ],
    ['SyntaxError', new SyntaxError('Unexpected end of JSON input'), 'malformed', 'error'],
  ])('one failing listing (%s) fails the whole region', async (_l, error, code, status) => {
    healthyRegion();
    bedrock.on(ListProvisionedModelThroughputsCommand).rejects(error);
    const result = await scanRegion('us-east-1', { client: client() });
    expect(result).toMatchObject({ ok: false, status, error: { code } });
    expect(result).not.toHaveProperty('snapshot');
  });

  it('fails the region when a later page fails (no partial snapshot)', async () => {
    healthyRegion();
    bedrock
      .on(ListInferenceProfilesCommand, { typeEquals: 'SYSTEM_DEFINED', nextToken: 't1' })
      .rejects(new InternalServerException({ message: 'page 2 broke', $metadata: {} }));
    const result = await scanRegion('us-east-1', { client: client() });
    expect(result).toMatchObject({ ok: false, error: { code: 'error' } });
    expect(!result.ok && result.error.message).toContain('page 2 broke');
  });

  it('settles at the deadline even if a call never settles, and says timeout', async () => {
    healthyRegion();
    bedrock.on(ListFoundationModelsCommand).callsFake(() => new Promise(() => {}));
    const result = await scanRegion('us-east-1', { client: client(), deadlineMs: 50 });
    expect(result).toMatchObject({ ok: false, status: 'error', error: { code: 'timeout' } });
  });

  it('stops when the caller aborts', async () => {
    healthyRegion();
    bedrock.on(ListFoundationModelsCommand).callsFake(() => new Promise(() => {}));
    const controller = new AbortController();
    const scan = scanRegion('us-east-1', { client: client(), signal: controller.signal });
    controller.abort();
    expect(await scan).toMatchObject({ ok: false, error: { code: 'timeout' } });
  });

  it('passes the abort signal to every call', async () => {
    healthyRegion();
    await scanRegion('us-east-1', { client: client() });
    const calls = bedrock.calls();
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      expect((call.args as unknown[])[1]).toMatchObject({ abortSignal: expect.any(AbortSignal) });
    }
  });

  it('refuses an invalid region without calling Bedrock', async () => {
    healthyRegion();
    const result = await scanRegion('not-a-region', { client: client() });
    expect(result).toMatchObject({ ok: false, error: { code: 'error' } });
    expect(bedrock.calls()).toHaveLength(0);
  });
});
