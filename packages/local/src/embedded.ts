import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@aws-lambda-powertools/logger';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import {
  DEFAULT_REGIONS,
  type EmulatorData,
  type RunningEmulator,
  startEmulator,
} from '@bedrock-profile-catalog/bedrock-emulator';
import { CATALOG_TABLE, catalogCreateTableInput } from '@bedrock-profile-catalog/catalog';
import {
  type BedrockClientFactory,
  createBedrockClientFactory,
  type RegionSource,
  resolveRegions,
} from '@bedrock-profile-catalog/discovery';
import dynalite from 'dynalite';
import { type LocalConfig, LocalConfigError } from './config.js';

/** Placeholder credentials for local endpoints; the emulator and dynalite ignore signatures. */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export type Closer = () => Promise<void>;

export interface LocalBackends {
  dynamo: {
    client: DynamoDBClient;
    /** The DynamoDB endpoint in use; null means real DynamoDB (DYNAMODB_ENDPOINT=aws). */
    endpoint: string | null;
  };
  bedrock: {
    factory: BedrockClientFactory;
    /** The embedded emulator, when BEDROCK_ENDPOINT is unset. */
    emulator: RunningEmulator | null;
    /** Where Bedrock calls go; null means real Bedrock (BEDROCK_ENDPOINT=aws). */
    endpoint: string | null;
  };
  /** The regions to scan: CATALOG_REGIONS, else the emulator's, else Bedrock's list from SSM. */
  regions: string[];
}

export interface LocalBackendOptions {
  logger: Logger;
  emulatorData?: EmulatorData | undefined;
  /** Where CATALOG_REGIONS=auto (or real Bedrock without a list) reads regions; default SSM. */
  regionSource?: RegionSource | undefined;
}

/**
 * Builds (and, for the embedded ones, starts) the table, Bedrock and the region list that local
 * mode runs on. `aws` means the real service with no endpoint override and the default credential
 * chain. Each started resource pushes its closer onto `closers`, also when a later step fails.
 */
export async function startLocalBackends(
  config: LocalConfig,
  options: LocalBackendOptions,
  closers: Closer[],
): Promise<LocalBackends> {
  const dynamo = await startDynamo(config, closers);
  await ensureTable(dynamo.client, config.tableName, dynamo.endpoint !== null, options.logger);
  const bedrock = await startBedrock(config, options.emulatorData, closers);
  const regions = await resolveRegions(
    { regions: config.regions ?? bedrock.defaultRegions },
    options.regionSource ? { source: options.regionSource } : {},
  );
  const hosted = bedrock.emulator?.regions();
  const unhosted = hosted ? regions.filter((region) => !hosted.includes(region)) : [];
  if (hosted && unhosted.length > 0) {
    // The emulator answers for them as AWS does for an opt-in region that is not enabled.
    options.logger.warn(
      `CATALOG_REGIONS: the embedded emulator does not host ${unhosted.join(', ')}; ` +
        'they will be recorded as denied, like an opt-in region that is not enabled (see hosted).',
      { hosted },
    );
  }
  return {
    dynamo,
    bedrock: { factory: bedrock.factory, emulator: bedrock.emulator, endpoint: bedrock.endpoint },
    regions,
  };
}

async function startDynamo(config: LocalConfig, closers: Closer[]) {
  if (config.dynamoEndpoint === 'aws') {
    // Real DynamoDB: default credential chain and AWS_REGION, e.g. a deployed stack's table.
    const client = new DynamoDBClient({});
    closers.push(async () => client.destroy());
    return { client, endpoint: null };
  }
  let endpoint = config.dynamoEndpoint;
  if (endpoint === undefined) {
    const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    await listen(server, 0);
    closers.push(() => closeServer(server));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  const client = new DynamoDBClient({
    endpoint,
    region: process.env.AWS_REGION ?? 'us-east-1',
    credentials: LOCAL_CREDENTIALS,
  });
  closers.push(async () => client.destroy());
  return { client, endpoint };
}

async function startBedrock(
  config: LocalConfig,
  emulatorData: EmulatorData | undefined,
  closers: Closer[],
) {
  if (config.bedrockEndpoint === 'aws') {
    // Real Bedrock in every region: default credentials; regions default to the SSM list.
    const factory = createBedrockClientFactory({});
    closers.push(async () => factory.destroy());
    return { factory, emulator: null, endpoint: null, defaultRegions: 'auto' as const };
  }
  let emulator: RunningEmulator | null = null;
  let endpoint = config.bedrockEndpoint;
  if (endpoint === undefined) {
    emulator = await startEmulator({ port: 0, ...(emulatorData ? { data: emulatorData } : {}) });
    const started = emulator;
    closers.push(() => started.close());
    endpoint = emulator.url;
  }
  // The region still travels in the SigV4 scope; any credentials do, so supply some if none.
  const credentials = process.env.AWS_ACCESS_KEY_ID ? undefined : LOCAL_CREDENTIALS;
  const factory = createBedrockClientFactory({ endpoint, ...(credentials ? { credentials } : {}) });
  closers.push(async () => factory.destroy());
  return {
    factory,
    emulator,
    endpoint,
    defaultRegions: emulator?.regions() ?? [...DEFAULT_REGIONS],
  };
}

/**
 * Creates the table from the schema constants when it is missing, on local endpoints only. On
 * real DynamoDB the table belongs to a deployed stack (PITR, KMS, deletion protection): local mode
 * must not create a look-alike, so a missing table is a configuration error.
 */
async function ensureTable(
  client: DynamoDBClient,
  tableName: string,
  mayCreate: boolean,
  logger: Logger,
) {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  if (!mayCreate) {
    const region = await client.config.region();
    throw new LocalConfigError(
      `table '${tableName}' does not exist in ${region}: with DYNAMODB_ENDPOINT=aws set TABLE_NAME to the TableName output of a deployed stack (and AWS_REGION to its region)`,
    );
  }
  await client.send(new CreateTableCommand(catalogCreateTableInput(tableName)));
  await waitUntilTableExists({ client, maxWaitTime: 60 }, { TableName: tableName });
  try {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: CATALOG_TABLE.ttlAttribute, Enabled: true },
      }),
    );
  } catch {
    // dynalite has no TTL API; readers filter expired items themselves, so this is harmless.
    logger.debug('TTL not enabled: the endpoint has no UpdateTimeToLive');
  }
  logger.info('created catalog table', { tableName });
}

export function listen(server: Server, port: number) {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

export function closeServer(server: Server) {
  return new Promise<void>((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
}
