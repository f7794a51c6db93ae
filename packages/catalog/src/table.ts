/**
 * The catalog table's physical schema: the one source of truth for key names, indexes and the
 * TTL attribute. The CDK construct, local mode, the tests and the reader all build on these
 * constants, so the deployed table and every emulated one cannot drift apart.
 */
export const CATALOG_TABLE = {
  partitionKey: 'PK',
  sortKey: 'SK',
  /** Top-level Number, epoch seconds. DynamoDB deletes expired items only days later. */
  ttlAttribute: 'expiresAt',
  /**
   * Internal: sha256 of an item's Bedrock-derived content (timestamps excluded). The writer
   * compares it to skip unchanged items; readers never return it.
   */
  contentHashAttribute: 'contentHash',
  indexes: {
    /** Items by model: a model's profiles (and throughputs), optionally narrowed to one region. */
    byModel: { indexName: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
    /** Items by region: everything one region holds; also recent scans. */
    byRegion: { indexName: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
  },
} as const;

export type CatalogIndex = (typeof CATALOG_TABLE.indexes)[keyof typeof CATALOG_TABLE.indexes];

/** Every key attribute is a string. */
export const CATALOG_KEY_ATTRIBUTES = [
  CATALOG_TABLE.partitionKey,
  CATALOG_TABLE.sortKey,
  CATALOG_TABLE.indexes.byModel.partitionKey,
  CATALOG_TABLE.indexes.byModel.sortKey,
  CATALOG_TABLE.indexes.byRegion.partitionKey,
  CATALOG_TABLE.indexes.byRegion.sortKey,
] as const;

export const DEFAULT_TABLE_NAME = 'bedrock-profile-catalog';

/**
 * A CreateTable request for the catalog, for local mode and tests. (The CDK construct maps the
 * same constants onto its own table definition.) TTL is not part of CreateTable: enable it with
 * UpdateTimeToLive where the endpoint supports it (dynalite does not).
 */
export function catalogCreateTableInput(tableName: string) {
  const { partitionKey, sortKey, indexes } = CATALOG_TABLE;
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: CATALOG_KEY_ATTRIBUTES.map((name) => ({
      AttributeName: name,
      AttributeType: 'S' as const,
    })),
    KeySchema: [
      { AttributeName: partitionKey, KeyType: 'HASH' as const },
      { AttributeName: sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: Object.values(indexes).map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
  };
}
