import type { CatalogQueryService } from '@bedrock-profile-catalog/query-api';

/**
 * The answers the CLI reads, one per route, taken from the query service that builds them (the
 * handler sends them as JSON). The one place to re-point at the API's published response types.
 */
type Answer<M extends keyof CatalogQueryService> = Awaited<ReturnType<CatalogQueryService[M]>>;

/** GET /v1/regions */
export type RegionsAnswer = Answer<'listRegions'>;
/** GET /v1/models/{modelId}/profiles (one page) */
export type ModelProfilesPage = Answer<'modelProfiles'>;
/** GET /v1/regions/{region}/throughputs (one page) */
export type ThroughputsPage = Answer<'regionThroughputs'>;
/** GET /v1/profiles/{profileId}/model */
export type ProfileModelAnswer = Answer<'profileModel'>;
/** GET /v1/models/{modelId}/invoke-targets */
export type InvokeTargetsAnswer = Answer<'invokeTargets'>;
/** GET /v1/changes (one page) */
export type ChangesPage = Answer<'changes'>;
/** The listing routes, which page with `nextCursor`. */
export type ListPage = ModelProfilesPage | ThroughputsPage | ChangesPage;
/** POST /v1/scans */
export type ScanStartedAnswer = Answer<'startScan'>;
/** GET /v1/scans/{scanId} */
export type ScanAnswer = Answer<'scan'>;
