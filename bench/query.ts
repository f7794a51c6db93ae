/**
 * (c) Query path: p50/p99 per lookup route through the local HTTP server (startLocalCatalog, the
 * query Lambda's handler behind a Node HTTP adapter), through that handler in process (no HTTP
 * hop), through the CatalogReader directly, and as one raw DocumentClient request against the
 * same dynalite table (the baseline). Samples are interleaved (raw, reader, handler, HTTP in
 * rotating order) so machine noise hits all four alike.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  CATALOG_TABLE,
  CatalogReader,
  KEY_PREFIX,
  modelInRegionSortKeyPrefix,
  modelPartitionKey,
  modelProfileSortKeyPrefix,
  profilePartitionKey,
  regionPartitionKey,
  regionSortKey,
} from '@bedrock-profile-catalog/catalog';
import {
  type LocalCatalog,
  loadLocalConfig,
  startLocalCatalog,
} from '@bedrock-profile-catalog/local';
import {
  apiGatewayEvent,
  CatalogQueryService,
  createQueryHandler,
  type QueryHandler,
} from '@bedrock-profile-catalog/query-api';
import { LOCAL_CREDENTIALS } from './env.js';
import { log, type Row, ratio, type Summary, summarize } from './stats.js';

export interface LookupIds {
  region: string;
  modelId: string;
  profileId: string;
}

/** Lookups every deployment answers; the IDs exist in the default data set. */
export const DEFAULT_IDS: LookupIds = {
  region: 'us-east-1',
  modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
  profileId: 'us.anthropic.claude-3-haiku-20240307-v1:0',
};

interface RouteCase {
  name: string;
  /** DynamoDB requests the route makes by design (the region list is cached 5 s by the service). */
  requests: string;
  path: string;
  reader: (reader: CatalogReader) => Promise<unknown>;
  raw: (client: DynamoDBDocumentClient, table: string) => Promise<unknown>;
}

const { indexes, partitionKey, sortKey } = CATALOG_TABLE;

export function routeCases(ids: LookupIds): RouteCase[] {
  const model = encodeURIComponent(ids.modelId);
  const profile = encodeURIComponent(ids.profileId);
  const queryPk = (client: DynamoDBDocumentClient, table: string, pk: string) =>
    client.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': partitionKey },
        ExpressionAttributeValues: { ':pk': pk },
      }),
    );
  /** One raw GSI1 Query of model M's items whose sort key starts with `prefix`. */
  const byModelPrefix = (
    client: DynamoDBDocumentClient,
    table: string,
    prefix: string,
    limit?: number,
  ) =>
    client.send(
      new QueryCommand({
        TableName: table,
        IndexName: indexes.byModel.indexName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: {
          '#pk': indexes.byModel.partitionKey,
          '#sk': indexes.byModel.sortKey,
        },
        ExpressionAttributeValues: {
          ':pk': modelPartitionKey(ids.modelId),
          ':prefix': prefix,
        },
        Limit: limit,
      }),
    );
  return [
    {
      name: 'GET /v1/regions',
      requests: '1 Query (cached 5 s)',
      path: '/v1/regions',
      reader: (r) => r.regions(),
      raw: (c, t) => queryPk(c, t, KEY_PREFIX.regions),
    },
    {
      name: 'GET /v1/regions/{r}/profiles',
      requests: '1 Query',
      path: `/v1/regions/${ids.region}/profiles?limit=50`,
      reader: (r) => r.regionProfiles(ids.region, { limit: 50 }),
      raw: (c, t) =>
        c.send(
          new QueryCommand({
            TableName: t,
            IndexName: indexes.byRegion.indexName,
            KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
            ExpressionAttributeNames: {
              '#pk': indexes.byRegion.partitionKey,
              '#sk': indexes.byRegion.sortKey,
            },
            ExpressionAttributeValues: {
              ':pk': regionPartitionKey(ids.region),
              ':prefix': KEY_PREFIX.profile,
            },
            Limit: 50,
          }),
        ),
    },
    {
      name: 'GET /v1/models/{m}/profiles?region',
      requests: '1 Query',
      path: `/v1/models/${model}/profiles?region=${ids.region}`,
      reader: (r) => r.profilesOfModel(ids.modelId, { region: ids.region, limit: 50 }),
      raw: (c, t) => byModelPrefix(c, t, modelProfileSortKeyPrefix(ids.region), 50),
    },
    {
      name: 'GET /v1/models/{m}/regions',
      requests: '1 Query',
      path: `/v1/models/${model}/regions`,
      // The model's whole GSI1 partition: every region's records, with their probes and usage.
      reader: (r) => r.modelInEveryRegion(ids.modelId),
      raw: (c, t) =>
        c.send(
          new QueryCommand({
            TableName: t,
            IndexName: indexes.byModel.indexName,
            KeyConditionExpression: '#pk = :pk',
            ExpressionAttributeNames: { '#pk': indexes.byModel.partitionKey },
            ExpressionAttributeValues: { ':pk': modelPartitionKey(ids.modelId) },
          }),
        ),
    },
    {
      name: 'GET /v1/models/{m}/invoke-targets',
      // The model record, profiles, throughputs and quotas of M in S share one GSI1 key range.
      requests: '1 Query (raw = the same Query)',
      path: `/v1/models/${model}/invoke-targets?sourceRegion=${ids.region}`,
      reader: (r) => r.modelInRegion(ids.modelId, ids.region),
      raw: (c, t) => byModelPrefix(c, t, modelInRegionSortKeyPrefix(ids.region)),
    },
    {
      name: 'GET /v1/profiles/{p}?region',
      requests: '1 GetItem (raw = GetItem)',
      path: `/v1/profiles/${profile}?region=${ids.region}`,
      reader: (r) => r.profile(ids.profileId, ids.region),
      raw: (c, t) =>
        c.send(
          new GetCommand({
            TableName: t,
            Key: {
              [partitionKey]: profilePartitionKey(ids.profileId),
              [sortKey]: regionSortKey(ids.region),
            },
          }),
        ),
    },
    {
      name: 'GET /v1/profiles/{p}',
      requests: '1 Query',
      path: `/v1/profiles/${profile}`,
      reader: (r) => r.profileInAllRegions(ids.profileId),
      raw: (c, t) => queryPk(c, t, profilePartitionKey(ids.profileId)),
    },
  ];
}

export interface RouteTimings {
  route: string;
  requests: string;
  http: Summary;
  /** The query Lambda's handler called in process with an API Gateway event: no HTTP hop. */
  handler: Summary;
  reader: Summary;
  raw: Summary;
}

/** A running local catalog plus a reader and a raw client on the same table. */
export interface QueryTarget {
  catalog: LocalCatalog;
  reader: CatalogReader;
  /** The same handler the local server runs, on its own service over `reader`. */
  handle: QueryHandler;
  documentClient: DynamoDBDocumentClient;
  close(): Promise<void>;
}

export async function startQueryTarget(env: Record<string, string>): Promise<QueryTarget> {
  const logger = new Logger({ serviceName: 'bench', logLevel: 'SILENT' });
  const catalog = await startLocalCatalog(
    loadLocalConfig({ PORT: '0', SCAN_INTERVAL_SECONDS: '0', ...env }),
    { logger },
  );
  const documentClient = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'us-east-1',
      endpoint: catalog.dynamoEndpoint ?? '',
      credentials: LOCAL_CREDENTIALS,
    }),
  );
  const reader = new CatalogReader({
    documentClient,
    tableName: catalog.tableName,
    cursorSecret: 'bench-cursor-secret-0123456789',
  });
  const service = new CatalogQueryService({
    reader,
    configuredRegions: catalog.regions,
    scanIntervalSeconds: 300,
    startScan: () => Promise.reject(new Error('the query bench starts no scans')),
  });
  const handle = createQueryHandler({ service, logger });
  return { catalog, reader, handle, documentClient, close: () => catalog.close() };
}

/** The API Gateway (payload v2) event a GET of `path` (with its query) becomes. */
function getEvent(pathAndQuery: string) {
  const mark = pathAndQuery.indexOf('?');
  return mark < 0
    ? apiGatewayEvent({ path: pathAndQuery })
    : apiGatewayEvent({ path: pathAndQuery.slice(0, mark), query: pathAndQuery.slice(mark + 1) });
}

async function handleOk(handle: QueryHandler, path: string): Promise<void> {
  const result = await handle(getEvent(path));
  if (result.statusCode !== 200) throw new Error(`${path}: ${result.statusCode} ${result.body}`);
}

async function getOk(url: string): Promise<void> {
  const response = await fetch(url);
  const body = await response.text();
  if (response.status !== 200) throw new Error(`${url}: ${response.status} ${body.slice(0, 200)}`);
}

/** Samples every route in every mode on each target, interleaved. */
export async function sampleRoutes(
  targets: readonly { target: QueryTarget; ids: LookupIds }[],
  samples: number,
  warmUp: number,
): Promise<RouteTimings[][]> {
  const modes = ['raw', 'reader', 'handler', 'http'] as const;
  const perTarget = targets.map(({ target, ids }) => ({
    target,
    cases: routeCases(ids),
  }));
  const times = perTarget.map(({ cases }) =>
    cases.map(() => ({
      raw: [] as number[],
      reader: [] as number[],
      handler: [] as number[],
      http: [] as number[],
    })),
  );
  const once = async (t: number, c: number, mode: (typeof modes)[number]) => {
    const entry = perTarget[t];
    const route = entry?.cases[c];
    if (!entry || !route) return 0;
    const started = performance.now();
    if (mode === 'raw')
      await route.raw(entry.target.documentClient, entry.target.catalog.tableName);
    else if (mode === 'reader') await route.reader(entry.target.reader);
    else if (mode === 'handler') await handleOk(entry.target.handle, route.path);
    else await getOk(`${entry.target.catalog.url}${route.path}`);
    return performance.now() - started;
  };
  const routeCount = perTarget[0]?.cases.length ?? 0;
  for (let i = 0; i < warmUp + samples; i++) {
    for (let c = 0; c < routeCount; c++) {
      for (let t = 0; t < perTarget.length; t++) {
        for (let m = 0; m < modes.length; m++) {
          const mode = modes[(i + m) % modes.length] ?? 'raw';
          const elapsed = await once(t, c, mode);
          if (i >= warmUp) times[t]?.[c]?.[mode].push(elapsed);
        }
      }
    }
  }
  return perTarget.map(({ cases }, t) =>
    cases.map((route, c) => {
      const sample = times[t]?.[c] ?? { raw: [0], reader: [0], handler: [0], http: [0] };
      return {
        route: route.name,
        requests: route.requests,
        http: summarize(sample.http),
        handler: summarize(sample.handler),
        reader: summarize(sample.reader),
        raw: summarize(sample.raw),
      };
    }),
  );
}

export const QUERY_SAMPLES = 300;
export const QUERY_WARM_UP = 30;

/** @param emulatorUrl an emulator with the default data set (local mode scans it at start). */
export async function benchQuery(
  dynamoEndpoint: string,
  emulatorUrl: string,
): Promise<{ rows: Row[]; details: RouteTimings[] }> {
  const target = await startQueryTarget({
    DYNAMODB_ENDPOINT: dynamoEndpoint,
    BEDROCK_ENDPOINT: emulatorUrl,
    TABLE_NAME: `bench-query-${Date.now()}`,
  });
  let timings: RouteTimings[];
  try {
    log(`query: ${routeCases(DEFAULT_IDS).length} routes × 4 modes × ${QUERY_SAMPLES} samples`);
    [timings = []] = await sampleRoutes(
      [{ target, ids: DEFAULT_IDS }],
      QUERY_SAMPLES,
      QUERY_WARM_UP,
    );
  } finally {
    await target.close();
  }
  const rows: Row[] = timings.flatMap((t) => {
    const section = `c. query ${t.route}`;
    const f = (s: Summary) => `p50 ${s.p50.toFixed(2)} / p99 ${s.p99.toFixed(2)} ms`;
    const httpRatio = ratio(t.http.p50, t.raw.p50);
    return [
      {
        section,
        metric: `HTTP (local server) vs raw, p50 [${t.requests}]`,
        value: f(t.http),
        baseline: `raw ${f(t.raw)}`,
        ratio: httpRatio,
        target: '≤ 1.50×',
        met: httpRatio <= 1.5,
      },
      {
        section,
        metric: 'handler in process (API Gateway event, no HTTP hop) vs raw, p50',
        value: f(t.handler),
        baseline: `raw ${f(t.raw)}`,
        ratio: ratio(t.handler.p50, t.raw.p50),
        target: '(info)',
        met: null,
      },
      {
        section,
        metric: 'reader direct vs raw, p50',
        value: f(t.reader),
        baseline: `raw ${f(t.raw)}`,
        ratio: ratio(t.reader.p50, t.raw.p50),
        target: '(info)',
        met: null,
      },
    ];
  });
  return { rows, details: timings };
}
