import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaticHandler } from '../../packages/local/src/static.js';

describe('local mode static handler', () => {
  let server: Server;
  let url: string;
  let emptyServer: Server;
  let emptyUrl: string;

  const start = async (root: string) => {
    const serve = createStaticHandler(root);
    const s = createServer((req, res) => {
      if (!serve(req, res)) {
        res.writeHead(418).end('api');
      }
    });
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    return { s, url: `http://127.0.0.1:${(s.address() as AddressInfo).port}` };
  };

  beforeAll(async () => {
    const root = await mkdtemp(join(tmpdir(), 'explorer-'));
    await mkdir(join(root, 'assets'));
    await writeFile(join(root, 'index.html'), '<!doctype html><title>x</title>');
    await writeFile(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
    await writeFile(join(root, 'secret.txt'), 'nope');
    ({ s: server, url } = await start(root));
    ({ s: emptyServer, url: emptyUrl } = await start(join(root, 'missing')));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await new Promise((resolve) => emptyServer.close(resolve));
  });

  it('serves the page at / and hashed assets with long caching', async () => {
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(await page.text()).toContain('<title>x</title>');
    const js = await fetch(`${url}/assets/index-abc.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toContain('immutable');
    const head = await fetch(`${url}/`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('passes everything else to the API and never leaves the assets folder', async () => {
    expect((await fetch(`${url}/v1/regions`)).status).toBe(418);
    expect((await fetch(`${url}/`, { method: 'POST' })).status).toBe(418);
    expect((await fetch(`${url}/secret.txt`)).status).toBe(418);
    expect((await fetch(`${url}/assets/..%2Fsecret.txt`)).status).toBe(404);
    // Raw dot segments (fetch would normalise them away) resolve outside /assets/: the API's.
    expect(await rawStatus(url, '/assets/../secret.txt')).toBe(418);
    expect(await rawStatus(url, '/assets/%2e%2e/%2e%2e/package.json')).toBe(418);
    expect(await rawStatus(url, '/assets/..%5csecret.txt')).toBe(404);
    expect((await fetch(`${url}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${url}/assets/%E0%A4%A`)).status).toBe(404);
  });

  it('explains how to build the page when it has not been built', async () => {
    const response = await fetch(`${emptyUrl}/`);
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run build:explorer');
  });
});

function rawStatus(base: string, path: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { path }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', reject);
    req.end();
  });
}
