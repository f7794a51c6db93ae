import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { modelPartitionKey, regionPartitionKey } from './keys.js';
import { CATALOG_TABLE } from './table.js';

/** A Query without the per-request parts (table, page size, start key). */
export type QueryShape = Omit<QueryCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'>;

type IndexName = keyof typeof CATALOG_TABLE.indexes;

/** One partition of a GSI, optionally only the items whose sort key starts with `sortKeyPrefix`. */
function indexPartitionQuery(index: IndexName, pk: string, sortKeyPrefix?: string): QueryShape {
  const { partitionKey, sortKey, indexName } = CATALOG_TABLE.indexes[index];
  return sortKeyPrefix === undefined
    ? {
        IndexName: indexName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': partitionKey },
        ExpressionAttributeValues: { ':pk': pk },
      }
    : {
        IndexName: indexName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': partitionKey, '#sk': sortKey },
        ExpressionAttributeValues: { ':pk': pk, ':prefix': sortKeyPrefix },
      };
}

/** A region's items on GSI2, optionally only those whose sort key starts with `sortKeyPrefix`. */
export const byRegionQuery = (region: string, sortKeyPrefix?: string): QueryShape =>
  indexPartitionQuery('byRegion', regionPartitionKey(region), sortKeyPrefix);

/** A model's items on GSI1, optionally only those whose sort key starts with `sortKeyPrefix`. */
export const byModelQuery = (modelId: string, sortKeyPrefix?: string): QueryShape =>
  indexPartitionQuery('byModel', modelPartitionKey(modelId), sortKeyPrefix);
