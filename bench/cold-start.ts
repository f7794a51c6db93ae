/**
 * (d) Cold-start proxies: bundle size and module-load time, in a fresh Node process, of each
 * Lambda built exactly as the construct builds it (NODE_BUNDLING from
 * infra/constructs/node-function.ts, mapped onto esbuild the way CDK's NodejsFunction does),
 * against a bare-SDK handler built with the same options.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { type BuildOptions, build } from 'esbuild';
import { NODE_BUNDLING, REPO_ROOT } from '../infra/constructs/node-function.js';
import { kib, log, median, ms, type Row, ratio, round } from './stats.js';

const run = promisify(execFile);
const OUT_DIR = fileURLToPath(new URL('./out/bundles/', import.meta.url));
const LOAD_RUNS = 12;

/** CDK's NodejsFunction → esbuild flags (aws-lambda-nodejs bundling.js), as plain options. */
export function esbuildOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    bundle: true,
    outfile,
    absWorkingDir: REPO_ROOT,
    target: NODE_BUNDLING.target,
    platform: NODE_BUNDLING.platform,
    format: NODE_BUNDLING.format,
    minify: NODE_BUNDLING.minify,
    // `--sourcemap` with the default mode: a linked .map file.
    sourcemap: NODE_BUNDLING.sourceMap ? 'linked' : false,
    sourcesContent: NODE_BUNDLING.sourcesContent,
    mainFields: [...NODE_BUNDLING.mainFields],
    // bundleAwsSDK with externalModules [] → nothing external.
    external: [...NODE_BUNDLING.externalModules],
    logLevel: 'warning',
  };
}

export interface Bundle {
  name: string;
  file: string;
  bytes: number;
  gzipBytes: number;
}

export async function buildBundle(name: string, entry: string): Promise<Bundle> {
  const dir = `${OUT_DIR}${name}/`;
  await mkdir(dir, { recursive: true });
  // ESM output is index.mjs, as CDK names it.
  const file = `${dir}index.mjs`;
  await build(esbuildOptions(entry, file));
  const bytes = (await stat(file)).size;
  const gzipBytes = gzipSync(await readFile(file)).length;
  return { name, file, bytes, gzipBytes };
}

/** Environment the handlers validate at load, plus fake credentials (nothing is called). */
export const LAMBDA_ENV: Record<string, string> = {
  TABLE_NAME: 'bench-table',
  CURSOR_SECRET: 'bench-cursor-secret-0123456789',
  EVENT_BUS_NAME: 'bench-bus',
  CATALOG_REGIONS: 'us-east-1,eu-west-1',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_EC2_METADATA_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'WARN',
  // The construct sets this on every function.
  NODE_OPTIONS: '--enable-source-maps',
};

/** Imports the bundle, timing only the import; counts sockets and DNS lookups made meanwhile. */
const LOAD_SCRIPT = `
import net from 'node:net';
import dns from 'node:dns';
let network = 0;
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) { network++; return connect.apply(this, args); };
const lookup = dns.lookup;
dns.lookup = function (...args) { network++; return lookup.apply(this, args); };
const started = performance.now();
await import(process.env.BENCH_BUNDLE_URL);
const ms = performance.now() - started;
await new Promise((resolve) => setTimeout(resolve, 50));
console.log(JSON.stringify({ ms, network }));
`;

async function loadOnce(bundle: Bundle): Promise<{ ms: number; network: number }> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', LOAD_SCRIPT], {
    env: {
      PATH: process.env.PATH ?? '',
      ...LAMBDA_ENV,
      BENCH_BUNDLE_URL: pathToFileURL(bundle.file).href,
    },
  });
  const line = stdout.trim().split('\n').pop() ?? '{}';
  return JSON.parse(line) as { ms: number; network: number };
}

export interface ColdStartDetails {
  bundles: Bundle[];
  loadMs: Record<string, number[]>;
  networkAtLoad: Record<string, number>;
}

export async function benchColdStart(): Promise<{ rows: Row[]; details: ColdStartDetails }> {
  // Targets as ratios to the bare-SDK bundle: the query function's from issue 10 §8 (it is on
  // every caller's path); the scanner runs on a schedule.
  const pairs = [
    {
      name: 'query',
      subject: await buildBundle('query', 'lambdas/query/handler.ts'),
      baseline: await buildBundle('bare-query', 'bench/cold-start/bare-query.ts'),
      targets: { size: 1.25, load: 1.25 },
    },
    {
      name: 'scanner',
      subject: await buildBundle('scanner', 'lambdas/scanner/handler.ts'),
      baseline: await buildBundle('bare-scanner', 'bench/cold-start/bare-scanner.ts'),
      targets: { size: 1.15, load: 1.3 },
    },
  ];
  const details: ColdStartDetails = {
    bundles: pairs.flatMap((p) => [p.subject, p.baseline]),
    loadMs: {},
    networkAtLoad: {},
  };
  for (const bundle of details.bundles) {
    details.loadMs[bundle.name] = [];
    details.networkAtLoad[bundle.name] = 0;
  }
  log(`cold start: ${LOAD_RUNS} fresh-process loads per bundle (1 warm-up), interleaved`);
  for (let i = 0; i <= LOAD_RUNS; i++) {
    for (const pair of pairs) {
      const order = i % 2 === 0 ? [pair.subject, pair.baseline] : [pair.baseline, pair.subject];
      for (const bundle of order) {
        const result = await loadOnce(bundle);
        details.networkAtLoad[bundle.name] =
          (details.networkAtLoad[bundle.name] ?? 0) + result.network;
        if (i > 0) details.loadMs[bundle.name]?.push(round(result.ms, 2));
      }
    }
  }
  const rows: Row[] = pairs.flatMap(({ name, subject, baseline, targets }) => {
    const section = `d. cold start: ${name} Lambda`;
    const sizeRatio = ratio(subject.bytes, baseline.bytes);
    const load = median(details.loadMs[subject.name] ?? [0]);
    const baseLoad = median(details.loadMs[baseline.name] ?? [0]);
    const loadRatio = ratio(load, baseLoad);
    const network = details.networkAtLoad[subject.name] ?? 0;
    return [
      {
        section,
        metric: 'bundle size (minified ESM; gzip in brackets)',
        value: `${kib(subject.bytes)} (${kib(subject.gzipBytes)})`,
        baseline: `bare SDK ${kib(baseline.bytes)} (${kib(baseline.gzipBytes)})`,
        ratio: sizeRatio,
        target: `≤ ${targets.size.toFixed(2)}×`,
        met: sizeRatio <= targets.size,
      },
      {
        section,
        metric: `module load, fresh process, median of ${LOAD_RUNS} (network calls at load: ${network})`,
        value: ms(load),
        baseline: `bare SDK ${ms(baseLoad)}`,
        ratio: loadRatio,
        target: `≤ ${targets.load.toFixed(2)}×`,
        met: loadRatio <= targets.load,
      },
    ];
  });
  return { rows, details };
}
