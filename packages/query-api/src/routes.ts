import { lazySchema } from '@bedrock-profile-catalog/catalog/contract';
import * as z from 'zod/mini';
import {
  CursorParam,
  InvokeModelIdParam,
  LimitParam,
  ModelIdParam,
  ProfileRefParam,
  ProfileTypeParam,
  RankParam,
  RegionParam,
  RegionTargetKindParam,
  ScanIdParam,
  ScanRequestBody,
  ScopesParam,
  SinceParam,
  SourceRegionParam,
  WithinParam,
} from './params.js';
import type { RESPONSE_SCHEMAS, ResponseSchemaName } from './schemas.js';

/**
 * The API contract: every route once, as data. The router dispatches on it (http.ts), the CDK
 * construct creates one IAM-authorised API Gateway route per entry and grants from it, and
 * `docs/openapi.json` is generated from it (scripts/write-openapi.ts). The key is the
 * operationId. Pure data: importing it builds no schema (the inputs are built on a route's
 * first request, the answers are named, not imported) and imports no service code.
 */
export interface RouteSpec {
  readonly method: 'GET' | 'POST';
  /** `{name}` matches one percent-decoded path segment (encode `:` and `/` in IDs and ARNs). */
  readonly path: string;
  readonly params?: z.ZodMiniObject;
  readonly query?: z.ZodMiniObject;
  readonly body?: z.ZodMiniType;
  /** Success answers by status, each naming its schema in RESPONSE_SCHEMAS (schemas.ts). */
  readonly responses: Readonly<Record<number, { schema: ResponseSchemaName }>>;
  /** Error statuses this route answers besides 405 (and 503 when the catalog fails). */
  readonly errors: readonly (400 | 404)[];
  /** The answer carries `catalogAsOf` and the `x-catalog-as-of` header. */
  readonly catalogAsOf: boolean;
  /**
   * The answer carries an `ETag` (a hash of its body), a matching `If-None-Match` gets a 304 with
   * no body, and it is gzip-compressed when the request accepts gzip (http.ts).
   */
  readonly cacheable?: true;
  /**
   * The function that serves the route when deployed. Absent: the read-only `query` function, on
   * every workload's path. Routes that write (EventBridge) run in their own, so the lookups'
   * bundle and role carry nothing of them.
   */
  readonly servedBy?: ApiFunction;
}

/** The deployed functions behind the API (local mode serves every route in one process). */
export type ApiFunction = 'query' | 'scan-request';

export const servedBy = (route: Pick<RouteSpec, 'servedBy'>): ApiFunction =>
  route.servedBy ?? 'query';

const route = <const R extends RouteSpec>(spec: R): R => spec;

/**
 * A route's path or query parameters: a strict object (an unknown name is a 400), built when the
 * route first serves a request, so loading the table builds no schema.
 */
const parameters = <S extends z.core.$ZodLooseShape>(shape: () => S) =>
  lazySchema(() => z.strictObject(shape()));

const NO_PARAMETERS = parameters(() => ({}));
const page = () => ({ limit: LimitParam, cursor: z.optional(CursorParam) });
const RegionPath = parameters(() => ({ region: RegionParam }));
const ModelPath = parameters(() => ({ modelId: ModelIdParam }));
const ProfilePath = parameters(() => ({ profileId: ProfileRefParam }));
const ok = <S extends ResponseSchemaName>(schema: S) => ({ 200: { schema } });

export const ROUTES = {
  listRegions: route({
    method: 'GET',
    path: '/v1/regions',
    query: NO_PARAMETERS,
    responses: ok('RegionList'),
    errors: [400],
    catalogAsOf: true,
  }),
  listRegionProfiles: route({
    method: 'GET',
    path: '/v1/regions/{region}/profiles',
    params: RegionPath,
    query: parameters(() => ({
      modelId: z.optional(ModelIdParam),
      type: z.optional(ProfileTypeParam),
      ...page(),
    })),
    responses: ok('ProfilePage'),
    errors: [400, 404],
    catalogAsOf: true,
  }),
  listRegionThroughputs: route({
    method: 'GET',
    path: '/v1/regions/{region}/throughputs',
    params: RegionPath,
    query: parameters(page),
    responses: ok('ThroughputPage'),
    errors: [400, 404],
    catalogAsOf: true,
  }),
  listModels: route({
    method: 'GET',
    path: '/v1/models',
    query: NO_PARAMETERS,
    responses: ok('ModelList'),
    errors: [400],
    catalogAsOf: true,
  }),
  listModelProfiles: route({
    method: 'GET',
    path: '/v1/models/{modelId}/profiles',
    params: ModelPath,
    query: parameters(() => ({
      region: z.optional(RegionParam),
      type: z.optional(ProfileTypeParam),
      ...page(),
    })),
    responses: ok('ProfilePage'),
    errors: [400, 404],
    catalogAsOf: true,
  }),
  listModelRegions: route({
    method: 'GET',
    path: '/v1/models/{modelId}/regions',
    params: ModelPath,
    query: NO_PARAMETERS,
    responses: ok('ModelRegions'),
    errors: [400, 404],
    catalogAsOf: true,
  }),
  listInvokeTargets: route({
    method: 'GET',
    path: '/v1/models/{modelId}/invoke-targets',
    params: parameters(() => ({ modelId: InvokeModelIdParam })),
    query: parameters(() => ({
      sourceRegion: SourceRegionParam,
      scope: z.optional(ScopesParam),
      rank: z.optional(RankParam),
    })),
    responses: ok('InvokeTargets'),
    errors: [400, 404],
    catalogAsOf: true,
  }),
  getProfile: route({
    method: 'GET',
    path: '/v1/profiles/{profileId}',
    params: ProfilePath,
    query: parameters(() => ({ region: z.optional(RegionParam) })),
    responses: ok('ProfileAnswer'),
    errors: [400, 404],
    catalogAsOf: true,
  }),
  getProfileModel: route({
    method: 'GET',
    path: '/v1/profiles/{profileId}/model',
    params: ProfilePath,
    query: parameters(() => ({ region: z.optional(RegionParam) })),
    responses: ok('ProfileModel'),
    errors: [400, 404],
    catalogAsOf: true,
  }),
  startScan: route({
    method: 'POST',
    path: '/v1/scans',
    query: NO_PARAMETERS,
    body: ScanRequestBody,
    responses: { 202: { schema: 'ScanAccepted' } },
    errors: [400],
    catalogAsOf: false,
    servedBy: 'scan-request',
  }),
  getScan: route({
    method: 'GET',
    path: '/v1/scans/{scanId}',
    params: parameters(() => ({ scanId: ScanIdParam })),
    query: NO_PARAMETERS,
    responses: ok('Scan'),
    errors: [400, 404],
    catalogAsOf: false,
  }),
  listChanges: route({
    method: 'GET',
    path: '/v1/changes',
    query: parameters(() => ({
      since: z.optional(SinceParam),
      region: z.optional(RegionParam),
      ...page(),
    })),
    responses: ok('ChangePage'),
    errors: [400],
    catalogAsOf: true,
  }),
  getHealth: route({
    method: 'GET',
    path: '/v1/health',
    query: NO_PARAMETERS,
    responses: {
      200: { schema: 'Health' },
      503: { schema: 'HealthOrError' },
    },
    errors: [400],
    catalogAsOf: false,
  }),
  getOpenApiDocument: route({
    method: 'GET',
    path: '/openapi.json',
    query: NO_PARAMETERS,
    responses: ok('OpenApiDocument'),
    errors: [400],
    catalogAsOf: false,
  }),
  listLifecycle: route({
    method: 'GET',
    path: '/v1/lifecycle',
    query: parameters(() => ({ within: z.optional(WithinParam), region: z.optional(RegionParam) })),
    responses: ok('LifecycleList'),
    errors: [400, 404],
    catalogAsOf: true,
  }),
  listRegionQuotas: route({
    method: 'GET',
    path: '/v1/regions/{region}/quotas',
    params: RegionPath,
    query: NO_PARAMETERS,
    responses: ok('QuotaList'),
    errors: [400, 404],
    catalogAsOf: true,
  }),
  listRegionTargets: route({
    method: 'GET',
    path: '/v1/regions/{region}/targets',
    params: RegionPath,
    query: parameters(() => ({ kind: z.optional(RegionTargetKindParam), ...page() })),
    responses: ok('RegionTargetPage'),
    errors: [400, 404],
    catalogAsOf: true,
  }),
  getSnapshot: route({
    method: 'GET',
    path: '/v1/snapshot',
    query: parameters(() => ({ region: RegionParam })),
    responses: ok('Snapshot'),
    errors: [400, 404],
    catalogAsOf: true,
    cacheable: true,
  }),
  getModelPrices: route({
    method: 'GET',
    path: '/v1/models/{modelId}/prices',
    params: ModelPath,
    query: parameters(() => ({ region: RegionParam })),
    responses: ok('ModelPrices'),
    errors: [400, 404],
    catalogAsOf: true,
  }),
  listPriceSources: route({
    method: 'GET',
    path: '/v1/prices/sources',
    query: NO_PARAMETERS,
    responses: ok('PriceSources'),
    errors: [400],
    catalogAsOf: false,
  }),
} as const;

export type Routes = typeof ROUTES;
export type OperationId = keyof Routes;

/** Every route as a list, with its operationId. */
export const ROUTE_LIST = Object.entries(ROUTES).map(([operationId, spec]) => ({
  operationId: operationId as OperationId,
  ...(spec as RouteSpec),
}));

/** What a route's handler answers: its success bodies. */
export type AnswerOf<K extends OperationId> = {
  [S in keyof Routes[K]['responses']]: Routes[K]['responses'][S] extends {
    schema: infer N extends ResponseSchemaName;
  }
    ? z.output<(typeof RESPONSE_SCHEMAS)[N]>
    : never;
}[keyof Routes[K]['responses']];
