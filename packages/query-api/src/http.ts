import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { InvalidCursorError, InvalidQueryError } from '@bedrock-profile-catalog/catalog';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as z from 'zod/mini';
import {
  type ErrorCode,
  InvalidParameterError,
  MethodNotAllowedError,
  NotFoundError,
  RegionNotScannedError,
  RouteNotFoundError,
} from './errors.js';
import { DEFAULT_WITHIN, parseWithin } from './params.js';
import {
  type AnswerOf,
  type ApiFunction,
  type OperationId,
  ROUTE_LIST,
  type RouteSpec,
  type Routes,
  servedBy,
} from './routes.js';
import type { CatalogQueryService } from './service.js';

/** The subset of Powertools Logger the edge uses, so tests and local mode can pass their own. */
export interface EdgeLogger {
  info(message: string, ...extra: unknown[]): void;
  warn(message: string, ...extra: unknown[]): void;
  error(message: string, ...extra: unknown[]): void;
}

export interface QueryHandlerDeps {
  service: CatalogQueryService;
  logger: EdgeLogger;
  /**
   * The generated OpenAPI document (docs/openapi.json) for GET /openapi.json, read on first
   * request; without it that route answers 404.
   */
  openApiDocument?: () => Promise<unknown>;
  /**
   * Serve only the routes of this deployed function (RouteSpec.servedBy); the others answer 404,
   * as API Gateway never sends them here. Absent: every route (local mode, tests).
   */
  serves?: ApiFunction;
}

/** A route's parsed input, as its schemas produce it. */
type InputOf<K extends OperationId> = {
  params: Routes[K] extends { params: infer P extends z.ZodMiniObject } ? z.output<P> : object;
  query: Routes[K] extends { query: infer Q extends z.ZodMiniObject } ? z.output<Q> : object;
  body: Routes[K] extends { body: infer B extends z.ZodMiniType } ? z.output<B> : undefined;
};

/** A success answer with a status other than the route's first. */
class Replied<T> {
  constructor(
    readonly status: number,
    readonly body: T,
  ) {}
}

type Handlers = {
  [K in OperationId]: (
    input: InputOf<K>,
    deps: QueryHandlerDeps,
  ) => Promise<AnswerOf<K> | Replied<AnswerOf<K>>>;
};

/** Each route: one service call with the parsed input. */
const HANDLERS: Handlers = {
  listRegions: (_input, { service }) => service.listRegions(),
  listRegionProfiles: ({ params, query }, { service }) =>
    service.regionProfiles(params.region, query),
  listRegionThroughputs: ({ params, query }, { service }) =>
    service.regionThroughputs(params.region, query),
  listModels: (_input, { service }) => service.listModels(),
  listModelProfiles: ({ params, query }, { service }) =>
    service.modelProfiles(params.modelId, query),
  listModelRegions: ({ params }, { service }) => service.modelRegions(params.modelId),
  listInvokeTargets: ({ params, query }, { service }) =>
    service.invokeTargets(params.modelId, query.sourceRegion, query.scope, query.rank),
  getProfile: ({ params, query }, { service }) => service.profile(params.profileId, query.region),
  getProfileModel: ({ params, query }, { service }) =>
    service.profileModel(params.profileId, query.region),
  startScan: ({ body }, { service }) => service.startScan(body.regions),
  getScan: ({ params }, { service }) => service.scan(params.scanId),
  listChanges: ({ query }, { service }) => service.changes(query),
  getHealth: async (_input, { service }) => {
    const health = await service.health();
    return new Replied(health.healthy ? 200 : 503, health);
  },
  getOpenApiDocument: async (_input, { openApiDocument }) => {
    if (!openApiDocument) throw new NotFoundError('the OpenAPI document is not served here');
    return (await openApiDocument()) as Record<string, unknown>;
  },
  listLifecycle: ({ query }, { service }) =>
    service.lifecycle(query.within ?? parseWithin(DEFAULT_WITHIN), query.region),
  listRegionQuotas: ({ params }, { service }) => service.regionQuotas(params.region),
  listRegionTargets: ({ params, query }, { service }) =>
    service.regionTargets(params.region, query),
  getSnapshot: ({ query }, { service }) => service.snapshot(query.region),
  getModelPrices: ({ params, query }, { service }) =>
    service.modelPrices(params.modelId, query.region),
  listPriceSources: (_request, { service }) => service.priceSources(),
};

interface CompiledRoute {
  operationId: OperationId;
  spec: RouteSpec;
  segments: string[];
}

const COMPILED: CompiledRoute[] = ROUTE_LIST.map(({ operationId, ...spec }) => ({
  operationId,
  spec,
  segments: spec.path.split('/').slice(1),
}));

/**
 * The HTTP edge: match the route, parse its input with the route's schemas, make the one service
 * call, and map domain errors to status codes. Nothing below this function knows about HTTP, and
 * nothing above it sees a stack trace.
 */
export function createQueryHandler(deps: QueryHandlerDeps) {
  let document: Promise<unknown> | undefined;
  const resolved: QueryHandlerDeps = {
    ...deps,
    // Read once per process, on first request: cold starts pay only for what they serve.
    ...(deps.openApiDocument && {
      openApiDocument: () => {
        // A failed read is not cached: the next request tries again.
        if (!document) {
          document = deps.openApiDocument?.().catch((error: unknown) => {
            document = undefined;
            throw error;
          });
        }
        return document as Promise<unknown>;
      },
    }),
  };
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const method = event.requestContext?.http?.method?.toUpperCase() ?? 'GET';
    const path = event.rawPath ?? '/';
    try {
      const { route, rawParams } = matchRoute(method, path, deps.serves);
      const input = {
        params: parseParams(route.spec, rawParams),
        query: parseQuery(route.spec, event.queryStringParameters),
        body: route.spec.body ? parseBody(route.spec.body, decodeBody(event)) : undefined,
      };
      const handle = HANDLERS[route.operationId] as (
        input: unknown,
        deps: QueryHandlerDeps,
      ) => Promise<unknown>;
      const answer = await handle(input, resolved);
      const [firstStatus] = Object.keys(route.spec.responses);
      const result =
        answer instanceof Replied
          ? respond(answer.status, answer.body, route.spec)
          : respond(Number(firstStatus), answer, route.spec);
      return route.spec.cacheable ? cacheable(result, event.headers ?? {}) : result;
    } catch (error) {
      return errorResponse(error, deps.logger, { method, path });
    }
  };
}

export type QueryHandler = ReturnType<typeof createQueryHandler>;

function matchRoute(method: string, rawPath: string, serves?: ApiFunction) {
  const segments = rawPath.replace(/\/+$/, '').split('/').slice(1);
  const allowed: string[] = [];
  for (const route of COMPILED) {
    if (serves && servedBy(route.spec) !== serves) continue;
    const rawParams = matchSegments(route.segments, segments);
    if (!rawParams) continue;
    if (route.spec.method === method) return { route, rawParams };
    allowed.push(route.spec.method);
  }
  if (allowed.length > 0) {
    throw new MethodNotAllowedError(`method ${method} not allowed on this path`, allowed);
  }
  throw new RouteNotFoundError(
    `no route for ${method} ${rawPath.slice(0, 200)}; see GET /openapi.json (percent-encode IDs and ARNs)`,
  );
}

/** The route a request goes to, by method and raw path, or undefined (for contract checks). */
export function routeOf(
  method: string,
  rawPath: string,
): (RouteSpec & { operationId: OperationId }) | undefined {
  try {
    const { route } = matchRoute(method.toUpperCase(), rawPath);
    return { operationId: route.operationId, ...route.spec };
  } catch {
    return undefined;
  }
}

function matchSegments(template: string[], actual: string[]): Record<string, string> | null {
  if (template.length !== actual.length) return null;
  const params: Record<string, string> = {};
  for (const [index, part] of template.entries()) {
    const value = actual[index] ?? '';
    if (part.startsWith('{')) {
      params[part.slice(1, -1)] = decodeSegment(part.slice(1, -1), value);
    } else if (part !== value) {
      return null;
    }
  }
  return params;
}

/** Path values are decoded exactly once; a malformed escape is the caller's error. */
function decodeSegment(name: string, value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new InvalidParameterError(name, `${name} is not validly percent-encoded`);
  }
}

function parseParams(spec: RouteSpec, raw: Record<string, string>): unknown {
  if (!spec.params) return {};
  const result = spec.params.safeParse(raw);
  if (result.success) return result.data;
  throw inputError(result.error.issues, []);
}

/** An empty value (`?region=`) is an absent one; each name at most once (repeats arrive joined). */
function parseQuery(
  spec: RouteSpec,
  raw: Readonly<Record<string, string | undefined>> | undefined,
): unknown {
  const values = Object.fromEntries(
    Object.entries(raw ?? {}).filter(([, value]) => value !== undefined && value !== ''),
  );
  const schema = spec.query;
  if (!schema) return {};
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  throw inputError(result.error.issues, Object.keys(schema.shape));
}

function parseBody(schema: z.ZodMiniType, body: string | undefined): unknown {
  let json: unknown = {};
  if (body !== undefined && body.trim() !== '') {
    try {
      json = JSON.parse(body);
    } catch {
      throw new InvalidParameterError('body', 'body must be JSON', 'INVALID_BODY');
    }
  }
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path[0];
  throw new InvalidParameterError(
    typeof field === 'string' ? field : 'body',
    `body${issue?.path.length ? `.${issue.path.join('.')}` : ''}: ${issue?.message ?? 'invalid'}; expected {"regions": ["us-east-1", ...]}`,
    'INVALID_BODY',
  );
}

/** The first issue as a 400 naming the parameter. */
function inputError(issues: readonly z.core.$ZodIssue[], allowed: readonly string[]) {
  const issue = issues[0];
  if (issue?.code === 'unrecognized_keys') {
    const name = issue.keys[0] ?? '';
    return new InvalidParameterError(
      name,
      `unknown query parameter '${name.slice(0, 64)}'; allowed: ${allowed.join(', ') || 'none'}`,
      'UNKNOWN_PARAMETER',
    );
  }
  const name = String(issue?.path[0] ?? 'parameter');
  if (issue?.code === 'invalid_type' && issue.input === undefined) {
    return new InvalidParameterError(name, `${name} is required`);
  }
  return new InvalidParameterError(name, `${name}: ${issue?.message ?? 'invalid value'}`);
}

function decodeBody(event: APIGatewayProxyEventV2): string | undefined {
  if (event.body === undefined) return undefined;
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

function respond(
  status: number,
  body: unknown,
  spec: RouteSpec,
): APIGatewayProxyStructuredResultV2 {
  const headers: Record<string, string> = { ...JSON_HEADERS };
  const asOf = (body as { catalogAsOf?: unknown } | null)?.catalogAsOf;
  if (spec.catalogAsOf && typeof asOf === 'string') headers['x-catalog-as-of'] = asOf;
  return { statusCode: status, headers, body: JSON.stringify(body) };
}

/**
 * A cacheable route's success (RouteSpec.cacheable): tagged with a hash of its body, a 304 when
 * `If-None-Match` names that tag, gzip when accepted. API Gateway passes a Lambda's binary body
 * on only base64-encoded with `isBase64Encoded`, so the compressed body is sent that way.
 */
function cacheable(
  result: APIGatewayProxyStructuredResultV2,
  request: Readonly<Record<string, string | undefined>>,
): APIGatewayProxyStructuredResultV2 {
  if (result.statusCode !== 200 || typeof result.body !== 'string') return result;
  const etag = `"${createHash('sha256').update(result.body).digest('base64url').slice(0, 27)}"`;
  const headers: Record<string, string | number | boolean> = {
    ...result.headers,
    etag,
    vary: 'accept-encoding',
  };
  const wanted = (request['if-none-match'] ?? '').split(',').map((tag) => tag.trim());
  if (wanted.includes(etag) || wanted.includes(`W/${etag}`) || wanted.includes('*')) {
    const { 'content-type': _type, ...rest } = headers;
    return { statusCode: 304, headers: rest, body: '' };
  }
  if (!acceptsGzip(request['accept-encoding'])) return { ...result, headers };
  return {
    statusCode: 200,
    headers: { ...headers, 'content-encoding': 'gzip' },
    body: gzipSync(result.body).toString('base64'),
    isBase64Encoded: true,
  };
}

/** `Accept-Encoding` lists gzip (or `*`) without `q=0`. */
function acceptsGzip(header: string | undefined): boolean {
  return (header ?? '').split(',').some((entry) => {
    const [coding, ...params] = entry.trim().toLowerCase().split(';');
    const refused = params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p));
    return (coding === 'gzip' || coding === '*') && !refused;
  });
}

function errorBody(status: number, code: ErrorCode, message: string, extra?: object) {
  return {
    statusCode: status,
    headers: JSON_HEADERS,
    body: JSON.stringify({ error: { code, message, ...extra } }),
  };
}

function errorResponse(
  error: unknown,
  logger: EdgeLogger,
  request: { method: string; path: string },
): APIGatewayProxyStructuredResultV2 {
  if (error instanceof InvalidParameterError) {
    return errorBody(400, error.code, error.message, { parameter: error.parameter });
  }
  if (error instanceof RegionNotScannedError) {
    return errorBody(400, 'INVALID_BODY', error.message, { parameter: 'regions' });
  }
  if (error instanceof InvalidCursorError) {
    return errorBody(400, 'INVALID_CURSOR', 'cursor is invalid, expired or from another query', {
      parameter: 'cursor',
    });
  }
  // The reader's own argument checks.
  if (error instanceof InvalidQueryError) {
    return errorBody(400, 'INVALID_PARAMETER', error.message);
  }
  if (error instanceof NotFoundError || error instanceof RouteNotFoundError) {
    return errorBody(404, error.code, error.message);
  }
  if (error instanceof MethodNotAllowedError) {
    const response = errorBody(405, error.code, error.message);
    return { ...response, headers: { ...response.headers, allow: error.allowed.join(', ') } };
  }
  // Anything else is ours or the catalog's: log it whole, answer without internals.
  logger.error('request failed', { error, ...request });
  return errorBody(503, 'CATALOG_UNAVAILABLE', 'the catalog could not answer; try again shortly');
}
