import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type * as z from 'zod/mini';
import { batchWriteAll, type WriteRequest } from './batch-write.js';
import { CorruptRecordError } from './errors.js';
import { contentHash } from './hash.js';
import {
  KEY_PREFIX,
  modelQuotaSortKeyPrefix,
  primaryKeyOf,
  quotaKeys,
  quotaPartitionKey,
  quotaStateKeys,
} from './keys.js';
import { byModelQuery } from './queries.js';
import { type QuotaContent, QuotaRecord, QuotaRefreshRecord } from './quota-records.js';
import { CATALOG_TABLE } from './table.js';

/**
 * Service Quotas (service code `bedrock`) per region: every quota, matched to a model and a
 * target scope where its name allows, unmatched ones kept. A family of its own, refreshed every
 * few hours rather than with each snapshot, so the snapshot writer never sweeps it.
 */

const { contentHashAttribute } = CATALOG_TABLE;

export function parse<S extends z.ZodMiniType>(
  schema: S,
  item: Record<string, unknown>,
): z.infer<S> {
  const parsed = schema.safeParse(item);
  if (!parsed.success) throw new CorruptRecordError(primaryKeyOf(item), { cause: parsed.error });
  return parsed.data;
}

export async function queryAll(
  client: DynamoDBDocumentClient,
  input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'ExclusiveStartKey'>,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/**
 * Replaces the items of one partition under a sort-key prefix (`query` selects them) with
 * `items`: puts only those whose content hash (of `item`, without `recordType`) changed, deletes
 * the stored ones not in `items`.
 */
export async function replacePartitionItems(
  client: DynamoDBDocumentClient,
  table: string,
  query: {
    KeyConditionExpression: string;
    ExpressionAttributeNames: Record<string, string>;
    ExpressionAttributeValues: Record<string, unknown>;
  },
  recordType: string,
  items: readonly { keys: Record<string, string>; item: Record<string, unknown> }[],
): Promise<{ written: number; deleted: number }> {
  const stored = await queryAll(client, {
    TableName: table,
    ...query,
    ExpressionAttributeNames: { ...query.ExpressionAttributeNames, '#hash': contentHashAttribute },
    ProjectionExpression: `${Object.keys(query.ExpressionAttributeNames).join(', ')}, #hash`,
  });
  const storedHash = new Map(
    stored.map((item) => [String(item[CATALOG_TABLE.sortKey]), item[contentHashAttribute]]),
  );
  const requests: WriteRequest[] = [];
  const kept = new Set<string>();
  for (const { keys, item } of items) {
    const sortKey = keys[CATALOG_TABLE.sortKey] ?? '';
    kept.add(sortKey);
    const hash = contentHash(item);
    if (storedHash.get(sortKey) === hash) continue;
    requests.push({
      PutRequest: { Item: { ...keys, recordType, ...item, [contentHashAttribute]: hash } },
    });
  }
  let deleted = 0;
  for (const item of stored) {
    if (kept.has(String(item[CATALOG_TABLE.sortKey]))) continue;
    requests.push({ DeleteRequest: { Key: primaryKeyOf(item) } });
    deleted++;
  }
  await batchWriteAll(client, table, requests);
  return { written: requests.length - deleted, deleted };
}

/** Every stored quota of a region, by quota code (one partition). */
export async function readRegionQuotas(
  client: DynamoDBDocumentClient,
  tableName: string,
  region: string,
): Promise<QuotaRecord[]> {
  const items = await queryAll(client, {
    TableName: tableName,
    KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :quota)',
    ExpressionAttributeNames: { '#pk': CATALOG_TABLE.partitionKey, '#sk': CATALOG_TABLE.sortKey },
    ExpressionAttributeValues: { ':pk': quotaPartitionKey(region), ':quota': KEY_PREFIX.quota },
  });
  return items.map((item) => parse(QuotaRecord, item));
}

/** The quotas matched to model M in source region S: one GSI1 Query. */
export async function readModelQuotas(
  client: DynamoDBDocumentClient,
  tableName: string,
  modelId: string,
  region: string,
): Promise<QuotaRecord[]> {
  const items = await queryAll(client, {
    TableName: tableName,
    ...byModelQuery(modelId, modelQuotaSortKeyPrefix(region)),
  });
  return items.map((item) => parse(QuotaRecord, item));
}

export interface QuotaWriterOptions {
  documentClient: DynamoDBDocumentClient;
  tableName: string;
}

/** Stores a region's quotas: only changed ones are written, vanished ones deleted. */
export class QuotaWriter {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: QuotaWriterOptions) {
    this.#client = options.documentClient;
    this.#table = options.tableName;
  }

  /** The last refresh of the region, or null when its quotas were never read. */
  async lastRefresh(region: string): Promise<QuotaRefreshRecord | null> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: quotaStateKeys(region) }),
    );
    return Item ? parse(QuotaRefreshRecord, Item) : null;
  }

  /** Replaces the region's quotas with `quotas`; the state record goes last, once all landed. */
  async replaceRegionQuotas(
    region: string,
    quotas: readonly QuotaContent[],
    refreshedAt: Date,
  ): Promise<{ written: number; deleted: number }> {
    const { written, deleted } = await replacePartitionItems(
      this.#client,
      this.#table,
      {
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :quota)',
        ExpressionAttributeNames: {
          '#pk': CATALOG_TABLE.partitionKey,
          '#sk': CATALOG_TABLE.sortKey,
        },
        ExpressionAttributeValues: { ':pk': quotaPartitionKey(region), ':quota': KEY_PREFIX.quota },
      },
      'quota',
      quotas.map((quota) => ({ keys: quotaKeys(quota), item: quota })),
    );
    const matched = quotas.filter((q) => q.tokens && q.modelId !== null).length;
    const unmatched = quotas.filter((q) => q.tokens && q.modelId === null).length;
    const state: QuotaRefreshRecord = {
      recordType: 'quotaState',
      region,
      refreshedAt: refreshedAt.toISOString(),
      matched,
      unmatched,
      other: quotas.length - matched - unmatched,
    };
    await batchWriteAll(this.#client, this.#table, [
      { PutRequest: { Item: { ...quotaStateKeys(region), ...state } } },
    ]);
    return { written, deleted };
  }
}
