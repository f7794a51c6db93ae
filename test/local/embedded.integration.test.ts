import type { Logger } from '@aws-lambda-powertools/logger';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { GetParametersByPathCommand, SSMClient } from '@aws-sdk/client-ssm';
import { DEFAULT_REGIONS } from '@bedrock-profile-catalog/bedrock-emulator';
import { BEDROCK_REGIONS_PARAMETER_PATH } from '@bedrock-profile-catalog/discovery';
import {
  type LocalBackends,
  LocalConfigError,
  loadLocalConfig,
  startLocalBackends,
} from '@bedrock-profile-catalog/local';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * Local mode against real AWS (BEDROCK_ENDPOINT=aws, DYNAMODB_ENDPOINT=aws) cannot reach AWS
 * here: DynamoDB and SSM are mocked, and the clients' resolved configuration shows where their
 * calls would go and with which credentials.
 */
const dynamo = mockClient(DynamoDBClient);
const ssm = mockClient(SSMClient);
const logger = {
  info: vi.fn(),
  debug: vi.fn(),
  warn: vi.fn(),
  error: vi.fn(),
} as unknown as Logger;
const TABLE = 'BedrockProfileCatalog-CatalogTable1A2B3C';
const notFound = () =>
  new ResourceNotFoundException({ message: 'Requested resource not found', $metadata: {} });

let closers: (() => Promise<void>)[];

beforeEach(() => {
  closers = [];
  dynamo.reset();
  ssm.reset();
  // What the default credential chain finds first: the environment.
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAFROMTHECHAIN');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret-from-the-chain');
  vi.stubEnv('AWS_REGION', 'eu-west-1');
  ssm.on(GetParametersByPathCommand).resolves({
    Parameters: [{ Value: 'us-east-1' }, { Value: 'eu-west-1' }, { Value: 'not-a-region' }],
  });
});

afterEach(async () => {
  for (const close of closers.reverse()) await close();
  vi.unstubAllEnvs();
});

async function start(env: Record<string, string>): Promise<LocalBackends> {
  return startLocalBackends(loadLocalConfig(env), { logger }, closers);
}

describe('local mode on real AWS (mocked)', () => {
  it('BEDROCK_ENDPOINT=aws and DYNAMODB_ENDPOINT=aws: no endpoint overrides, the default credential chain, regions from SSM', async () => {
    dynamo
      .on(DescribeTableCommand)
      .resolves({ Table: { TableName: TABLE, TableStatus: 'ACTIVE' } });

    const backends = await start({
      BEDROCK_ENDPOINT: 'aws',
      DYNAMODB_ENDPOINT: 'aws',
      TABLE_NAME: TABLE,
    });

    expect(backends.dynamo.endpoint).toBeNull();
    expect(backends.bedrock).toMatchObject({ endpoint: null, emulator: null });
    const table = backends.dynamo.client.config;
    expect(table.isCustomEndpoint).toBe(false);
    expect(await table.region()).toBe('eu-west-1');
    expect(await table.credentials()).toMatchObject({ accessKeyId: 'AKIAFROMTHECHAIN' });

    const bedrock = backends.bedrock.factory.clientFor('ap-southeast-1').config;
    expect(bedrock.isCustomEndpoint).toBe(false);
    expect(await bedrock.region()).toBe('ap-southeast-1');
    expect(await bedrock.credentials()).toMatchObject({ accessKeyId: 'AKIAFROMTHECHAIN' });

    // The region list comes from Bedrock's public SSM parameters; junk values are dropped.
    expect(backends.regions).toEqual(['eu-west-1', 'us-east-1']);
    expect(ssm).toHaveReceivedCommandWith(GetParametersByPathCommand, {
      Path: BEDROCK_REGIONS_PARAMETER_PATH,
    });
    // A deployed stack's table is used as it is: looked up, never created.
    expect(dynamo).toHaveReceivedCommandWith(DescribeTableCommand, { TableName: TABLE });
    expect(dynamo).not.toHaveReceivedCommand(CreateTableCommand);
  });

  it('CATALOG_REGIONS wins over SSM', async () => {
    dynamo.on(DescribeTableCommand).resolves({ Table: { TableStatus: 'ACTIVE' } });
    const backends = await start({
      BEDROCK_ENDPOINT: 'aws',
      DYNAMODB_ENDPOINT: 'aws',
      CATALOG_REGIONS: 'eu-central-1,us-west-2',
    });
    expect(backends.regions).toEqual(['eu-central-1', 'us-west-2']);
    expect(ssm).not.toHaveReceivedCommand(GetParametersByPathCommand);
  });

  it('with real Bedrock, warns at start about a CATALOG_REGIONS entry Bedrock does not serve', async () => {
    dynamo.on(DescribeTableCommand).resolves({ Table: { TableStatus: 'ACTIVE' } });
    const warn = vi.mocked(logger.warn);
    warn.mockClear();

    await start({ BEDROCK_ENDPOINT: 'aws', CATALOG_REGIONS: 'us-east-1,us-esat-1,eu-west-1' });

    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(
      'CATALOG_REGIONS: us-esat-1 is not a known Bedrock region (did you mean us-east-1?); its scans will fail unless Bedrock is new there',
      expect.objectContaining({ known: expect.arrayContaining(['us-east-1', 'eu-west-1']) }),
    );
  });

  it('DYNAMODB_ENDPOINT=aws with a missing table: a clear error, and no table created', async () => {
    dynamo.on(DescribeTableCommand).rejects(notFound());

    const started = start({ BEDROCK_ENDPOINT: 'aws', DYNAMODB_ENDPOINT: 'aws', TABLE_NAME: TABLE });

    await expect(started).rejects.toThrow(LocalConfigError);
    await expect(started).rejects.toThrow(
      `table '${TABLE}' does not exist in eu-west-1: with DYNAMODB_ENDPOINT=aws set TABLE_NAME`,
    );
    expect(dynamo).not.toHaveReceivedCommand(CreateTableCommand);
  });

  it('a DynamoDB-compatible DYNAMODB_ENDPOINT: placeholder credentials, the table created when missing', async () => {
    dynamo
      .on(DescribeTableCommand)
      .rejectsOnce(notFound())
      .resolves({ Table: { TableName: 'local-table', TableStatus: 'ACTIVE' } });
    dynamo.on(CreateTableCommand).resolves({});
    dynamo.on(UpdateTimeToLiveCommand).resolves({});

    const backends = await start({
      BEDROCK_ENDPOINT: 'http://127.0.0.1:4010',
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
      TABLE_NAME: 'local-table',
    });

    expect(backends.dynamo.endpoint).toBe('http://127.0.0.1:8000');
    const table = backends.dynamo.client.config;
    expect(table.isCustomEndpoint).toBe(true);
    expect(await table.credentials()).toMatchObject({ accessKeyId: 'local' });
    expect(dynamo).toHaveReceivedCommandWith(CreateTableCommand, { TableName: 'local-table' });
    expect(dynamo).toHaveReceivedCommandWith(UpdateTimeToLiveCommand, { TableName: 'local-table' });

    // Another Bedrock endpoint: every region goes there, the region stays in the SigV4 scope.
    expect(backends.bedrock).toMatchObject({ endpoint: 'http://127.0.0.1:4010', emulator: null });
    const bedrock = backends.bedrock.factory.clientFor('eu-west-3').config;
    expect(bedrock.isCustomEndpoint).toBe(true);
    expect(await bedrock.region()).toBe('eu-west-3');
    expect(backends.regions).toEqual([...DEFAULT_REGIONS].sort());
  });

  it('BEDROCK_ENDPOINT without credentials configured: placeholder credentials for the signature', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', '');
    dynamo.on(DescribeTableCommand).resolves({ Table: { TableStatus: 'ACTIVE' } });
    const backends = await start({
      BEDROCK_ENDPOINT: 'http://127.0.0.1:4010',
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
    });
    const bedrock = backends.bedrock.factory.clientFor('us-east-1').config;
    expect(await bedrock.credentials()).toMatchObject({ accessKeyId: 'local' });
  });
});
