import { randomUUID } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import {
  LOCAL_REFUSALS,
  type LocalCatalog,
  type LocalCatalogOverrides,
  loadLocalConfig,
  startLocalCatalog,
} from '@bedrock-profile-catalog/local';
import { ErrorBody } from '@bedrock-profile-catalog/query-api';
import * as z from 'zod/mini';
import { assertInContract } from './contract.js';

/**
 * Local mode as `npm start` runs it (embedded dynalite and emulator, one scan at start), on random
 * ports and without the timer. Pass env overrides, e.g. `{ CATALOG_REGIONS: 'us-east-1' }`.
 */
export function startTestCatalog(
  env: Record<string, string> = {},
  overrides: LocalCatalogOverrides = {},
): Promise<LocalCatalog> {
  return startLocalCatalog(
    loadLocalConfig({
      PORT: '0',
      SCAN_INTERVAL_SECONDS: '0',
      // Tests that POST /v1/scans expect a new scan after the one at start; coalescing tests set it.
      SCAN_COOLDOWN_SECONDS: '0',
      TABLE_NAME: `local-${randomUUID().slice(0, 8)}`,
      ...env,
    }),
    overrides,
  );
}

export interface JsonResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * `fetch` that parses the JSON body; `path` is appended to the catalog's base URL as is. Every
 * answer is checked against the API contract (the route's closed response schema).
 */
export async function fetchJson<T = Record<string, unknown>>(
  catalog: LocalCatalog,
  path: string,
  init?: RequestInit,
): Promise<JsonResponse<T>> {
  const response = await fetch(`${catalog.url}${path}`, init);
  const text = await response.text();
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  assertLocalAnswer(
    { method: init?.method ?? 'GET', path: new URL(path, catalog.url).pathname },
    { statusCode: response.status, body: text, headers },
  );
  return { status: response.status, headers: response.headers, body: JSON.parse(text) as T };
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (checked against the contract like fetchJson's). */
  body: Record<string, unknown>;
}

/**
 * One request over its own connection with exactly these headers, which `fetch` does not allow
 * (`Host`, `Origin`, no content type on a body): how a browser on another site, or a DNS
 * rebinding page, reaches local mode. Node adds `Host` only when `headers` has none.
 */
export function rawRequest(
  catalog: LocalCatalog,
  request: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<RawResponse> {
  const { port } = new URL(catalog.url);
  const method = request.method ?? 'GET';
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path: request.path,
        headers: request.headers,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = response.statusCode ?? 0;
          try {
            const headers = response.headers as Record<string, string>;
            assertLocalAnswer(
              { method, path: request.path },
              { statusCode: status, body: text, headers },
            );
            resolve({ status, headers: response.headers, body: JSON.parse(text) });
          } catch (error) {
            reject(error);
          }
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

/**
 * The contract check for a local-mode answer. Local mode's own refusals (a foreign Host or
 * Origin, a body that is not JSON, one over 10 MB) come before routing, so no route declares
 * them: for those only the error shape (and its ErrorCode) applies, and the status must be the
 * code's.
 */
function assertLocalAnswer(
  request: { method: string; path: string },
  result: { statusCode: number; body: string; headers: Record<string, string> },
) {
  const code = (JSON.parse(result.body) as { error?: { code?: unknown } } | null)?.error?.code;
  const refusal = Object.entries(LOCAL_REFUSALS).find(([name]) => name === code);
  if (!refusal) return assertInContract(request, result);
  const what = `${request.method} ${request.path} → ${result.statusCode}`;
  if (refusal[1] !== result.statusCode) throw new Error(`${what}: ${code} is a ${refusal[1]}`);
  const parsed = ErrorBody.safeParse(JSON.parse(result.body));
  if (!parsed.success) {
    throw new Error(`${what}: answer not in the contract:\n${z.prettifyError(parsed.error)}`);
  }
}
