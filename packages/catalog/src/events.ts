import * as z from 'zod/mini';
import { lazySchema } from './lazy-schema.js';
import { lifecycleDifferences, nextLifecycleEvent } from './lifecycle.js';
import { type ChangeRecord, ModelLifecycle, RegionCode } from './records.js';
import { SCAN_ID_PATTERN } from './scan-id.js';

/**
 * Change events: one EventBridge `detail-type` per entity and kind, all from one source, so a
 * rule can subscribe to exactly "new inference profiles" (schemas in docs/events.md).
 */
export const CHANGE_EVENT_SOURCE = 'bedrock-profile-catalog';

export const CHANGE_DETAIL_TYPES = {
  profileAdded: 'Inference Profile Added',
  profileRemoved: 'Inference Profile Removed',
  profileChanged: 'Inference Profile Changed',
  modelAdded: 'Foundation Model Added',
  modelRemoved: 'Foundation Model Removed',
  modelChanged: 'Foundation Model Changed',
  /** Besides `Foundation Model Changed`, when the change touches the lifecycle status or dates. */
  modelLifecycleChanged: 'Foundation Model Lifecycle Changed',
  /** A price cell (model × region × scope × tier × endpoint × mode × context) of the Price List. */
  priceAdded: 'Model Price Added',
  priceRemoved: 'Model Price Removed',
  priceChanged: 'Model Price Changed',
} as const;

export type ChangeDetailType = (typeof CHANGE_DETAIL_TYPES)[keyof typeof CHANGE_DETAIL_TYPES];

const DETAIL_TYPE_BY_CHANGE: Record<
  ChangeRecord['entity'],
  Record<ChangeRecord['kind'], ChangeDetailType>
> = {
  profile: {
    added: CHANGE_DETAIL_TYPES.profileAdded,
    removed: CHANGE_DETAIL_TYPES.profileRemoved,
    changed: CHANGE_DETAIL_TYPES.profileChanged,
  },
  model: {
    added: CHANGE_DETAIL_TYPES.modelAdded,
    removed: CHANGE_DETAIL_TYPES.modelRemoved,
    changed: CHANGE_DETAIL_TYPES.modelChanged,
  },
  price: {
    added: CHANGE_DETAIL_TYPES.priceAdded,
    removed: CHANGE_DETAIL_TYPES.priceRemoved,
    changed: CHANGE_DETAIL_TYPES.priceChanged,
  },
};

export function changeDetailType(change: Pick<ChangeRecord, 'entity' | 'kind'>): ChangeDetailType {
  return DETAIL_TYPE_BY_CHANGE[change.entity][change.kind];
}

/** The event `detail`: the change record without its record type. */
export function changeEventDetail(change: ChangeRecord) {
  return {
    scanId: change.scanId,
    region: change.region,
    kind: change.kind,
    entity: change.entity,
    id: change.id,
    before: change.before,
    after: change.after,
    at: change.at,
  };
}

/** The lifecycle a change record's `before`/`after` holds; null when absent or unreadable. */
function lifecycleIn(content: ChangeRecord['before']): ModelLifecycle | null {
  const parsed = ModelLifecycle.safeParse(content?.lifecycle);
  return parsed.success ? parsed.data : null;
}

/**
 * The `Foundation Model Lifecycle Changed` detail, or null when the change is not one: a model
 * whose lifecycle status or dates differ between two scans. `next` is the soonest event after
 * `at`, so a rule can act on it without reading the catalog.
 */
export function lifecycleChangeDetail(change: ChangeRecord) {
  if (change.entity !== 'model' || change.kind !== 'changed') return null;
  const before = lifecycleIn(change.before);
  const after = lifecycleIn(change.after);
  const changed = lifecycleDifferences(before, after);
  if (changed.length === 0) return null;
  return {
    scanId: change.scanId,
    region: change.region,
    modelId: change.id,
    changed,
    before,
    after,
    next: nextLifecycleEvent(after, new Date(change.at)),
    at: change.at,
  };
}

/** Every event one change record puts on the bus: its own, then a lifecycle event if it is one. */
export function changeEvents(
  change: ChangeRecord,
): { detailType: ChangeDetailType; detail: object }[] {
  const events: { detailType: ChangeDetailType; detail: object }[] = [
    { detailType: changeDetailType(change), detail: changeEventDetail(change) },
  ];
  const lifecycle = lifecycleChangeDetail(change);
  if (lifecycle) {
    events.push({ detailType: CHANGE_DETAIL_TYPES.modelLifecycleChanged, detail: lifecycle });
  }
  return events;
}

/**
 * Asks the scanner for a scan out of schedule (POST /v1/scans puts it; so may any workload allowed
 * to put it on the bus). The construct's rule delivers it to the scanner. Its own source keeps
 * every `bedrock-profile-catalog` event a change event, and lets IAM tell the two apart.
 */
export const SCAN_REQUEST_SOURCE = 'bedrock-profile-catalog.requests';
export const SCAN_REQUESTED_DETAIL_TYPE = 'Scan Requested';

export const ScanRequestedDetail = /* @__PURE__ */ lazySchema(() =>
  z.object({
    /** The ID the scan will be recorded under (GET /v1/scans/{scanId}). */
    scanId: z.string().check(z.regex(SCAN_ID_PATTERN)),
    /** Regions to scan; absent means every configured region. */
    regions: z.optional(z.array(RegionCode).check(z.minLength(1), z.maxLength(50))),
  }),
);
export type ScanRequestedDetail = z.infer<typeof ScanRequestedDetail>;
