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
  BEDROCK_REGIONS,
  DEFAULT_REGIONS,
  type EmulatorData,
  type RunningEmulator,
  startEmulator,
} from '@bedrock-profile-catalog/bedrock-emulator';
import { CATALOG_TABLE, catalogCreateTableInput } from '@bedrock-profile-catalog/catalog';
import {
  BEDROCK_REGIONS_PARAMETER_PATH,
  type BedrockClientFactory,
  createBedrockClientFactory,
  endpointFor,
  type RegionSource,
  resolveRegions,
  SCANNER_SERVICES,
  ssmRegionSource,
} from '@bedrock-profile-catalog/discovery';
import dynalite from 'dynalite';
import type { LocalConfig } from './config.js';
import { LocalStartupError } from './startup-error.js';

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
  await ensureTable(dynamo.client, config.tableName, dynamo.endpoint, options.logger);
  const bedrock = await startBedrock(config, options.emulatorData, closers);
  const regions = await resolveRegions(
    { regions: config.regions ?? bedrock.defaultRegions },
    // SSM goes where Bedrock goes (the emulator serves the list too), in AWS_REGION's partition.
    {
      source: options.regionSource ?? ssmRegionSource({ clientFor: bedrock.factory.ssmClientFor }),
    },
  ).catch((error: unknown) => {
    // Credentials were checked above (or are placeholders): what is left is an endpoint that
    // does not serve SSM, or no region in the answer.
    const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
    const cause = code ?? firstLine(String(error));
    const where = endpointFor(SCANNER_SERVICES.ssm, bedrock.endpoint ?? undefined);
    throw new LocalStartupError(
      'REGION_LIST_FAILED',
      `CATALOG_REGIONS=auto: Bedrock's region list (SSM ${BEDROCK_REGIONS_PARAMETER_PATH}${where ? ` at ${where}` : ''}) could not be read (${cause}); list the regions instead, e.g. CATALOG_REGIONS=us-east-1,eu-west-1`,
    );
  });
  if (bedrock.endpoint === null && Array.isArray(config.regions)) {
    warnUnknownRegions(config.regions, options.logger);
  }
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
    await client.config.region().catch(() => {
      throw new LocalStartupError(
        'AWS_REGION_MISSING',
        "DYNAMODB_ENDPOINT=aws needs the table's region: set AWS_REGION to the deployed stack's region, e.g. AWS_REGION=eu-west-1",
      );
    });
    await requireCredentials(
      client.config.credentials,
      'DYNAMODB_ENDPOINT=aws',
      'or unset DYNAMODB_ENDPOINT to use the embedded dynalite',
    );
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
    // A host that drops packets fails start-up in seconds instead of hanging it.
    requestHandler: { connectionTimeout: 5_000 },
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
    await requireCredentials(
      factory.clientFor('us-east-1').config.credentials,
      'BEDROCK_ENDPOINT=aws',
      'or unset BEDROCK_ENDPOINT to scan the embedded emulator',
    );
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
  endpoint: string | null,
  logger: Logger,
) {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) {
      // Missing: created below on a local endpoint.
    } else if (isUnreachable(error)) {
      const cause = error.code ?? error.name;
      throw new LocalStartupError(
        'DYNAMODB_UNREACHABLE',
        endpoint === null
          ? `DynamoDB in ${await client.config.region()} does not answer (${cause}): check the network, or unset DYNAMODB_ENDPOINT to use the embedded dynalite`
          : `DYNAMODB_ENDPOINT ${endpoint} does not answer (${cause}): start DynamoDB Local there, or unset DYNAMODB_ENDPOINT to use the embedded dynalite`,
      );
    } else if (error instanceof Error && '$metadata' in error) {
      // Something answered, but not as DynamoDB does: another service, bad credentials, no access.
      const where = endpoint ?? `DynamoDB in ${await client.config.region()}`;
      throw new LocalStartupError(
        'DYNAMODB_REFUSED',
        `${endpoint ? 'DYNAMODB_ENDPOINT ' : ''}${where} answered DescribeTable '${tableName}' with HTTP ${(error.$metadata as { httpStatusCode?: number }).httpStatusCode ?? '?'} ${error.name}: ${firstLine(error.message)}; ${
          endpoint
            ? 'point it at DynamoDB Local or dynalite, or unset DYNAMODB_ENDPOINT to use the embedded dynalite'
            : 'check that the credentials may call dynamodb:DescribeTable on it'
        }`,
      );
    } else {
      throw error;
    }
  }
  if (endpoint === null) {
    const region = await client.config.region();
    throw new LocalStartupError(
      'TABLE_NOT_FOUND',
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

/** Resolves the default credential chain now, so a missing login is one line, not a stack trace. */
async function requireCredentials(
  credentials: () => Promise<unknown>,
  needs: string,
  otherwise: string,
) {
  try {
    await credentials();
  } catch (error) {
    throw noCredentials(needs, otherwise, error);
  }
}

function noCredentials(needs: string, otherwise: string, error: unknown) {
  const cause = firstLine(error instanceof Error ? error.message : String(error));
  return new LocalStartupError(
    'AWS_CREDENTIALS_MISSING',
    `${needs} needs AWS credentials and none were found (${cause}): run aws sso login or aws configure and set AWS_PROFILE, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; ${otherwise}`,
  );
}

function firstLine(text: string) {
  return text.split('\n', 1)[0] ?? '';
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
]);

/** Nothing answered at the endpoint (refused, unknown host, connection timed out). */
function isUnreachable(error: unknown): error is NodeJS.ErrnoException {
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code;
  return (code !== undefined && UNREACHABLE.has(code)) || error.name === 'TimeoutError';
}

/**
 * Real Bedrock answers a region it is not in with a DNS failure or "security token invalid", which
 * reads like a credentials problem: name a likely typo at start instead.
 */
function warnUnknownRegions(regions: readonly string[], logger: Logger) {
  const known: readonly string[] = BEDROCK_REGIONS;
  for (const region of regions.filter((r) => !known.includes(r))) {
    const near = known.find((k) => editDistance(k, region) <= 2);
    logger.warn(
      `CATALOG_REGIONS: ${region} is not a known Bedrock region${near ? ` (did you mean ${near}?)` : ''}; its scans will fail unless Bedrock is new there`,
      { known },
    );
  }
}

/** Levenshtein distance, for short strings such as region codes. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
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
