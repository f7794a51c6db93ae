import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { regionKeys } from './keys.js';
import { latencyStats } from './percentiles.js';
import { ZERO_COUNTS } from './plan.js';
import { RegionRecord } from './records.js';
import type { RegionSnapshot } from './snapshot.js';

/**
 * The region record: the newest-scan pointer, the apply lease and the outbox. Every write is
 * conditional on the `version` it read (`put`), so no write is ever lost to a concurrent one.
 * A scan applying items holds `applying` until its lease runs out; a later scan waits for it to
 * commit, or takes the region over once the lease has passed (the holder writes nothing after
 * it). A dead scanner therefore blocks a region for one lease at most, and never corrupts it.
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

  /** Writes `next` only if the record is still what `seen` read; bumps the version. */
  async put(next: RegionRecord, seen: RegionRecord | null): Promise<boolean> {
    const names = { '#v': 'version' };
    const condition = !seen
      ? {
          ConditionExpression: `attribute_not_exists(#v) AND attribute_not_exists(lastScanStartedAt)`,
        }
      : seen.version === 0
        ? { ConditionExpression: 'attribute_not_exists(#v) OR #v = :v' }
        : { ConditionExpression: '#v = :v' };
    const values = seen ? { ExpressionAttributeValues: { ':v': seen.version } } : {};
    const record = RegionRecord.parse({ ...next, version: (seen?.version ?? 0) + 1 });
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: { ...regionKeys(record), ...record },
          ExpressionAttributeNames: names,
          ...condition,
          ...values,
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
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
      applying: seen?.applying ?? null,
      outbox: seen?.outbox ?? [],
      listings: seen?.listings ?? {},
      dataRetention: seen?.dataRetention ?? null,
      version: seen?.version ?? 0,
      lastScanStartedAt: start,
      lastScanId: scan.scanId,
      lastAttemptAt: now,
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
}
