import { parseArgs } from 'node:util';
import { RegionCode } from '@bedrock-profile-catalog/catalog';
import { TARGET_SCOPES } from '@bedrock-profile-catalog/query-api';
import {
  type Backend,
  type CredentialSource,
  executeApiRegion,
  httpBackend,
  tableBackend,
  UnreachableError,
  UsageError,
} from './backends.js';
import { age, ms, table } from './format.js';

export const DEFAULT_URL = 'http://127.0.0.1:3000';

export const USAGE = `Usage: bedrock-catalog <command> [options]

Commands:
  regions                          regions with scan status and latency, fastest first
  profiles <modelId> [--region R]  a model's inference profiles (in one source region or all)
  model <profileId> [--region R]   the model behind an inference profile (ID or ARN)
  throughputs --region R           this account's provisioned throughputs in region R
  resolve <modelId> --from R       which ID to call for a model from region R, best first
          [--scope in-region,geo]  only these target scopes (in-region, application, geo, global)
  changes [--since TIME] [--region R]
                                   changes since TIME (ISO 8601, or 30m / 24h / 7d; default 24h)
  scan [--regions a,b] [--wait]    start a scan now; --wait polls until it finishes

Backend (default: the HTTP API at $BEDROCK_CATALOG_URL or ${DEFAULT_URL}):
  --endpoint URL                   the catalog's HTTP API (local mode, or a deployed ApiUrl)
  --sigv4                          sign requests with SigV4 (automatic for execute-api hosts)
  --table NAME                     read the DynamoDB table directly instead (no scan)
  --dynamodb-endpoint URL          with --table: a local DynamoDB endpoint (dynalite, …)
  --aws-region R                   SigV4 / DynamoDB region (default: from the URL or AWS_REGION)

Output:
  --json                           the API's JSON answer, for scripts
  -h, --help                       this help
`;

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

export interface RunOptions {
  io?: Io;
  env?: Record<string, string | undefined>;
  /** Tests: a fixed credential source for SigV4 instead of the default chain. */
  credentials?: CredentialSource;
  now?: () => Date;
  /** Tests: how long `scan --wait` sleeps between polls. */
  pollMs?: number;
  fetch?: typeof fetch;
}

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

const OPTIONS = {
  json: { type: 'boolean' },
  endpoint: { type: 'string' },
  sigv4: { type: 'boolean' },
  table: { type: 'string' },
  'dynamodb-endpoint': { type: 'string' },
  'aws-region': { type: 'string' },
  region: { type: 'string' },
  from: { type: 'string' },
  scope: { type: 'string' },
  since: { type: 'string' },
  regions: { type: 'string' },
  wait: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parse>['values'];

function parse(argv: string[]) {
  return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
}

/** API failure: the API's error code and message, exit code 1. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Runs one command; resolves to the process exit code (0 ok, 1 failure, 2 bad input). */
export async function run(argv: string[], options: RunOptions = {}): Promise<number> {
  const io = options.io ?? processIo;
  const env = options.env ?? process.env;
  let backend: Backend | undefined;
  try {
    let parsed: ReturnType<typeof parse>;
    try {
      parsed = parse(argv);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const { values, positionals } = parsed;
    const [command, ...args] = positionals;
    if (values.help || command === 'help') {
      io.stdout(USAGE);
      return 0;
    }
    if (!command) throw new UsageError('missing command');
    const handler = COMMANDS[command];
    if (!handler) throw new UsageError(`unknown command '${command}'`);
    backend = makeBackend(values, env, options);
    const context: Context = {
      values,
      args,
      backend,
      io,
      now: options.now ?? (() => new Date()),
      pollMs: options.pollMs ?? 1000,
    };
    return await handler(context);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`bedrock-catalog: ${error.message}\nRun 'bedrock-catalog --help' for usage.\n`);
      return 2;
    }
    if (error instanceof UnreachableError) {
      io.stderr(`bedrock-catalog: ${error.message}\n`);
      return 1;
    }
    if (error instanceof ApiError) {
      io.stderr(`bedrock-catalog: ${error.code} (HTTP ${error.status}): ${error.message}\n`);
      return 1;
    }
    io.stderr(
      `bedrock-catalog: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`,
    );
    return 1;
  } finally {
    await backend?.close();
  }
}

function makeBackend(
  values: Values,
  env: Record<string, string | undefined>,
  options: RunOptions,
): Backend {
  const region = values['aws-region'] ?? undefined;
  if (region !== undefined) validRegion('--aws-region', region);
  if (values.table !== undefined) {
    if (values.endpoint !== undefined) {
      throw new UsageError('use either --table or --endpoint, not both');
    }
    if (values['dynamodb-endpoint'] !== undefined)
      validUrl('--dynamodb-endpoint', values['dynamodb-endpoint']);
    return tableBackend({
      tableName: values.table,
      endpoint: values['dynamodb-endpoint'],
      region: region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION,
      ...(options.credentials ? { credentials: options.credentials } : {}),
    });
  }
  const baseUrl = values.endpoint ?? env.BEDROCK_CATALOG_URL ?? DEFAULT_URL;
  const url = validUrl(values.endpoint ? '--endpoint' : 'BEDROCK_CATALOG_URL', baseUrl);
  return httpBackend({
    baseUrl,
    sigv4: values.sigv4 === true || executeApiRegion(url) !== null,
    region,
    defaultRegion: env.AWS_REGION ?? env.AWS_DEFAULT_REGION,
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
}

interface Context {
  values: Values;
  args: string[];
  backend: Backend;
  io: Io;
  now: () => Date;
  pollMs: number;
}

type Command = (context: Context) => Promise<number>;

const seg = encodeURIComponent;

async function call<T>(backend: Backend, request: Parameters<Backend['request']>[0]): Promise<T> {
  const response = await backend.request(request);
  if (response.status >= 200 && response.status < 300) return response.body as T;
  const error = (response.body as { error?: { code?: string; message?: string } } | null)?.error;
  throw new ApiError(
    response.status,
    error?.code ?? `HTTP_${response.status}`,
    error?.message ??
      (typeof response.body === 'string' ? response.body.slice(0, 200) : 'unexpected answer'),
  );
}

/** Follows `nextCursor` (at most 50 pages) and returns every item. */
async function allPages<T>(
  backend: Backend,
  path: string,
  query: Record<string, string | undefined>,
): Promise<{ items: T[]; catalogAsOf: string | null }> {
  const items: T[] = [];
  let cursor: string | undefined;
  let catalogAsOf: string | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const page = await call<{ items: T[]; nextCursor: string | null; catalogAsOf?: string | null }>(
      backend,
      { method: 'GET', path, query: { ...query, limit: '100', cursor } },
    );
    items.push(...page.items);
    catalogAsOf = page.catalogAsOf ?? catalogAsOf;
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return { items, catalogAsOf };
}

function validRegion(name: string, value: string): string {
  if (!RegionCode.safeParse(value).success) {
    throw new UsageError(
      `bad region for ${name}: '${value}' (expected a region code like us-east-1)`,
    );
  }
  return value;
}

/** A typo in --scope is bad input (exit 2), like a bad --from, not an API error. */
function validScopes(value: string): string {
  const bad = value.split(',').find((name) => !(TARGET_SCOPES as readonly string[]).includes(name));
  if (bad !== undefined) {
    throw new UsageError(
      `bad scope for --scope: '${bad}' (expected a comma list of ${TARGET_SCOPES.join(', ')})`,
    );
  }
  return value;
}

function validUrl(name: string, value: string): URL {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
    return url;
  } catch {
    throw new UsageError(`bad URL for ${name}: '${value}'`);
  }
}

function one(args: string[], what: string, command: string): string {
  const [value, ...extra] = args;
  if (!value) throw new UsageError(`${command}: missing <${what}>`);
  if (extra.length > 0) throw new UsageError(`${command}: unexpected argument '${extra[0]}'`);
  return value;
}

function none(args: string[], command: string) {
  if (args.length > 0) throw new UsageError(`${command}: unexpected argument '${args[0]}'`);
}

function only(values: Values, command: string, allowed: readonly (keyof Values)[]) {
  const commandOptions: (keyof Values)[] = ['region', 'from', 'scope', 'since', 'regions', 'wait'];
  for (const option of commandOptions) {
    if (values[option] !== undefined && !allowed.includes(option)) {
      throw new UsageError(`${command}: --${option} does not apply`);
    }
  }
}

const json = (io: Io, body: unknown): number => {
  io.stdout(`${JSON.stringify(body, null, 2)}\n`);
  return 0;
};

interface RegionStatus {
  region: string;
  status: string;
  latencyMs: { p50: number; p90: number; p99: number; samples: number } | null;
  lastSuccessAt: string | null;
  error: { code: string; message: string } | null;
  counts: { profiles: number; models: number } | null;
}

interface Throughput {
  arn: string;
  name: string;
  modelId: string;
  status: string;
  modelUnits: number;
  commitmentDuration: string | null;
}

interface Profile {
  profileId: string;
  type: string;
  scope: string;
  region: string;
  modelId: string;
  modelIds: string[];
  destinationRegions: string[];
  status: string;
}

interface InvokeTargets {
  modelId: string;
  sourceRegion: string;
  items: {
    targetId: string;
    scope: string;
    destinationRegions: string[];
    access?: { usable: boolean; reason: string | null } | null;
  }[];
  hint: { message: string } | null;
  catalogAsOf: string | null;
}

const COMMANDS: Record<string, Command> = {
  async regions({ values, args, backend, io, now }) {
    none(args, 'regions');
    only(values, 'regions', []);
    const answer = await call<{ items: RegionStatus[]; catalogAsOf: string | null }>(backend, {
      method: 'GET',
      path: '/v1/regions',
    });
    if (values.json) return json(io, answer);
    io.stdout(
      table(
        [
          'REGION',
          'STATUS',
          'P50 MS',
          'P90 MS',
          'SAMPLES',
          'PROFILES',
          'MODELS',
          'LAST SUCCESS',
          'ERROR',
        ],
        answer.items.map((r) => [
          r.region,
          r.status,
          ms(r.latencyMs?.p50),
          ms(r.latencyMs?.p90),
          r.latencyMs?.samples ?? 0,
          r.counts?.profiles,
          r.counts?.models,
          age(r.lastSuccessAt, now()),
          r.error ? `${r.error.code}: ${r.error.message}` : '',
        ]),
      ),
    );
    return 0;
  },

  async profiles({ values, args, backend, io }) {
    const modelId = one(args, 'modelId', 'profiles');
    only(values, 'profiles', ['region']);
    const region = values.region === undefined ? undefined : validRegion('--region', values.region);
    const answer = await allPages<Profile>(backend, `/v1/models/${seg(modelId)}/profiles`, {
      region,
    });
    if (values.json) return json(io, { modelId, ...answer });
    if (answer.items.length === 0) {
      io.stdout(`No inference profile reaches ${modelId}${region ? ` from ${region}` : ''}.\n`);
      return 0;
    }
    io.stdout(
      table(
        ['PROFILE', 'SCOPE', 'TYPE', 'SOURCE REGION', 'STATUS', 'DESTINATIONS'],
        answer.items.map((p) => [
          p.profileId,
          p.scope,
          p.type,
          p.region,
          p.status,
          p.destinationRegions.join(','),
        ]),
      ),
    );
    return 0;
  },

  async throughputs({ values, args, backend, io }) {
    none(args, 'throughputs');
    only(values, 'throughputs', ['region']);
    if (values.region === undefined) throw new UsageError('throughputs: missing --region <region>');
    const region = validRegion('--region', values.region);
    const answer = await allPages<Throughput>(
      backend,
      `/v1/regions/${seg(region)}/throughputs`,
      {},
    );
    if (values.json) return json(io, { region, ...answer });
    if (answer.items.length === 0) {
      io.stdout(`No provisioned throughput in ${region}.\n`);
      return 0;
    }
    io.stdout(
      table(
        ['ARN', 'NAME', 'MODEL', 'STATUS', 'UNITS', 'COMMITMENT'],
        answer.items.map((t) => [
          t.arn,
          t.name,
          t.modelId,
          t.status,
          t.modelUnits,
          t.commitmentDuration ?? '-',
        ]),
      ),
    );
    return 0;
  },

  async model({ values, args, backend, io }) {
    const profileId = one(args, 'profileId', 'model');
    only(values, 'model', ['region']);
    const region = values.region === undefined ? undefined : validRegion('--region', values.region);
    const answer = await call<{
      profileId: string;
      modelId: string;
      modelIds: string[];
      region: string;
    }>(backend, { method: 'GET', path: `/v1/profiles/${seg(profileId)}/model`, query: { region } });
    if (values.json) return json(io, answer);
    io.stdout(
      table(
        ['PROFILE', 'SOURCE REGION', 'MODEL', 'ALL MODELS'],
        [[answer.profileId, answer.region, answer.modelId, answer.modelIds.join(',')]],
      ),
    );
    return 0;
  },

  async resolve({ values, args, backend, io }) {
    const modelId = one(args, 'modelId', 'resolve');
    only(values, 'resolve', ['from', 'scope']);
    if (values.from === undefined) throw new UsageError('resolve: missing --from <region>');
    const from = validRegion('--from', values.from);
    const answer = await call<InvokeTargets>(backend, {
      method: 'GET',
      path: `/v1/models/${seg(modelId)}/invoke-targets`,
      query: {
        sourceRegion: from,
        ...(values.scope === undefined ? {} : { scope: validScopes(values.scope) }),
      },
    });
    if (values.json) return json(io, answer);
    if (answer.items.length === 0) {
      io.stdout(`No target for ${modelId} from ${from}: ${answer.hint?.message ?? 'none'}\n`);
      return 0;
    }
    io.stdout(
      table(
        ['#', 'TARGET', 'SCOPE', 'ACCESS', 'DESTINATIONS'],
        answer.items.map((t, i) => [
          i + 1,
          t.targetId,
          t.scope,
          !t.access
            ? 'unchecked'
            : t.access.usable
              ? 'usable'
              : `NO: ${t.access.reason ?? 'denied'}`,
          t.destinationRegions.join(','),
        ]),
      ),
    );
    return 0;
  },

  async changes({ values, args, backend, io, now }) {
    none(args, 'changes');
    only(values, 'changes', ['since', 'region']);
    const since = parseSince(values.since ?? '24h', now());
    const region = values.region === undefined ? undefined : validRegion('--region', values.region);
    const answer = await allPages<{
      at: string;
      kind: string;
      entity: string;
      id: string;
      region: string;
    }>(backend, '/v1/changes', { since: since.toISOString(), region });
    if (values.json) return json(io, { since: since.toISOString(), items: answer.items });
    if (answer.items.length === 0) {
      io.stdout(`No changes since ${since.toISOString()}.\n`);
      return 0;
    }
    io.stdout(
      table(
        ['AT', 'KIND', 'ENTITY', 'REGION', 'ID'],
        answer.items.map((c) => [c.at, c.kind, c.entity, c.region, c.id]),
      ),
    );
    return 0;
  },

  async scan({ values, args, backend, io, pollMs }) {
    none(args, 'scan');
    only(values, 'scan', ['regions', 'wait']);
    if (!backend.canScan)
      throw new UsageError('scan needs the HTTP API (--endpoint); --table only reads');
    const regions = values.regions
      ?.split(',')
      .map((r) => r.trim())
      .filter((r) => r !== '')
      .map((r) => validRegion('--regions', r));
    if (values.regions !== undefined && regions?.length === 0) {
      throw new UsageError('scan: --regions needs at least one region');
    }
    const started = await call<{ scanId: string }>(backend, {
      method: 'POST',
      path: '/v1/scans',
      ...(regions ? { body: { regions } } : {}),
    });
    if (!values.wait) {
      if (values.json) return json(io, started);
      io.stdout(
        `Scan ${started.scanId} started. Follow it at GET /v1/scans/${started.scanId} (scan --wait starts a scan and waits for it)\n`,
      );
      return 0;
    }
    const scan = await waitForScan(backend, started.scanId, pollMs);
    if (values.json) {
      json(io, scan);
      return scan.status === 'failed' ? 1 : 0;
    }
    io.stdout(`Scan ${scan.scanId}: ${scan.status} in ${ms(scan.durationMs)} ms\n`);
    io.stdout(
      table(
        ['REGION', 'STATUS', 'MS', 'ERROR'],
        scan.regions.map((r) => [
          r.region,
          r.status,
          ms(r.durationMs),
          r.error ? `${r.error.code}: ${r.error.message}` : '',
        ]),
      ),
    );
    return scan.status === 'failed' ? 1 : 0;
  },
};

interface Scan {
  scanId: string;
  status: string;
  durationMs: number | null;
  regions: {
    region: string;
    status: string;
    durationMs: number;
    error: { code: string; message: string } | null;
  }[];
}

/** Polls GET /v1/scans/{id} until the scan is no longer running (10 min at most). */
async function waitForScan(backend: Backend, scanId: string, pollMs: number): Promise<Scan> {
  const deadline = Date.now() + 10 * 60_000;
  while (Date.now() < deadline) {
    try {
      const scan = await call<Scan>(backend, { method: 'GET', path: `/v1/scans/${seg(scanId)}` });
      if (scan.status !== 'running') return scan;
    } catch (error) {
      // The scan record appears once the scanner has started; until then, 404.
      if (!(error instanceof ApiError && error.status === 404)) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  throw new Error(`scan ${scanId} still running after 10 minutes`);
}

/** ISO 8601 with a time zone, or a duration back from now: 30m, 24h, 7d. */
export function parseSince(value: string, now: Date): Date {
  const relative = /^(\d+)([smhd])$/.exec(value);
  if (relative) {
    const unit = { s: 1, m: 60, h: 3600, d: 86_400 }[relative[2] as 's' | 'm' | 'h' | 'd'];
    return new Date(now.getTime() - Number(relative[1]) * unit * 1000);
  }
  const time = Date.parse(value);
  if (Number.isNaN(time) || !/\d{4}-\d{2}-\d{2}/.test(value)) {
    throw new UsageError(
      `bad --since '${value}': use ISO 8601 (2026-11-01T00:00:00Z) or 30m / 24h / 7d`,
    );
  }
  return new Date(time);
}
