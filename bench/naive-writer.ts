/**
 * The baseline for write cost: the original design's writer, which rewrites every item of a
 * region with a fresh TTL on every scan (BatchWriteItem, 25 at a time) and never reads first.
 */

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  type ApplyRegionSnapshotInput,
  type ApplyRegionSnapshotResult,
  batchWriteAll,
  type ItemCounts,
  type RecordRegionFailureInput,
  regionKeys,
  type ScanRecord,
  scanKeys,
} from '@bedrock-profile-catalog/catalog';
import type { ScanCatalogWriter } from '@bedrock-profile-catalog/discovery';
import { buildItem, desiredItemsOf } from '../packages/catalog/src/items.js';

const TTL_SECONDS = 3 * 24 * 60 * 60;

export class NaiveWriter implements ScanCatalogWriter {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async applyRegionSnapshot(input: ApplyRegionSnapshotInput): Promise<ApplyRegionSnapshotResult> {
    const now = new Date();
    const iso = now.toISOString();
    const expiresAt = Math.floor(now.getTime() / 1000) + TTL_SECONDS;
    const desired = [...desiredItemsOf(input.snapshot).values()];
    const counts: ItemCounts = { profiles: 0, applicationProfiles: 0, models: 0, throughputs: 0 };
    for (const item of desired) {
      if (item.recordType === 'profile') counts.profiles++;
      else if (item.recordType === 'model') counts.models++;
      else counts.throughputs++;
    }
    const puts = desired.map((item) => ({
      PutRequest: { Item: buildItem(item, { firstSeenAt: iso, lastSeenAt: iso, expiresAt }) },
    }));
    const written = await batchWriteAll(this.client, this.tableName, puts);
    await this.#putRegion(input.snapshot.region, 'ok', iso);
    return {
      status: 'applied',
      changes: [],
      outboxPending: false,
      itemsWritten: written.written,
      itemsDeleted: 0,
      writeRequests: written.writeRequests + 1,
      counts,
    };
  }

  async recordRegionFailure(input: RecordRegionFailureInput): Promise<'recorded' | 'superseded'> {
    await this.#putRegion(input.region, input.status, new Date().toISOString());
    return 'recorded';
  }

  /** The original design published nothing from the table: there is no outbox to drain. */
  async drainOutbox(): Promise<[]> {
    return [];
  }

  async acknowledgePublished(): Promise<void> {}

  async putScan(scan: ScanRecord): Promise<'written'> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { ...scanKeys(scan), ...scan } }),
    );
    return 'written';
  }

  async #putRegion(region: string, status: string, at: string): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...regionKeys({ region }),
          recordType: 'region',
          region,
          status,
          lastAttemptAt: at,
        },
      }),
    );
  }
}
