import type { LocalCatalog } from '@bedrock-profile-catalog/local';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractViolation, path, queryString } from '../support/fuzz-requests.js';
import { fetchJson, startTestCatalog } from '../support/local-catalog.js';

/**
 * A smaller fuzz sample through local mode's real HTTP server with `fetch`: what the handler fuzz
 * promises must also hold after URL parsing and the HTTP-to-API-Gateway adapter.
 */
const RUNS = Number(process.env.FUZZ_HTTP_RUNS ?? 300);

let catalog: LocalCatalog;
const realCursors: string[] = [];

beforeAll(async () => {
  catalog = await startTestCatalog({ CATALOG_REGIONS: 'us-east-1,eu-west-1,ap-southeast-1' });
  const page = await fetchJson<{ nextCursor: string }>(
    catalog,
    '/v1/regions/us-east-1/profiles?limit=1',
  );
  realCursors.push(page.body.nextCursor);
});

afterAll(async () => {
  await catalog?.close();
});

// fetch refuses TRACE/CONNECT and bodies on GET/HEAD; HEAD answers carry no body to check.
const httpRequest = fc.record({
  method: fc.constantFrom('GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
  path,
  query: queryString(['v1.placeholder.cursor']),
  body: fc.option(fc.oneof(fc.string({ maxLength: 60 }), fc.constant('{"regions":["xx-y-1"]}'))),
});

describe('local mode HTTP fuzz (fast-check)', () => {
  it(`survives ${RUNS} hostile requests over real HTTP`, async () => {
    await fc.assert(
      fc.asyncProperty(httpRequest, async ({ method, path: rawPath, query, body }) => {
        const url = `${catalog.url}${rawPath}${query ? `?${query}` : ''}`;
        const withBody = method !== 'GET' && body !== null;
        const response = await fetch(url, {
          method,
          signal: AbortSignal.timeout(5_000),
          // As JSON: local mode refuses any other POST body before the handler (see
          // request-guard.integration.test.ts), and the handler is what this fuzzes.
          ...(withBody ? { body, headers: { 'content-type': 'application/json' } } : {}),
        });
        // The explorer page's own paths answer HTML by design; everything else is the API.
        if (/^\/(index\.html|assets\/.*)?$/.test(new URL(url).pathname)) return;
        // Node's HTTP parser refuses a request head over 16 KB before any of our code runs.
        if (response.status === 431 && new URL(url).href.length > 16_000) return;
        const problem = contractViolation({
          status: response.status,
          contentType: response.headers.get('content-type') ?? undefined,
          body: await response.text(),
        });
        expect(problem, `${method} ${url.slice(0, 200)} → ${response.status}`).toBeNull();
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('a tampered cursor over HTTP is a 400 INVALID_CURSOR', async () => {
    const [cursor = ''] = realCursors;
    const tampered = `${cursor.slice(0, -2)}${cursor.endsWith('AA') ? 'BB' : 'AA'}`;
    const { status, body } = await fetchJson(
      catalog,
      `/v1/regions/us-east-1/profiles?limit=1&cursor=${encodeURIComponent(tampered)}`,
    );
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: { code: 'INVALID_CURSOR' } });
  });
});
