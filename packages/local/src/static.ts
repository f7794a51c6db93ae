import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `npm run build:explorer` (Vite) writes the explorer page; `npm start` builds it first. */
export const EXPLORER_DIST = fileURLToPath(new URL('../../explorer/dist', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

const NOT_BUILT = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Explorer not built</title>
<p>The explorer page has not been built. Run <code>npm run build:explorer</code> (or restart with
<code>npm start</code>, which builds it first) and reload. The HTTP API is unaffected: try
<a href="/v1/regions">/v1/regions</a>.</p></html>`;

/**
 * Serves the built explorer page in local mode: `GET /` (and `/index.html`) and `GET /assets/*`.
 * Returns false for every other request, which then goes to the query handler. Files are read
 * per request, so a rebuild shows up on reload without a restart.
 */
export function createStaticHandler(root: string = EXPLORER_DIST) {
  const rootDir = resolve(root);
  const assetsDir = resolve(rootDir, 'assets');
  return (request: IncomingMessage, response: ServerResponse): boolean => {
    const method = request.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') return false;
    // Against a fixed origin: `//x` is a path, not host x (which would make it look like `/`).
    const raw = request.url ?? '/';
    let pathname: string;
    try {
      ({ pathname } = new URL(raw.startsWith('/') ? `http://localhost${raw}` : raw));
    } catch {
      return false;
    }
    let file: string;
    let immutable = false;
    if (pathname === '/' || pathname === '/index.html') {
      file = resolve(rootDir, 'index.html');
    } else if (pathname.startsWith('/assets/')) {
      let relative: string;
      try {
        relative = decodeURIComponent(pathname.slice('/assets/'.length));
      } catch {
        return send(response, method, 404, 'text/plain; charset=utf-8', 'not found');
      }
      file = resolve(assetsDir, relative);
      // No way out of the assets folder (`..`, absolute paths, encoded separators).
      if (!file.startsWith(`${assetsDir}${sep}`)) {
        return send(response, method, 404, 'text/plain; charset=utf-8', 'not found');
      }
      immutable = true; // Vite puts a content hash in every asset name.
    } else {
      return false;
    }
    readFile(file).then(
      (body) => {
        const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
        send(response, method, 200, type, body, {
          'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
          'x-content-type-options': 'nosniff',
        });
      },
      () => {
        if (immutable) send(response, method, 404, 'text/plain; charset=utf-8', 'not found');
        else send(response, method, 503, 'text/html; charset=utf-8', NOT_BUILT);
      },
    );
    return true;
  };
}

function send(
  response: ServerResponse,
  method: string,
  status: number,
  type: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): true {
  response.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  response.end(method === 'HEAD' ? undefined : body);
  return true;
}
