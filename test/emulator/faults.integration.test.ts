import {
  GetInferenceProfileCommand,
  ListFoundationModelsCommand,
  ListInferenceProfilesCommand,
  paginateListInferenceProfiles,
} from '@aws-sdk/client-bedrock';
import type { RunningEmulator } from '@bedrock-profile-catalog/bedrock-emulator';
import { startEmulator } from '@bedrock-profile-catalog/bedrock-emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bedrockClient, rejectionOf } from './support.js';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator();
});

afterEach(() => {
  emulator.clearFaults();
  emulator.resetStats();
});

afterAll(async () => {
  await emulator.close();
});

const listProfiles = new ListInferenceProfilesCommand({});

describe('fault injection as the SDK sees it', () => {
  it('throttles N times, which the SDK retries until it succeeds', async () => {
    // Prepare
    emulator.setFault('us-east-1', { kind: 'throttle', times: 1 });
    const client = bedrockClient(emulator, 'us-east-1', { maxAttempts: 3 });

    // Act
    const page = await client.send(listProfiles);

    // Assess
    expect(page.$metadata.attempts).toBe(2);
    expect(page.inferenceProfileSummaries?.length).toBeGreaterThan(0);
    expect(emulator.stats().requests['us-east-1']?.ListInferenceProfiles).toBe(2);
    expect(emulator.faults()).toEqual({});
  });

  it('surfaces ThrottlingException 429 once retries run out', async () => {
    emulator.setFault('us-east-1', { kind: 'throttle', times: 5 });
    const client = bedrockClient(emulator, 'us-east-1', { maxAttempts: 1 });

    const error = await rejectionOf(client.send(listProfiles));

    expect(error.name).toBe('ThrottlingException');
    expect(error.$metadata?.httpStatusCode).toBe(429);
    expect(emulator.faults()['us-east-1']).toEqual([{ kind: 'throttle', times: 4 }]);
  });

  it('answers InternalServerException 500 on every attempt when armed without a count', async () => {
    emulator.setFault('eu-west-1', { kind: 'serverError' });
    const client = bedrockClient(emulator, 'eu-west-1', { maxAttempts: 2 });

    const error = await rejectionOf(client.send(listProfiles));

    expect(error.name).toBe('InternalServerException');
    expect(error.$metadata?.httpStatusCode).toBe(500);
    expect(error.$metadata?.attempts).toBe(2);
    expect(emulator.stats().faultsInjected['eu-west-1']).toBe(2);
  });

  it('answers ServiceUnavailableException 503 when asked for status 503', async () => {
    emulator.setFault('eu-west-1', { kind: 'serverError', status: 503, times: 1 });
    const client = bedrockClient(emulator, 'eu-west-1', { maxAttempts: 1 });

    const error = await rejectionOf(client.send(listProfiles));

    expect(error.name).toBe('ServiceUnavailableException');
    expect(error.$metadata?.httpStatusCode).toBe(503);
  });

  it('denies access with AccessDeniedException 403 and no retry', async () => {
    emulator.setFault('ap-northeast-1', { kind: 'accessDenied' });
    const client = bedrockClient(emulator, 'ap-northeast-1');

    const error = await rejectionOf(client.send(listProfiles));

    expect(error.name).toBe('AccessDeniedException');
    expect(error.$metadata?.httpStatusCode).toBe(403);
    expect(error.$metadata?.attempts).toBe(1);
  });

  it('makes a known region look not enabled', async () => {
    emulator.setFault('sa-east-1', { kind: 'notEnabled' });
    const client = bedrockClient(emulator, 'sa-east-1', { maxAttempts: 1 });

    const error = await rejectionOf(client.send(listProfiles));

    expect(error.name).toBe('UnrecognizedClientException');
    expect(error.$metadata?.httpStatusCode).toBe(403);
  });

  it.each([
    ['truncated', undefined],
    ['not-json', 'not-json'],
  ] as const)('sends a %s 200 body that the SDK fails to parse', async (_label, body) => {
    emulator.setFault('us-west-2', { kind: 'malformed', times: 1, ...(body ? { body } : {}) });
    const client = bedrockClient(emulator, 'us-west-2', { maxAttempts: 1 });

    const error = await rejectionOf(client.send(listProfiles));
    const next = await client.send(listProfiles);

    expect(error.name).toBe('SyntaxError');
    expect(error.$metadata?.httpStatusCode).toBe(200);
    expect(next.inferenceProfileSummaries?.length).toBeGreaterThan(0);
  });

  it('hangs until the client aborts', async () => {
    emulator.setFault('ca-central-1', { kind: 'hang' });
    const client = bedrockClient(emulator, 'ca-central-1', { maxAttempts: 1 });

    const error = await rejectionOf(
      client.send(listProfiles, { abortSignal: AbortSignal.timeout(200) }),
    );

    expect(error.name).toBe('AbortError');
    expect(emulator.stats().requests['ca-central-1']?.ListInferenceProfiles).toBe(1);
  });

  it('fails the second page of a listing while the first still succeeds', async () => {
    emulator.setFault('us-east-1', { kind: 'failOnNextPage', operation: 'ListInferenceProfiles' });
    const client = bedrockClient(emulator, 'us-east-1', { maxAttempts: 1 });
    const seen: number[] = [];

    const error = await rejectionOf(
      (async () => {
        for await (const page of paginateListInferenceProfiles({ client }, {})) {
          seen.push(page.inferenceProfileSummaries?.length ?? 0);
        }
      })(),
    );

    expect(seen).toEqual([10]);
    expect(error.name).toBe('InternalServerException');
    expect(error.$metadata?.httpStatusCode).toBe(500);
  });

  it('limits a fault to the operation it targets', async () => {
    emulator.setFault('us-east-1', { kind: 'serverError', operation: 'ListFoundationModels' });
    const client = bedrockClient(emulator, 'us-east-1', { maxAttempts: 1 });

    const profiles = await client.send(listProfiles);
    const error = await rejectionOf(client.send(new ListFoundationModelsCommand({})));

    expect(profiles.inferenceProfileSummaries?.length).toBeGreaterThan(0);
    expect(error.name).toBe('InternalServerException');
  });

  it('delays responses by at least the injected latency', async () => {
    emulator.setFault('eu-north-1', { kind: 'latency', fixedMs: 250, jitterMs: 50 });
    const client = bedrockClient(emulator, 'eu-north-1');

    const started = performance.now();
    await client.send(listProfiles);
    const elapsed = performance.now() - started;

    expect(elapsed).toBeGreaterThanOrEqual(245);
  });

  it('adds and removes profiles at run time', async () => {
    const client = bedrockClient(emulator, 'eu-west-3', { maxAttempts: 1 });
    const get = new GetInferenceProfileCommand({ inferenceProfileIdentifier: 'abcd1234efgh' });
    const added = emulator.addProfile('eu-west-3', {
      inferenceProfileId: 'abcd1234efgh',
      type: 'APPLICATION',
      inferenceProfileName: 'late-arrival',
      models: [
        {
          modelArn:
            'arn:aws:bedrock:eu-west-3::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
        },
      ],
    });

    const found = await client.send(get);
    const removed = emulator.removeProfile('eu-west-3', 'abcd1234efgh');
    const gone = await rejectionOf(client.send(get));

    expect(added.inferenceProfileArn).toBe(
      'arn:aws:bedrock:eu-west-3:111122223333:application-inference-profile/abcd1234efgh',
    );
    expect(found.inferenceProfileName).toBe('late-arrival');
    expect(found.createdAt).toBeInstanceOf(Date);
    expect(removed).toBe(true);
    expect(gone.name).toBe('ResourceNotFoundException');
  });

  it('removes a system profile from the listing', async () => {
    const client = bedrockClient(emulator, 'ap-southeast-4');
    const profileId = 'au.anthropic.claude-sonnet-4-6';
    const ids = async () =>
      ((await client.send(listProfiles)).inferenceProfileSummaries ?? []).map(
        (p) => p.inferenceProfileId,
      );
    const before = await ids();

    emulator.removeProfile('ap-southeast-4', profileId);
    const after = await ids();

    expect(before).toContain(profileId);
    expect(after).not.toContain(profileId);
    expect(after).toHaveLength(before.length - 1);
  });

  it('destroys hung connections on close, so close() resolves', async () => {
    const own = await startEmulator();
    own.setFault('us-east-1', { kind: 'hang' });
    const client = bedrockClient(own, 'us-east-1', { maxAttempts: 1 });
    const pending = rejectionOf(client.send(listProfiles));
    while (own.stats().totalRequests === 0) await new Promise((r) => setTimeout(r, 10));

    await own.close();
    const error = await pending;

    expect(error).toBeInstanceOf(Error);
  });
});
