/**
 * The slice of the catalog's HTTP API the page reads (same origin; see GET /openapi.json).
 * Types are written out here rather than imported so the browser bundle pulls in no server code.
 */

export interface Latency {
  p50: number;
  p90: number;
  p99: number;
  samples: number;
}

export interface RegionStatus {
  region: string;
  status: 'ok' | 'error' | 'denied' | string;
  latencyMs: Latency | null;
  lastScanAt: string;
  lastSuccessAt: string | null;
  error: { code: string; message: string } | null;
  counts: { profiles: number; applicationProfiles: number; models: number; throughputs: number };
}

/** Per-account access (issue 7, part 1); null until it has been checked. */
export interface ModelAccess {
  usable: boolean;
  agreement?: string;
  authorization?: string;
  entitlement?: string;
  regionAvailability?: string;
  checkedAt?: string;
}

export interface ModelSummary {
  modelId: string;
  name: string | null;
  provider: string | null;
  regions: {
    region: string;
    inferenceTypes: string[];
    lifecycleStatus: string | null;
    access?: ModelAccess | null;
  }[];
}

export interface Profile {
  profileId: string;
  name: string;
  type: string;
  status: string;
  region: string;
  modelId: string;
  modelIds: string[];
  destinationRegions: string[];
  scope: 'geo' | 'global' | 'application' | string;
  geoPrefix: string | null;
}

export interface InvokeTarget {
  targetId: string;
  kind: 'provisioned-throughput' | 'model' | 'profile';
  scope: 'in-region' | 'geo' | 'global' | 'application' | string;
  sourceRegion: string;
  destinationRegions: string[];
  targetArn: string | null;
  geoPrefix: string | null;
  name: string | null;
  access?: { usable: boolean; reason: string | null } | null;
}

export interface InvokeTargets {
  modelId: string;
  sourceRegion: string;
  items: InvokeTarget[];
  hint: { message: string; regions: string[] } | null;
  catalogAsOf: string | null;
}

export interface Change {
  at: string;
  region: string;
  kind: 'added' | 'removed' | 'changed' | string;
  entity: 'profile' | 'model' | string;
  id: string;
}

export interface Health {
  healthy: boolean;
  status: string;
  maxAgeSeconds: number;
  regions: {
    region: string;
    status: string;
    lastSuccessAt: string | null;
    ageSeconds: number | null;
    fresh: boolean;
  }[];
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** GET a JSON answer; non-2xx answers become an ApiError with the API's code and message. */
export async function getJson<T>(path: string, okStatuses: readonly number[] = []): Promise<T> {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  const body = (await response.json().catch(() => null)) as
    | (T & { error?: { code?: string; message?: string } })
    | null;
  if (!response.ok && !okStatuses.includes(response.status)) {
    throw new ApiError(
      response.status,
      body?.error?.code ?? `HTTP_${response.status}`,
      body?.error?.message ?? response.statusText,
    );
  }
  return body as T;
}

/** One of the account's provisioned throughputs (the fields the page reads). */
export interface Throughput {
  arn: string;
  name: string;
  region: string;
  modelId: string;
  status: 'Creating' | 'InService' | 'Updating' | 'Failed' | string;
}

const seg = encodeURIComponent;

/** Every item of a paged list (`limit`, `cursor`, `nextCursor`), at most 50 pages. */
async function allPages<T>(path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const query: string = cursor ? `&cursor=${seg(cursor)}` : '';
    const page: { items: T[]; nextCursor: string | null } = await getJson(
      `${path}?limit=100${query}`,
    );
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return items;
}

export const api = {
  regions: () => getJson<{ items: RegionStatus[]; catalogAsOf: string | null }>('/v1/regions'),
  models: () => getJson<{ items: ModelSummary[]; catalogAsOf: string | null }>('/v1/models'),
  /** Every profile whose source region is `region`, all pages. */
  regionProfiles: (region: string) => allPages<Profile>(`/v1/regions/${seg(region)}/profiles`),
  /** The account's provisioned throughputs in `region`, all pages. */
  regionThroughputs: (region: string) =>
    allPages<Throughput>(`/v1/regions/${seg(region)}/throughputs`),
  /** @param scopes only targets of these scopes (the API's `scope` filter); all when absent */
  invokeTargets: (modelId: string, sourceRegion: string, scopes?: readonly string[]) =>
    getJson<InvokeTargets>(
      `/v1/models/${seg(modelId)}/invoke-targets?sourceRegion=${seg(sourceRegion)}${
        scopes ? `&scope=${scopes.map(seg).join(',')}` : ''
      }`,
    ),
  changes: (since: Date) =>
    getJson<{ items: Change[]; nextCursor: string | null }>(
      `/v1/changes?since=${seg(since.toISOString())}&limit=100`,
    ),
  /** 503 (stale) carries the same body as 200. */
  health: () => getJson<Health>('/v1/health', [503]),
};
