import { connect } from 'node:net';
import type { LocalCatalog } from '@bedrock-profile-catalog/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, startTestCatalog } from '../support/local-catalog.js';

/**
 * Local mode may run with real AWS credentials, so a web page the user happens to visit must not
 * reach it: not by DNS rebinding (a foreign Host), not by a cross-site request (a foreign Origin),
 * not by a "simple" cross-site POST (a text/plain or form body, which needs no CORS preflight).
 * Raw HTTP requests, because `fetch` sets Host itself.
 */
let catalog: LocalCatalog;
let port: string;

beforeAll(async () => {
  catalog = await startTestCatalog({ CATALOG_REGIONS: 'us-east-1' });
  port = new URL(catalog.url).port;
});

afterAll(async () => {
  await catalog?.close();
});

const SCAN_BODY = JSON.stringify({ regions: ['us-east-1'] });
const bedrockCalls = () => catalog.emulator?.stats().totalRequests ?? 0;

/** Waits until the scan an accepted POST started has finished, so stats settle. */
async function scanDone(scanId: string) {
  for (let attempt = 0; attempt < 200; attempt++) {
    const scan = await rawRequest(catalog, { path: `/v1/scans/${scanId}` });
    if (scan.status === 200 && scan.body.status !== 'running') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`scan ${scanId} did not finish`);
}

describe('Host: only the bound address answers (DNS rebinding)', () => {
  it.each([
    'evil.example',
    'evil.example:PORT',
    '127.0.0.1.evil.example:PORT',
    'localhost.evil.example:PORT',
    '127.0.0.1:1',
    '192.168.1.20:PORT',
  ])('Host %s → 403 FORBIDDEN_HOST, on the API and the explorer page', async (host) => {
    for (const path of ['/v1/regions', '/', '/openapi.json']) {
      const response = await rawRequest(catalog, {
        path,
        headers: { host: host.replace('PORT', port) },
      });
      expect(response.status, path).toBe(403);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.body).toEqual({
        error: { code: 'FORBIDDEN_HOST', message: expect.stringContaining('Host') },
      });
      expect(JSON.stringify(response.body)).not.toMatch(/\n|\bat .+:\d+:\d+/);
    }
  });

  it('an HTTP/1.0 request without a Host header is refused too', async () => {
    // HTTP/1.1 requires Host and Node refuses its absence itself; HTTP/1.0 reaches local mode.
    const socket = connect(Number(port), '127.0.0.1');
    socket.end('GET /v1/regions HTTP/1.0\r\n\r\n');
    const chunks: Buffer[] = [];
    for await (const chunk of socket) chunks.push(chunk as Buffer);
    const answer = Buffer.concat(chunks).toString('utf8');
    expect(answer.split('\r\n')[0]).toMatch(/^HTTP\/1\.[01] 403 /);
    expect(answer).toContain('"code":"FORBIDDEN_HOST"');
  });

  it('while 127.0.0.1, localhost and [::1] at its port are answered', async () => {
    for (const host of ['127.0.0.1:PORT', 'localhost:PORT', 'LOCALHOST:PORT', '[::1]:PORT']) {
      const headers = { host: host.replace('PORT', port) };
      expect((await rawRequest(catalog, { path: '/v1/regions', headers })).status, host).toBe(200);
    }
    const foreign = await rawRequest(catalog, { path: '/v1/regions', headers: { host: 'x.test' } });
    expect(foreign.status).toBe(403);
  });
});

describe('Origin: only the local origin', () => {
  it.each(['https://evil.example', 'http://localhost:1', 'http://localhost', 'null'])(
    'Origin %s → 403 FORBIDDEN_ORIGIN, and no scan starts',
    async (origin) => {
      const before = bedrockCalls();
      const post = await rawRequest(catalog, {
        method: 'POST',
        path: '/v1/scans',
        headers: { origin, 'content-type': 'application/json' },
        body: SCAN_BODY,
      });
      expect(post.status).toBe(403);
      expect(post.body).toEqual({
        error: { code: 'FORBIDDEN_ORIGIN', message: expect.stringContaining('Origin') },
      });
      const read = await rawRequest(catalog, { path: '/v1/regions', headers: { origin } });
      expect(read.status).toBe(403);
      expect(read.body).toMatchObject({ error: { code: 'FORBIDDEN_ORIGIN' } });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(bedrockCalls()).toBe(before);
    },
  );

  it('while the local origin (the explorer page itself) may POST', async () => {
    for (const origin of ['http://127.0.0.1:PORT', 'http://localhost:PORT']) {
      const post = await rawRequest(catalog, {
        method: 'POST',
        path: '/v1/scans',
        headers: { origin: origin.replace('PORT', port), 'content-type': 'application/json' },
        body: SCAN_BODY,
      });
      expect(post.status, origin).toBe(202);
      await scanDone(String(post.body.scanId));
    }
    const foreign = await rawRequest(catalog, {
      method: 'POST',
      path: '/v1/scans',
      headers: { origin: 'https://x.test', 'content-type': 'application/json' },
      body: SCAN_BODY,
    });
    expect(foreign.status).toBe(403);
  });
});

describe('POST bodies must be JSON (no CORS-simple cross-site POST)', () => {
  it.each([
    'text/plain',
    'text/plain;charset=UTF-8',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/jsonp',
  ])('Content-Type %s → 415 UNSUPPORTED_MEDIA_TYPE, and no scan starts', async (type) => {
    const before = bedrockCalls();
    const response = await rawRequest(catalog, {
      method: 'POST',
      path: '/v1/scans',
      headers: { 'content-type': type },
      body: SCAN_BODY,
    });
    expect(response.status).toBe(415);
    expect(response.body).toEqual({
      error: {
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: expect.stringContaining('application/json'),
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(bedrockCalls()).toBe(before);
  });

  it('a body without a Content-Type → 415', async () => {
    const response = await rawRequest(catalog, {
      method: 'POST',
      path: '/v1/scans',
      body: SCAN_BODY,
    });
    expect(response.status).toBe(415);
    expect(response.body).toMatchObject({ error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
  });

  it('while a JSON body, or no body at all (`curl -X POST $API/v1/scans`), starts a scan', async () => {
    const accepted: [string | undefined, string | undefined][] = [
      ['application/json', SCAN_BODY],
      ['Application/JSON; charset=utf-8', SCAN_BODY],
      [undefined, undefined],
    ];
    for (const [type, body] of accepted) {
      const response = await rawRequest(catalog, {
        method: 'POST',
        path: '/v1/scans',
        headers: type ? { 'content-type': type } : {},
        ...(body ? { body } : {}),
      });
      expect(response.status, String(type)).toBe(202);
      await scanDone(String(response.body.scanId));
    }
    const plain = await rawRequest(catalog, {
      method: 'POST',
      path: '/v1/scans',
      headers: { 'content-type': 'text/plain' },
      body: SCAN_BODY,
    });
    expect(plain.status).toBe(415);
  });
});
