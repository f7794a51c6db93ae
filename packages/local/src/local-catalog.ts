import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { EmulatorData, RunningEmulator } from '@bedrock-profile-catalog/bedrock-emulator';
import {
  CatalogReader,
  CatalogWriter,
  PriceStore,
  QuotaWriter,
  UsageWriter,
} from '@bedrock-profile-catalog/catalog';
import { SETTINGS } from '@bedrock-profile-catalog/catalog/settings';
import {
  type CatalogPriceRefresh,
  createCloudWatchClientFactory,
  createScanner,
  loggingChangePublisher,
  type RegionSource,
  type ScanSummary,
  summaryOf,
} from '@bedrock-profile-catalog/discovery';
import {
  CatalogQueryService,
  createQueryHandler,
  OPENAPI_DOCUMENT_FILE,
  openApiDocumentFrom,
} from '@bedrock-profile-catalog/query-api';
import type { LocalConfig } from './config.js';
import { type Closer, closeServer, listen, startLocalBackends } from './embedded.js';
import {
  errorResult,
  PayloadTooLargeError,
  toApiGatewayEvent,
  writeResult,
} from './http-adapter.js';
import { startLocalPriceRefresh } from './prices.js';
import { startLocalProbes } from './probes.js';
import { LOCAL_REFUSALS, type LocalRefusal, localRefusalOf } from './request-guard.js';
import { LocalStartupError } from './startup-error.js';
import { createStaticHandler } from './static.js';

const REGION_DEADLINE_MS = SETTINGS.regionDeadline.default;

/**
 * Limits of the local HTTP server, so that a stalled or hostile client cannot hold it (Node's
 * defaults: 60 s for the request head, 300 s for the request, no connection cap). Its clients
 * are on this machine and send a request at once, so the limits can be tight.
 */
export const LOCAL_HTTP_LIMITS = {
  /** The request head (line and headers) must arrive within this. */
  headersTimeoutMs: 5_000,
  /** The whole request, a 10 MB body included, must arrive within this (not the answer). */
  requestTimeoutMs: 10_000,
  /** An idle keep-alive connection is closed after this, freeing its place under the cap. */
  keepAliveTimeoutMs: 2_000,
  /** Open connections at most; one more is closed at once (a browser opens about six). */
  maxConnections: 128,
  /** How often Node enforces the two timeouts above (its default, 30 s, would triple them). */
  connectionsCheckingIntervalMs: 1_000,
} as const;

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
  /** Where prices are read from: the base URL holding `offers/v1.0/aws/index.json`. */
  readonly priceListUrl: string;
  /** Refreshes prices now, after any refresh already running (the one at start included). */
  refreshPrices(): Promise<CatalogPriceRefresh>;
  /** The latest price refresh (the one at start, which start-up awaits, or a later one), once done. */
  lastPriceRefresh(): Promise<CatalogPriceRefresh>;
  /** Stops the schedule, waits for running scans and closes every server. */
  close(): Promise<void>;
}

export interface LocalCatalogOverrides {
  emulatorData?: EmulatorData;
  logger?: Logger;
  /** Where regions come from when the list is `auto`; default: the SSM public parameters. */
  regionSource?: RegionSource;
}

/**
 * The whole catalog in one process: dynalite (or DYNAMODB_ENDPOINT), the Bedrock emulator (or
 * BEDROCK_ENDPOINT), the scanner on a timer, the price refresh (PRICE_LIST_URL) and the HTTP API
 * running the query Lambda's handler. Resolves once the first scan and the first price refresh
 * have been applied.
 */
export async function startLocalCatalog(
  config: LocalConfig,
  overrides: LocalCatalogOverrides = {},
): Promise<LocalCatalog> {
  const logger = overrides.logger ?? new Logger({ serviceName: 'bedrock-profile-catalog-local' });
  const closers: Closer[] = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close();
  };

  try {
    const { dynamo, bedrock, regions } = await startLocalBackends(
      config,
      { logger, emulatorData: overrides.emulatorData, regionSource: overrides.regionSource },
      closers,
    );
    const documentClient = DynamoDBDocumentClient.from(dynamo.client, {
      marshallOptions: { removeUndefinedValues: true },
    });

    const writer = new CatalogWriter({ documentClient, tableName: config.tableName });
    const reader = new CatalogReader({
      documentClient,
      tableName: config.tableName,
      cursorSecret: config.cursorSecret ?? randomBytes(32).toString('hex'),
    });

    const cloudWatch = createCloudWatchClientFactory(
      bedrock.endpoint
        ? {
            endpoint: bedrock.endpoint,
            credentials: bedrock.factory.clientFor('us-east-1').config.credentials,
          }
        : {},
    );
    closers.push(async () => cloudWatch.destroy());
    // No event bus locally: scan and price change events go to the log.
    const publishChanges = loggingChangePublisher((message, detail) =>
      logger.info(`change event: ${message}`, { detail }),
    );
    const scanner = createScanner({
      clientFor: bedrock.factory.clientFor,
      writer,
      publishChanges,
      regions,
      settings: { regionDeadlineMs: REGION_DEADLINE_MS },
      logger,
      // Service Quotas go to the same emulator URL as Bedrock.
      quotas: {
        clientFor: bedrock.factory.serviceQuotasClientFor,
        store: new QuotaWriter({ documentClient, tableName: config.tableName }),
        maxAgeMs: SETTINGS.quotaRefreshInterval.default * 60 * 60 * 1000,
      },
      // CloudWatch usage from the same endpoint (the emulator serves AWS/Bedrock metrics).
      usage: {
        clientFor: cloudWatch.clientFor,
        store: new UsageWriter({ documentClient, tableName: config.tableName }),
        maxAgeMs: SETTINGS.usageRefreshInterval.default * 1000,
      },
    });
    const running = new Set<Promise<unknown>>();
    /** Starts a scan; its ID now, its summary once applied (a refused request rejects). */
    const startScan = (scanRegions?: readonly string[]) => {
      const started = scanner.start({
        trigger: 'local',
        ...(scanRegions ? { regions: scanRegions } : {}),
      });
      const summary = started.outcome.then(summaryOf);
      running.add(summary);
      void summary.finally(() => running.delete(summary)).catch(() => {});
      return { scanId: started.scanId, summary };
    };
    const scanNow = (scanRegions?: readonly string[]) => startScan(scanRegions).summary;
    closers.push(async () => {
      await Promise.allSettled([...running]);
    });

    const service = new CatalogQueryService({
      reader,
      configuredRegions: regions,
      scanIntervalSeconds: config.scanIntervalSeconds || 300,
      scanCooldownSeconds: config.scanCooldownSeconds,
      // Same contract as the Lambda: accept now, scan in the background, poll GET /v1/scans/{id}.
      startScan: async ({ regions: requested }) => {
        const { scanId, summary } = startScan(requested);
        summary.catch((error) => logger.error('scan failed', { scanId, error }));
        return { scanId };
      },
    });
    const handle = createQueryHandler({
      service,
      logger,
      openApiDocument: openApiDocumentFrom(OPENAPI_DOCUMENT_FILE),
    });

    const serveExplorer = createStaticHandler(); // GET / and /assets/*: the explorer page
    const server = createServer(
      { connectionsCheckingInterval: LOCAL_HTTP_LIMITS.connectionsCheckingIntervalMs },
      (request, response) => {
        const refuse = ({ code, message }: LocalRefusal) =>
          writeResult(response, errorResult(LOCAL_REFUSALS[code], code, message));
        // Before the explorer page and every route: see request-guard.ts for why.
        const refusal = localRefusalOf(request);
        if (refusal) return refuse(refusal);
        try {
          if (serveExplorer(request, response)) return;
        } catch (error) {
          // A throw here would crash the process: log it and let the API answer instead.
          logger.warn('explorer page handler failed', { error, url: request.url?.slice(0, 200) });
        }
        toApiGatewayEvent(request)
          .then((event) => handle(event))
          .then((result) => writeResult(response, result))
          .catch((error) => {
            if (error instanceof PayloadTooLargeError) {
              return refuse({ code: 'PAYLOAD_TOO_LARGE', message: error.message });
            }
            logger.error('local HTTP adapter failed', { error });
            writeResult(response, errorResult(500, 'INTERNAL_ERROR', 'internal error'));
          });
      },
    );
    server.headersTimeout = LOCAL_HTTP_LIMITS.headersTimeoutMs;
    server.requestTimeout = LOCAL_HTTP_LIMITS.requestTimeoutMs;
    server.keepAliveTimeout = LOCAL_HTTP_LIMITS.keepAliveTimeoutMs;
    server.maxConnections = LOCAL_HTTP_LIMITS.maxConnections;
    await listen(server, config.port).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EADDRINUSE' && error.code !== 'EACCES') throw error;
      throw new LocalStartupError(
        'PORT_UNAVAILABLE',
        `PORT ${config.port} is ${error.code === 'EADDRINUSE' ? 'already in use' : 'not allowed for this user'}; choose another, or PORT=0 for any free port`,
      );
    });
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
    if (config.probes && regions[0]) {
      closers.push(
        startLocalProbes({
          probes: config.probes,
          sourceRegion: regions[0],
          endpoint: bedrock.endpoint ?? undefined,
          credentials: bedrock.factory.clientFor(regions[0]).config.credentials,
          service,
          documentClient,
          tableName: config.tableName,
          logger,
        }),
      );
    }

    // After the first scan: a price row's model is matched against the scanned model names.
    const prices = startLocalPriceRefresh({
      config,
      bedrockEndpoint: bedrock.endpoint,
      store: new PriceStore({ documentClient, tableName: config.tableName }),
      reader,
      publishChanges,
      logger,
    });
    closers.push(prices.close);
    // Start-up waits for it, so the catalog answers with prices once it is up; a failed offer is
    // logged and kept at its last good version, and never fails start-up.
    await prices.last().catch(() => {});

    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      tableName: config.tableName,
      regions,
      emulator: bedrock.emulator,
      dynamoEndpoint: dynamo.endpoint,
      scanNow,
      priceListUrl: prices.baseUrl,
      refreshPrices: prices.refreshNow,
      lastPriceRefresh: prices.last,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
