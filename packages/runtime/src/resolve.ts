import type {
  InvokeTargetView,
  SnapshotView,
  TargetRank,
  TargetScope,
} from '@bedrock-profile-catalog/query-api';
import { byLatency } from '@bedrock-profile-catalog/query-api/resolver';

/**
 * In-process resolution from a held snapshot: the targets of a bare model ID, as the API would
 * answer `invoke-targets?scope=…&rank=…` (the same scope filter and the resolver's own latency
 * ranking), minus those the catalog knows would fail (`access.usable: false`).
 */
export interface ResolveOptions {
  /** Allowed target scopes; absent: all. */
  scope?: readonly TargetScope[] | undefined;
  rank?: TargetRank | undefined;
}

/**
 * A bare foundation-model ID the catalog lists from the snapshot's region: no ARN (a profile,
 * throughput, deployment, router or endpoint ARN is sent as given) and a key of the snapshot
 * (profile IDs such as `us.…` never are: the snapshot is keyed by model).
 */
export function isBareModelId(snapshot: SnapshotView, modelId: string): boolean {
  return !modelId.startsWith('arn:') && Object.hasOwn(snapshot.models, modelId);
}

/** The usable targets of `modelId` from the snapshot's region, best first; [] when none. */
export function resolveTargets(
  snapshot: SnapshotView,
  modelId: string,
  options: ResolveOptions = {},
): InvokeTargetView[] {
  if (!isBareModelId(snapshot, modelId)) return [];
  const { scope } = options;
  const allowed = (snapshot.models[modelId] ?? []).filter(
    (target) =>
      target.access?.usable !== false && (scope === undefined || scope.includes(target.scope)),
  );
  return options.rank === 'latency' ? byLatency(allowed) : allowed;
}

/** Errors another target may not meet: its own quota bucket or capacity (issue 14 §1). */
const FAILOVER_ERRORS = new Set([
  'ThrottlingException',
  'ServiceUnavailableException',
  'ModelNotReadyException',
]);

export function isFailoverError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return FAILOVER_ERRORS.has(error.name) || (status !== undefined && status >= 500);
}
