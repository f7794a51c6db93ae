import type { AnswerOf } from '@bedrock-profile-catalog/query-api';

/** The answers the CLI reads: the API contract's response types, by operationId. */

/** GET /v1/regions */
export type RegionsAnswer = AnswerOf<'listRegions'>;
/** GET /v1/models/{modelId}/regions */
export type ModelRegionsAnswer = AnswerOf<'listModelRegions'>;
/** GET /v1/models/{modelId}/profiles (one page) */
export type ModelProfilesPage = AnswerOf<'listModelProfiles'>;
/** GET /v1/regions/{region}/throughputs (one page) */
export type ThroughputsPage = AnswerOf<'listRegionThroughputs'>;
/** GET /v1/regions/{region}/targets (one page) */
export type RegionTargetsPage = AnswerOf<'listRegionTargets'>;
/** GET /v1/profiles/{profileId}/model */
export type ProfileModelAnswer = AnswerOf<'getProfileModel'>;
/** GET /v1/models/{modelId}/invoke-targets */
export type InvokeTargetsAnswer = AnswerOf<'listInvokeTargets'>;
/** GET /v1/lifecycle */
export type LifecycleAnswer = AnswerOf<'listLifecycle'>;
/** GET /v1/regions/{region}/quotas */
export type QuotasAnswer = AnswerOf<'listRegionQuotas'>;
/** GET /v1/models/{modelId}/prices */
export type ModelPricesAnswer = AnswerOf<'getModelPrices'>;
/** GET /v1/changes (one page) */
export type ChangesPage = AnswerOf<'listChanges'>;
/** The listing routes, which page with `nextCursor`. */
export type ListPage = ModelProfilesPage | ThroughputsPage | RegionTargetsPage | ChangesPage;
/** POST /v1/scans */
export type ScanStartedAnswer = AnswerOf<'startScan'>;
/** GET /v1/scans/{scanId} */
export type ScanAnswer = AnswerOf<'getScan'>;
