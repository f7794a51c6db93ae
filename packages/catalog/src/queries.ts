import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { regionPartitionKey } from './keys.js';
import { CATALOG_TABLE } from './table.js';

/** A Query without the per-request parts (table, page size, start key). */
export type QueryShape = Omit<QueryCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'>;

/** A region's items on GSI2, optionally only those whose sort key starts with `sortKeyPrefix`. */
export function byRegionQuery(region: string, sortKeyPrefix?: string): QueryShape {
  const { partitionKey, sortKey, indexName } = CATALOG_TABLE.indexes.byRegion;
  const pk = regionPartitionKey(region);
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
