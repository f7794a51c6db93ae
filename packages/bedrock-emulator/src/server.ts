/** The HTTP server: one port for every region, the region taken from the SigV4 credential scope. */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { createServer as createHttp2Server } from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import { createServer as createNetServer } from 'node:net';
import { Duplex } from 'node:stream';
import { CLOUDWATCH_SERVICE } from './cloudwatch.js';
import { CONTROL_PREFIX, handleControl } from './control.js';
import { defaultEmulatorData } from './default-data.js';
import { EmulatedEventBus, EVENTS_CONTROL_PATH, type RecordedEvent } from './event-bus.js';
import type { Fault } from './faults.js';
import { handleJsonProtocolRequest, type JsonProtocolServer } from './json-protocol.js';
import type { EmulatorData, FoundationModel, InferenceProfile, ModelAccess } from './model.js';
import type { PageSizes } from './operations.js';
import { DEFAULT_PAGE_SIZES, HANDLERS, matchOperation } from './operations.js';
import { EmulatedPriceList } from './price-list.js';
import type { SliceOffer } from './price-list-data.js';
import { EmulatedRuntime, RUNTIME_CONTROL_PATH, type RuntimeConfig } from './runtime.js';
import { DEFAULT_RUNTIME } from './runtime-data.js';
import { JSON_1_1, sendJson11Error, serviceQuotasService } from './service-quotas.js';
import { getParametersByPath, SSM_TARGET } from './ssm.js';
import type { EmulatorStats, NewFoundationModel, NewInferenceProfile } from './state.js';
import { EmulatorState } from './state.js';
import { BedrockError, malformedBody, sendError, sendJson } from './wire.js';

export interface EmulatorOptions {
  /** 0 (default) picks a free port, so parallel test files never collide. */
  port?: number;
  /** Default 127.0.0.1: the emulator accepts any credentials, so keep it off the network. */
  host?: string;
  /** Default `defaultEmulatorData()`. Copied, so one object can seed many emulators. */
  data?: EmulatorData;
  /** Server-side page caps; see `PageSizes`. */
  pageSize?: Partial<PageSizes>;
  /** The runtime's (Converse/ConverseStream) targets. Default `DEFAULT_RUNTIME`. */
  runtime?: RuntimeConfig;
  /** The Price List offers served under `/offers/v1.0/aws/`. Default `PRICE_LIST_SLICE`. */
  priceList?: readonly SliceOffer[];
}

/** A started emulator. Every mutator takes effect on the next request. */
export interface RunningEmulator {
  /** Pass as the BedrockClient `endpoint`, e.g. `http://127.0.0.1:53121`. */
  readonly url: string;
  readonly port: number;
  /** Regions that answer; any other region gets 403 UnrecognizedClientException. */
  regions(): string[];
  /** A deep copy of the current data, including run-time changes. */
  data(): EmulatorData;
  /** Arms a fault; one of the same kind and operation in that region is replaced. */
  setFault(region: string, fault: Fault): void;
  /** Disarms one region's faults, or all faults when no region is given. */
  clearFaults(region?: string): void;
  /** Armed faults by region; counted faults show what is left in `times`. */
  faults(): Record<string, Fault[]>;
  addProfile(region: string, profile: NewInferenceProfile): InferenceProfile;
  /** Accepts a profile ID or ARN. @returns whether something was removed. */
  removeProfile(region: string, profileId: string): boolean;
  addModel(region: string, model: NewFoundationModel): FoundationModel;
  removeModel(region: string, modelId: string): boolean;
  /** Merged over the current state; GetFoundationModelAvailability answers with the result. */
  setModelAccess(region: string, modelId: string, access: Partial<ModelAccess>): ModelAccess;
  stats(): EmulatorStats;
  resetStats(): void;
  /** Every change event received by EventBridge PutEvents on this port, oldest first. */
  events(): RecordedEvent[];
  clearEvents(): void;
  /** The runtime (Converse, ConverseStream): per-target time to first token, tiers, faults. */
  readonly runtime: Pick<EmulatedRuntime, 'config' | 'setTarget' | 'calls' | 'reset'>;
  /** The Price List bulk files (unsigned GETs under `/offers/v1.0/aws/`): publish, count requests. */
  readonly priceList: EmulatedPriceList;
  /** Stops listening and destroys open sockets, hung requests included. */
  close(): Promise<void>;
}

/** A duplex over `socket` that first yields `first` (already read from it). */
function replaying(socket: Socket, first: Buffer): Duplex {
  const stream = new Duplex({
    read: () => socket.resume(),
    write: (chunk, encoding, done) => socket.write(chunk, encoding, done),
    final: (done) => socket.end(done),
    destroy: (error, done) => {
      socket.destroy(error ?? undefined);
      done(error);
    },
  });
  stream.push(first);
  socket.on('data', (chunk) => {
    if (!stream.push(chunk)) socket.pause();
  });
  socket.on('end', () => stream.push(null));
  socket.on('close', () => stream.destroy());
  socket.on('error', (error) => stream.destroy(error));
  return stream;
}

/** Region of `Credential=AKID/20261126/us-east-1/bedrock/aws4_request`. */
const CREDENTIAL_SCOPE = /Credential=[^/,\s]+\/\d{8}\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/;

type Caller = { region: string } | { error: BedrockError };

/** The SigV4 service name of the credential scope: `bedrock`, `servicequotas`, … */
function signedServiceOf(req: IncomingMessage): string | undefined {
  return CREDENTIAL_SCOPE.exec(req.headers.authorization ?? '')?.[2];
}

function callerOf(req: IncomingMessage, service = 'bedrock'): Caller {
  const authorization = req.headers.authorization;
  if (!authorization) {
    return {
      error: new BedrockError(
        'MissingAuthenticationTokenException',
        403,
        'Missing Authentication Token',
      ),
    };
  }
  const scope = CREDENTIAL_SCOPE.exec(authorization);
  if (!scope?.[1]) {
    return {
      error: new BedrockError(
        'IncompleteSignatureException',
        403,
        `Authorization header requires a valid 'Credential' parameter. Authorization=${authorization.split(' ')[0]}`,
      ),
    };
  }
  if (scope[2] !== service) {
    return {
      error: new BedrockError(
        'InvalidSignatureException',
        403,
        `Credential should be scoped to correct service: '${service}'.`,
      ),
    };
  }
  return { region: scope[1] };
}

const NOT_ENABLED = new BedrockError(
  'UnrecognizedClientException',
  403,
  'The security token included in the request is invalid.',
);

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new SyntaxError('request body is not JSON');
  }
}

/** Starts an emulator and resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const state = new EmulatorState(options.data ?? defaultEmulatorData());
  const pageSizes: PageSizes = { ...DEFAULT_PAGE_SIZES, ...options.pageSize };
  const eventBus = new EmulatedEventBus();
  const sockets = new Set<Socket>();
  const sleepers = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();
  let closed = false;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const sleeper = {
        wake: () => {
          sleepers.delete(sleeper);
          resolve();
        },
        timer: setTimeout(() => sleeper.wake(), ms),
      };
      sleepers.add(sleeper);
    });

  const runtime = new EmulatedRuntime(options.runtime ?? DEFAULT_RUNTIME, sleep);
  const priceList = new EmulatedPriceList(options.priceList);

  async function handleControlRequest(req: IncomingMessage, res: ServerResponse, path: string) {
    let body: unknown;
    try {
      body = await readJsonBody(req);
    } catch {
      sendJson(res, 400, JSON.stringify({ message: 'request body is not JSON' }), randomUUID());
      return;
    }
    const result = handleControl(state, pageSizes, req.method ?? 'GET', path, body);
    if (result.body === undefined) {
      res.writeHead(result.status).end();
      return;
    }
    sendJson(res, result.status, JSON.stringify(result.body), randomUUID());
  }

  async function handleBedrockRequest(req: IncomingMessage, res: ServerResponse) {
    const requestId = randomUUID();
    const url = req.url ?? '/';
    const queryStart = url.indexOf('?');
    const path = queryStart === -1 ? url : url.slice(0, queryStart);
    const query = new URLSearchParams(queryStart === -1 ? '' : url.slice(queryStart + 1));
    // GETs have no body, but drain anything sent so keep-alive sockets stay usable.
    req.resume();

    const matched = matchOperation(req.method ?? 'GET', path);
    const caller = callerOf(req);
    const statsRegion = 'region' in caller ? caller.region : '-';
    state.countRequest(statsRegion, matched?.operation ?? 'Unknown');
    if (!matched) {
      sendError(
        res,
        new BedrockError(
          'UnknownOperationException',
          404,
          `Unknown operation ${req.method} ${path}`,
        ),
        requestId,
      );
      return;
    }
    if ('error' in caller) {
      sendError(res, caller.error, requestId);
      return;
    }

    const decision = state.faults.decide(caller.region, matched.operation, query.has('nextToken'));
    if (decision.delayMs > 0) await sleep(decision.delayMs);
    if (closed) return;
    if (decision.outcome) state.countFault(caller.region);
    if (decision.outcome?.type === 'hang') return;
    if (decision.outcome?.type === 'error') {
      sendError(res, decision.outcome.error, requestId);
      return;
    }

    const regionData = state.region(caller.region);
    if (!regionData) {
      sendError(res, NOT_ENABLED, requestId);
      return;
    }
    let json: string;
    try {
      const result = HANDLERS[matched.operation]({
        region: caller.region,
        accountId: state.accountId,
        data: regionData,
        query,
        label: matched.label,
        pageSizes,
      });
      json = JSON.stringify(result);
    } catch (error) {
      if (error instanceof BedrockError) sendError(res, error, requestId);
      else
        sendError(res, new BedrockError('InternalServerException', 500, String(error)), requestId);
      return;
    }
    if (decision.malformed) {
      state.countFault(caller.region);
      sendJson(res, 200, malformedBody(json, decision.malformed), requestId);
      return;
    }
    sendJson(res, 200, json, requestId);
  }

  /** SSM's Bedrock region list (JSON 1.1), for scanners with `regions: auto`. */
  async function handleSsmRequest(req: IncomingMessage, res: ServerResponse) {
    const requestId = randomUUID();
    const caller = callerOf(req, 'ssm');
    const target = req.headers['x-amz-target'];
    state.countRequest('region' in caller ? caller.region : '-', 'GetParametersByPath');
    try {
      const body = await readJsonBody(req);
      if ('error' in caller) throw caller.error;
      if (target !== SSM_TARGET) {
        throw new BedrockError('UnknownOperationException', 400, `Unknown operation ${target}`);
      }
      const result = getParametersByPath({
        region: caller.region,
        hostedRegions: state.regions(),
        body,
      });
      sendJson(res, 200, JSON.stringify(result), requestId, { 'Content-Type': JSON_1_1 });
    } catch (error) {
      const failure =
        error instanceof BedrockError
          ? error
          : new BedrockError('SerializationException', 400, String(error));
      sendJson11Error(res, failure, requestId);
    }
  }

  const jsonProtocolServer: JsonProtocolServer = {
    state,
    sleep,
    isClosed: () => closed,
    readBody: readJsonBody,
    notEnabled: NOT_ENABLED,
    caller: callerOf,
  };
  const handleRequest = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const isControl = path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`);
    if (path === EVENTS_CONTROL_PATH) return eventBus.handleControl(req, res);
    if (EmulatedPriceList.claims(req)) return priceList.handle(req, res);
    const handling = EmulatedEventBus.claims(req)
      ? eventBus.handle(req, res)
      : path === RUNTIME_CONTROL_PATH
        ? runtime.handleControl(req, res)
        : EmulatedRuntime.claims(req)
          ? runtime.handle(req, res)
          : isControl
            ? handleControlRequest(req, res, path)
            : signedServiceOf(req) === 'servicequotas'
              ? handleJsonProtocolRequest(
                  jsonProtocolServer,
                  serviceQuotasService(pageSizes),
                  req,
                  res,
                )
              : signedServiceOf(req) === 'ssm'
                ? handleSsmRequest(req, res)
                : signedServiceOf(req) === 'monitoring'
                  ? handleJsonProtocolRequest(jsonProtocolServer, CLOUDWATCH_SERVICE, req, res)
                  : handleBedrockRequest(req, res);
    handling.catch((error: unknown) => {
      if (res.headersSent || res.destroyed) return;
      sendError(res, new BedrockError('InternalServerException', 500, String(error)), randomUUID());
    });
  };
  const http1 = createServer(handleRequest);
  // The runtime client speaks HTTP/2 (cleartext h2c to an http:// endpoint), the others HTTP/1.1:
  // one port serves both, told apart by the HTTP/2 connection preface.
  const http2 = createHttp2Server((req, res) =>
    handleRequest(req as unknown as IncomingMessage, res as unknown as ServerResponse),
  );
  const server = createNetServer((socket) => {
    socket.once('data', (first: Buffer) => {
      if (first.toString('latin1', 0, 14) !== 'PRI * HTTP/2.0') {
        socket.pause();
        socket.unshift(first);
        http1.emit('connection', socket);
        socket.resume();
        return;
      }
      // HTTP/2 reads the socket's handle directly, past anything unshifted; hand it a stream
      // that starts with the bytes already read.
      http2.emit('connection', replaying(socket, first));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    regions: () => state.regions(),
    data: () => state.snapshot(),
    setFault: (region, fault) => state.faults.set(region, fault),
    clearFaults: (region) => state.faults.clear(region),
    faults: () => state.faults.list(),
    addProfile: (region, profile) => state.addProfile(region, profile),
    removeProfile: (region, profileId) => state.removeProfile(region, profileId),
    addModel: (region, model) => state.addModel(region, model),
    removeModel: (region, modelId) => state.removeModel(region, modelId),
    setModelAccess: (region, modelId, access) => state.setModelAccess(region, modelId, access),
    stats: () => state.stats(),
    resetStats: () => state.resetStats(),
    events: () => eventBus.events(),
    clearEvents: () => eventBus.clear(),
    runtime,
    priceList,
    close: async () => {
      if (closed) return;
      closed = true;
      for (const sleeper of sleepers) {
        clearTimeout(sleeper.timer);
        sleeper.wake();
      }
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await stopped;
    },
  };
}
