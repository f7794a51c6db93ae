import * as z from 'zod/mini';
import { InvalidParameterError } from './errors.js';
import {
  CursorParam,
  DEFAULT_LIMIT,
  LimitParam,
  ModelIdParam,
  optionalParam,
  ProfileTypeParam,
  parseParam,
  parseProfileRef,
  parseRegion,
  parseScopes,
  parseSince,
  ScanIdParam,
} from './params.js';
import type { CatalogQueryService } from './service.js';

export interface RouteRequest {
  params: Record<string, string>;
  /** Only the route's declared query parameters; anything else was already refused. */
  query: Record<string, string | undefined>;
  body: string | undefined;
}

export interface RouteResult {
  status: number;
  body: unknown;
}

export interface Route {
  method: 'GET' | 'POST';
  /** OpenAPI-style template; `{name}` matches one percent-decoded path segment. */
  path: string;
  summary: string;
  /** Accepted query parameters: the router refuses others, and the OpenAPI document lists these. */
  queryParameters: readonly QueryParameterName[];
  handle(service: CatalogQueryService, request: RouteRequest): Promise<RouteResult>;
}

export type QueryParameterName =
  | 'modelId'
  | 'type'
  | 'limit'
  | 'cursor'
  | 'region'
  | 'sourceRegion'
  | 'scope'
  | 'since';

const ok = (body: unknown): RouteResult => ({ status: 200, body });

function page(query: Record<string, string | undefined>) {
  return {
    limit: optionalParam(LimitParam, 'limit', query.limit) ?? DEFAULT_LIMIT,
    cursor: optionalParam(CursorParam, 'cursor', query.cursor),
  };
}

const optionalRegion = (name: string, value: string | undefined) =>
  value === undefined || value === '' ? undefined : parseRegion(name, value);

const ScanRequestBody = z.strictObject({
  regions: z.optional(z.array(z.string()).check(z.minLength(1), z.maxLength(50))),
});

/**
 * The route table: each route parses its input, makes one service call and returns the answer.
 * `/openapi.json` is served by the handler itself, from the document built over this table.
 */
export const ROUTES: readonly Route[] = [
  {
    method: 'GET',
    path: '/v1/regions',
    summary: 'All regions with scan status and latency, ok regions first, fastest first',
    queryParameters: [],
    handle: async (service) => ok(await service.listRegions()),
  },
  {
    method: 'GET',
    path: '/v1/regions/{region}/profiles',
    summary: 'Inference profiles callable from a source region',
    queryParameters: ['modelId', 'type', 'limit', 'cursor'],
    handle: async (service, { params, query }) =>
      ok(
        await service.regionProfiles(parseRegion('region', params.region ?? ''), {
          modelId: optionalParam(ModelIdParam, 'modelId', query.modelId),
          type: optionalParam(ProfileTypeParam, 'type', query.type),
          ...page(query),
        }),
      ),
  },
  {
    method: 'GET',
    path: '/v1/regions/{region}/throughputs',
    summary: "This account's provisioned throughputs in a region (call one by its ARN)",
    queryParameters: ['limit', 'cursor'],
    handle: async (service, { params, query }) =>
      ok(await service.regionThroughputs(parseRegion('region', params.region ?? ''), page(query))),
  },
  {
    method: 'GET',
    path: '/v1/models',
    summary: 'Every model in the catalog with the regions that list it (for overviews)',
    queryParameters: [],
    handle: async (service) => ok(await service.listModels()),
  },
  {
    method: 'GET',
    path: '/v1/models/{modelId}/profiles',
    summary: "A model's inference profiles, in one source region or all",
    queryParameters: ['region', 'type', 'limit', 'cursor'],
    handle: async (service, { params, query }) =>
      ok(
        await service.modelProfiles(parseParam(ModelIdParam, 'modelId', params.modelId), {
          region: optionalRegion('region', query.region),
          type: optionalParam(ProfileTypeParam, 'type', query.type),
          ...page(query),
        }),
      ),
  },
  {
    method: 'GET',
    path: '/v1/models/{modelId}/regions',
    summary: 'Regions that offer a model, with inference types, fastest first',
    queryParameters: [],
    handle: async (service, { params }) =>
      ok(await service.modelRegions(parseParam(ModelIdParam, 'modelId', params.modelId))),
  },
  {
    method: 'GET',
    path: '/v1/models/{modelId}/invoke-targets',
    summary: 'Which ID to call for a model from a source region, best first',
    queryParameters: ['sourceRegion', 'scope'],
    handle: async (service, { params, query }) => {
      if (!query.sourceRegion) {
        throw new InvalidParameterError('sourceRegion', 'sourceRegion is required');
      }
      return ok(
        await service.invokeTargets(
          parseParam(ModelIdParam, 'modelId', params.modelId),
          parseRegion('sourceRegion', query.sourceRegion),
          query.scope ? parseScopes(query.scope) : undefined,
        ),
      );
    },
  },
  {
    method: 'GET',
    path: '/v1/profiles/{profileId}',
    summary: 'One inference profile, in a source region or from its fastest one',
    queryParameters: ['region'],
    handle: async (service, { params, query }) =>
      ok(
        await service.profile(
          parseProfileRef(params.profileId ?? ''),
          optionalRegion('region', query.region),
        ),
      ),
  },
  {
    method: 'GET',
    path: '/v1/profiles/{profileId}/model',
    summary: 'The model behind an inference profile',
    queryParameters: ['region'],
    handle: async (service, { params, query }) =>
      ok(
        await service.profileModel(
          parseProfileRef(params.profileId ?? ''),
          optionalRegion('region', query.region),
        ),
      ),
  },
  {
    method: 'POST',
    path: '/v1/scans',
    summary: 'Start a scan now',
    queryParameters: [],
    handle: async (service, { body }) => {
      const request = parseScanRequest(body);
      const regions = request.regions?.map((region) =>
        parseRegion('regions', region, 'INVALID_BODY'),
      );
      return { status: 202, body: await service.startScan(regions) };
    },
  },
  {
    method: 'GET',
    path: '/v1/scans/{scanId}',
    summary: 'One scan with per-region results',
    queryParameters: [],
    handle: async (service, { params }) =>
      ok(await service.scan(parseParam(ScanIdParam, 'scanId', params.scanId))),
  },
  {
    method: 'GET',
    path: '/v1/changes',
    summary: 'Profiles and models added, removed or changed since a time (default: 24 h ago)',
    queryParameters: ['since', 'region', 'limit', 'cursor'],
    handle: async (service, { query }) => {
      const since = query.since
        ? parseSince(query.since, new Date())
        : new Date(Date.now() - 24 * 3600 * 1000);
      return ok(
        await service.changes(since, {
          region: optionalRegion('region', query.region),
          ...page(query),
        }),
      );
    },
  },
  {
    method: 'GET',
    path: '/v1/health',
    summary: 'Catalog freshness: 200 when every region scanned within 3 intervals, else 503',
    queryParameters: [],
    handle: async (service) => {
      const health = await service.health();
      return { status: health.healthy ? 200 : 503, body: health };
    },
  },
];

function parseScanRequest(body: string | undefined) {
  if (body === undefined || body.trim() === '') return {};
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new InvalidParameterError('body', 'body must be JSON', 'INVALID_BODY');
  }
  const result = ScanRequestBody.safeParse(json);
  if (!result.success) {
    throw new InvalidParameterError(
      'body',
      `body: ${result.error.issues[0]?.message ?? 'invalid'}; expected {"regions": ["us-east-1", ...]}`,
      'INVALID_BODY',
    );
  }
  return result.data;
}
