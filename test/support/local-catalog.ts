import { randomUUID } from 'node:crypto';
import {
  type LocalCatalog,
  type LocalCatalogOverrides,
  loadLocalConfig,
  startLocalCatalog,
} from '@bedrock-profile-catalog/local';
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
  assertInContract(
    { method: init?.method ?? 'GET', path: new URL(path, catalog.url).pathname },
    { statusCode: response.status, body: text, headers },
  );
  return { status: response.status, headers: response.headers, body: JSON.parse(text) as T };
}
