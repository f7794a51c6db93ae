import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  type ErrorCode,
  InvalidParameterError,
  MethodNotAllowedError,
  NotFoundError,
  RouteNotFoundError,
} from './errors.js';
import { buildOpenApiDocument } from './openapi.js';
import { readQuery } from './params.js';
import { ROUTES, type Route } from './routes.js';
import type { CatalogQueryService } from './service.js';

/** The subset of Powertools Logger the edge uses, so tests and local mode can pass their own. */
export interface EdgeLogger {
  info(message: string, ...extra: unknown[]): void;
  warn(message: string, ...extra: unknown[]): void;
  error(message: string, ...extra: unknown[]): void;
}

interface CompiledRoute {
  route: Route;
  segments: string[];
}

const COMPILED: CompiledRoute[] = ROUTES.map((route) => ({
  route,
  segments: route.path.split('/').slice(1),
}));

const OPENAPI_PATH = '/openapi.json';

/**
 * The HTTP edge: match the route, run it, and map domain errors to status codes. Nothing below
 * this function knows about HTTP, and nothing above it sees a stack trace.
 */
export function createQueryHandler(deps: { service: CatalogQueryService; logger: EdgeLogger }) {
  // Built on first request, not at module load: cold starts pay only for what they serve.
  let openApi: string | undefined;
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const method = event.requestContext?.http?.method?.toUpperCase() ?? 'GET';
    const path = event.rawPath ?? '/';
    try {
      if (path === OPENAPI_PATH) {
        if (method !== 'GET') throw new MethodNotAllowedError('use GET', ['GET']);
        openApi ??= JSON.stringify(buildOpenApiDocument());
        return { statusCode: 200, headers: JSON_HEADERS, body: openApi };
      }
      const { route, params } = matchRoute(method, path);
      const result = await route.handle(deps.service, {
        params,
        query: readQuery(event.queryStringParameters, route.queryParameters),
        body: decodeBody(event),
      });
      return respond(result.status, result.body);
    } catch (error) {
      return errorResponse(error, deps.logger, { method, path });
    }
  };
}

export type QueryHandler = ReturnType<typeof createQueryHandler>;

function matchRoute(method: string, rawPath: string) {
  const segments = rawPath.replace(/\/+$/, '').split('/').slice(1);
  const allowed: string[] = [];
  for (const compiled of COMPILED) {
    const params = matchSegments(compiled.segments, segments);
    if (!params) continue;
    if (compiled.route.method === method) return { route: compiled.route, params };
    allowed.push(compiled.route.method);
  }
  if (allowed.length > 0) {
    throw new MethodNotAllowedError(`method ${method} not allowed on this path`, allowed);
  }
  throw new RouteNotFoundError(
    `no route for ${method} ${rawPath.slice(0, 200)}; see GET /openapi.json (percent-encode IDs and ARNs)`,
  );
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

function decodeBody(event: APIGatewayProxyEventV2): string | undefined {
  if (event.body === undefined) return undefined;
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

function respond(status: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  const headers: Record<string, string> = { ...JSON_HEADERS };
  const asOf = (body as { catalogAsOf?: unknown } | null)?.catalogAsOf;
  if (typeof asOf === 'string') headers['x-catalog-as-of'] = asOf;
  return { statusCode: status, headers, body: JSON.stringify(body) };
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
  if (error instanceof Error && error.name === 'InvalidCursorError') {
    return errorBody(400, 'INVALID_CURSOR', 'cursor is invalid, expired or from another query', {
      parameter: 'cursor',
    });
  }
  // The reader's own argument checks (matched by name: the catalog may be bundled twice).
  if (error instanceof Error && error.name === 'InvalidQueryError') {
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
