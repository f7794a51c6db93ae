import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
} from '@aws-sdk/lib-dynamodb';
import {
  type BatchRetryOptions,
  batchWriteAll,
  DEFAULT_BATCH_RETRY,
  type WriteRequest,
} from './batch-write.js';
import { InvalidSnapshotError, RegionContentionError } from './errors.js';
import { unitJitter } from './hash.js';
import {
  buildItem,
  contentOfItem,
  type DesiredItem,
  desiredItemsOf,
  keyString,
  modelFingerprint,
} from './items.js';
import {
  changeKeys,
  KEY_PREFIX,
  primaryKeyOf,
  regionKeys,
  regionPartitionKey,
  scanKeys,
} from './keys.js';
import { latencyStats } from './percentiles.js';
import {
  type ChangeRecord,
  type ItemCounts,
  type ModelAccess,
  RegionRecord,
  type ScanError,
  ScanRecord,
} from './records.js';
import { SETTINGS } from './settings.js';
import { ModelContent, type RegionSnapshot } from './snapshot.js';
import { CATALOG_TABLE } from './table.js';

const DAY_SECONDS = 24 * 60 * 60;
/** Refresh thresholds are spread over the top half of the refresh window (see needsRefresh). */
const REFRESH_SPREAD = 0.5;
/** New expiries are spread over the last 20% of the TTL, so a batch written together drifts apart. */
const EXPIRY_SPREAD = 0.2;
/** Optimistic-lock retries on the region record before giving up. */
const MAX_CLAIM_ATTEMPTS = 5;

export interface CatalogWriterOptions {
  documentClient: DynamoDBDocumentClient;
  tableName: string;
  /** Item lifetime; keep it several scan intervals so one missed scan does not blank a region. */
  ttlSeconds?: number;
  /** Unchanged items are rewritten once less than this fraction of their TTL is left. */
  refreshFraction?: number;
  /** How long change and scan records are kept. */
  changeRetentionDays?: number;
  /** Latency samples kept per region (newest last). */
  latencyWindow?: number;
  now?: () => Date;
  batchRetry?: BatchRetryOptions;
}

export interface ApplyRegionSnapshotInput {
  scanId: string;
  /** ISO time; orders scans: the newest start wins each region. */
  scanStartedAt: string;
  snapshot: RegionSnapshot;
  /** Per-attempt control-plane latencies (ms) measured in this scan. */
  latencySamples: readonly number[];
}

export interface ApplyRegionSnapshotResult {
  /** `superseded`: a newer (or the same) scan owns the region; see the docs for what was written. */
  status: 'applied' | 'superseded';
  /** Changes written to the change log (empty on a region's first snapshot). */
  changes: ChangeRecord[];
  itemsWritten: number;
  itemsDeleted: number;
  /** Every write request sent: region record, items (retries included) and change records. */
  writeRequests: number;
  counts: ItemCounts;
}

export interface RecordRegionFailureInput {
  scanId: string;
  scanStartedAt: string;
  region: string;
  status: 'error' | 'denied';
  error: ScanError;
  latencySamples: readonly number[];
}

/** What the catalog holds about a model's access in a region, for deciding what to re-check. */
export interface StoredModelAccess {
  /** `modelFingerprint` of the stored content: differs from the listing's when the model changed. */
  fingerprint: string;
  access: ModelAccess | null;
}

type StoredItem = Record<string, unknown>;

interface Plan {
  puts: WriteRequest[];
  deletes: WriteRequest[];
  changes: ChangeRecord[];
}

const ZERO_COUNTS: ItemCounts = { profiles: 0, applicationProfiles: 0, models: 0, throughputs: 0 };

/** ISO times are compared as strings in DynamoDB, so they must all have one exact format. */
function canonicalIso(time: string): string {
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) throw new InvalidSnapshotError(`not a time: ${time}`);
  return date.toISOString();
}

function isConditionalCheckFailed(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error as { name?: string } | null)?.name === 'ConditionalCheckFailedException'
  );
}

function countsOf(desired: Iterable<DesiredItem>): ItemCounts {
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

/**
 * Writes region snapshots into the catalog table: newest scan wins per region, only new, changed
 * or TTL-due items are written, and items missing from a successful snapshot are swept at once.
 */
export class CatalogWriter {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #ttlSeconds: number;
  readonly #refreshFraction: number;
  readonly #retentionSeconds: number;
  readonly #latencyWindow: number;
  readonly #now: () => Date;
  readonly #batchRetry: BatchRetryOptions;

  constructor(options: CatalogWriterOptions) {
    this.#client = options.documentClient;
    this.#table = options.tableName;
    this.#ttlSeconds = options.ttlSeconds ?? SETTINGS.ttl.default;
    this.#refreshFraction = options.refreshFraction ?? 0.5;
    this.#retentionSeconds =
      (options.changeRetentionDays ?? SETTINGS.changeRetentionDays.default) * DAY_SECONDS;
    this.#latencyWindow = options.latencyWindow ?? SETTINGS.latencyWindow.default;
    this.#now = options.now ?? (() => new Date());
    this.#batchRetry = options.batchRetry ?? DEFAULT_BATCH_RETRY;
    if (!(this.#refreshFraction > 0 && this.#refreshFraction < 1)) {
      throw new RangeError('refreshFraction must be in (0, 1)');
    }
  }

  async applyRegionSnapshot(input: ApplyRegionSnapshotInput): Promise<ApplyRegionSnapshotResult> {
    const start = canonicalIso(input.scanStartedAt);
    const { region } = input.snapshot;
    const desired = desiredItemsOf(input.snapshot);
    const counts = countsOf(desired.values());
    const result = { changes: [], itemsWritten: 0, itemsDeleted: 0, writeRequests: 0, counts };

    for (let attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt++) {
      const seen = await this.#readRegion(region);
      if (seen && seen.lastScanStartedAt >= start) return { status: 'superseded', ...result };
      const nowDate = this.#now();
      const now = nowDate.toISOString();
      const existing = await this.#readRegionItems(region);
      const plan = this.#plan(desired, existing, {
        fullRewrite: seen?.applyingScanStartedAt != null,
        // The first snapshot of a region is not news: every item would be "added".
        logChanges: seen?.lastSuccessAt != null,
        scanId: input.scanId,
        region,
        now: nowDate,
      });
      const committed = this.#regionAfterSuccess(seen, input, start, now, counts);

      // Nothing to write: claim and commit in one conditional write.
      if (plan.puts.length + plan.deletes.length === 0 && !seen?.applyingScanStartedAt) {
        if (!(await this.#putRegion(committed, seen, start))) continue;
        return { status: 'applied', ...result, writeRequests: 1 };
      }
      // Claim: the pointer moves to this scan, and the flag says an apply is under way.
      const claim = {
        ...this.#regionPointer(seen, input, start, now),
        applyingScanStartedAt: start,
      };
      if (!(await this.#putRegion(claim, seen, start))) continue;
      return this.#applyPlan(plan, committed, start, counts);
    }
    throw new RegionContentionError(`region ${region}: record kept changing, gave up`);
  }

  /** Updates only the region record: the last good items and counts stay untouched. */
  async recordRegionFailure(input: RecordRegionFailureInput): Promise<'recorded' | 'superseded'> {
    const start = canonicalIso(input.scanStartedAt);
    for (let attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt++) {
      const seen = await this.#readRegion(input.region);
      if (seen && seen.lastScanStartedAt >= start) return 'superseded';
      const now = this.#now().toISOString();
      const window = this.#window(seen, input.latencySamples);
      const next: RegionRecord = {
        ...this.#regionPointer(seen, input, start, now),
        status: input.status,
        error: input.error,
        latencySamples: window,
        latency: latencyStats(window),
      };
      if (await this.#putRegion(next, seen, start)) return 'recorded';
    }
    throw new RegionContentionError(`region ${input.region}: record kept changing, gave up`);
  }

  /**
   * The region's stored models (GSI2, model items only) with their access checks, keyed by model
   * ID. Items that no longer parse are left out, so their access is checked again.
   */
  async currentModelAccess(region: string): Promise<Map<string, StoredModelAccess>> {
    const models = new Map<string, StoredModelAccess>();
    for await (const item of this.#regionItems(region, KEY_PREFIX.model)) {
      const parsed = ModelContent.safeParse(contentOfItem(item));
      if (!parsed.success) continue;
      models.set(parsed.data.modelId, {
        fingerprint: modelFingerprint(parsed.data),
        access: parsed.data.access,
      });
    }
    return models;
  }

  /**
   * Writes (or overwrites) one scan run; kept as long as the change log. With `onlyIfNew` an
   * existing run with that ID is left alone and `exists` comes back: a redelivered scan request
   * must not run (and overwrite) the same scan twice.
   */
  async putScan(
    scan: ScanRecord,
    options: { onlyIfNew?: boolean } = {},
  ): Promise<'written' | 'exists'> {
    const record = ScanRecord.parse({ ...scan, startedAt: canonicalIso(scan.startedAt) });
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            ...scanKeys(record),
            ...record,
            [CATALOG_TABLE.ttlAttribute]: this.#nowSeconds() + this.#retentionSeconds,
          },
          ...(options.onlyIfNew
            ? {
                ConditionExpression: 'attribute_not_exists(#pk)',
                ExpressionAttributeNames: { '#pk': CATALOG_TABLE.partitionKey },
              }
            : {}),
        }),
      );
      return 'written';
    } catch (error) {
      if (options.onlyIfNew && isConditionalCheckFailed(error)) return 'exists';
      throw error;
    }
  }

  async #applyPlan(
    plan: Plan,
    committed: RegionRecord,
    start: string,
    counts: ItemCounts,
  ): Promise<ApplyRegionSnapshotResult> {
    const stillOurs = () => this.#ownsRegion(committed.region, start);
    const options = { retry: this.#batchRetry, beforeChunk: stillOurs };
    const result = { changes: [] as ChangeRecord[], itemsWritten: 0, itemsDeleted: 0, counts };
    let writeRequests = 1;

    const puts = await batchWriteAll(this.#client, this.#table, plan.puts, options);
    result.itemsWritten = puts.written;
    writeRequests += puts.writeRequests;
    // Sweep only once every put is confirmed, and only while this scan still owns the region.
    if (!puts.completed) return { status: 'superseded', ...result, writeRequests };
    const sweep = await batchWriteAll(this.#client, this.#table, plan.deletes, options);
    result.itemsDeleted = sweep.written;
    writeRequests += sweep.writeRequests;
    if (!sweep.completed) return { status: 'superseded', ...result, writeRequests };

    const changeItems = plan.changes.map((change) => this.#changeItem(change));
    const logged = await batchWriteAll(this.#client, this.#table, changeItems, options);
    writeRequests += logged.writeRequests + 1;
    // Written changes describe what the table now holds, so they are returned either way.
    result.changes = logged.completed ? plan.changes : [];
    const ok = logged.completed && (await this.#commit(committed, start));
    return { status: ok ? 'applied' : 'superseded', ...result, writeRequests };
  }

  #plan(
    desired: Map<string, DesiredItem>,
    existing: Map<string, StoredItem>,
    ctx: { fullRewrite: boolean; logChanges: boolean; scanId: string; region: string; now: Date },
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
      const due = old !== undefined && this.#needsRefresh(old, key, nowSeconds);
      const changed = old?.[CATALOG_TABLE.contentHashAttribute] !== item.hash;
      // A repeated access check with the same answer is written, so the table keeps the time of
      // the last check (the next scan's freshness test reads it), but it is not a change.
      const rechecked = old !== undefined && checkedAtOf(old) !== checkedAtOf(item.content);
      if (old && !changed && !due && !rechecked && !ctx.fullRewrite) continue;
      if (!old) log('added', item.recordType, item.id, null, item.content);
      else if (changed) log('changed', item.recordType, item.id, old, item.content);
      const firstSeenAt = typeof old?.firstSeenAt === 'string' ? old.firstSeenAt : now;
      const expiresAt = this.#expiryFor(key, nowSeconds);
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
  #needsRefresh(old: StoredItem, key: string, nowSeconds: number): boolean {
    const expiresAt = old[CATALOG_TABLE.ttlAttribute];
    if (typeof expiresAt !== 'number') return true;
    const jitter = 1 - REFRESH_SPREAD * unitJitter(`${key}#refresh`);
    return expiresAt - nowSeconds < this.#ttlSeconds * this.#refreshFraction * jitter;
  }

  #expiryFor(key: string, nowSeconds: number): number {
    const jitter = 1 - EXPIRY_SPREAD * unitJitter(`${key}#${nowSeconds}`);
    return nowSeconds + Math.round(this.#ttlSeconds * jitter);
  }

  #changeItem(change: ChangeRecord): WriteRequest {
    return {
      PutRequest: {
        Item: {
          ...changeKeys(change),
          ...change,
          [CATALOG_TABLE.ttlAttribute]: this.#nowSeconds() + this.#retentionSeconds,
        },
      },
    };
  }

  /** The scan pointer and attempt fields every region write sets; the rest kept from `seen`. */
  #regionPointer(
    seen: RegionRecord | null,
    input: { scanId: string; region?: string; snapshot?: RegionSnapshot },
    start: string,
    now: string,
  ): RegionRecord {
    const region = input.region ?? input.snapshot?.region ?? '';
    return {
      recordType: 'region',
      region,
      status: seen?.status ?? 'error',
      error: seen ? seen.error : { code: 'error', message: 'no scan of this region has completed' },
      lastSuccessAt: seen?.lastSuccessAt ?? null,
      counts: seen?.counts ?? ZERO_COUNTS,
      latencySamples: seen?.latencySamples ?? [],
      latency: seen?.latency ?? null,
      applyingScanStartedAt: seen?.applyingScanStartedAt ?? null,
      lastScanStartedAt: start,
      lastScanId: input.scanId,
      lastAttemptAt: now,
    };
  }

  #regionAfterSuccess(
    seen: RegionRecord | null,
    input: ApplyRegionSnapshotInput,
    start: string,
    now: string,
    counts: ItemCounts,
  ): RegionRecord {
    const window = this.#window(seen, input.latencySamples);
    return {
      ...this.#regionPointer(seen, input, start, now),
      status: 'ok',
      error: null,
      lastSuccessAt: now,
      counts,
      latencySamples: window,
      latency: latencyStats(window),
      applyingScanStartedAt: null,
    };
  }

  #window(seen: RegionRecord | null, samples: readonly number[]): number[] {
    return [...(seen?.latencySamples ?? []), ...samples].slice(-this.#latencyWindow);
  }

  async #readRegion(region: string): Promise<RegionRecord | null> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: regionKeys({ region }), ConsistentRead: true }),
    );
    return Item ? RegionRecord.parse(Item) : null;
  }

  /** Consistent check, before each chunk, that no newer scan has claimed the region. */
  async #ownsRegion(region: string, start: string): Promise<boolean> {
    const { Item } = await this.#client.send(
      new GetCommand({
        TableName: this.#table,
        Key: regionKeys({ region }),
        ConsistentRead: true,
        ProjectionExpression: 'lastScanStartedAt',
      }),
    );
    return Item?.lastScanStartedAt === start;
  }

  /**
   * Conditional write of the region record. The optimistic lock on what we read (`seen`) implies
   * the newest-wins rule, which is spelled out as well so the expression states the invariant.
   */
  async #putRegion(next: RegionRecord, seen: RegionRecord | null, start: string): Promise<boolean> {
    const unchangedSinceRead = seen
      ? 'lastScanStartedAt = :seen'
      : 'attribute_not_exists(lastScanStartedAt)';
    return this.#conditionalPut(
      next,
      `(attribute_not_exists(lastScanStartedAt) OR lastScanStartedAt < :start) AND ${unchangedSinceRead}`,
      { ':start': start, ...(seen ? { ':seen': seen.lastScanStartedAt } : {}) },
    );
  }

  /** The final write of an apply: only if this scan still owns the region. */
  #commit(committed: RegionRecord, start: string): Promise<boolean> {
    return this.#conditionalPut(committed, 'lastScanStartedAt = :start', { ':start': start });
  }

  async #conditionalPut(
    record: RegionRecord,
    condition: string,
    values: Record<string, string>,
  ): Promise<boolean> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: { ...regionKeys(record), ...RegionRecord.parse(record) },
          ConditionExpression: condition,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  /** Every profile, model and throughput item the table holds for `region` (GSI2). */
  async #readRegionItems(region: string): Promise<Map<string, StoredItem>> {
    const items = new Map<string, StoredItem>();
    for await (const item of this.#regionItems(region)) {
      if (['profile', 'model', 'throughput'].includes(String(item.recordType))) {
        items.set(keyString(primaryKeyOf(item)), item);
      }
    }
    return items;
  }

  /** A region's items on GSI2, every page, optionally only those whose sort key starts so. */
  async *#regionItems(region: string, sortKeyPrefix?: string) {
    const index = CATALOG_TABLE.indexes.byRegion;
    const pages = paginateQuery(
      { client: this.#client },
      {
        TableName: this.#table,
        IndexName: index.indexName,
        KeyConditionExpression: sortKeyPrefix
          ? '#pk = :pk AND begins_with(#sk, :prefix)'
          : '#pk = :pk',
        ExpressionAttributeNames: {
          '#pk': index.partitionKey,
          ...(sortKeyPrefix ? { '#sk': index.sortKey } : {}),
        },
        ExpressionAttributeValues: {
          ':pk': regionPartitionKey(region),
          ...(sortKeyPrefix ? { ':prefix': sortKeyPrefix } : {}),
        },
      },
    );
    for await (const page of pages) yield* page.Items ?? [];
  }

  #nowSeconds(): number {
    return Math.floor(this.#now().getTime() / 1000);
  }
}

function checkedAtOf(content: object): unknown {
  const access = (content as { access?: { checkedAt?: unknown } | null }).access;
  return access?.checkedAt ?? null;
}

function idOfStored(item: StoredItem): string {
  const id = item.profileId ?? item.modelId ?? item.arn;
  return String(id);
}
