import {
  GetFoundationModelAvailabilityCommand,
  GetFoundationModelCommand,
  GetInferenceProfileCommand,
  ListFoundationModelsCommand,
  ListInferenceProfilesCommand,
  ListProvisionedModelThroughputsCommand,
  paginateListInferenceProfiles,
  paginateListProvisionedModelThroughputs,
} from '@aws-sdk/client-bedrock';
import type { RunningEmulator } from '@bedrock-profile-catalog/bedrock-emulator';
import { defaultEmulatorData, startEmulator } from '@bedrock-profile-catalog/bedrock-emulator';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bedrockClient, rejectionOf, signedHeaders } from './support.js';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});

afterAll(async () => {
  await emulator.close();
});

async function listAll(region: string, input: { typeEquals?: 'SYSTEM_DEFINED' | 'APPLICATION' }) {
  const client = bedrockClient(emulator, region);
  const pages: number[] = [];
  const ids: string[] = [];
  for await (const page of paginateListInferenceProfiles({ client }, input)) {
    pages.push(page.inferenceProfileSummaries?.length ?? 0);
    ids.push(...(page.inferenceProfileSummaries ?? []).map((p) => p.inferenceProfileId ?? ''));
  }
  return { pages, ids };
}

describe('ListInferenceProfiles', () => {
  it('pages through every system-defined profile of us-east-1 in pages of at most 10', async () => {
    // Prepare
    const expected = defaultEmulatorData()
      .regions['us-east-1']?.inferenceProfiles.filter((p) => p.type === 'SYSTEM_DEFINED')
      .map((p) => p.inferenceProfileId);

    // Act
    const { pages, ids } = await listAll('us-east-1', { typeEquals: 'SYSTEM_DEFINED' });

    // Assess
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages.every((size) => size <= 10)).toBe(true);
    expect(ids).toEqual(expected);
    expect(ids).toContain('us.anthropic.claude-3-haiku-20240307-v1:0');
    expect(ids).toContain('global.anthropic.claude-opus-4-6-v1');
  });

  it('lists application profiles only when asked with type=APPLICATION', async () => {
    const applications = await listAll('us-east-1', { typeEquals: 'APPLICATION' });
    const withoutType = await listAll('us-east-1', {});

    expect(applications.ids).toEqual(['v8gtbe8pryd4', 'hq2of259skzs', 's529qz7ddy06']);
    expect(withoutType.ids.length).toBeGreaterThan(10);
    expect(withoutType.ids.some((id) => applications.ids.includes(id))).toBe(false);
  });

  it('sends the filter as `type` on the wire and honours a smaller maxResults', async () => {
    const client = bedrockClient(emulator, 'eu-west-1');

    const page = await client.send(
      new ListInferenceProfilesCommand({ typeEquals: 'APPLICATION', maxResults: 1 }),
    );

    expect(page.inferenceProfileSummaries).toHaveLength(1);
    expect(page.inferenceProfileSummaries?.[0]?.type).toBe('APPLICATION');
    expect(page.nextToken).toEqual(expect.any(String));
  });

  it('returns every profile exactly once for any maxResults', async () => {
    const client = bedrockClient(emulator, 'us-east-2');
    const all = (await listAll('us-east-2', {})).ids;

    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 40 }), async (maxResults) => {
        const ids: string[] = [];
        for await (const page of paginateListInferenceProfiles(
          { client, pageSize: maxResults },
          {},
        )) {
          ids.push(
            ...(page.inferenceProfileSummaries ?? []).map((p) => p.inferenceProfileId ?? ''),
          );
        }
        expect(ids).toEqual(all);
      }),
      { numRuns: 15 },
    );
  });

  it('answers a system profile with region-specific ARN and destinations', async () => {
    const fromUsWest2 = await bedrockClient(emulator, 'us-west-2').send(
      new GetInferenceProfileCommand({
        inferenceProfileIdentifier: 'us.anthropic.claude-3-haiku-20240307-v1:0',
      }),
    );
    const fromUsEast2 = await bedrockClient(emulator, 'us-east-2').send(
      new GetInferenceProfileCommand({
        inferenceProfileIdentifier: 'us.anthropic.claude-3-haiku-20240307-v1:0',
      }),
    );

    expect(fromUsWest2.inferenceProfileArn).toBe(
      'arn:aws:bedrock:us-west-2:111122223333:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0',
    );
    expect(fromUsWest2.models).toHaveLength(2);
    expect(fromUsEast2.models).toHaveLength(3);
    expect(fromUsEast2.createdAt).toBeInstanceOf(Date);
  });

  it('resolves a percent-encoded application-profile ARN to the same profile as its ID', async () => {
    const client = bedrockClient(emulator, 'us-east-1');
    const arn = 'arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/v8gtbe8pryd4';

    const byArn = await client.send(
      new GetInferenceProfileCommand({ inferenceProfileIdentifier: arn }),
    );
    const byId = await client.send(
      new GetInferenceProfileCommand({ inferenceProfileIdentifier: 'v8gtbe8pryd4' }),
    );

    expect(byArn.inferenceProfileArn).toBe(arn);
    expect(byArn.inferenceProfileId).toBe('v8gtbe8pryd4');
    expect(byArn.models).toEqual(byId.models);
    expect(byArn.models).toHaveLength(3);
  });

  it('answers an unknown profile with ResourceNotFoundException 404', async () => {
    const client = bedrockClient(emulator, 'us-east-1');

    const error = await rejectionOf(
      client.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: 'us.nope-v1:0' })),
    );

    expect(error.name).toBe('ResourceNotFoundException');
    expect(error.$metadata?.httpStatusCode).toBe(404);
  });

  it('does not resolve the ARN of another region', async () => {
    const client = bedrockClient(emulator, 'us-east-1');
    const arn =
      'arn:aws:bedrock:us-west-2:111122223333:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0';

    const error = await rejectionOf(
      client.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: arn })),
    );

    expect(error.name).toBe('ResourceNotFoundException');
  });

  it('rejects a forged nextToken with ValidationException 400', async () => {
    const client = bedrockClient(emulator, 'us-east-1');

    const error = await rejectionOf(
      client.send(new ListInferenceProfilesCommand({ nextToken: 'not-a-token' })),
    );

    expect(error.name).toBe('ValidationException');
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });

  it('rejects a token from a different type filter', async () => {
    const client = bedrockClient(emulator, 'us-east-1');
    const first = await client.send(new ListInferenceProfilesCommand({}));

    const error = await rejectionOf(
      client.send(
        new ListInferenceProfilesCommand({ typeEquals: 'APPLICATION', nextToken: first.nextToken }),
      ),
    );

    expect(first.nextToken).toBeDefined();
    expect(error.name).toBe('ValidationException');
  });
});

describe('ListFoundationModels and GetFoundationModel', () => {
  it('passes INFERENCE_PROFILE, VIDEO and empty inference types through to the SDK', async () => {
    const client = bedrockClient(emulator, 'ap-southeast-1');

    const { modelSummaries = [] } = await client.send(new ListFoundationModelsCommand({}));
    const byId = new Map(modelSummaries.map((m) => [m.modelId, m]));
    const types = (id: string): string[] => byId.get(id)?.inferenceTypesSupported ?? ['missing'];

    expect(types('anthropic.claude-sonnet-4-20250514-v1:0')).toEqual(['INFERENCE_PROFILE']);
    expect(types('amazon.nova-pro-v1:0')).toEqual(['INFERENCE_PROFILE']);
    expect(types('anthropic.claude-3-haiku-20240307-v1:0')).toEqual(['ON_DEMAND']);
    expect(types('anthropic.claude-3-sonnet-20240229-v1:0:28k')).toEqual([]);
    expect(byId.get('amazon.nova-pro-v1:0')?.inputModalities).toContain('VIDEO');
  });

  it('filters by provider case-insensitively and by output modality', async () => {
    const client = bedrockClient(emulator, 'us-east-1');

    const anthropic = await client.send(
      new ListFoundationModelsCommand({ byProvider: 'anthropic' }),
    );
    const images = await client.send(
      new ListFoundationModelsCommand({ byOutputModality: 'IMAGE' }),
    );

    expect(anthropic.modelSummaries?.length).toBeGreaterThan(5);
    expect(anthropic.modelSummaries?.every((m) => m.providerName === 'Anthropic')).toBe(true);
    expect(images.modelSummaries?.map((m) => m.modelId)).toContain('amazon.nova-canvas-v1:0');
    expect(images.modelSummaries?.every((m) => m.outputModalities?.includes('IMAGE'))).toBe(true);
  });

  it('filters by inference type, so profile-only models drop out of ON_DEMAND', async () => {
    const client = bedrockClient(emulator, 'us-east-1');

    const onDemand = await client.send(
      new ListFoundationModelsCommand({ byInferenceType: 'ON_DEMAND' }),
    );
    const ids = onDemand.modelSummaries?.map((m) => m.modelId) ?? [];

    expect(ids).toContain('amazon.nova-pro-v1:0');
    expect(ids).not.toContain('anthropic.claude-sonnet-4-6');
    expect(ids).not.toContain('anthropic.claude-3-haiku-20240307-v1:0:48k');
  });

  it('finds a model by ID and by ARN, and 404s on a model the region lacks', async () => {
    const client = bedrockClient(emulator, 'us-east-1');
    const arn = 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-6';

    const byArn = await client.send(new GetFoundationModelCommand({ modelIdentifier: arn }));
    const byId = await client.send(
      new GetFoundationModelCommand({ modelIdentifier: 'amazon.nova-reel-v1:0' }),
    );
    const missing = await rejectionOf(
      bedrockClient(emulator, 'sa-east-1').send(
        new GetFoundationModelCommand({ modelIdentifier: 'amazon.nova-reel-v1:0' }),
      ),
    );

    expect(byArn.modelDetails?.modelId).toBe('anthropic.claude-sonnet-4-6');
    expect(byId.modelDetails?.outputModalities).toEqual(['VIDEO']);
    expect(missing.name).toBe('ResourceNotFoundException');
  });
});

describe('GetFoundationModelAvailability', () => {
  it('reports full access by default and the state set for one region only', async () => {
    const modelId = 'anthropic.claude-3-haiku-20240307-v1:0';
    emulator.setModelAccess('eu-central-1', modelId, {
      authorizationStatus: 'NOT_AUTHORIZED',
      agreementAvailability: { status: 'PENDING' },
    });

    const changed = await bedrockClient(emulator, 'eu-central-1').send(
      new GetFoundationModelAvailabilityCommand({ modelId }),
    );
    const untouched = await bedrockClient(emulator, 'eu-west-1').send(
      new GetFoundationModelAvailabilityCommand({ modelId }),
    );

    expect(changed).toMatchObject({
      modelId,
      authorizationStatus: 'NOT_AUTHORIZED',
      agreementAvailability: { status: 'PENDING' },
      entitlementAvailability: 'AVAILABLE',
      regionAvailability: 'AVAILABLE',
    });
    expect(untouched).toMatchObject({
      authorizationStatus: 'AUTHORIZED',
      agreementAvailability: { status: 'AVAILABLE' },
    });
  });
});

describe('ListProvisionedModelThroughputs', () => {
  it('pages through throughputs with RFC 3339 times and mixed-case statuses', async () => {
    const client = bedrockClient(emulator, 'us-east-1');
    const names: string[] = [];
    let pages = 0;

    for await (const page of paginateListProvisionedModelThroughputs({ client, pageSize: 1 }, {})) {
      pages += 1;
      for (const summary of page.provisionedModelSummaries ?? []) {
        names.push(summary.provisionedModelName ?? '');
        expect(summary.creationTime).toBeInstanceOf(Date);
      }
    }
    const inService = await client.send(
      new ListProvisionedModelThroughputsCommand({ statusEquals: 'InService' }),
    );

    expect(pages).toBe(2);
    expect(names).toEqual(['claims-haiku-48k', 'titan-express-nightly']);
    expect(inService.provisionedModelSummaries?.[0]).toMatchObject({
      status: 'InService',
      commitmentDuration: 'OneMonth',
    });
  });
});

describe('regions and the wire format', () => {
  it('answers a region outside the data set like a region that is not enabled', async () => {
    const client = bedrockClient(emulator, 'me-south-1', { maxAttempts: 1 });

    const error = await rejectionOf(client.send(new ListInferenceProfilesCommand({})));

    expect(error.name).toBe('UnrecognizedClientException');
    expect(error.$metadata?.httpStatusCode).toBe(403);
    expect(error.message).toBe('The security token included in the request is invalid.');
  });

  it('sends JSON with a request ID and RFC 3339 timestamps, never epoch numbers', async () => {
    const response = await fetch(`${emulator.url}/inference-profiles?maxResults=1`, {
      headers: signedHeaders('us-east-2'),
    });
    const raw = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(raw).toMatch(/"createdAt":"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z"/);
  });

  it('rejects an unsigned request with a 403 and an x-amzn-ErrorType header', async () => {
    const response = await fetch(`${emulator.url}/foundation-models`);

    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe(
      'MissingAuthenticationTokenException:http://internal.amazon.com/coral/com.amazon.bedrock/',
    );
    expect(await response.json()).toEqual({ message: 'Missing Authentication Token' });
  });

  it('answers an operation it does not know with 404 UnknownOperationException', async () => {
    const response = await fetch(`${emulator.url}/use-case-for-model-access`, {
      headers: signedHeaders('us-east-1'),
    });

    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-errortype')).toMatch(/^UnknownOperationException:/);
    expect(await response.json()).toHaveProperty('message');
  });

  it('takes the region from the credential scope, so one port serves every region', async () => {
    const counts = await Promise.all(
      ['us-east-1', 'eu-west-1', 'ap-southeast-2'].map(async (region) => {
        const page = await bedrockClient(emulator, region).send(
          new ListInferenceProfilesCommand({}),
        );
        return page.inferenceProfileSummaries?.[0]?.inferenceProfileArn?.split(':')[3];
      }),
    );

    expect(counts).toEqual(['us-east-1', 'eu-west-1', 'ap-southeast-2']);
  });
});
