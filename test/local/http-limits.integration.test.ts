import { connect, type Socket } from 'node:net';
import { LOCAL_HTTP_LIMITS, type LocalCatalog } from '@bedrock-profile-catalog/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, startTestCatalog } from '../support/local-catalog.js';

/**
 * Local mode left running must not be held by clients that stall: a request head or body that
 * never finishes, an idle keep-alive connection, more connections than it should keep open.
 * Raw sockets, to stall exactly where a slow or hostile client would.
 */
let catalog: LocalCatalog;
let port: number;
let host: string;

beforeAll(async () => {
  catalog = await startTestCatalog({ CATALOG_REGIONS: 'us-east-1' });
  port = Number(new URL(catalog.url).port);
  host = `127.0.0.1:${port}`;
});

afterAll(async () => {
  await catalog?.close();
});

/** Node enforces the head and request timeouts on a timer; allow that and a busy machine. */
const SLACK_MS = LOCAL_HTTP_LIMITS.connectionsCheckingIntervalMs + 1_500;

function open(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/**
 * What the server sent, and whether it closed the connection within `deadlineMs` (if not, the
 * test closes it).
 */
function untilClosed(
  socket: Socket,
  deadlineMs: number,
): Promise<{ answer: string; closed: boolean }> {
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.on('error', () => {}); // a reset is a close too
  return new Promise((resolve) => {
    const answer = () => Buffer.concat(chunks).toString('utf8');
    const giveUp = setTimeout(() => {
      resolve({ answer: answer(), closed: false });
      socket.destroy();
    }, deadlineMs);
    socket.once('close', () => {
      clearTimeout(giveUp);
      resolve({ answer: answer(), closed: true });
    });
  });
}

describe.concurrent('timeouts', () => {
  it(`a request head that stalls is answered 408 and closed after ${LOCAL_HTTP_LIMITS.headersTimeoutMs} ms`, async () => {
    const socket = await open();
    const closed = untilClosed(socket, LOCAL_HTTP_LIMITS.headersTimeoutMs + SLACK_MS);
    socket.write(`GET /v1/regions HTTP/1.1\r\nHost: ${host}\r\n`); // no blank line: never ends
    const { answer, closed: byServer } = await closed;
    expect(byServer, 'closed by the server in time').toBe(true);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it(`a request body that stalls is answered 408 and closed after ${LOCAL_HTTP_LIMITS.requestTimeoutMs} ms`, async () => {
    const socket = await open();
    const closed = untilClosed(socket, LOCAL_HTTP_LIMITS.requestTimeoutMs + SLACK_MS);
    socket.write(
      `POST /v1/scans HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"regi`,
    );
    const { answer, closed: byServer } = await closed;
    expect(byServer, 'closed by the server in time').toBe(true);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it(`an idle keep-alive connection is closed after ${LOCAL_HTTP_LIMITS.keepAliveTimeoutMs} ms`, async () => {
    const socket = await open();
    const closed = untilClosed(socket, LOCAL_HTTP_LIMITS.keepAliveTimeoutMs + SLACK_MS);
    socket.write(`GET /v1/health HTTP/1.1\r\nHost: ${host}\r\nConnection: keep-alive\r\n\r\n`);
    const { answer, closed: byServer } = await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 (200|503) /);
    const seconds = LOCAL_HTTP_LIMITS.keepAliveTimeoutMs / 1000;
    expect(answer.toLowerCase()).toContain(`keep-alive: timeout=${seconds}\r\n`);
    expect(byServer, 'closed by the server in time').toBe(true);
  });
});

describe('connection cap', () => {
  it(`keeps ${LOCAL_HTTP_LIMITS.maxConnections} connections open and closes one more at once`, async () => {
    const held = await Promise.all(
      Array.from({ length: LOCAL_HTTP_LIMITS.maxConnections }, () => open()),
    );
    try {
      // Let the server accept them all, in order, before the one over the cap arrives.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const extra = await open();
      const closed = untilClosed(extra, 1_000);
      extra.write(`GET /v1/health HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      const { answer, closed: byServer } = await closed;
      expect(answer).toBe('');
      expect(byServer, 'closed by the server in time').toBe(true);
    } finally {
      for (const socket of held) socket.destroy();
    }
    // Below the cap again: answered as usual.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await rawRequest(catalog, { path: '/v1/regions' })).status).toBe(200);
  });
});
