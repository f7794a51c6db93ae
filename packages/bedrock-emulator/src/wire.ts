/** Response framing shared by all operations: headers, error shape and pagination tokens. */
import type { ServerResponse } from 'node:http';

/** The SDK reads the error name from this header and cuts it at the first `:` (bedrock-api.md §4). */
const ERROR_TYPE_NAMESPACE = 'http://internal.amazon.com/coral/com.amazon.bedrock/';

/** An error the service answers with; thrown by handlers and rendered by `sendError`. */
export class BedrockError extends Error {
  constructor(
    readonly errorType: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = errorType;
  }
}

export function validationError(message: string): BedrockError {
  return new BedrockError('ValidationException', 400, message);
}

export function notFoundError(message: string): BedrockError {
  return new BedrockError('ResourceNotFoundException', 404, message);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: string,
  requestId: string,
  extraHeaders: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    'x-amzn-RequestId': requestId,
    ...extraHeaders,
  });
  res.end(body);
}

export function sendError(
  res: ServerResponse,
  error: { errorType: string; status: number; message: string },
  requestId: string,
): void {
  sendJson(res, error.status, JSON.stringify({ message: error.message }), requestId, {
    'x-amzn-ErrorType': `${error.errorType}:${ERROR_TYPE_NAMESPACE}`,
  });
}

/** A 200 body the SDK must fail to parse, for the `malformed` fault. */
export function malformedBody(json: string, mode: 'truncated' | 'not-json'): string {
  if (mode === 'not-json') return '<html><body><h1>502 Bad Gateway</h1></body></html>';
  return json.slice(0, Math.max(1, Math.floor(json.length / 2)));
}

/**
 * Tokens are opaque to clients but carry the listing they belong to, so a token replayed with a
 * different filter is rejected like the real service rejects foreign tokens.
 */
export function encodePageToken(scope: string, offset: number): string {
  return Buffer.from(JSON.stringify({ scope, offset }), 'utf8').toString('base64url');
}

export function decodePageToken(token: string, scope: string): number {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      'scope' in parsed &&
      'offset' in parsed &&
      parsed.scope === scope &&
      Number.isSafeInteger(parsed.offset) &&
      (parsed.offset as number) > 0
    ) {
      return parsed.offset as number;
    }
  } catch {
    // fall through: anything unreadable is just an invalid token
  }
  throw validationError('The provided pagination token is invalid.');
}

/** Parses `maxResults` (1–1000 per the API model); absent means "server decides". */
export function parseMaxResults(raw: string | null): number | undefined {
  if (raw === null) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 1000) {
    throw validationError(
      `1 validation error detected: Value '${raw}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 1000`,
    );
  }
  return value;
}

/** One page of `items`; the page is the smaller of the client's maxResults and the server cap. */
export function paginate<T>(
  items: readonly T[],
  query: URLSearchParams,
  serverCap: number,
  scope: string,
): { page: T[]; nextToken?: string } {
  const maxResults = parseMaxResults(query.get('maxResults'));
  const token = query.get('nextToken');
  const offset = token === null ? 0 : decodePageToken(token, scope);
  const size = Math.min(maxResults ?? serverCap, serverCap);
  const end = offset + size;
  const page = items.slice(offset, end);
  return end < items.length ? { page, nextToken: encodePageToken(scope, end) } : { page };
}
