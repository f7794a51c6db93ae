import type { APIGatewayProxyEventV2 } from 'aws-lambda';

export interface ApiEventInit {
  method?: string;
  /** The raw path as sent, still percent-encoded (API Gateway's `rawPath`). */
  path: string;
  /** A raw query string (`a=1&a=2`) or name/value pairs, encoded here. */
  query?: string | Readonly<Record<string, string | undefined>>;
  body?: string;
  isBase64Encoded?: boolean;
  headers?: Readonly<Record<string, string>>;
  /** Where the request came from; tests and the CLI leave the defaults. */
  context?: {
    accountId?: string;
    domainName?: string;
    sourceIp?: string;
    protocol?: string;
    requestId?: string;
    now?: Date;
  };
}

/**
 * An API Gateway HTTP API (payload v2) event as API Gateway builds it: `rawPath` stays encoded,
 * query values are decoded and repeated names joined with commas, header names lower-cased. The
 * one builder for local mode, the CLI's table transport, the tests and the benchmarks.
 */
export function apiGatewayEvent(init: ApiEventInit): APIGatewayProxyEventV2 {
  const method = (init.method ?? 'GET').toUpperCase();
  const rawQueryString =
    typeof init.query === 'string'
      ? init.query
      : new URLSearchParams(
          Object.entries(init.query ?? {}).filter(
            (entry): entry is [string, string] => entry[1] !== undefined,
          ),
        ).toString();
  const queryStringParameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    const previous = queryStringParameters[name];
    queryStringParameters[name] = previous === undefined ? value : `${previous},${value}`;
  }
  const headers = Object.fromEntries(
    Object.entries({ 'content-type': 'application/json', ...init.headers }).map(([k, v]) => [
      k.toLowerCase(),
      v,
    ]),
  );
  const context = init.context ?? {};
  const now = context.now ?? new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: init.path,
    rawQueryString,
    headers,
    ...(Object.keys(queryStringParameters).length > 0 ? { queryStringParameters } : {}),
    requestContext: {
      accountId: context.accountId ?? '123456789012',
      apiId: 'local',
      domainName: context.domainName ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method,
        path: init.path,
        protocol: context.protocol ?? 'HTTP/1.1',
        sourceIp: context.sourceIp ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: context.requestId ?? 'local-request',
      routeKey: '$default',
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    ...(init.body === undefined ? {} : { body: init.body }),
    isBase64Encoded: init.isBase64Encoded ?? false,
  };
}
