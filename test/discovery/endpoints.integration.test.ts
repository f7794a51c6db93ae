import { BedrockClient, ListFoundationModelsCommand } from '@aws-sdk/client-bedrock';
import { ListServiceQuotasCommand, ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { GetParametersByPathCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { RunningEmulator } from '@bedrock-profile-catalog/bedrock-emulator';
import { startEmulator } from '@bedrock-profile-catalog/bedrock-emulator';
import {
  BEDROCK_REGIONS_PARAMETER_PATH,
  type BedrockClientFactory,
  createBedrockClientFactory,
  SCANNER_SERVICES,
  serviceEndpointVariable,
} from '@bedrock-profile-catalog/discovery';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

/**
 * Where each scanner client sends its calls, proven with real SDK clients against two emulators:
 * `shared` stands for local mode's BEDROCK_ENDPOINT, `own` for one service's
 * AWS_ENDPOINT_URL_<SERVICE>. Each emulator counts the operations it answered.
 */
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const REGION = 'eu-west-1';
let shared: RunningEmulator;
let own: RunningEmulator;
const factories: BedrockClientFactory[] = [];

beforeAll(async () => {
  [shared, own] = await Promise.all([startEmulator(), startEmulator()]);
});

afterEach(() => {
  vi.unstubAllEnvs();
  for (const factory of factories.splice(0)) factory.destroy();
  shared.resetStats();
  own.resetStats();
});

afterAll(async () => {
  await Promise.all([shared?.close(), own?.close()]);
});

function factory(endpoint?: string) {
  const created = createBedrockClientFactory({
    ...(endpoint ? { endpoint } : {}),
    credentials,
    maxAttempts: 1,
  });
  factories.push(created);
  return created;
}

/** One call of each service the scanner uses, through the factory's clients. */
async function callEveryService(clients: BedrockClientFactory) {
  await clients.clientFor(REGION).send(new ListFoundationModelsCommand({}));
  await clients
    .serviceQuotasClientFor(REGION)
    .send(new ListServiceQuotasCommand({ ServiceCode: 'bedrock' }));
  await clients
    .ssmClientFor(REGION)
    .send(new GetParametersByPathCommand({ Path: BEDROCK_REGIONS_PARAMETER_PATH }));
}

const answered = (emulator: RunningEmulator) =>
  Object.keys(emulator.stats().requests[REGION] ?? {}).sort();

describe('one endpoint rule for every scanner client', () => {
  it('names the variables as the SDK does, from each client’s service ID', () => {
    const ids = [
      new BedrockClient({ region: REGION }).config.serviceId,
      new ServiceQuotasClient({ region: REGION }).config.serviceId,
      new SSMClient({ region: REGION }).config.serviceId,
    ];
    expect(ids).toEqual(Object.values(SCANNER_SERVICES));
    expect(Object.values(SCANNER_SERVICES).map(serviceEndpointVariable)).toEqual([
      'AWS_ENDPOINT_URL_BEDROCK',
      'AWS_ENDPOINT_URL_SERVICE_QUOTAS',
      'AWS_ENDPOINT_URL_SSM',
    ]);
  });

  it('the SDK alone ignores AWS_ENDPOINT_URL_<SERVICE> once an endpoint is passed (why the rule exists)', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_SERVICE_QUOTAS', own.url);
    const client = new ServiceQuotasClient({
      region: REGION,
      endpoint: shared.url,
      credentials,
      maxAttempts: 1,
    });
    await client.send(new ListServiceQuotasCommand({ ServiceCode: 'bedrock' }));
    client.destroy();

    expect(answered(shared)).toEqual(['ListServiceQuotas']);
    expect(answered(own)).toEqual([]);
  });

  it('sends every service to the shared endpoint (BEDROCK_ENDPOINT)', async () => {
    await callEveryService(factory(shared.url));

    expect(answered(shared)).toEqual([
      'GetParametersByPath',
      'ListFoundationModels',
      'ListServiceQuotas',
    ]);
    expect(answered(own)).toEqual([]);
  });

  it('lets AWS_ENDPOINT_URL_SERVICE_QUOTAS take Service Quotas, and only it, elsewhere', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_SERVICE_QUOTAS', own.url);
    await callEveryService(factory(shared.url));

    expect(answered(shared)).toEqual(['GetParametersByPath', 'ListFoundationModels']);
    expect(answered(own)).toEqual(['ListServiceQuotas']);
  });

  it('lets AWS_ENDPOINT_URL_SSM take SSM, and only it', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_SSM', own.url);
    await callEveryService(factory(shared.url));

    expect(answered(shared)).toEqual(['ListFoundationModels', 'ListServiceQuotas']);
    expect(answered(own)).toEqual(['GetParametersByPath']);
  });

  it('keeps every service on the shared endpoint with AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_SERVICE_QUOTAS', own.url);
    vi.stubEnv('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', 'true');
    await callEveryService(factory(shared.url));

    expect(answered(own)).toEqual([]);
    expect(answered(shared)).toHaveLength(3);
  });

  it('without a shared endpoint (the Lambda) follows each service’s own variable', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_BEDROCK', shared.url);
    vi.stubEnv('AWS_ENDPOINT_URL_SERVICE_QUOTAS', own.url);
    vi.stubEnv('AWS_ENDPOINT_URL_SSM', own.url);
    await callEveryService(factory());

    expect(answered(shared)).toEqual(['ListFoundationModels']);
    expect(answered(own)).toEqual(['GetParametersByPath', 'ListServiceQuotas']);
  });
});
