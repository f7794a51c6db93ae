/**
 * (h) Price refresh: the price refresh Lambda's own bundle (built as the construct builds it)
 * in a child process, against full-size offer files served over HTTP (the emulator's slice rows
 * under distinct SKUs, bench/price-list-offers.ts) and dynalite, on a table local mode scanned
 * and priced from the emulator's slice. Peak RSS is the child's `process.resourceUsage().maxRSS`
 * (module load included). Targets from the deployed function: peak RSS ≤ 50 % of its memory,
 * time ≤ 25 % of its timeout.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { PRICE_REFRESH_FUNCTION } from '../infra/constructs/catalog/prices.js';
import { buildBundle, LAMBDA_ENV } from './cold-start.js';
import { type FullSizePriceList, startFullSizePriceList } from './price-list-offers.js';
import { startQueryTarget } from './query.js';
import { log, ms, type Row, round } from './stats.js';

const run = promisify(execFile);

const MAX_RSS_MIB = PRICE_REFRESH_FUNCTION.memorySizeMiB * 0.5;
const MAX_MS = PRICE_REFRESH_FUNCTION.timeoutSeconds * 1000 * 0.25;

const REFRESH_SCRIPT = `
const { handler } = await import(process.env.BENCH_BUNDLE_URL);
const context = {
  functionName: 'bench-price-refresh', functionVersion: '$LATEST',
  memoryLimitInMB: process.env.BENCH_MEMORY_MIB,
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:bench-price-refresh',
  awsRequestId: 'bench', getRemainingTimeInMillis: () => 300000,
};
const started = performance.now();
const result = await handler({ source: 'schedule' }, context);
const ms = performance.now() - started;
process.stderr.write('BENCH_RESULT ' + JSON.stringify({ ms, result, maxRssKiB: process.resourceUsage().maxRSS }) + '\\n');
`;

interface ChildRefresh {
  ms: number;
  maxRssKiB: number;
  result: { status: string; offers?: { offer: string; outcome: string; cellsWritten: number }[] };
}

async function refreshInChild(bundleFile: string, env: Record<string, string>) {
  const { stderr } = await run(process.execPath, ['--input-type=module', '-e', REFRESH_SCRIPT], {
    env: {
      PATH: process.env.PATH ?? '',
      ...LAMBDA_ENV,
      ...env,
      BENCH_MEMORY_MIB: String(PRICE_REFRESH_FUNCTION.memorySizeMiB),
      BENCH_BUNDLE_URL: pathToFileURL(bundleFile).href,
    },
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = stderr.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  if (!line) throw new Error(`price refresh child printed no result: ${stderr.slice(-500)}`);
  return JSON.parse(line.slice('BENCH_RESULT '.length)) as ChildRefresh;
}

export interface PriceRefreshDetails {
  offers: ReturnType<FullSizePriceList['offers']>;
  runs: {
    kind: string;
    ms: number;
    maxRssMiB: number;
    status: string;
    downloaded: string[];
    cellsWritten: number;
  }[];
}

export async function benchPriceRefresh(
  dynamoEndpoint: string,
  emulatorUrl: string,
): Promise<{ rows: Row[]; details: PriceRefreshDetails }> {
  const priceList = await startFullSizePriceList();
  const details: PriceRefreshDetails = { offers: priceList.offers(), runs: [] };
  try {
    for (const [offer, { bytes, skus }] of Object.entries(details.offers)) {
      log(`prices: ${offer} ${round(bytes / 1e6, 2)} MB, ${skus} SKUs`);
    }
    // A scanned catalog (the model directory), priced from the emulator's slice at start.
    const tableName = `bench-prices-${randomUUID().slice(0, 8)}`;
    const target = await startQueryTarget({
      DYNAMODB_ENDPOINT: dynamoEndpoint,
      BEDROCK_ENDPOINT: emulatorUrl,
      TABLE_NAME: tableName,
    });
    await target.catalog.lastPriceRefresh();
    await target.close();

    const bundle = await buildBundle('price-refresh', 'lambdas/price-refresh/handler.ts');
    const env = {
      TABLE_NAME: tableName,
      PRICE_LIST_URL: priceList.url,
      EVENT_BUS_NAME: 'bench-bus',
      AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
      AWS_ENDPOINT_URL_EVENTBRIDGE: emulatorUrl,
    };
    const runs: [string, () => void][] = [
      ['every offer changed (the first refresh: 16 + 6.6 + 0.4 MB)', () => {}],
      ['no offer changed (4 small GETs)', () => {}],
      [
        'AmazonBedrock changed, same prices (16 MB, 0 cells)',
        () => priceList.bump('AmazonBedrock'),
      ],
    ];
    for (const [kind, before] of runs) {
      before();
      const child = await refreshInChild(bundle.file, env);
      const offers = child.result.offers ?? [];
      const summary = {
        kind,
        ms: round(child.ms),
        maxRssMiB: round(child.maxRssKiB / 1024),
        status: child.result.status,
        downloaded: offers.filter((o) => o.outcome === 'updated').map((o) => o.offer),
        cellsWritten: offers.reduce((n, o) => n + o.cellsWritten, 0),
      };
      details.runs.push(summary);
      log(
        `prices: ${kind}: ${summary.ms} ms, maxRSS ${summary.maxRssMiB} MiB (${summary.status}; downloaded ${summary.downloaded.join(', ') || 'nothing'}; ${summary.cellsWritten} cells written)`,
      );
    }
  } finally {
    await priceList.close();
  }
  const section = `h. price refresh (Lambda ${PRICE_REFRESH_FUNCTION.memorySizeMiB} MB, ${PRICE_REFRESH_FUNCTION.timeoutSeconds} s)`;
  const rows: Row[] = details.runs.map((r) => ({
    section,
    metric: `${r.kind}: wall time, peak RSS (price refresh bundle in a child)`,
    value: `${ms(r.ms)}, ${r.maxRssMiB} MiB`,
    baseline: '',
    ratio: null,
    target: `≤ ${MAX_MS / 1000} s, ≤ ${MAX_RSS_MIB} MiB`,
    met: r.ms <= MAX_MS && r.maxRssMiB <= MAX_RSS_MIB && r.status === 'ok',
  }));
  return { rows, details };
}
