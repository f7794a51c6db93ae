import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { regionKeys } from './keys.js';
import { latencyStats } from './percentiles.js';
import { ZERO_COUNTS } from './plan.js';
import { type ItemCounts, RegionRecord } from './records.js';
import type { RegionSnapshot } from './snapshot.js';

/**
 * The region record as an optimistic lease: newest scan wins each region. A scan reads the
 * record, claims it with a conditional write on what it read (`put`), checks before each write
 * chunk that no newer scan took over (`isOwnedBy`) and ends with a write only the owner can make
 * (`commit`). No locks, so a dead scanner never blocks the next one.
 */

/** Optimistic-lock retries on the region record before giving up. */
export const MAX_CLAIM_ATTEMPTS = 5;

export function isConditionalCheckFailed(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error as { name?: string } | null)?.name === 'ConditionalCheckFailedException'
  );
}

/** What identifies the scan writing a region: its ID and region (or snapshot). */
export interface ScanOfRegion {
  scanId: string;
  region?: string;
  snapshot?: RegionSnapshot;
}

export class RegionLease {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #latencyWindow: number;

  constructor(client: DynamoDBDocumentClient, table: string, latencyWindow: number) {
    this.#client = client;
    this.#table = table;
    this.#latencyWindow = latencyWindow;
  }

  async read(region: string): Promise<RegionRecord | null> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: regionKeys({ region }), ConsistentRead: true }),
    );
    return Item ? RegionRecord.parse(Item) : null;
  }

  /** Consistent check, before each chunk, that no newer scan has claimed the region. */
  async isOwnedBy(region: string, start: string): Promise<boolean> {
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
  put(next: RegionRecord, seen: RegionRecord | null, start: string): Promise<boolean> {
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
  commit(committed: RegionRecord, start: string): Promise<boolean> {
    return this.#conditionalPut(committed, 'lastScanStartedAt = :start', { ':start': start });
  }

  /** The scan pointer and attempt fields every region write sets; the rest kept from `seen`. */
  pointer(seen: RegionRecord | null, scan: ScanOfRegion, start: string, now: string): RegionRecord {
    const region = scan.region ?? scan.snapshot?.region ?? '';
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
      lastScanId: scan.scanId,
      lastAttemptAt: now,
    };
  }

  /** The record a successful apply commits: status ok, the new counts, samples appended. */
  afterSuccess(
    seen: RegionRecord | null,
    scan: ScanOfRegion & { latencySamples: readonly number[] },
    start: string,
    now: string,
    counts: ItemCounts,
  ): RegionRecord {
    return {
      ...this.pointer(seen, scan, start, now),
      status: 'ok',
      error: null,
      lastSuccessAt: now,
      counts,
      ...this.withSamples(seen, scan.latencySamples),
      applyingScanStartedAt: null,
    };
  }

  /** `seen`'s latency window with `samples` appended (newest last, bounded) and its percentiles. */
  withSamples(
    seen: RegionRecord | null,
    samples: readonly number[],
  ): Pick<RegionRecord, 'latencySamples' | 'latency'> {
    const window = [...(seen?.latencySamples ?? []), ...samples].slice(-this.#latencyWindow);
    return { latencySamples: window, latency: latencyStats(window) };
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
}
