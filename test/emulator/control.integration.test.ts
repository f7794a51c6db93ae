import {
  GetFoundationModelAvailabilityCommand,
  GetFoundationModelCommand,
  GetInferenceProfileCommand,
  ListInferenceProfilesCommand,
} from '@aws-sdk/client-bedrock';
import type { EmulatorStats, RunningEmulator } from '@bedrock-profile-catalog/bedrock-emulator';
import { startEmulator } from '@bedrock-profile-catalog/bedrock-emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bedrockClient, rejectionOf } from './support.js';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ pageSize: { inferenceProfiles: 5 } });
});

afterEach(() => {
  emulator.clearFaults();
});

afterAll(async () => {
  await emulator.close();
});

function control(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${emulator.url}/__emulator${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

describe('control endpoint', () => {
  it('reports regions, account, page sizes and armed faults', async () => {
    emulator.setFault('us-east-1', { kind: 'latency', fixedMs: 1 });

    const response = await control('GET', '/state');
    const state = await response.json();

    expect(response.status).toBe(200);
    expect(state.accountId).toBe('111122223333');
    expect(state.regions).toContain('ap-southeast-1');
    expect(state.regions.length).toBeGreaterThanOrEqual(12);
    expect(state.pageSizes).toEqual({
      inferenceProfiles: 5,
      provisionedModelThroughputs: 10,
      accountTargets: 10,
      serviceQuotas: 50,
    });
    expect(state.faults).toEqual({ 'us-east-1': [{ kind: 'latency', fixedMs: 1 }] });
  });

  it('arms faults with PUT and disarms them with DELETE', async () => {
    const client = bedrockClient(emulator, 'eu-central-1', { maxAttempts: 1 });

    const armed = await control('PUT', '/faults/eu-central-1', [
      { kind: 'accessDenied', operation: 'ListInferenceProfiles' },
    ]);
    const denied = await rejectionOf(client.send(new ListInferenceProfilesCommand({})));
    const cleared = await control('DELETE', '/faults/eu-central-1');
    const allowed = await client.send(new ListInferenceProfilesCommand({}));

    expect(armed.status).toBe(200);
    expect(denied.name).toBe('AccessDeniedException');
    expect(cleared.status).toBe(204);
    expect(allowed.inferenceProfileSummaries).toHaveLength(5);
  });

  it('rejects a malformed fault with 400 and a readable message', async () => {
    const response = await control('PUT', '/faults/us-east-1', { kind: 'throttle' });
    const body = await response.json();

    expect(response.status).toBe(400);
    expect(body.message).toMatch(/times/);
    expect(emulator.faults()).toEqual({});
  });

  it('adds and removes a profile over HTTP', async () => {
    const client = bedrockClient(emulator, 'ap-south-1', { maxAttempts: 1 });
    const get = new GetInferenceProfileCommand({
      inferenceProfileIdentifier: 'apac.amazon.nova-premier-v1:0',
    });
    const profile = {
      inferenceProfileId: 'apac.amazon.nova-premier-v1:0',
      inferenceProfileName: 'APAC Nova Premier',
      createdAt: '2026-11-20T00:00:00Z',
      models: [
        { modelArn: 'arn:aws:bedrock:ap-south-1::foundation-model/amazon.nova-premier-v1:0' },
      ],
    };

    const created = await control('POST', '/regions/ap-south-1/profiles', profile);
    const found = await client.send(get);
    const deleted = await control(
      'DELETE',
      `/regions/ap-south-1/profiles/${encodeURIComponent(profile.inferenceProfileId)}`,
    );
    const deletedAgain = await control(
      'DELETE',
      `/regions/ap-south-1/profiles/${encodeURIComponent(profile.inferenceProfileId)}`,
    );
    const gone = await rejectionOf(client.send(get));

    expect(created.status).toBe(201);
    expect((await created.json()).inferenceProfileArn).toBe(
      'arn:aws:bedrock:ap-south-1:111122223333:inference-profile/apac.amazon.nova-premier-v1:0',
    );
    expect(found.type).toBe('SYSTEM_DEFINED');
    expect(found.createdAt?.toISOString()).toBe('2026-11-20T00:00:00.000Z');
    expect(deleted.status).toBe(204);
    expect(deletedAgain.status).toBe(404);
    expect(gone.name).toBe('ResourceNotFoundException');
  });

  it('adds and removes a foundation model over HTTP', async () => {
    const client = bedrockClient(emulator, 'sa-east-1', { maxAttempts: 1 });
    const get = new GetFoundationModelCommand({ modelIdentifier: 'acme.rocket-v1:0' });

    const created = await control('POST', '/regions/sa-east-1/models', {
      modelId: 'acme.rocket-v1:0',
      providerName: 'Acme',
      inferenceTypesSupported: ['INFERENCE_PROFILE'],
    });
    const found = await client.send(get);
    const deleted = await control('DELETE', '/regions/sa-east-1/models/acme.rocket-v1%3A0');
    const gone = await rejectionOf(client.send(get));

    expect(created.status).toBe(201);
    expect(found.modelDetails?.modelArn).toBe(
      'arn:aws:bedrock:sa-east-1::foundation-model/acme.rocket-v1:0',
    );
    expect(found.modelDetails?.inferenceTypesSupported).toEqual(['INFERENCE_PROFILE']);
    expect(deleted.status).toBe(204);
    expect(gone.name).toBe('ResourceNotFoundException');
  });

  it('sets model access per region over HTTP', async () => {
    const modelId = 'amazon.titan-embed-text-v2:0';

    const response = await control(
      'PUT',
      `/regions/ap-southeast-2/model-access/${encodeURIComponent(modelId)}`,
      { entitlementAvailability: 'NOT_AVAILABLE' },
    );
    const availability = await bedrockClient(emulator, 'ap-southeast-2').send(
      new GetFoundationModelAvailabilityCommand({ modelId }),
    );

    expect(response.status).toBe(200);
    expect(availability.entitlementAvailability).toBe('NOT_AVAILABLE');
    expect(availability.authorizationStatus).toBe('AUTHORIZED');
  });

  it('answers 404 for a region outside the data set', async () => {
    const response = await control('POST', '/regions/xx-nowhere-1/models', { modelId: 'a.b' });

    expect(response.status).toBe(404);
  });

  it('counts requests per region and operation, and resets the counters', async () => {
    await control('DELETE', '/stats');
    await bedrockClient(emulator, 'us-east-2').send(new ListInferenceProfilesCommand({}));
    await bedrockClient(emulator, 'us-east-2').send(new ListInferenceProfilesCommand({}));

    const stats: EmulatorStats = await (await control('GET', '/stats')).json();
    const reset = await control('DELETE', '/stats');
    const after: EmulatorStats = await (await control('GET', '/stats')).json();

    expect(stats.totalRequests).toBe(2);
    expect(stats.requests).toEqual({ 'us-east-2': { ListInferenceProfiles: 2 } });
    expect(reset.status).toBe(204);
    expect(after.totalRequests).toBe(0);
  });

  it('serves the whole data set for inspection', async () => {
    const response = await control('GET', '/data');
    const data = await response.json();

    expect(response.status).toBe(200);
    expect(Object.keys(data.regions)).toEqual(emulator.regions());
  });

  it('answers unknown control routes with 404', async () => {
    const response = await control('GET', '/nothing-here');

    expect(response.status).toBe(404);
  });
});
