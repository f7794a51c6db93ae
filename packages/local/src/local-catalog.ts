import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@aws-lambda-powertools/logger';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  DEFAULT_REGIONS,
  type EmulatorData,
  type RunningEmulator,
  startEmulator,
} from '@bedrock-profile-catalog/bedrock-emulator';
import {
  CATALOG_TABLE,
  CatalogReader,
  CatalogWriter,
  catalogCreateTableInput,
  createScanId,
} from '@bedrock-profile-catalog/catalog';
import {
  createBedrockClientFactory,
  loggingChangePublisher,
  resolveRegions,
  runScan,
  type ScanSummary,
} from '@bedrock-profile-catalog/discovery';
import { CatalogQueryService, createQueryHandler } from '@bedrock-profile-catalog/query-api';
import dynalite from 'dynalite';
import type { LocalConfig } from './config.js';
import { PayloadTooLargeError, toApiGatewayEvent, writeResult } from './http-adapter.js';

/** Placeholder credentials for local endpoints; the emulator and dynalite ignore signatures. */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
const REGION_DEADLINE_MS = 20_000;

export interface LocalCatalog {
  /** Base URL of the HTTP API, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  readonly tableName: string;
  readonly regions: readonly string[];
  /** The embedded emulator, when BEDROCK_ENDPOINT is unset (tests inject faults through it). */
  readonly emulator: RunningEmulator | null;
  /** The DynamoDB endpoint in use (null: real DynamoDB). */
  readonly dynamoEndpoint: string | null;
  /** Runs one scan now and resolves when it is applied. */
  scanNow(regions?: readonly string[]): Promise<ScanSummary>;
  /** Stops the schedule, waits for running scans and closes every server. */
  close(): Promise<void>;
}

export interface LocalCatalogOverrides {
  emulatorData?: EmulatorData;
  logger?: Logger;
}

/**
 * The whole catalog in one process: dynalite (or DYNAMODB_ENDPOINT), the Bedrock emulator (or
 * BEDROCK_ENDPOINT), the scanner on a timer and the HTTP API running the query Lambda's handler.
 * Resolves once the first scan has been applied.
 */
export async function startLocalCatalog(
  config: LocalConfig,
  overrides: LocalCatalogOverrides = {},
): Promise<LocalCatalog> {
  const logger = overrides.logger ?? new Logger({ serviceName: 'bedrock-profile-catalog-local' });
  const closers: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close();
  };

  try {
    const dynamo = await startDynamo(config, closers);
    const documentClient = DynamoDBDocumentClient.from(dynamo.client, {
      marshallOptions: { removeUndefinedValues: true },
    });
    await ensureTable(dynamo.client, config.tableName, logger);

    const bedrock = await startBedrock(config, overrides, closers);
    const regions = await resolveRegions({
      regions: config.regions ?? bedrock.defaultRegions,
    });

    const writer = new CatalogWriter({ documentClient, tableName: config.tableName });
    const reader = new CatalogReader({
      documentClient,
      tableName: config.tableName,
      cursorSecret: config.cursorSecret ?? randomBytes(32).toString('hex'),
    });

    const running = new Set<Promise<ScanSummary>>();
    const scanNow = (scanRegions: readonly string[] = regions, scanId?: string) => {
      const startedAt = new Date();
      const scan = runScan({
        scanId: scanId ?? createScanId(startedAt),
        startedAt,
        trigger: 'local',
        regions: scanRegions,
        clientFor: bedrock.factory.clientFor,
        writer,
        publishChanges: loggingChangePublisher((message, detail) =>
          logger.info(`change event: ${message}`, { detail }),
        ),
        regionDeadlineMs: REGION_DEADLINE_MS,
        logger,
      }).then((summary) => {
        logger.info('scan finished', {
          scanId: summary.scanId,
          status: summary.status,
          durationMs: summary.durationMs,
          regionsScanned: summary.regionsScanned,
          regionsFailed: summary.regionsFailed,
          itemsWritten: summary.itemsWritten,
        });
        return summary;
      });
      running.add(scan);
      void scan.finally(() => running.delete(scan)).catch(() => {});
      return scan;
    };
    closers.push(async () => {
      await Promise.allSettled([...running]);
    });

    const service = new CatalogQueryService({
      reader,
      configuredRegions: regions,
      scanIntervalSeconds: config.scanIntervalSeconds || 300,
      // Same contract as the Lambda: accept now, scan in the background, poll GET /v1/scans/{id}.
      startScan: async ({ regions: requested }) => {
        const scanId = createScanId(new Date());
        scanNow(requested ?? regions, scanId).catch((error) =>
          logger.error('scan failed', { scanId, error }),
        );
        return { scanId };
      },
    });
    const handle = createQueryHandler({ service, logger });

    const server = createServer((request, response) => {
      toApiGatewayEvent(request)
        .then((event) => handle(event))
        .then((result) => writeResult(response, result))
        .catch((error) => {
          const tooLarge = error instanceof PayloadTooLargeError;
          if (!tooLarge) logger.error('local HTTP adapter failed', { error });
          writeResult(response, {
            statusCode: tooLarge ? 413 : 500,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              error: tooLarge
                ? { code: 'PAYLOAD_TOO_LARGE', message: 'request body exceeds 10 MB' }
                : { code: 'INTERNAL_ERROR', message: 'internal error' },
            }),
          });
        });
    });
    await listen(server, config.port);
    closers.push(() => closeServer(server));

    await scanNow();
    const timer =
      config.scanIntervalSeconds > 0
        ? setInterval(() => {
            scanNow().catch((error) => logger.error('scheduled scan failed', { error }));
          }, config.scanIntervalSeconds * 1000)
        : null;
    closers.push(async () => {
      if (timer) clearInterval(timer);
    });

    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      tableName: config.tableName,
      regions,
      emulator: bedrock.emulator,
      dynamoEndpoint: dynamo.endpoint,
      scanNow: (scanRegions) => scanNow(scanRegions),
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

async function startDynamo(config: LocalConfig, closers: (() => Promise<void>)[]) {
  if (config.dynamoEndpoint === 'aws') {
    // Real DynamoDB: default credential chain and AWS_REGION, e.g. a deployed stack's table.
    return { client: new DynamoDBClient({}), endpoint: null };
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
  overrides: LocalCatalogOverrides,
  closers: (() => Promise<void>)[],
) {
  if (config.bedrockEndpoint === 'aws') {
    // Real Bedrock in every region: default credentials; regions default to the SSM list.
    const factory = createBedrockClientFactory({});
    closers.push(async () => factory.destroy());
    return { factory, emulator: null, defaultRegions: 'auto' as const };
  }
  let emulator: RunningEmulator | null = null;
  let endpoint = config.bedrockEndpoint;
  if (endpoint === undefined) {
    emulator = await startEmulator({
      port: 0,
      ...(overrides.emulatorData ? { data: overrides.emulatorData } : {}),
    });
    const started = emulator;
    closers.push(() => started.close());
    endpoint = emulator.url;
  }
  const credentials = process.env.AWS_ACCESS_KEY_ID ? undefined : LOCAL_CREDENTIALS;
  const factory = createBedrockClientFactory({ endpoint, ...(credentials ? { credentials } : {}) });
  closers.push(async () => factory.destroy());
  return { factory, emulator, defaultRegions: emulator?.regions() ?? [...DEFAULT_REGIONS] };
}

/** Creates the table from the schema constants when it is missing (local endpoints only). */
async function ensureTable(client: DynamoDBClient, tableName: string, logger: Logger) {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
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

function listen(server: Server, port: number) {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function closeServer(server: Server) {
  return new Promise<void>((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
}
