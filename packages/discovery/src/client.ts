import { Agent as HttpAgent, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { BedrockClient, type BedrockClientConfig } from '@aws-sdk/client-bedrock';
import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { RegionCode } from '@bedrock-profile-catalog/catalog';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { currentAttemptSink } from './latency.js';

export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_REQUEST_TIMEOUT_MS = 5_000;
export const DEFAULT_CONNECTION_TIMEOUT_MS = 3_000;
/** maxSockets is per origin; in local mode every region shares the emulator's one origin. */
export const DEFAULT_MAX_SOCKETS = 256;

export interface BedrockClientFactoryOptions {
  /** Emulator / local mode: every region goes to this URL; the region stays in the SigV4 scope. */
  endpoint?: string;
  credentials?: BedrockClientConfig['credentials'];
  /** SDK attempts per call, first one included. Default 3. */
  maxAttempts?: number;
  /** Per attempt; enforced (throwOnRequestTimeout), not just logged. Default 5000. */
  requestTimeoutMs?: number;
  connectionTimeoutMs?: number;
  maxSockets?: number;
}

export interface BedrockClientFactory {
  /** One client per region, created on first use and reused (keep it at module scope). */
  clientFor(region: string): BedrockClient;
  /** Service Quotas of the same region, on the same connections and `endpoint` (local mode). */
  serviceQuotasClientFor(region: string): ServiceQuotasClient;
  /** Closes the shared connections. Clients from this factory are unusable afterwards. */
  destroy(): void;
}

type Handle = NodeHttpHandler['handle'];

/**
 * Wraps the shared NodeHttpHandler to time each HTTP attempt. It sits below the SDK's retry
 * middleware, so each attempt is timed on its own and back-off between attempts is never
 * counted. A socket seen for the first time marks a new connection (set-up cost included).
 */
class TimedRequestHandler {
  readonly metadata: NodeHttpHandler['metadata'];

  constructor(
    private readonly inner: NodeHttpHandler,
    private readonly knownSockets: WeakSet<Socket>,
  ) {
    this.metadata = inner.metadata;
  }

  async handle(...args: Parameters<Handle>): ReturnType<Handle> {
    const sink = currentAttemptSink();
    const started = performance.now();
    const result = await this.inner.handle(...args);
    const ms = performance.now() - started;
    if (sink) {
      const socket = (result.response.body as IncomingMessage | undefined)?.socket ?? undefined;
      // Node's req.reusedSocket misses sockets handed over from the agent's queue; track our own.
      const newConnection = !socket || !this.knownSockets.has(socket);
      if (socket) this.knownSockets.add(socket);
      sink({ ms, statusCode: result.response.statusCode, newConnection });
    }
    return result;
  }

  updateHttpClientConfig(...args: Parameters<NodeHttpHandler['updateHttpClientConfig']>): void {
    this.inner.updateHttpClientConfig(...args);
  }

  httpHandlerConfigs(): ReturnType<NodeHttpHandler['httpHandlerConfigs']> {
    return this.inner.httpHandlerConfigs();
  }

  /** The shared handler belongs to the factory: one client's destroy() must not kill the rest. */
  destroy(): void {}
}

/**
 * One shared keep-alive NodeHttpHandler for all regions (each region is its own origin, so
 * sockets do not compete), and one cached BedrockClient per region.
 */
export function createBedrockClientFactory(
  options: BedrockClientFactoryOptions = {},
): BedrockClientFactory {
  const maxSockets = options.maxSockets ?? DEFAULT_MAX_SOCKETS;
  const shared = new NodeHttpHandler({
    requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    // Without this, requestTimeout only logs a warning and a hung attempt waits forever.
    throwOnRequestTimeout: true,
    connectionTimeout: options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
    httpAgent: new HttpAgent({ keepAlive: true, maxSockets }),
    httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets }),
  });
  const knownSockets = new WeakSet<Socket>();
  const clients = new Map<string, BedrockClient>();
  const quotaClients = new Map<string, ServiceQuotasClient>();

  return {
    clientFor(region: string): BedrockClient {
      // The region becomes part of a hostname: only well-formed codes get that far.
      if (!RegionCode.safeParse(region).success) throw new Error(`invalid region code: ${region}`);
      let client = clients.get(region);
      if (!client) {
        client = new BedrockClient({
          region,
          ...(options.endpoint ? { endpoint: options.endpoint } : {}),
          ...(options.credentials ? { credentials: options.credentials } : {}),
          maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
          requestHandler: new TimedRequestHandler(shared, knownSockets),
        });
        clients.set(region, client);
      }
      return client;
    },
    serviceQuotasClientFor(region: string): ServiceQuotasClient {
      if (!RegionCode.safeParse(region).success) throw new Error(`invalid region code: ${region}`);
      let client = quotaClients.get(region);
      if (!client) {
        client = new ServiceQuotasClient({
          region,
          ...(options.endpoint ? { endpoint: options.endpoint } : {}),
          ...(options.credentials ? { credentials: options.credentials } : {}),
          maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
          requestHandler: new TimedRequestHandler(shared, knownSockets),
        });
        quotaClients.set(region, client);
      }
      return client;
    },
    destroy(): void {
      clients.clear();
      quotaClients.clear();
      shared.destroy();
    },
  };
}
