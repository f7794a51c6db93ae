import type { WriteRequest } from './batch-write.js';
import { unitJitter } from './hash.js';
import { buildItem, contentOfItem, type DesiredItem } from './items.js';
import { primaryKeyOf } from './keys.js';
import type { ChangeRecord, ItemCounts } from './records.js';
import { CATALOG_TABLE } from './table.js';

/**
 * What one region snapshot writes, decided without touching the table: which items to put, which
 * to delete and which change records to log. The writer reads the table, plans, then writes.
 */

/** Refresh thresholds are spread over the top half of the refresh window (see needsRefresh). */
const REFRESH_SPREAD = 0.5;
/** New expiries are spread over the last 20% of the TTL, so a batch written together drifts apart. */
const EXPIRY_SPREAD = 0.2;

/** An item as the table holds it: record fields plus keys, `expiresAt` and `contentHash`. */
export type StoredItem = Record<string, unknown>;

export interface Plan {
  puts: WriteRequest[];
  deletes: WriteRequest[];
  changes: ChangeRecord[];
}

export interface PlanContext {
  /** Rewrite every desired item (an earlier apply died half-way). */
  fullRewrite: boolean;
  /** Log changes; false on a region's first snapshot, where everything would be "added". */
  logChanges: boolean;
  scanId: string;
  region: string;
  now: Date;
  /** Item lifetime in seconds. */
  ttlSeconds: number;
  /** Unchanged items are rewritten once less than this fraction of their TTL is left. */
  refreshFraction: number;
}

export const ZERO_COUNTS: ItemCounts = {
  profiles: 0,
  applicationProfiles: 0,
  models: 0,
  throughputs: 0,
};

/**
 * New, changed, re-checked and TTL-due items are put; unchanged ones are skipped; stored items
 * missing from the snapshot are deleted. Profile and model adds, changes and removals are logged.
 */
export function planRegionWrite(
  desired: ReadonlyMap<string, DesiredItem>,
  existing: ReadonlyMap<string, StoredItem>,
  ctx: PlanContext,
): Plan {
  const plan: Plan = { puts: [], deletes: [], changes: [] };
  const now = ctx.now.toISOString();
  const nowSeconds = Math.floor(ctx.now.getTime() / 1000);
  const log = (
    kind: ChangeRecord['kind'],
    entity: string,
    id: string,
    before: StoredItem | null,
    after: DesiredItem['content'] | null,
  ) => {
    if (!ctx.logChanges || (entity !== 'profile' && entity !== 'model')) return;
    plan.changes.push({
      recordType: 'change',
      at: now,
      scanId: ctx.scanId,
      region: ctx.region,
      kind,
      entity,
      id,
      before: before && contentOfItem(before),
      after: after && { ...after },
    });
  };

  for (const [key, item] of desired) {
    const old = existing.get(key);
    const due = old !== undefined && needsRefresh(old, key, nowSeconds, ctx);
    const changed = old?.[CATALOG_TABLE.contentHashAttribute] !== item.hash;
    // A repeated access check with the same answer is written, so the table keeps the time of
    // the last check (the next scan's freshness test reads it), but it is not a change.
    const rechecked = old !== undefined && checkedAtOf(old) !== checkedAtOf(item.content);
    if (old && !changed && !due && !rechecked && !ctx.fullRewrite) continue;
    if (!old) log('added', item.recordType, item.id, null, item.content);
    else if (changed) log('changed', item.recordType, item.id, old, item.content);
    const firstSeenAt = typeof old?.firstSeenAt === 'string' ? old.firstSeenAt : now;
    const expiresAt = expiryFor(key, nowSeconds, ctx.ttlSeconds);
    plan.puts.push({
      PutRequest: { Item: buildItem(item, { firstSeenAt, lastSeenAt: now, expiresAt }) },
    });
  }
  for (const [key, old] of existing) {
    if (desired.has(key)) continue;
    plan.deletes.push({ DeleteRequest: { Key: primaryKeyOf(old) } });
    log('removed', String(old.recordType), idOfStored(old), old, null);
  }
  return plan;
}

/**
 * Due once less than `refreshFraction × ttl` is left, scaled down by a per-item jitter in
 * [1 - REFRESH_SPREAD, 1]: items written together come due over several scans, not in one.
 */
export function needsRefresh(
  old: StoredItem,
  key: string,
  nowSeconds: number,
  ttl: Pick<PlanContext, 'ttlSeconds' | 'refreshFraction'>,
): boolean {
  const expiresAt = old[CATALOG_TABLE.ttlAttribute];
  if (typeof expiresAt !== 'number') return true;
  const jitter = 1 - REFRESH_SPREAD * unitJitter(`${key}#refresh`);
  return expiresAt - nowSeconds < ttl.ttlSeconds * ttl.refreshFraction * jitter;
}

/** Now plus the TTL, less a per-item, per-write share of up to EXPIRY_SPREAD of it. */
export function expiryFor(key: string, nowSeconds: number, ttlSeconds: number): number {
  const jitter = 1 - EXPIRY_SPREAD * unitJitter(`${key}#${nowSeconds}`);
  return nowSeconds + Math.round(ttlSeconds * jitter);
}

export function countsOf(desired: Iterable<DesiredItem>): ItemCounts {
  const counts = { ...ZERO_COUNTS };
  for (const item of desired) {
    if (item.recordType === 'profile') {
      counts.profiles++;
      if ('type' in item.content && item.content.type === 'APPLICATION') {
        counts.applicationProfiles++;
      }
    } else if (item.recordType === 'model') counts.models++;
    else counts.throughputs++;
  }
  return counts;
}

function checkedAtOf(content: object): unknown {
  const access = (content as { access?: { checkedAt?: unknown } | null }).access;
  return access?.checkedAt ?? null;
}

function idOfStored(item: StoredItem): string {
  const id = item.profileId ?? item.modelId ?? item.arn;
  return String(id);
}
