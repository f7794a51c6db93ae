import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { batchWriteAll } from './batch-write.js';
import { USAGE_SORT_KEY_PREFIX, usageKeys, usagePartitionKey, usageStateKeys } from './keys.js';
import { parse, queryAll, replacePartitionItems } from './quotas.js';
import { CATALOG_TABLE } from './table.js';
import { type UsageContent, UsageRecord, UsageRefreshRecord } from './usage-records.js';

/**
 * CloudWatch usage per region and ModelId (usage-records.ts): a family of its own, replaced by
 * each usage refresh and never by the region snapshot, like the Service Quotas.
 */

const regionUsageQuery = (tableName: string, region: string) => ({
  TableName: tableName,
  KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :usage)',
  ExpressionAttributeNames: { '#pk': CATALOG_TABLE.partitionKey, '#sk': CATALOG_TABLE.sortKey },
  ExpressionAttributeValues: { ':pk': usagePartitionKey(region), ':usage': USAGE_SORT_KEY_PREFIX },
});

/** Every stored usage record of a region (one partition). */
export async function readRegionUsage(
  client: DynamoDBDocumentClient,
  tableName: string,
  region: string,
): Promise<UsageRecord[]> {
  const items = await queryAll(client, regionUsageQuery(tableName, region));
  return items.map((item) => parse(UsageRecord, item));
}

export interface UsageWriterOptions {
  documentClient: DynamoDBDocumentClient;
  tableName: string;
}

/** What a usage refresh stores: the records (none when denied) and the refresh state. */
export interface UsageReplacement {
  region: string;
  usage: readonly UsageContent[];
  state: Omit<UsageRefreshRecord, 'recordType' | 'region'>;
}

/** Stores a region's usage: changed records written, vanished ones deleted, then the state. */
export class UsageWriter {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: UsageWriterOptions) {
    this.#client = options.documentClient;
    this.#table = options.tableName;
  }

  /** The last usage refresh of the region, or null when its usage was never read. */
  async lastRefresh(region: string): Promise<UsageRefreshRecord | null> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: usageStateKeys(region) }),
    );
    return Item ? parse(UsageRefreshRecord, Item) : null;
  }

  async replaceRegionUsage(input: UsageReplacement): Promise<{ written: number; deleted: number }> {
    const { TableName: _table, ...query } = regionUsageQuery(this.#table, input.region);
    const { written, deleted } = await replacePartitionItems(
      this.#client,
      this.#table,
      query,
      'usage',
      input.usage.map((usage) => ({ keys: usageKeys(usage), item: usage })),
    );
    const state: UsageRefreshRecord = {
      recordType: 'usageState',
      region: input.region,
      ...input.state,
    };
    await batchWriteAll(this.#client, this.#table, [
      { PutRequest: { Item: { ...usageStateKeys(input.region), ...state } } },
    ]);
    return { written, deleted };
  }
}
