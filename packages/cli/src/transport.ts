import { randomBytes } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CatalogReader } from '@bedrock-profile-catalog/catalog';
import {
  apiGatewayEvent,
  CatalogQueryService,
  createQueryHandler,
} from '@bedrock-profile-catalog/query-api';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import {
  CREDENTIALS_HINT,
  SigningError,
  TableReadError,
  UnreachableError,
  UsageError,
} from './errors.js';

/** Local mode's address: where the CLI looks when neither --endpoint nor BEDROCK_CATALOG_URL is set. */
export const DEFAULT_URL = 'http://127.0.0.1:3000';

export interface ApiRequest {
  method: 'GET' | 'POST';
  /** Path with percent-encoded segments, e.g. `/v1/models/anthropic.claude…%3A0/regions`. */
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
}

export interface ApiResponse {
  status: number;
  body: unknown;
}

/** Where the CLI's answers come from: the HTTP API (local or deployed) or the table itself. */
export interface Transport {
  /** `table` answers through the query handler in this process: same routes, no HTTP, no scans. */
  readonly kind: 'http' | 'table';
  request(request: ApiRequest): Promise<ApiResponse>;
  close(): Promise<void>;
}

export type CredentialSource = AwsCredentialIdentity | AwsCredentialIdentityProvider;

export interface HttpTransportOptions {
  baseUrl: string;
  /** Sign with SigV4 for `execute-api` (deployed stacks use IAM authorization). */
  sigv4: boolean;
  /** Signing region; default: read from an execute-api host name, then `defaultRegion`. */
  region?: string | undefined;
  /** Usually AWS_REGION. */
  defaultRegion?: string | undefined;
  credentials?: CredentialSource;
  fetch?: typeof fetch;
  now?: () => Date;
}

const EXECUTE_API_HOST = /^[a-z0-9]+\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/;

/** `abc123.execute-api.eu-west-1.amazonaws.com` → `eu-west-1`; anything else → null. */
export function executeApiRegion(url: URL): string | null {
  return EXECUTE_API_HOST.exec(url.hostname)?.[1] ?? null;
}

/** Joins an API base URL (which may carry a stage path) and a route path. */
export function apiUrl(baseUrl: string, request: ApiRequest): URL {
  const base = new URL(baseUrl);
  const prefix = base.pathname.replace(/\/+$/, '');
  const url = new URL(`${prefix}${request.path}`, base.origin);
  for (const [name, value] of Object.entries(request.query ?? {})) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  return url;
}

/** Signs one request for API Gateway's IAM authorization; returns the headers to send. */
export async function signRequest(
  url: URL,
  method: string,
  body: string | undefined,
  options: { region: string; credentials: CredentialSource; now?: Date },
): Promise<Record<string, string>> {
  const signer = new SignatureV4({
    service: 'execute-api',
    region: options.region,
    credentials: options.credentials,
    sha256: Sha256,
  });
  const headers: Record<string, string> = { host: url.host };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const signed = await signer.sign(
    {
      method,
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      ...(body !== undefined ? { body } : {}),
    },
    options.now ? { signingDate: options.now } : {},
  );
  const { host: _host, ...rest } = signed.headers as Record<string, string>;
  return rest; // fetch sets Host itself
}

export function httpTransport(options: HttpTransportOptions): Transport {
  const doFetch = options.fetch ?? fetch;
  let credentials: CredentialSource | undefined = options.credentials;
  return {
    kind: 'http',
    async request(request) {
      const url = apiUrl(options.baseUrl, request);
      const body = request.body === undefined ? undefined : JSON.stringify(request.body);
      let headers: Record<string, string> = { accept: 'application/json' };
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (options.sigv4) {
        const region = options.region ?? executeApiRegion(url) ?? options.defaultRegion;
        if (!region) {
          throw new UsageError(
            'SigV4 needs a region: use an execute-api URL, --aws-region or AWS_REGION',
          );
        }
        credentials ??= fromNodeProviderChain();
        try {
          headers = {
            ...headers,
            ...(await signRequest(url, request.method, body, {
              region,
              credentials,
              now: options.now?.(),
            })),
          };
        } catch (error) {
          throw new SigningError(
            `cannot sign the request to ${options.baseUrl}: ${(error as Error).message} — ${CREDENTIALS_HINT}`,
          );
        }
      }
      let response: Response;
      try {
        response = await doFetch(url, {
          method: request.method,
          headers,
          ...(body !== undefined ? { body } : {}),
          signal: AbortSignal.timeout(30_000),
        });
      } catch (error) {
        throw new UnreachableError(unreachableMessage(options.baseUrl, error));
      }
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text === '' ? null : JSON.parse(text);
      } catch {
        // Not JSON (a proxy's error page, say): keep the text for the error message.
      }
      return { status: response.status, body: parsed };
    },
    close: async () => {},
  };
}

function unreachableMessage(baseUrl: string, error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
  const code =
    cause?.code ?? cause?.message ?? (error as { name?: string } | null)?.name ?? 'error';
  const local = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:|\/|$)/.test(baseUrl);
  const hint = local
    ? ' — is `npm start` running?'
    : ' — check --endpoint / BEDROCK_CATALOG_URL and your network';
  return `cannot reach the catalog at ${baseUrl} (${code})${hint}`;
}

export interface TableTransportOptions {
  tableName: string;
  /** A DynamoDB endpoint (dynalite, DynamoDB Local); default: real DynamoDB in `region`. */
  endpoint?: string | undefined;
  /** Default: the SDK's (AWS_REGION, the profile's); us-east-1 for a local endpoint. */
  region?: string | undefined;
  credentials?: CredentialSource;
}

/**
 * Reads the table directly through CatalogReader, answering with the very same routes, views and
 * error codes as the HTTP API (the query handler runs in this process). Cannot start scans.
 */
export function tableTransport(options: TableTransportOptions): Transport {
  const local = options.endpoint !== undefined;
  const client = new DynamoDBClient({
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    region: options.region ?? (local ? 'us-east-1' : undefined),
    ...(options.credentials
      ? { credentials: options.credentials }
      : local && !process.env.AWS_ACCESS_KEY_ID
        ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
        : {}),
  });
  const reader = new CatalogReader({
    documentClient: DynamoDBDocumentClient.from(client),
    tableName: options.tableName,
    cursorSecret: randomBytes(32).toString('hex'),
  });
  const service = new CatalogQueryService({
    reader,
    configuredRegions: 'auto',
    scanIntervalSeconds: 900,
    startScan: async () => {
      throw new UsageError('scan needs the HTTP API (--endpoint); --table only reads');
    },
  });
  // The handler answers a failed read with a bare 503 and logs the cause: keep it for the message.
  const failures: unknown[] = [];
  const handle = createQueryHandler({
    service,
    logger: {
      info: () => {},
      warn: () => {},
      error: (_message, ...extra) => {
        failures.push((extra[0] as { error?: unknown } | undefined)?.error);
      },
    },
  });
  return {
    kind: 'table',
    async request(request) {
      failures.length = 0;
      const result = await handle(
        apiGatewayEvent({
          method: request.method,
          path: request.path,
          query: request.query ?? {},
          ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        }),
      );
      if (result.statusCode === 503 && failures.length > 0) throw tableReadError(options, failures);
      return { status: result.statusCode ?? 200, body: JSON.parse(result.body ?? 'null') };
    },
    close: async () => client.destroy(),
  };
}

/** What to fix, by the SDK's error (name and message); the first match wins. */
const TABLE_READ_HINTS: readonly { cause: RegExp; hint: string }[] = [
  {
    cause: /ResourceNotFound|non-existent table/i,
    hint: 'check --table NAME and --aws-region REGION (tables are regional)',
  },
  {
    cause: /credential|security token|signature|ExpiredToken|UnrecognizedClient/i,
    hint: CREDENTIALS_HINT,
  },
  { cause: /region/i, hint: 'pass --aws-region REGION or set AWS_REGION' },
  {
    cause: /AccessDenied|not authorized/i,
    hint: 'these credentials may not read the table (the stack grants it with catalog.grantRead)',
  },
];

function tableReadError(options: TableTransportOptions, failures: readonly unknown[]): Error {
  const cause = failures.map((f) => (f instanceof Error ? f.message : String(f))).join('; ');
  const where = `table '${options.tableName}'${
    options.endpoint ? ` at ${options.endpoint}` : options.region ? ` in ${options.region}` : ''
  }`;
  if (/ECONNREFUSED|ENOTFOUND|ETIMEDOUT|connect/i.test(cause)) {
    return new UnreachableError(
      `cannot reach DynamoDB for ${where}: ${cause} — check ${options.endpoint ? '--dynamodb-endpoint URL' : '--aws-region REGION'}`,
    );
  }
  const names = failures.map((f) => (f instanceof Error ? f.name : '')).join(' ');
  const hint = TABLE_READ_HINTS.find((h) => h.cause.test(`${names} ${cause}`))?.hint;
  return new TableReadError(`table read failed (${where}): ${cause}${hint ? ` — ${hint}` : ''}`);
}
