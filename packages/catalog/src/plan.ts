import type { WriteRequest } from './batch-write.js';
import { unitJitter } from './hash.js';
import {
  buildItem,
  contentOfItem,
  type DesiredItem,
  keyString,
  type RegionItemType,
} from './items.js';
import { type PrimaryKey, primaryKeyOf } from './keys.js';
import type { ChangeKind, ChangeRecord, ItemCounts } from './records.js';
import { CATALOG_KEY_ATTRIBUTES, CATALOG_TABLE } from './table.js';

/**
 * What one region snapshot writes, decided without touching the table: which items to put, which
 * to delete and what to journal (the change records, once committed). The writer reads the table,
 * plans, then writes.
 */

/** Refresh thresholds are spread over the top half of the refresh window (see needsRefresh). */
const REFRESH_SPREAD = 0.5;
/** New expiries are spread over the last 20% of the TTL, so a batch written together drifts apart. */
const EXPIRY_SPREAD = 0.2;

/** An item as the table holds it: record fields plus keys, `expiresAt` and `contentHash`. */
export type StoredItem = Record<string, unknown>;

/**
 * One item an apply changes, journaled before the apply writes anything: what the last committed
 * snapshot held (`before`) and what this apply writes (`after`). A scan that takes over a region
 * whose apply died rebuilds the committed snapshot from the dead apply's journal, so its own
 * changes are computed against that snapshot, not against the half-applied table.
 */
export interface JournalEntry {
  key: PrimaryKey;
  entity: RegionItemType;
  id: string;
  /** The item in the last committed snapshot; null: absent there. */
  before: StoredItem | null;
  /** The content this apply leaves; null: absent after it. */
  after: Record<string, unknown> | null;
  /** The change record this entry is; null for throughputs, targets and keys only inherited. */
  change: ChangeKind | null;
}

export interface Plan {
  puts: WriteRequest[];
  deletes: WriteRequest[];
  /** Empty on a region's first snapshot: there is no committed snapshot to rebuild. */
  journal: JournalEntry[];
}

export interface PlanContext {
  /**
   * Journal and log changes; false on a region's first snapshot, where every item would be
   * "added" and there is no committed snapshot to protect.
   */
  logChanges: boolean;
  /** The journal of an apply that died before committing: its keys are not what was committed. */
  inherited: readonly JournalEntry[];
  now: Date;
  /** Item lifetime in seconds. */
  ttlSeconds: number;
  /** Unchanged items are rewritten once less than this fraction of their TTL is left. */
  refreshFraction: number;
  /**
   * Stored items this snapshot leaves exactly as they are: never put, never swept (the items of
   * an optional listing that failed). Their inherited journal entries are carried forward.
   */
  keep?: (item: StoredItem | Record<string, unknown>) => boolean;
}

export const ZERO_COUNTS: ItemCounts = {
  profiles: 0,
  applicationProfiles: 0,
  models: 0,
  throughputs: 0,
};

const LOGGED_ENTITIES: ReadonlySet<string> = new Set(['profile', 'model']);

/**
 * Writes are planned against what the table holds (`existing`): new, changed, re-checked and
 * TTL-due items are put, stored items missing from the snapshot are deleted. Changes are planned
 * against the last committed snapshot: `existing` with the inherited journal's `before` images.
 */
export function planRegionWrite(
  desired: ReadonlyMap<string, DesiredItem>,
  stored: ReadonlyMap<string, StoredItem>,
  ctx: PlanContext,
): Plan {
  const plan: Plan = { puts: [], deletes: [], journal: [] };
  const now = ctx.now.toISOString();
  const nowSeconds = Math.floor(ctx.now.getTime() / 1000);
  const keep = ctx.keep ?? (() => false);
  // Kept items are outside this snapshot altogether: not compared, not swept, not journaled.
  const existing = new Map([...stored].filter(([, item]) => !keep(item)));
  const committed = new Map(existing);
  const inherited = new Set<string>();
  for (const entry of ctx.inherited) {
    // `after` is content only; the entity says what record it is.
    const image = entry.before ?? (entry.after && { ...entry.after, recordType: entry.entity });
    if (image && keep(image)) {
      // A dead apply's key of a kept kind: the next takeover still needs its committed image.
      if (ctx.logChanges) plan.journal.push({ ...entry, change: null });
      continue;
    }
    const key = keyString(entry.key);
    inherited.add(key);
    if (entry.before) committed.set(key, entry.before);
    else committed.delete(key);
  }
  const journal = (entry: Omit<JournalEntry, 'change'>, kind: ChangeKind | null) => {
    if (!ctx.logChanges) return;
    const change = kind && LOGGED_ENTITIES.has(entry.entity) ? kind : null;
    plan.journal.push({ ...entry, change });
  };

  for (const [key, item] of desired) {
    const old = existing.get(key);
    const base = committed.get(key);
    const due = old !== undefined && needsRefresh(old, key, nowSeconds, ctx);
    // An item stored under an older key layout is rewritten (on the table, not in the feed).
    const changed =
      old === undefined ||
      old[CATALOG_TABLE.contentHashAttribute] !== item.hash ||
      keysMoved(old, item.keys);
    // A repeated access check with the same answer is written, so the table keeps the time of
    // the last check (the next scan's freshness test reads it), but it is not a change.
    const rechecked = old !== undefined && checkedAtOf(old) !== checkedAtOf(item.content);
    const changedSinceCommit = base?.[CATALOG_TABLE.contentHashAttribute] !== item.hash;
    if (changedSinceCommit || inherited.has(key)) {
      const kind = !changedSinceCommit ? null : base ? 'changed' : 'added';
      const entity = item.recordType;
      journal(
        { key: item.key, entity, id: item.id, before: base ?? null, after: item.content },
        kind,
      );
    }
    if (old && !changed && !due && !rechecked) continue;
    const firstSeenAt = typeof base?.firstSeenAt === 'string' ? base.firstSeenAt : now;
    const expiresAt = expiryFor(key, nowSeconds, ctx.ttlSeconds);
    plan.puts.push({
      PutRequest: { Item: buildItem(item, { firstSeenAt, lastSeenAt: now, expiresAt }) },
    });
  }
  for (const [key, old] of existing) {
    if (!desired.has(key)) plan.deletes.push({ DeleteRequest: { Key: primaryKeyOf(old) } });
  }
  for (const key of new Set([...committed.keys(), ...inherited])) {
    if (desired.has(key)) continue;
    const stored = committed.get(key) ?? existing.get(key);
    if (!stored) continue;
    const base = committed.get(key) ?? null;
    const entry = { key: primaryKeyOf(stored), entity: entityOf(stored), id: idOfStored(stored) };
    journal({ ...entry, before: base, after: null }, base ? 'removed' : null);
  }
  return plan;
}

/** The change records of a committed apply's journal, all stamped with the commit time. */
export function changesOf(
  journal: readonly JournalEntry[],
  apply: { scanId: string; region: string; committedAt: string },
): ChangeRecord[] {
  return journal.flatMap((entry) =>
    entry.change && (entry.entity === 'profile' || entry.entity === 'model')
      ? [
          {
            recordType: 'change' as const,
            at: apply.committedAt,
            scanId: apply.scanId,
            region: apply.region,
            kind: entry.change,
            entity: entry.entity,
            id: entry.id,
            before: entry.before && contentOfItem(entry.before),
            after: entry.after && { ...entry.after },
          },
        ]
      : [],
  );
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
    else if (item.recordType === 'throughput') counts.throughputs++;
  }
  return counts;
}

/** True when the stored item's key attributes differ from the ones it should have now. */
function keysMoved(old: StoredItem, keys: Readonly<Record<string, string>>): boolean {
  return CATALOG_KEY_ATTRIBUTES.some((name) => old[name] !== keys[name]);
}

function checkedAtOf(content: object): unknown {
  const access = (content as { access?: { checkedAt?: unknown } | null }).access;
  return access?.checkedAt ?? null;
}

function entityOf(item: StoredItem): RegionItemType {
  const type = String(item.recordType);
  return type === 'profile' || type === 'model' || type === 'target' ? type : 'throughput';
}

function idOfStored(item: StoredItem): string {
  const entity = entityOf(item);
  const id = entity === 'profile' ? item.profileId : entity === 'model' ? item.modelId : item.arn;
  return String(id);
}
