import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { batchWriteAll, type WriteRequest } from './batch-write.js';
import { contentHash } from './hash.js';
import {
  modelPartitionKey,
  modelUsageSortKeyPrefix,
  primaryKeyOf,
  USAGE_SORT_KEY_PREFIX,
  usageKeys,
  usagePartitionKey,
  usageStateKeys,
} from './keys.js';
import { parse, queryAll } from './quotas.js';
import { CATALOG_TABLE } from './table.js';
import { type UsageContent, UsageRecord, UsageRefreshRecord } from './usage-records.js';

/**
 * CloudWatch usage per region and ModelId (usage-records.ts): a family of its own, replaced by
 * each usage refresh and never by the region snapshot, like the Service Quotas.
 */

const { contentHashAttribute, indexes } = CATALOG_TABLE;

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

/** The usage records of model M in source region S, every target and tier: one GSI1 Query. */
export async function readModelUsage(
  client: DynamoDBDocumentClient,
  tableName: string,
  modelId: string,
  region: string,
): Promise<UsageRecord[]> {
  const items = await queryAll(client, {
    TableName: tableName,
    IndexName: indexes.byModel.indexName,
    KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
    ExpressionAttributeNames: {
      '#pk': indexes.byModel.partitionKey,
      '#sk': indexes.byModel.sortKey,
    },
    ExpressionAttributeValues: {
      ':pk': modelPartitionKey(modelId),
      ':prefix': modelUsageSortKeyPrefix(region),
    },
  });
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
    const query = regionUsageQuery(this.#table, input.region);
    const stored = await queryAll(this.#client, {
      ...query,
      ExpressionAttributeNames: {
        ...query.ExpressionAttributeNames,
        '#hash': contentHashAttribute,
      },
      ProjectionExpression: '#pk, #sk, #hash',
    });
    const storedHash = new Map(
      stored.map((item) => [String(item[CATALOG_TABLE.sortKey]), item[contentHashAttribute]]),
    );
    const requests: WriteRequest[] = [];
    const kept = new Set<string>();
    for (const usage of input.usage) {
      const keys = usageKeys(usage);
      const sortKey = keys[CATALOG_TABLE.sortKey];
      kept.add(sortKey);
      const hash = contentHash(usage);
      if (storedHash.get(sortKey) === hash) continue;
      requests.push({
        PutRequest: {
          Item: { ...keys, recordType: 'usage', ...usage, [contentHashAttribute]: hash },
        },
      });
    }
    let deleted = 0;
    for (const item of stored) {
      if (kept.has(String(item[CATALOG_TABLE.sortKey]))) continue;
      requests.push({ DeleteRequest: { Key: primaryKeyOf(item) } });
      deleted++;
    }
    await batchWriteAll(this.#client, this.#table, requests);
    const state: UsageRefreshRecord = {
      recordType: 'usageState',
      region: input.region,
      ...input.state,
    };
    await batchWriteAll(this.#client, this.#table, [
      { PutRequest: { Item: { ...usageStateKeys(input.region), ...state } } },
    ]);
    return { written: requests.length - deleted, deleted };
  }
}
