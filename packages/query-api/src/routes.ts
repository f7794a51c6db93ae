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
  readonly summary: string;
  readonly params?: z.ZodMiniObject;
  readonly query?: z.ZodMiniObject;
  readonly body?: z.ZodMiniType;
  /** Success answers by status, each naming its schema in RESPONSE_SCHEMAS (schemas.ts). */
  readonly responses: Readonly<Record<number, { description: string; schema: ResponseSchemaName }>>;
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
const ok = <S extends ResponseSchemaName>(description: string, schema: S) => ({
  200: { description, schema },
});

export const ROUTES = {
  listRegions: route({
    method: 'GET',
    path: '/v1/regions',
    summary: 'All regions with scan status and latency, ok regions first, fastest first',
    query: NO_PARAMETERS,
    responses: ok('Regions', 'RegionList'),
    errors: [400],
    catalogAsOf: true,
  }),
  listRegionProfiles: route({
    method: 'GET',
    path: '/v1/regions/{region}/profiles',
    summary: 'Inference profiles callable from a source region',
    params: RegionPath,
    query: parameters(() => ({
      modelId: z.optional(ModelIdParam),
      type: z.optional(ProfileTypeParam),
      ...page(),
    })),
    responses: ok('A page of profiles', 'ProfilePage'),
    errors: [400, 404],
    catalogAsOf: true,
  }),
  listRegionThroughputs: route({
    method: 'GET',
    path: '/v1/regions/{region}/throughputs',
    summary: "This account's provisioned throughputs in a region (call one by its ARN)",
    params: RegionPath,
    query: parameters(page),
    responses: ok("A page of this account's provisioned throughputs", 'ThroughputPage'),
    errors: [400, 404],
    catalogAsOf: true,
  }),
  listModels: route({
    method: 'GET',
    path: '/v1/models',
    summary: 'Every model in the catalog with the regions that list it (for overviews)',
    query: NO_PARAMETERS,
    responses: ok('Models by provider and ID, each with the regions that list it', 'ModelList'),
    errors: [400],
    catalogAsOf: true,
  }),
  listModelProfiles: route({
    method: 'GET',
    path: '/v1/models/{modelId}/profiles',
    summary: "A model's inference profiles, in one source region or all",
    params: ModelPath,
    query: parameters(() => ({
      region: z.optional(RegionParam),
      type: z.optional(ProfileTypeParam),
      ...page(),
    })),
    responses: ok('A page of profiles', 'ProfilePage'),
    errors: [400, 404],
    catalogAsOf: true,
  }),
  listModelRegions: route({
    method: 'GET',
    path: '/v1/models/{modelId}/regions',
    summary: 'Regions that offer a model, with inference types, fastest first',
    params: ModelPath,
    query: NO_PARAMETERS,
    responses: ok('Regions offering the model, fastest first', 'ModelRegions'),
    errors: [400, 404],
    catalogAsOf: true,
  }),
  listInvokeTargets: route({
    method: 'GET',
    path: '/v1/models/{modelId}/invoke-targets',
    summary: 'Which ID to call for a model from a source region, best first',
    params: parameters(() => ({ modelId: InvokeModelIdParam })),
    query: parameters(() => ({
      sourceRegion: SourceRegionParam,
      scope: z.optional(ScopesParam),
      rank: z.optional(RankParam),
    })),
    responses: ok(
      'Invoke targets, best first; empty with a `hint` when the region has none',
      'InvokeTargets',
    ),
    errors: [400, 404],
    catalogAsOf: true,
  }),
  getProfile: route({
    method: 'GET',
    path: '/v1/profiles/{profileId}',
    summary: 'One inference profile, in a source region or from its fastest one',
    params: ProfilePath,
    query: parameters(() => ({ region: z.optional(RegionParam) })),
    responses: ok(
      'The profile; without `region`, from its fastest source region plus `regions`',
      'ProfileAnswer',
    ),
    errors: [400, 404],
    catalogAsOf: true,
  }),
  getProfileModel: route({
    method: 'GET',
    path: '/v1/profiles/{profileId}/model',
    summary: 'The model behind an inference profile',
    params: ProfilePath,
    query: parameters(() => ({ region: z.optional(RegionParam) })),
    responses: ok('The model behind the profile', 'ProfileModel'),
    errors: [400, 404],
    catalogAsOf: true,
  }),
  startScan: route({
    method: 'POST',
    path: '/v1/scans',
    summary: 'Start a scan now',
    query: NO_PARAMETERS,
    body: ScanRequestBody,
    responses: { 202: { description: 'Scan accepted', schema: 'ScanAccepted' } },
    errors: [400],
    catalogAsOf: false,
    servedBy: 'scan-request',
  }),
  getScan: route({
    method: 'GET',
    path: '/v1/scans/{scanId}',
    summary: 'One scan with per-region results',
    params: parameters(() => ({ scanId: ScanIdParam })),
    query: NO_PARAMETERS,
    responses: ok('The scan', 'Scan'),
    errors: [400, 404],
    catalogAsOf: false,
  }),
  listChanges: route({
    method: 'GET',
    path: '/v1/changes',
    summary: 'Profiles and models added, removed or changed since a time (default: 24 h ago)',
    query: parameters(() => ({
      since: z.optional(SinceParam),
      region: z.optional(RegionParam),
      ...page(),
    })),
    responses: ok('A page of changes, oldest first', 'ChangePage'),
    errors: [400],
    catalogAsOf: true,
  }),
  getHealth: route({
    method: 'GET',
    path: '/v1/health',
    summary: 'Catalog freshness: 200 when every region scanned within 3 intervals, else 503',
    query: NO_PARAMETERS,
    responses: {
      200: { description: 'Fresh', schema: 'Health' },
      503: {
        description: 'Stale (the same body), or an error when the catalog cannot answer',
        schema: 'HealthOrError',
      },
    },
    errors: [400],
    catalogAsOf: false,
  }),
  getOpenApiDocument: route({
    method: 'GET',
    path: '/openapi.json',
    summary: 'This document',
    query: NO_PARAMETERS,
    responses: ok('OpenAPI 3.1 document', 'OpenApiDocument'),
    errors: [400],
    catalogAsOf: false,
  }),
  listLifecycle: route({
    method: 'GET',
    path: '/v1/lifecycle',
    summary: 'Models whose next lifecycle event falls within a window, soonest first',
    query: parameters(() => ({ within: z.optional(WithinParam), region: z.optional(RegionParam) })),
    responses: ok('Models in each region with their next lifecycle event', 'LifecycleList'),
    errors: [400, 404],
    catalogAsOf: true,
  }),
  listRegionQuotas: route({
    method: 'GET',
    path: '/v1/regions/{region}/quotas',
    summary: 'Every Bedrock Service Quota of a region, matched to model and scope',
    params: RegionPath,
    query: NO_PARAMETERS,
    responses: ok('Quotas by code; `modelId`/`scope` null when unmatched', 'QuotaList'),
    errors: [400, 404],
    catalogAsOf: true,
  }),
  listRegionTargets: route({
    method: 'GET',
    path: '/v1/regions/{region}/targets',
    summary: 'Every target this account owns in a region, of every kind or one (call it by `arn`)',
    params: RegionPath,
    query: parameters(() => ({ kind: z.optional(RegionTargetKindParam), ...page() })),
    responses: ok("A page of this account's own targets, in any status", 'RegionTargetPage'),
    errors: [400, 404],
    catalogAsOf: true,
  }),
  getSnapshot: route({
    method: 'GET',
    path: '/v1/snapshot',
    summary: "Every model's invoke targets from one source region, to resolve in process",
    query: parameters(() => ({ region: RegionParam })),
    responses: ok(
      'The snapshot; 304 without a body when `If-None-Match` names its current `ETag`',
      'Snapshot',
    ),
    errors: [400, 404],
    catalogAsOf: true,
    cacheable: true,
  }),
  getModelPrices: route({
    method: 'GET',
    path: '/v1/models/{modelId}/prices',
    summary: "A model's public list prices from a source region: every scope, tier, endpoint, mode",
    params: ModelPath,
    query: parameters(() => ({ region: RegionParam })),
    responses: ok('Every Price List cell of the model in the region', 'ModelPrices'),
    errors: [400, 404],
    catalogAsOf: true,
  }),
  listPriceSources: route({
    method: 'GET',
    path: '/v1/prices/sources',
    summary: 'The AWS Price List offers behind every price: versions, refreshes, row counts',
    query: NO_PARAMETERS,
    responses: ok('Each offer with its version, refresh state and row counts', 'PriceSources'),
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
