import { randomBytes } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CatalogReader } from '@bedrock-profile-catalog/catalog';
import { CatalogQueryService, createQueryHandler } from '@bedrock-profile-catalog/query-api';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

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
export interface Backend {
  /** For messages, e.g. `http://127.0.0.1:3000` or `table bedrock-profile-catalog`. */
  readonly description: string;
  readonly canScan: boolean;
  request(request: ApiRequest): Promise<ApiResponse>;
  close(): Promise<void>;
}

/** The backend could not be reached at all (connection refused, DNS, timeout). */
export class UnreachableError extends Error {
  override readonly name = 'UnreachableError';
}

export type CredentialSource = AwsCredentialIdentity | AwsCredentialIdentityProvider;

export interface HttpBackendOptions {
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

export function httpBackend(options: HttpBackendOptions): Backend {
  const doFetch = options.fetch ?? fetch;
  let credentials: CredentialSource | undefined = options.credentials;
  return {
    description: options.baseUrl,
    canScan: true,
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
        headers = {
          ...headers,
          ...(await signRequest(url, request.method, body, {
            region,
            credentials,
            now: options.now?.(),
          })),
        };
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

export interface TableBackendOptions {
  tableName: string;
  /** A DynamoDB endpoint (dynalite, DynamoDB Local); default: real DynamoDB in `region`. */
  endpoint?: string | undefined;
  /** Default: AWS_REGION (us-east-1 for a local endpoint). */
  region?: string | undefined;
  credentials?: CredentialSource;
}

/**
 * Reads the table directly through CatalogReader, answering with the very same routes, views and
 * error codes as the HTTP API (the query handler runs in this process). Cannot start scans.
 */
export function tableBackend(options: TableBackendOptions): Backend {
  const local = options.endpoint !== undefined;
  const client = new DynamoDBClient({
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    region: options.region ?? process.env.AWS_REGION ?? (local ? 'us-east-1' : undefined),
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
  const errors: string[] = [];
  const handle = createQueryHandler({
    service,
    logger: {
      info: () => {},
      warn: () => {},
      error: (_message, ...extra) => {
        const detail = (extra[0] as { error?: unknown } | undefined)?.error;
        errors.push(detail instanceof Error ? detail.message : String(detail));
      },
    },
  });
  return {
    description: `table ${options.tableName}${options.endpoint ? ` at ${options.endpoint}` : ''}`,
    canScan: false,
    async request(request) {
      const query = Object.fromEntries(
        Object.entries(request.query ?? {}).filter(
          (entry): entry is [string, string] => entry[1] !== undefined,
        ),
      );
      const event = {
        version: '2.0',
        routeKey: '$default',
        rawPath: request.path,
        rawQueryString: new URLSearchParams(query).toString(),
        headers: {},
        ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
        requestContext: { http: { method: request.method, path: request.path } },
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        isBase64Encoded: false,
      } as unknown as APIGatewayProxyEventV2;
      errors.length = 0;
      const result = await handle(event);
      const body = JSON.parse(result.body ?? 'null') as unknown;
      if (result.statusCode === 503 && errors.length > 0) {
        const cause = errors.join('; ');
        if (/ECONNREFUSED|ENOTFOUND|ETIMEDOUT|connect/i.test(cause)) {
          throw new UnreachableError(
            `cannot reach DynamoDB${options.endpoint ? ` at ${options.endpoint}` : ''} for table ${options.tableName}: ${cause}`,
          );
        }
        return {
          status: 503,
          body: { error: { code: 'CATALOG_UNAVAILABLE', message: `table read failed: ${cause}` } },
        };
      }
      return { status: result.statusCode ?? 200, body };
    },
    close: async () => client.destroy(),
  };
}

/** Bad command-line input: printed with the usage hint, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
