import type { ModelLifecycle } from './records.js';

/**
 * A model's lifecycle dates as the catalog reads them: one place for "has it reached end of
 * life" and "what happens next", shared by the resolver, the lifecycle route and change events.
 */

/** The dated lifecycle events, in the order a model passes them. */
export const LIFECYCLE_EVENTS = ['legacy', 'publicExtendedAccess', 'endOfLife'] as const;
export type LifecycleEvent = (typeof LIFECYCLE_EVENTS)[number];

const TIME_OF: Record<LifecycleEvent, keyof ModelLifecycle> = {
  legacy: 'legacyTime',
  publicExtendedAccess: 'publicExtendedAccessTime',
  endOfLife: 'endOfLifeTime',
};

/** Calls fail once this has passed (`ResourceNotFoundException: … reached the end of its life`). */
export function endOfLifeReached(lifecycle: ModelLifecycle | null, now: Date): boolean {
  const end = lifecycle?.endOfLifeTime;
  return end != null && Date.parse(end) <= now.getTime();
}

/** The soonest dated event after `now`, or null when none is ahead (or no dates are known). */
export function nextLifecycleEvent(
  lifecycle: ModelLifecycle | null,
  now: Date,
): { event: LifecycleEvent; at: string } | null {
  let next: { event: LifecycleEvent; at: string } | null = null;
  for (const event of LIFECYCLE_EVENTS) {
    const at = lifecycle?.[TIME_OF[event]];
    if (at == null || Date.parse(at) <= now.getTime()) continue;
    if (next === null || Date.parse(at) < Date.parse(next.at)) next = { event, at };
  }
  return next;
}

/** The lifecycle fields that differ (status and the dates), in a stable order. */
export function lifecycleDifferences(
  before: ModelLifecycle | null,
  after: ModelLifecycle | null,
): (keyof ModelLifecycle)[] {
  const fields: (keyof ModelLifecycle)[] = [
    'status',
    'startOfLifeTime',
    'legacyTime',
    'publicExtendedAccessTime',
    'endOfLifeTime',
  ];
  return fields.filter((field) => (before?.[field] ?? null) !== (after?.[field] ?? null));
}
