import type { IncomingMessage } from 'node:http';
import type { ErrorCode } from '@bedrock-profile-catalog/query-api';

/**
 * What local mode refuses before any route (or the explorer page) sees the request, by code.
 * Local mode may run with real AWS credentials, and a browser will send requests to 127.0.0.1 on
 * behalf of any site the user visits.
 */
export const LOCAL_REFUSALS = {
  /** DNS rebinding: a foreign name resolving to 127.0.0.1 makes the page "same origin". */
  FORBIDDEN_HOST: 403,
  /** A page on another origin (another site, another local port, `null`). */
  FORBIDDEN_ORIGIN: 403,
  /** text/plain and form bodies are the cross-site POSTs a browser sends without a preflight. */
  UNSUPPORTED_MEDIA_TYPE: 415,
  /** Above API Gateway's 10 MB payload limit, refused as API Gateway would. */
  PAYLOAD_TOO_LARGE: 413,
} as const satisfies Partial<Record<ErrorCode, number>>;

export type LocalRefusalCode = keyof typeof LOCAL_REFUSALS;

export interface LocalRefusal {
  code: LocalRefusalCode;
  message: string;
}

/** The names local mode answers to: it listens on 127.0.0.1 only; browsers also say localhost. */
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * Why local mode refuses this request, or null. The Host must name the address it arrived on,
 * an Origin (when sent) must be that address, and a POST that carries a body must say it is JSON.
 * A POST with no body needs no content type (`curl -X POST $API/v1/scans`); a cross-site one is
 * stopped by its Origin, which browsers send on every POST.
 */
export function localRefusalOf(request: IncomingMessage): LocalRefusal | null {
  const port = request.socket.localPort;
  // `Host: localhost` without a port means port 80: allowed only when that is the port.
  const authorities = LOOPBACK_NAMES.flatMap((name) => [
    `${name}:${port}`,
    ...(port === 80 ? [name] : []),
  ]);
  const expected = `127.0.0.1:${port} or localhost:${port}`;
  const host = request.headers.host;
  if (host === undefined || !authorities.includes(host.toLowerCase())) {
    return {
      code: 'FORBIDDEN_HOST',
      message: `Host ${host === undefined ? 'missing' : `'${host.slice(0, 100)}'`}: local mode answers only as ${expected}`,
    };
  }
  const origin = request.headers.origin;
  if (origin !== undefined && !authorities.some((a) => origin.toLowerCase() === `http://${a}`)) {
    return {
      code: 'FORBIDDEN_ORIGIN',
      message: `Origin '${origin.slice(0, 100)}' is not local mode's own (http://${expected}): cross-site requests are refused`,
    };
  }
  if (request.method === 'POST') {
    const type = request.headers['content-type'];
    const hasBody =
      request.headers['transfer-encoding'] !== undefined ||
      Number(request.headers['content-length'] ?? 0) > 0;
    if (type === undefined ? hasBody : !isJson(type)) {
      return {
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: `a POST body must be sent with Content-Type: application/json${type === undefined ? '' : ` (got '${type.slice(0, 100)}')`}`,
      };
    }
  }
  return null;
}

/** `application/json`, with parameters such as `; charset=utf-8`, in any case. */
function isJson(contentType: string): boolean {
  return contentType.split(';', 1)[0]?.trim().toLowerCase() === 'application/json';
}
