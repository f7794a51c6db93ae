import type { APIGatewayProxyEventV2 } from 'aws-lambda';

export interface ApiEventInit {
  method?: string;
  /** The raw path as sent, still percent-encoded (API Gateway's `rawPath`). */
  path: string;
  /** A raw query string (`a=1&a=2`) or name/value pairs, encoded here. */
  query?: string | Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
  headers?: Record<string, string>;
}

/**
 * An API Gateway HTTP API (payload v2) event as API Gateway builds it: `rawPath` stays encoded,
 * query values are decoded and repeated names joined with commas, header names lower-cased.
 */
export function apiGatewayEvent(init: ApiEventInit): APIGatewayProxyEventV2 {
  const method = (init.method ?? 'GET').toUpperCase();
  const rawQueryString =
    typeof init.query === 'string'
      ? init.query
      : new URLSearchParams(Object.entries(init.query ?? {})).toString();
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
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: init.path,
    rawQueryString,
    headers,
    ...(Object.keys(queryStringParameters).length > 0 ? { queryStringParameters } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'test-api',
      domainName: 'test-api.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'test-api',
      http: {
        method,
        path: init.path,
        protocol: 'HTTP/1.1',
        sourceIp: '192.0.2.1',
        userAgent: 'vitest',
      },
      requestId: 'test-request',
      routeKey: '$default',
      stage: '$default',
      time: '26/Nov/2026:21:00:00 +0000',
      timeEpoch: Date.parse('2026-11-26T21:00:00Z'),
    },
    ...(init.body === undefined ? {} : { body: init.body }),
    isBase64Encoded: init.isBase64Encoded ?? false,
  };
}

/** Percent-encodes one path segment (model IDs carry `:`, ARNs carry `/`). */
export const seg = (value: string) => encodeURIComponent(value);
