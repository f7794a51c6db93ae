import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorCode } from '@bedrock-profile-catalog/query-api';
import { apiGatewayEvent } from '@bedrock-profile-catalog/query-api';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** Bodies above API Gateway's 10 MB payload limit are refused the way API Gateway would. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * Turns a Node request into the API Gateway HTTP API (payload v2) event the query Lambda
 * receives, so local mode runs the very same handler; apiGatewayEvent applies API Gateway's rules.
 */
export async function toApiGatewayEvent(request: IncomingMessage): Promise<APIGatewayProxyEventV2> {
  const url = requestTarget(request.url ?? '/');
  const body = await readBody(request);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return apiGatewayEvent({
    method: request.method ?? 'GET',
    path: url.pathname,
    query: url.search.replace(/^\?/, ''),
    headers,
    ...(body.length > 0 ? { body: body.toString('utf8') } : {}),
    context: {
      accountId: 'local',
      domainName: request.headers.host ?? 'localhost',
      protocol: `HTTP/${request.httpVersion}`,
      sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
      requestId: randomUUID(),
    },
  });
}

/**
 * The request target as a URL. Origin-form (`/path?query`) is parsed against a fixed origin, so a
 * path starting with `//` stays a path instead of naming a host; whatever still fails to parse is
 * passed on as a raw path for the handler to refuse.
 */
function requestTarget(raw: string): {
  pathname: string;
  search: string;
  searchParams: URLSearchParams;
} {
  try {
    return new URL(raw.startsWith('/') ? `http://localhost${raw}` : raw, 'http://localhost');
  } catch {
    const [pathname = '/'] = raw.split('?');
    return { pathname, search: '', searchParams: new URLSearchParams() };
  }
}

export class PayloadTooLargeError extends Error {
  override readonly name = 'PayloadTooLargeError';
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new PayloadTooLargeError('request body exceeds 10 MB');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** An answer local mode gives itself, in the API's error shape. */
export function errorResult(
  statusCode: number,
  code: ErrorCode,
  message: string,
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ error: { code, message } }),
  };
}

/** Writes a Lambda proxy result back as the HTTP response. */
export function writeResult(response: ServerResponse, result: APIGatewayProxyStructuredResultV2) {
  const body =
    result.body === undefined
      ? ''
      : result.isBase64Encoded
        ? Buffer.from(result.body, 'base64')
        : result.body;
  response.writeHead(result.statusCode ?? 200, {
    ...Object.fromEntries(
      Object.entries(result.headers ?? {}).map(([name, value]) => [name, String(value)]),
    ),
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}
