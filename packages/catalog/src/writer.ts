import { type DynamoDBDocumentClient, PutCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import { AccountTargetKind } from './account-targets.js';
import {
  type BatchRetryOptions,
  batchWriteAll,
  DEFAULT_BATCH_RETRY,
  type WriteRequest,
} from './batch-write.js';
import { InvalidSnapshotError, RegionContentionError } from './errors.js';
import { contentOfItem, desiredItemsOf, keyString, modelFingerprint } from './items.js';
import {
  changeKeys,
  journalKeys,
  journalPartitionKey,
  journalSortKeyPrefix,
  KEY_PREFIX,
  primaryKeyOf,
  scanKeys,
} from './keys.js';
import {
  changesOf,
  countsOf,
  type JournalEntry,
  type Plan,
  planRegionWrite,
  type StoredItem,
} from './plan.js';
import { byRegionQuery } from './queries.js';
import {
  type ChangeRecord,
  type ItemCounts,
  type ModelAccess,
  type OutboxEntry,
  type RegionRecord,
  type ScanError,
  ScanRecord,
} from './records.js';
import { isConditionalCheckFailed, MAX_CLAIM_ATTEMPTS, RegionLease } from './region-lease.js';
import { SETTINGS } from './settings.js';
import { listsTargetKind, ModelContent, type RegionSnapshot } from './snapshot.js';
import { CATALOG_TABLE } from './table.js';

const DAY_SECONDS = 24 * 60 * 60;
/** Default apply lease: a scanner that died mid-apply blocks its region this long at most. */
export const APPLY_LEASE_MS = 30_000;
/**
 * No write chunk is sent with less than this left on the lease (a third of shorter leases), so
 * every chunk has landed or failed before anyone may take the region over. It covers one
 * BatchWriteItem with its retries.
 */
export const LEASE_WRITE_MARGIN_MS = 10_000;
const LEASE_POLL_MS = 150;
/** GSI propagation is usually well under a second. */
export const INDEX_SETTLE_MS = 1_000;
const LOGGED_APPLIES_KEPT = 1_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** One committed apply's changes, written to the change log, waiting to be published. */
export interface OutboxBatch {
  scanId: string;
  changes: ChangeRecord[];
}

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
  /** How long one claim of a region's apply lasts (renewed while the apply runs). */
  applyLeaseMs?: number;
  /**
   * How long after a commit the region's index is taken to list every item it wrote; an apply
   * starting sooner waits for the rest. 0 for dynalite, whose indexes are synchronous.
   */
  indexSettleMs?: number;
}

export interface ApplyRegionSnapshotInput {
  scanId: string;
  /** ISO time; orders scans: the newest start wins each region. */
  scanStartedAt: string;
  snapshot: RegionSnapshot;
  /** Per-attempt control-plane latencies (ms) measured in this scan. */
  latencySamples: readonly number[];
  /** When this scan's process is gone at the latest: its apply lease never runs past it. */
  deadlineAt?: string;
}

export interface ApplyRegionSnapshotResult {
  /**
   * `superseded`: a newer (or the same) scan owns the region, or took it over after this scan's
   * lease ran out; nothing of this scan is served as committed.
   */
  status: 'applied' | 'superseded';
  /** The changes this apply committed (empty on a region's first snapshot); see drainOutbox. */
  changes: ChangeRecord[];
  /** The region's outbox holds changes to publish (this apply's or an earlier run's). */
  outboxPending: boolean;
  itemsWritten: number;
  itemsDeleted: number;
  /** Every write request sent: region record, journal and items (retries included). */
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

const SNAPSHOT_RECORD_TYPES: ReadonlySet<string> = new Set([
  'profile',
  'model',
  'throughput',
  'target',
]);

/** The stored targets a snapshot must leave alone: those of kinds it did not list afresh. */
function keptBy(snapshot: RegionSnapshot) {
  return (item: Record<string, unknown>) =>
    item.recordType === 'target' &&
    AccountTargetKind.safeParse(item.kind).success &&
    !listsTargetKind(snapshot.listings, item.kind as AccountTargetKind);
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
  readonly #applyLeaseMs: number;
  readonly #leaseMarginMs: number;
  readonly #indexSettleMs: number;
  /** Applies (`region#scanId`) whose change records this writer has written. */
  readonly #logged = new Set<string>();

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
    this.#applyLeaseMs = options.applyLeaseMs ?? APPLY_LEASE_MS;
    this.#leaseMarginMs = Math.min(LEASE_WRITE_MARGIN_MS, this.#applyLeaseMs / 3);
    this.#indexSettleMs = options.indexSettleMs ?? INDEX_SETTLE_MS;
    if (!(this.#refreshFraction > 0 && this.#refreshFraction < 1)) {
      throw new RangeError('refreshFraction must be in (0, 1)');
    }
  }

  /**
   * Applies one region snapshot: journal, claim, items, commit (docs/catalog-schema.md, "Writes").
   * Waits while another scan holds the region's apply, so overlapping scans apply one after the
   * other and each logs its changes against the snapshot committed before it.
   */
  async applyRegionSnapshot(input: ApplyRegionSnapshotInput): Promise<ApplyRegionSnapshotResult> {
    const start = canonicalIso(input.scanStartedAt);
    const { region } = input.snapshot;
    const desired = desiredItemsOf(input.snapshot);
    const counts = countsOf(desired.values());
    const result = {
      changes: [],
      outboxPending: false,
      itemsWritten: 0,
      itemsDeleted: 0,
      writeRequests: 0,
      counts,
    };
    // Real elapsed time bounds the wait, so a test's frozen clock cannot make it endless.
    const waitUntil = performance.now() + 2 * this.#applyLeaseMs;

    for (let attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; ) {
      const seen = await this.#lease.read(region);
      if (seen && seen.lastScanStartedAt >= start) {
        return { status: 'superseded', ...result, outboxPending: seen.outbox.length > 0 };
      }
      const held = seen?.applying;
      if (held && Date.parse(held.leaseUntil) > this.#now().getTime()) {
        // Another scan is applying: wait for its commit (or its lease to run out).
        if (performance.now() > waitUntil) break;
        await sleep(LEASE_POLL_MS);
        continue;
      }
      attempt++;
      // GSI2 is eventually consistent: right after another apply's commit, its last items may
      // not be listed yet, and a plan made on that view would miss them.
      const sinceCommit = seen?.lastSuccessAt
        ? this.#now().getTime() - Date.parse(seen.lastSuccessAt)
        : Number.POSITIVE_INFINITY;
      if (sinceCommit < this.#indexSettleMs) await sleep(this.#indexSettleMs - sinceCommit);
      const nowDate = this.#now();
      const now = nowDate.toISOString();
      const inherited = held ? await this.#readJournal(region, held) : [];
      const existing = await this.#readRegionItems(region);
      const plan = planRegionWrite(desired, existing, {
        // The first snapshot of a region is not news: every item would be "added".
        logChanges: seen?.lastSuccessAt != null,
        inherited,
        now: nowDate,
        ttlSeconds: this.#ttlSeconds,
        refreshFraction: this.#refreshFraction,
        keep: keptBy(input.snapshot),
      });
      const pointer = this.#lease.pointer(seen, input, start, now);

      // Nothing to write: claim and commit in one conditional write.
      if (plan.puts.length + plan.deletes.length + plan.journal.length === 0 && !held) {
        const committed = this.#committed(pointer, input, start, now, counts, null);
        if (!(await this.#lease.put(committed, seen))) continue;
        const outboxPending = committed.outbox.length > 0;
        return { status: 'applied', ...result, outboxPending, writeRequests: 1 };
      }
      const applying = {
        scanId: input.scanId,
        scanStartedAt: start,
        since: now,
        leaseUntil: this.#leaseUntil(input.deadlineAt),
        counts,
      };
      if (!(await this.#lease.put({ ...pointer, applying }, seen))) continue;
      return this.#applyPlan(plan, input, start, counts);
    }
    throw new RegionContentionError(`region ${region}: another scan kept the region, gave up`);
  }

  /**
   * The change records of committed applies not yet published (the region's outbox), oldest
   * first. Each is written to the change log here (idempotent keys, so a second drain rewrites
   * the same records); publish them, then call `acknowledgePublished`. A crash in between only
   * means they are published again by the next drain: at least once.
   */
  async drainOutbox(region: string): Promise<OutboxBatch[]> {
    const record = await this.#lease.read(region);
    const batches: OutboxBatch[] = [];
    for (const entry of record?.outbox ?? []) {
      const journal = await this.#readJournal(region, entry);
      const changes = changesOf(journal, { ...entry, region });
      await this.#logChanges(region, entry.scanId, changes);
      batches.push({ scanId: entry.scanId, changes });
    }
    return batches;
  }

  /**
   * Writes a committed apply's change records to the change log, once per writer: an apply logs
   * its own right after its commit, and a drain rewrites only those another run committed.
   */
  async #logChanges(region: string, scanId: string, changes: ChangeRecord[]): Promise<number> {
    const apply = `${region}#${scanId}`;
    if (this.#logged.has(apply)) return 0;
    const items = changes.map((change) => this.#changeItem(change));
    const { writeRequests } = await batchWriteAll(this.#client, this.#table, items, {
      retry: this.#batchRetry,
    });
    this.#logged.add(apply);
    // Bounded: only the last few applies can still be in an outbox this writer drains.
    if (this.#logged.size > LOGGED_APPLIES_KEPT) {
      this.#logged.delete(this.#logged.values().next().value as string);
    }
    return writeRequests;
  }

  /** Removes published applies from the region's outbox. */
  async acknowledgePublished(region: string, scanIds: readonly string[]): Promise<void> {
    if (scanIds.length === 0) return;
    const done = new Set(scanIds);
    for (let attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt++) {
      const seen = await this.#lease.read(region);
      if (!seen?.outbox.some((entry) => done.has(entry.scanId))) return;
      const outbox = seen.outbox.filter((entry) => !done.has(entry.scanId));
      if (await this.#lease.put({ ...seen, outbox }, seen)) return;
    }
    throw new RegionContentionError(`region ${region}: record kept changing, gave up`);
  }

  /**
   * Updates only the region record: the last good items and counts stay untouched, and so does an
   * apply in flight, which still commits (an older scan's items are never frozen half-applied).
   */
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
      if (await this.#lease.put(next, seen)) return 'recorded';
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
    input: ApplyRegionSnapshotInput,
    start: string,
    counts: ItemCounts,
  ): Promise<ApplyRegionSnapshotResult> {
    const { region } = input.snapshot;
    const options = { retry: this.#batchRetry, beforeChunk: () => this.#stillHolding(input) };
    const result = {
      changes: [] as ChangeRecord[],
      outboxPending: false,
      itemsWritten: 0,
      itemsDeleted: 0,
      counts,
    };
    let writeRequests = 1;

    // The journal goes first: if this scan dies mid-apply, the next one rebuilds the committed
    // snapshot from it. Then the puts, and the sweep only once every put is confirmed.
    const scan = { scanId: input.scanId, scanStartedAt: start };
    const journal = plan.journal.map((entry) => this.#journalItem(region, scan, entry));
    for (const [requests, counter] of [
      [journal, null],
      [plan.puts, 'itemsWritten'],
      [plan.deletes, 'itemsDeleted'],
    ] as const) {
      const written = await batchWriteAll(this.#client, this.#table, requests, options);
      writeRequests += written.writeRequests;
      if (counter) result[counter] = written.written;
      if (!written.completed) return { status: 'superseded', ...result, writeRequests };
    }

    for (let attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt++) {
      const current = await this.#lease.read(region);
      if (current?.applying?.scanId !== input.scanId) {
        return { status: 'superseded', ...result, writeRequests };
      }
      const now = this.#now().toISOString();
      const outboxEntry = plan.journal.some((entry) => entry.change)
        ? { scanId: input.scanId, scanStartedAt: start, committedAt: now }
        : null;
      const committed = this.#committed(current, input, start, now, counts, outboxEntry);
      writeRequests++;
      if (await this.#lease.put(committed, current)) {
        const changes = outboxEntry ? changesOf(plan.journal, { ...outboxEntry, region }) : [];
        writeRequests += await this.#logChanges(region, input.scanId, changes);
        const outboxPending = committed.outbox.length > 0;
        return { status: 'applied', ...result, changes, outboxPending, writeRequests };
      }
    }
    throw new RegionContentionError(`region ${region}: record kept changing, gave up`);
  }

  /**
   * The record a successful apply commits onto `current`. The status describes the newest
   * attempt, so a newer scan's failure recorded meanwhile stays visible over this commit.
   */
  #committed(
    current: RegionRecord,
    input: ApplyRegionSnapshotInput,
    start: string,
    now: string,
    counts: ItemCounts,
    outboxEntry: OutboxEntry | null,
  ): RegionRecord {
    const newest = current.lastScanStartedAt === start;
    const { listings, dataRetention } = input.snapshot;
    return {
      ...current,
      ...(newest ? { status: 'ok', error: null } : {}),
      lastSuccessAt: now,
      counts,
      // They describe the items just committed; a retention mode that was not read stays.
      ...(listings ? { listings } : {}),
      ...(dataRetention ? { dataRetention } : {}),
      ...this.#lease.withSamples(current, input.latencySamples),
      applying: null,
      outbox: outboxEntry ? [...current.outbox, outboxEntry] : current.outbox,
    };
  }

  /**
   * Before each write chunk: this scan still holds the apply, with time left on its lease for
   * the chunk to land. Past half the lease it is renewed, never beyond the scan's own deadline.
   */
  async #stillHolding(input: ApplyRegionSnapshotInput): Promise<boolean> {
    const { region } = input.snapshot;
    const margin = this.#marginFor(input);
    for (let attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt++) {
      const current = await this.#lease.read(region);
      const held = current?.applying;
      if (!current || held?.scanId !== input.scanId) return false;
      const nowMs = this.#now().getTime();
      const heldUntil = Date.parse(held.leaseUntil);
      if (heldUntil - nowMs > this.#applyLeaseMs / 2) return true;
      const leaseUntil = this.#leaseUntil(input.deadlineAt);
      // Capped by the scan's deadline: nothing to renew, only the margin left to check.
      if (Date.parse(leaseUntil) <= heldUntil) return heldUntil - nowMs >= margin;
      if (Date.parse(leaseUntil) - nowMs < margin) return false;
      if (await this.#lease.put({ ...current, applying: { ...held, leaseUntil } }, current)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The lease time a chunk needs left: the write margin, or a tenth of the scan's whole time
   * budget when that is shorter (a scanner with a 3 s timeout could otherwise never write).
   */
  #marginFor(input: ApplyRegionSnapshotInput): number {
    if (!input.deadlineAt) return this.#leaseMarginMs;
    const budget = Date.parse(input.deadlineAt) - Date.parse(input.scanStartedAt);
    return Math.max(0, Math.min(this.#leaseMarginMs, budget / 10));
  }

  /** Now plus one lease, but never past the scan's deadline (its process is gone by then). */
  #leaseUntil(deadlineAt: string | undefined): string {
    const until = this.#now().getTime() + this.#applyLeaseMs;
    const deadline = deadlineAt ? Date.parse(deadlineAt) : Number.POSITIVE_INFINITY;
    return new Date(Math.min(until, deadline)).toISOString();
  }

  #journalItem(
    region: string,
    scan: { scanId: string; scanStartedAt: string },
    entry: JournalEntry,
  ): WriteRequest {
    return {
      PutRequest: {
        Item: {
          ...journalKeys(region, scan, entry.key),
          recordType: 'journal',
          region,
          ...scan,
          entry,
          [CATALOG_TABLE.ttlAttribute]: this.#nowSeconds() + this.#retentionSeconds,
        },
      },
    };
  }

  /** A scan's journal in `region` (consistent: it decides what the committed snapshot was). */
  async #readJournal(
    region: string,
    scan: { scanId: string; scanStartedAt: string },
  ): Promise<JournalEntry[]> {
    const entries: JournalEntry[] = [];
    const pages = paginateQuery(
      { client: this.#client },
      {
        TableName: this.#table,
        ConsistentRead: true,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: {
          '#pk': CATALOG_TABLE.partitionKey,
          '#sk': CATALOG_TABLE.sortKey,
        },
        ExpressionAttributeValues: {
          ':pk': journalPartitionKey(region),
          ':prefix': journalSortKeyPrefix(scan),
        },
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) entries.push(item.entry as JournalEntry);
    }
    return entries;
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

  /** Every profile, model, throughput and target item the table holds for `region` (GSI2). */
  async #readRegionItems(region: string): Promise<Map<string, StoredItem>> {
    const items = new Map<string, StoredItem>();
    for await (const item of this.#regionItems(region)) {
      if (SNAPSHOT_RECORD_TYPES.has(String(item.recordType))) {
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
