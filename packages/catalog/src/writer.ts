import { type DynamoDBDocumentClient, PutCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import {
  type BatchRetryOptions,
  batchWriteAll,
  DEFAULT_BATCH_RETRY,
  type WriteRequest,
} from './batch-write.js';
import { InvalidSnapshotError, RegionContentionError } from './errors.js';
import { contentOfItem, desiredItemsOf, keyString, modelFingerprint } from './items.js';
import { changeKeys, KEY_PREFIX, primaryKeyOf, scanKeys } from './keys.js';
import { countsOf, type Plan, planRegionWrite, type StoredItem } from './plan.js';
import { byRegionQuery } from './queries.js';
import {
  type ChangeRecord,
  type ItemCounts,
  type ModelAccess,
  type RegionRecord,
  type ScanError,
  ScanRecord,
} from './records.js';
import { isConditionalCheckFailed, MAX_CLAIM_ATTEMPTS, RegionLease } from './region-lease.js';
import { SETTINGS } from './settings.js';
import { ModelContent, type RegionSnapshot } from './snapshot.js';
import { CATALOG_TABLE } from './table.js';

const DAY_SECONDS = 24 * 60 * 60;

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

/** ISO times are compared as strings in DynamoDB, so they must all have one exact format. */
function canonicalIso(time: string): string {
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) throw new InvalidSnapshotError(`not a time: ${time}`);
  return date.toISOString();
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
  readonly #lease: RegionLease;
  readonly #now: () => Date;
  readonly #batchRetry: BatchRetryOptions;

  constructor(options: CatalogWriterOptions) {
    this.#client = options.documentClient;
    this.#table = options.tableName;
    this.#ttlSeconds = options.ttlSeconds ?? SETTINGS.ttl.default;
    this.#refreshFraction = options.refreshFraction ?? 0.5;
    this.#retentionSeconds =
      (options.changeRetentionDays ?? SETTINGS.changeRetentionDays.default) * DAY_SECONDS;
    this.#lease = new RegionLease(
      this.#client,
      this.#table,
      options.latencyWindow ?? SETTINGS.latencyWindow.default,
    );
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
      const seen = await this.#lease.read(region);
      if (seen && seen.lastScanStartedAt >= start) return { status: 'superseded', ...result };
      const nowDate = this.#now();
      const now = nowDate.toISOString();
      const existing = await this.#readRegionItems(region);
      const plan = planRegionWrite(desired, existing, {
        fullRewrite: seen?.applyingScanStartedAt != null,
        // The first snapshot of a region is not news: every item would be "added".
        logChanges: seen?.lastSuccessAt != null,
        scanId: input.scanId,
        region,
        now: nowDate,
        ttlSeconds: this.#ttlSeconds,
        refreshFraction: this.#refreshFraction,
      });
      const committed = this.#lease.afterSuccess(seen, input, start, now, counts);

      // Nothing to write: claim and commit in one conditional write.
      if (plan.puts.length + plan.deletes.length === 0 && !seen?.applyingScanStartedAt) {
        if (!(await this.#lease.put(committed, seen, start))) continue;
        return { status: 'applied', ...result, writeRequests: 1 };
      }
      // Claim: the pointer moves to this scan, and the flag says an apply is under way.
      const claim = {
        ...this.#lease.pointer(seen, input, start, now),
        applyingScanStartedAt: start,
      };
      if (!(await this.#lease.put(claim, seen, start))) continue;
      return this.#applyPlan(plan, committed, start, counts);
    }
    throw new RegionContentionError(`region ${region}: record kept changing, gave up`);
  }

  /** Updates only the region record: the last good items and counts stay untouched. */
  async recordRegionFailure(input: RecordRegionFailureInput): Promise<'recorded' | 'superseded'> {
    const start = canonicalIso(input.scanStartedAt);
    for (let attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt++) {
      const seen = await this.#lease.read(input.region);
      if (seen && seen.lastScanStartedAt >= start) return 'superseded';
      const now = this.#now().toISOString();
      const next: RegionRecord = {
        ...this.#lease.pointer(seen, input, start, now),
        status: input.status,
        error: input.error,
        ...this.#lease.withSamples(seen, input.latencySamples),
      };
      if (await this.#lease.put(next, seen, start)) return 'recorded';
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
    const record = ScanRecord.parse({
      ...scan,
      startedAt: canonicalIso(scan.startedAt),
      ...(scan.deadlineAt === undefined ? {} : { deadlineAt: canonicalIso(scan.deadlineAt) }),
    });
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
    const stillOurs = () => this.#lease.isOwnedBy(committed.region, start);
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
    const ok = logged.completed && (await this.#lease.commit(committed, start));
    return { status: ok ? 'applied' : 'superseded', ...result, writeRequests };
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
    const pages = paginateQuery(
      { client: this.#client },
      { TableName: this.#table, ...byRegionQuery(region, sortKeyPrefix) },
    );
    for await (const page of pages) yield* page.Items ?? [];
  }

  #nowSeconds(): number {
    return Math.floor(this.#now().getTime() / 1000);
  }
}
