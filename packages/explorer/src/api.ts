/**
 * The slice of the catalog's HTTP API the page reads (same origin; see GET /openapi.json). The
 * types are the API contract's own; `import type` is erased, so no server code reaches the bundle.
 */
import type {
  AnswerOf,
  ChangeView,
  HealthView,
  InvokeTargetView,
  ModelAccessView,
  ModelSummaryView,
  ProfileView,
  RegionStatusView,
  SnapshotView,
  ThroughputView,
} from '@bedrock-profile-catalog/query-api';
import { ApiError, allPages } from '@bedrock-profile-catalog/query-api/client';

export type RegionStatus = RegionStatusView;
export type ModelAccess = ModelAccessView;
export type ModelSummary = ModelSummaryView;
export type Profile = ProfileView;
export type Throughput = ThroughputView;
export type InvokeTarget = InvokeTargetView;
export type InvokeTargets = AnswerOf<'listInvokeTargets'>;
/** GET /v1/models/{modelId}/regions */
export type ModelRegions = AnswerOf<'listModelRegions'>;
export type Change = ChangeView;
/** GET /v1/regions/{region}/quotas */
export type RegionQuotas = AnswerOf<'listRegionQuotas'>;
export type Quota = RegionQuotas['items'][number];
/** GET /v1/lifecycle */
export type Lifecycle = AnswerOf<'listLifecycle'>;
export type LifecycleEntry = Lifecycle['items'][number];
export type Health = HealthView;
/** GET /v1/snapshot: every model's invoke targets from one source region, prices included. */
export type Snapshot = SnapshotView;

export { ApiError };

/** GET a JSON answer; non-2xx answers become an ApiError with the API's code and message. */
export async function getJson<T>(path: string, okStatuses: readonly number[] = []): Promise<T> {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  const body = (await response.json().catch(() => null)) as
    | (T & { error?: { code?: string; message?: string } })
    | null;
  if (!response.ok && !okStatuses.includes(response.status)) {
    throw ApiError.of(response.status, body, response.statusText);
  }
  return body as T;
}

const seg = encodeURIComponent;

/** Every item of a paged list (`limit`, `cursor`, `nextCursor`), at most 50 pages. */
async function everyPage<T>(path: string): Promise<T[]> {
  const { items } = await allPages<T>(
    path,
    (cursor) => getJson(`${path}?limit=100${cursor ? `&cursor=${seg(cursor)}` : ''}`),
    50,
  );
  return items;
}

export const api = {
  regions: () => getJson<{ items: RegionStatus[]; catalogAsOf: string | null }>('/v1/regions'),
  models: () => getJson<{ items: ModelSummary[]; catalogAsOf: string | null }>('/v1/models'),
  /** Every profile whose source region is `region`, all pages. */
  regionProfiles: (region: string) => everyPage<Profile>(`/v1/regions/${seg(region)}/profiles`),
  /** The account's provisioned throughputs in `region`, all pages. */
  regionThroughputs: (region: string) =>
    everyPage<Throughput>(`/v1/regions/${seg(region)}/throughputs`),
  /** @param scopes only targets of these scopes (the API's `scope` filter); all when absent */
  invokeTargets: (modelId: string, sourceRegion: string, scopes?: readonly string[]) =>
    getJson<InvokeTargets>(
      `/v1/models/${seg(modelId)}/invoke-targets?sourceRegion=${seg(sourceRegion)}${
        scopes ? `&scope=${scopes.map(seg).join(',')}` : ''
      }`,
    ),
  /** The regions offering `modelId`, each with its measured time to first token (or null). */
  modelRegions: (modelId: string) => getJson<ModelRegions>(`/v1/models/${seg(modelId)}/regions`),
  /** Every Bedrock Service Quota of `region`, matched to model and scope where the name allows. */
  regionQuotas: (region: string) => getJson<RegionQuotas>(`/v1/regions/${seg(region)}/quotas`),
  /** Models whose next lifecycle event falls within `within` (e.g. 30d); null: the API's default. */
  lifecycle: (within: string | null) =>
    getJson<Lifecycle>(`/v1/lifecycle${within === null ? '' : `?within=${seg(within)}`}`),
  changes: (since: Date) =>
    getJson<{ items: Change[]; nextCursor: string | null }>(
      `/v1/changes?since=${seg(since.toISOString())}&limit=100`,
    ),
  /** Every model's invoke targets from `region`, as invoke-targets ranks them. */
  snapshot: (region: string) => getJson<Snapshot>(`/v1/snapshot?region=${seg(region)}`),
  /** 503 (stale) carries the same body as 200. */
  health: () => getJson<Health>('/v1/health', [503]),
};
