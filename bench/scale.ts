/**
 * (e) Scale: 30 regions, 1,000 application profiles in each of 5 of them, the emulator paging at
 * 1,000 with nextToken. The scan runs in a child process: the scanner Lambda's own bundle
 * (built as the construct builds it), pointed at the emulator and dynalite through
 * AWS_ENDPOINT_URL_BEDROCK / AWS_ENDPOINT_URL_DYNAMODB; its peak RSS is the child's maxRSS.
 * Then query latency over the local HTTP server on this table against one with the default data.
 */
import { execFile } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { partitionOfRegion } from '@bedrock-profile-catalog/catalog/contract';
import { buildBundle, LAMBDA_ENV } from './cold-start.js';
import type { EmulatorDataSpec } from './data.js';
import { RemoteEmulator } from './env.js';
import {
  DEFAULT_IDS,
  type LookupIds,
  QUERY_WARM_UP,
  type RouteTimings,
  sampleRoutes,
  startQueryTarget,
} from './query.js';
import { log, ms, type Row, ratio, round } from './stats.js';

const run = promisify(execFile);

export const SCALE_APP_REGIONS = [
  'us-east-1',
  'us-west-2',
  'eu-west-1',
  'ap-northeast-1',
  'eu-central-1',
];
export const SCALE_EMULATOR: EmulatorDataSpec = {
  regions: 30,
  applicationProfiles: { regions: SCALE_APP_REGIONS, count: 1000 },
  pageSize: { inferenceProfiles: 1000, provisionedModelThroughputs: 1000 },
};
const QUERY_SAMPLES = 150;

const SCAN_SCRIPT = `
const { handler } = await import(process.env.BENCH_BUNDLE_URL);
const context = {
  functionName: 'bench-scanner', functionVersion: '$LATEST', memoryLimitInMB: '1024',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:bench-scanner',
  awsRequestId: 'bench', getRemainingTimeInMillis: () => 600000,
};
const started = performance.now();
const result = await handler({ source: 'schedule' }, context);
const ms = performance.now() - started;
process.stderr.write('BENCH_RESULT ' + JSON.stringify({ ms, result, maxRssKiB: process.resourceUsage().maxRSS }) + '\\n');
`;

interface ChildScan {
  ms: number;
  maxRssKiB: number;
  result: { status: string };
}

async function scanInChild(bundleFile: string, env: Record<string, string>): Promise<ChildScan> {
  const { stderr } = await run(process.execPath, ['--input-type=module', '-e', SCAN_SCRIPT], {
    env: {
      PATH: process.env.PATH ?? '',
      ...LAMBDA_ENV,
      ...env,
      BENCH_BUNDLE_URL: pathToFileURL(bundleFile).href,
    },
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = stderr.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  if (!line) throw new Error(`scan child printed no result: ${stderr.slice(-500)}`);
  return JSON.parse(line.slice('BENCH_RESULT '.length)) as ChildScan;
}

export interface ScaleDetails {
  regions: number;
  profiles: number;
  scans: { kind: string; ms: number; maxRssMiB: number; status: string }[];
  query: { scale: RouteTimings[]; default: RouteTimings[] };
}

export async function benchScale(
  dynamoEndpoint: string,
  scaleEmulatorUrl: string,
  defaultEmulatorUrl: string,
): Promise<{ rows: Row[]; details: ScaleDetails }> {
  const emulator = new RemoteEmulator(scaleEmulatorUrl);
  // The scanner scans its own partition only (credentials do not cross partitions).
  const partition = partitionOfRegion(LAMBDA_ENV.AWS_REGION ?? 'us-east-1');
  const regions = (await emulator.regions()).filter((r) => partitionOfRegion(r) === partition);
  const data = await emulator.data();
  const profiles = regions.reduce(
    (n, r) => n + (data.regions[r]?.inferenceProfiles.length ?? 0),
    0,
  );
  const bundle = await buildBundle('scanner', 'lambdas/scanner/handler.ts');
  const tableName = `bench-scale-${Date.now()}`;
  const env = {
    TABLE_NAME: tableName,
    CATALOG_REGIONS: regions.join(','),
    AWS_ENDPOINT_URL_BEDROCK: scaleEmulatorUrl,
    AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
    AWS_ENDPOINT_URL_EVENTBRIDGE: 'http://127.0.0.1:9',
  };
  // The table must exist first: local mode creates it (and scans in-process once; that scan is
  // not measured). Then the child scans the same table.
  const details: ScaleDetails = {
    regions: regions.length,
    profiles,
    scans: [],
    query: { scale: [], default: [] },
  };
  const scaleTarget = await startQueryTarget({
    DYNAMODB_ENDPOINT: dynamoEndpoint,
    BEDROCK_ENDPOINT: scaleEmulatorUrl,
    TABLE_NAME: tableName,
    CATALOG_REGIONS: regions.join(','),
  });
  const defaultTarget = await startQueryTarget({
    DYNAMODB_ENDPOINT: dynamoEndpoint,
    BEDROCK_ENDPOINT: defaultEmulatorUrl,
    TABLE_NAME: `bench-scale-default-${Date.now()}`,
  });
  try {
    // A fresh table for the first-scan measurement (writes every item) in the child.
    const firstTable = `bench-scale-first-${Date.now()}`;
    const firstTarget = await startQueryTarget({
      DYNAMODB_ENDPOINT: dynamoEndpoint,
      BEDROCK_ENDPOINT: defaultEmulatorUrl,
      TABLE_NAME: firstTable,
      CATALOG_REGIONS: 'us-east-1',
    });
    await firstTarget.close();
    const scans: [string, string][] = [
      ['first scan (every item written)', firstTable],
      ['rescan (unchanged)', tableName],
      ['rescan (unchanged)', tableName],
    ];
    for (const [kind, table] of scans) {
      const scan = await scanInChild(bundle.file, { ...env, TABLE_NAME: table });
      details.scans.push({
        kind,
        ms: round(scan.ms),
        maxRssMiB: round(scan.maxRssKiB / 1024),
        status: scan.result.status,
      });
      log(
        `scale: ${kind} ${round(scan.ms)} ms, maxRSS ${round(scan.maxRssKiB / 1024)} MiB (${scan.result.status})`,
      );
    }
    const scaleIds: LookupIds = DEFAULT_IDS;
    log(`scale: query routes, ${QUERY_SAMPLES} samples each, scale vs default table`);
    const [scale = [], base = []] = await sampleRoutes(
      [
        { target: scaleTarget, ids: scaleIds },
        { target: defaultTarget, ids: DEFAULT_IDS },
      ],
      QUERY_SAMPLES,
      QUERY_WARM_UP,
    );
    details.query = { scale, default: base };
  } finally {
    await scaleTarget.close();
    await defaultTarget.close();
  }

  const section = `e. scale (${regions.length} regions, ${profiles} profiles)`;
  const rows: Row[] = details.scans.map((s) => ({
    section,
    metric: `${s.kind}: wall time, peak RSS (scanner Lambda bundle in a child)`,
    value: `${ms(s.ms)}, ${s.maxRssMiB} MiB`,
    baseline: '',
    ratio: null,
    target: '< 256 MiB',
    met: s.maxRssMiB < 256 && s.status !== 'failed',
  }));
  for (const [i, t] of details.query.scale.entries()) {
    const b = details.query.default[i];
    if (!b) continue;
    const r = ratio(t.http.p50, b.http.p50);
    rows.push({
      section,
      metric: `query p50 at scale vs default data: ${t.route} (HTTP)`,
      value: `${t.http.p50.toFixed(2)} ms`,
      baseline: `default ${b.http.p50.toFixed(2)} ms`,
      ratio: r,
      target: '≤ 1.50×',
      met: r <= 1.5,
    });
  }
  return { rows, details };
}
