import * as z from 'zod/mini';
import {
  type AccountTargetKind,
  DeploymentTargetRecord,
  ImportedModelTargetRecord,
  MarketplaceEndpointTargetRecord,
  PromptRouterTargetRecord,
} from './account-targets.js';
import {
  type DataRetention,
  type ListingStatuses,
  ModelRecord,
  type OptionalListing,
  ProfileRecord,
  ThroughputRecord,
} from './records.js';

/**
 * What a successful region scan produced: the content of every record, before the catalog adds
 * its bookkeeping (first/last seen, content hash, TTL). Discovery builds it; the writer applies it.
 */
export const ProfileContent = z.omit(ProfileRecord, {
  recordType: true,
  firstSeenAt: true,
  lastSeenAt: true,
});
export type ProfileContent = z.infer<typeof ProfileContent>;

export const ModelContent = z.omit(ModelRecord, {
  recordType: true,
  firstSeenAt: true,
  lastSeenAt: true,
});
export type ModelContent = z.infer<typeof ModelContent>;

export const ThroughputContent = z.omit(ThroughputRecord, {
  recordType: true,
  firstSeenAt: true,
  lastSeenAt: true,
});
export type ThroughputContent = z.infer<typeof ThroughputContent>;

const BOOKKEEPING = { recordType: true, firstSeenAt: true, lastSeenAt: true } as const;

/** An account-owned target (deployment, imported model, prompt router, Marketplace endpoint). */
export const TargetContent = z.discriminatedUnion('kind', [
  z.omit(DeploymentTargetRecord, BOOKKEEPING),
  z.omit(ImportedModelTargetRecord, BOOKKEEPING),
  z.omit(PromptRouterTargetRecord, BOOKKEEPING),
  z.omit(MarketplaceEndpointTargetRecord, BOOKKEEPING),
]);
export type TargetContent = z.infer<typeof TargetContent>;

/**
 * The optional listings each target kind is built from. A kind is replaced (and swept) only when
 * every one of them succeeded; deployments also need ListCustomModels, or their links would blank.
 */
export const TARGET_KIND_LISTINGS: Readonly<Record<AccountTargetKind, readonly OptionalListing[]>> =
  {
    'custom-model-deployment': ['customModelDeployments', 'customModels'],
    'imported-model': ['importedModels'],
    'prompt-router': ['promptRouters'],
    'marketplace-endpoint': ['marketplaceEndpoints'],
  };

/** Whether this snapshot lists `kind` afresh: else its stored items stay exactly as they are. */
export function listsTargetKind(
  listings: ListingStatuses | undefined,
  kind: AccountTargetKind,
): boolean {
  return TARGET_KIND_LISTINGS[kind].every((listing) => listings?.[listing] === 'ok');
}

export interface RegionSnapshot {
  region: string;
  profiles: ProfileContent[];
  models: ModelContent[];
  throughputs: ThroughputContent[];
  /** Targets of the kinds whose listings succeeded (see `listings`); absent: none listed. */
  targets?: TargetContent[];
  /**
   * The optional listings' outcomes. Target kinds whose listings are not all `ok` (or absent)
   * keep their last good items: neither rewritten nor swept.
   */
  listings?: ListingStatuses;
  /** GetAccountDataRetention's answer; absent or null (not read): the stored one stays. */
  dataRetention?: DataRetention | null;
}
