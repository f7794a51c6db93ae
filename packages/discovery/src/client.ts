import { Agent as HttpAgent, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { BedrockClient, type BedrockClientConfig } from '@aws-sdk/client-bedrock';
import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { SSMClient } from '@aws-sdk/client-ssm';
import { RegionCode } from '@bedrock-profile-catalog/catalog';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { currentAttemptSink } from './latency.js';

export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_REQUEST_TIMEOUT_MS = 5_000;
export const DEFAULT_CONNECTION_TIMEOUT_MS = 3_000;
/** maxSockets is per origin; in local mode every region shares the emulator's one origin. */
export const DEFAULT_MAX_SOCKETS = 256;

/**
 * The SDK service IDs of every AWS service the scanner calls, as the SDK spells them in its
 * `AWS_ENDPOINT_URL_<SERVICE>` variables (upper case, spaces as `_`). A new service is one entry.
 */
export const SCANNER_SERVICES = {
  bedrock: 'Bedrock',
  serviceQuotas: 'Service Quotas',
  ssm: 'SSM',
} as const;
export type ScannerServiceId = (typeof SCANNER_SERVICES)[keyof typeof SCANNER_SERVICES];

/** `Service Quotas` → `AWS_ENDPOINT_URL_SERVICE_QUOTAS`, the SDK's own naming rule. */
export function serviceEndpointVariable(serviceId: ScannerServiceId): string {
  return ['AWS_ENDPOINT_URL', ...serviceId.split(' ').map((w) => w.toUpperCase())].join('_');
}

/**
 * The one rule for where a scanner client sends its calls. The SDK reads
 * `AWS_ENDPOINT_URL_<SERVICE>` only when no `endpoint` is passed, so with a shared endpoint
 * (local mode's BEDROCK_ENDPOINT) the precedence is written out here: the service's own variable,
 * then the shared endpoint, then none (the SDK's default resolution, env and config included).
 * `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` turns the variables off, as it does in the SDK.
 */
export function endpointFor(
  serviceId: ScannerServiceId,
  sharedEndpoint: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const ignoreVariables = env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === 'true';
  const own = ignoreVariables ? undefined : env[serviceEndpointVariable(serviceId)];
  return own || sharedEndpoint || undefined;
}

export interface BedrockClientFactoryOptions {
  /**
   * Emulator / local mode: every service the scanner calls (Bedrock, Service Quotas, SSM) goes
   * to this URL unless its own AWS_ENDPOINT_URL_<SERVICE> is set; the region stays in the SigV4
   * scope. Unset: the SDK's endpoints (and its own variables).
   */
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
  /** SSM of a region (Bedrock's public region list), on the same connections and `endpoint`. */
  ssmClientFor(region: string): SSMClient;
  /** Closes the shared connections. Clients from this factory are unusable afterwards. */
  destroy(): void;
}

type Handle = NodeHttpHandler['handle'];

/** What every scanner client gets from the factory, whatever its service. */
interface SharedClientConfig {
  region: string;
  endpoint?: string;
  credentials?: BedrockClientConfig['credentials'];
  maxAttempts: number;
  requestHandler: TimedRequestHandler;
}

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
  /** One cache per service: a client per region, all on the shared connections. */
  const perRegion = <Client>(
    serviceId: ScannerServiceId,
    create: (config: SharedClientConfig) => Client,
  ) => {
    const clients = new Map<string, Client>();
    const endpoint = endpointFor(serviceId, options.endpoint);
    return {
      clients,
      get(region: string): Client {
        // The region becomes part of a hostname: only well-formed codes get that far.
        if (!RegionCode.safeParse(region).success)
          throw new Error(`invalid region code: ${region}`);
        let client = clients.get(region);
        if (!client) {
          client = create({
            region,
            ...(endpoint ? { endpoint } : {}),
            ...(options.credentials ? { credentials: options.credentials } : {}),
            maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
            requestHandler: new TimedRequestHandler(shared, knownSockets),
          });
          clients.set(region, client);
        }
        return client;
      },
    };
  };
  const bedrock = perRegion(SCANNER_SERVICES.bedrock, (c) => new BedrockClient(c));
  const quotas = perRegion(SCANNER_SERVICES.serviceQuotas, (c) => new ServiceQuotasClient(c));
  const ssm = perRegion(SCANNER_SERVICES.ssm, (c) => new SSMClient(c));

  return {
    clientFor: (region) => bedrock.get(region),
    serviceQuotasClientFor: (region) => quotas.get(region),
    ssmClientFor: (region) => ssm.get(region),
    destroy(): void {
      for (const service of [bedrock, quotas, ssm]) service.clients.clear();
      shared.destroy();
    },
  };
}
