/**
 * The API document's prose: each route's summary and answers, each parameter's description.
 * Only docs/openapi.json and the README's route table read it (openapi.ts, `npm run openapi`),
 * so it lives apart from the route table and the parameters, which the deployed functions load.
 * Keyed by operationId (the type asks for every route and every answer) and by parameter schema
 * (a test asks for every parameter of every route).
 */
import type * as z from 'zod/mini';
import {
  CursorParam,
  DEFAULT_LIMIT,
  DEFAULT_WITHIN,
  InvokeModelIdParam,
  LimitParam,
  MAX_LIMIT,
  ModelIdParam,
  ProfileRefParam,
  ProfileTypeParam,
  RankParam,
  RegionTargetKindParam,
  ScanIdParam,
  ScanRegionsParam,
  ScopesParam,
  SINCE_FORMATS,
  SinceParam,
  SourceRegionParam,
  WITHIN_FORMATS,
  WithinParam,
} from './params.js';
import type { OperationId, Routes } from './routes.js';

export interface RouteDoc<Responses> {
  readonly summary: string;
  /** What each success answer is, by status. */
  readonly responses: { readonly [Status in keyof Responses]: string };
}

export const ROUTE_DOCS: { readonly [K in OperationId]: RouteDoc<Routes[K]['responses']> } = {
  listRegions: {
    summary: 'All regions with scan status and latency, ok regions first, fastest first',
    responses: { 200: 'Regions' },
  },
  listRegionProfiles: {
    summary: 'Inference profiles callable from a source region',
    responses: { 200: 'A page of profiles' },
  },
  listRegionThroughputs: {
    summary: "This account's provisioned throughputs in a region (call one by its ARN)",
    responses: { 200: "A page of this account's provisioned throughputs" },
  },
  listModels: {
    summary: 'Every model in the catalog with the regions that list it (for overviews)',
    responses: { 200: 'Models by provider and ID, each with the regions that list it' },
  },
  listModelProfiles: {
    summary: "A model's inference profiles, in one source region or all",
    responses: { 200: 'A page of profiles' },
  },
  listModelRegions: {
    summary: 'Regions that offer a model, with inference types, fastest first',
    responses: { 200: 'Regions offering the model, fastest first' },
  },
  listInvokeTargets: {
    summary: 'Which ID to call for a model from a source region, best first',
    responses: { 200: 'Invoke targets, best first; empty with a `hint` when the region has none' },
  },
  getProfile: {
    summary: 'One inference profile, in a source region or from its fastest one',
    responses: {
      200: 'The profile; without `region`, from its fastest source region plus `regions`',
    },
  },
  getProfileModel: {
    summary: 'The model behind an inference profile',
    responses: { 200: 'The model behind the profile' },
  },
  startScan: {
    summary: 'Start a scan now',
    responses: { 202: 'Scan accepted' },
  },
  getScan: {
    summary: 'One scan with per-region results',
    responses: { 200: 'The scan' },
  },
  listChanges: {
    summary: 'Profiles and models added, removed or changed since a time (default: 24 h ago)',
    responses: { 200: 'A page of changes, oldest first' },
  },
  getHealth: {
    summary: 'Catalog freshness: 200 when every region scanned within 3 intervals, else 503',
    responses: {
      200: 'Fresh',
      503: 'Stale (the same body), or an error when the catalog cannot answer',
    },
  },
  getOpenApiDocument: {
    summary: 'This document',
    responses: { 200: 'OpenAPI 3.1 document' },
  },
  listLifecycle: {
    summary: 'Models whose next lifecycle event falls within a window, soonest first',
    responses: { 200: 'Models in each region with their next lifecycle event' },
  },
  listRegionQuotas: {
    summary: 'Every Bedrock Service Quota of a region, matched to model and scope',
    responses: { 200: 'Quotas by code; `modelId`/`scope` null when unmatched' },
  },
  listRegionTargets: {
    summary: 'Every target this account owns in a region, of every kind or one (call it by `arn`)',
    responses: { 200: "A page of this account's own targets, in any status" },
  },
  getSnapshot: {
    summary: "Every model's invoke targets from one source region, to resolve in process",
    responses: {
      200: 'The snapshot; 304 without a body when `If-None-Match` names its current `ETag`',
    },
  },
  getModelPrices: {
    summary: "A model's public list prices from a source region: every scope, tier, endpoint, mode",
    responses: { 200: 'Every Price List cell of the model in the region' },
  },
  listPriceSources: {
    summary: 'The AWS Price List offers behind every price: versions, refreshes, row counts',
    responses: { 200: 'Each offer with its version, refresh state and row counts' },
  },
};

/** Each route parameter's description, by its schema (params.ts). */
export const PARAMETER_DESCRIPTIONS: ReadonlyMap<z.ZodMiniType, string> = new Map<
  z.ZodMiniType,
  string
>([
  [
    ModelIdParam,
    'Foundation model ID, percent-encoded in paths (anthropic.claude-3-haiku-20240307-v1%3A0)',
  ],
  [
    InvokeModelIdParam,
    'Foundation model ID or ARN (answered as its ID), or the percent-encoded ARN of a custom model (its deployments), a Marketplace model source (its endpoints), or an account-owned target itself (deployment, imported model, prompt router, Marketplace endpoint)',
  ],
  [SourceRegionParam, 'The region you call Bedrock from'],
  [
    ProfileRefParam,
    'Inference profile ID, or its percent-encoded ARN (the ARN also sets the source region)',
  ],
  [RegionTargetKindParam, 'Only targets of this kind'],
  [ProfileTypeParam, 'Profile type'],
  [
    RankParam,
    '`scope` (default): the rule order; `latency`: usable targets by measured time to first token (p50), unmeasured next, unusable last; `price`: usable targets by standard-tier input plus output price per million tokens, unpriced next, unusable last',
  ],
  [LimitParam, `Page size, 1 to ${MAX_LIMIT} (default ${DEFAULT_LIMIT})`],
  [CursorParam, 'Opaque cursor from a previous page (`nextCursor`); bound to the same query'],
  [ScanIdParam, 'Scan ID from POST /v1/scans'],
  [
    ScopesParam,
    'Only targets of these scopes, comma-separated (or repeated): in-region, application, geo, global. `in-region,application,geo` keeps requests in the source geography',
  ],
  [
    SinceParam,
    `Changes at or after this: ${SINCE_FORMATS}. Default: 24 hours before the first page (a cursor keeps it)`,
  ],
  [WithinParam, `How far ahead to look: ${WITHIN_FORMATS}. Default ${DEFAULT_WITHIN}`],
  [ScanRegionsParam, 'Regions this catalog scans; absent means all of them'],
]);
