/**
 * Reads the stored Price List data: the offers' source records, their gaps, and a model's cells
 * (in one source region or all). The query function's side of the prices; PriceStore
 * (price-store.ts) adds the refresh's writes. Layout: price-records.ts.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { modelInRegionSortKeyPrefix, modelPartitionKey } from '../keys.js';
import { byModelQuery } from '../queries.js';
import { parse, queryAll } from '../quotas.js';
import { CATALOG_TABLE } from '../table.js';
import { PriceCellRecord, PriceGapRecord, PriceSourceRecord } from './price-records.js';

const { partitionKey: PK, sortKey: SK, indexes } = CATALOG_TABLE;
export const PRICE_SOURCES = 'PRICESOURCES';
export const pricePartitionKey = (offer: string) => `PRICES#${offer}`;
export const gapPartitionKey = (offer: string) => `PRICEGAPS#${offer}`;
/** The GSI1 sort key prefix of model M's price cells in source region S. */
export const modelPriceSortKeyPrefix = (region: string) =>
  `${modelInRegionSortKeyPrefix(region)}PRICE#`;

export const partitionQuery = (partitionKey: string) => ({
  KeyConditionExpression: '#pk = :pk',
  ExpressionAttributeNames: { '#pk': PK, '#sk': SK },
  ExpressionAttributeValues: { ':pk': partitionKey },
});

export interface PriceReaderOptions {
  documentClient: DynamoDBDocumentClient;
  tableName: string;
}

export class PriceReader {
  protected readonly client: DynamoDBDocumentClient;
  protected readonly table: string;

  constructor(options: PriceReaderOptions) {
    this.client = options.documentClient;
    this.table = options.tableName;
  }

  async sources(): Promise<PriceSourceRecord[]> {
    const items = await queryAll(this.client, {
      TableName: this.table,
      ...partitionQuery(PRICE_SOURCES),
      ExpressionAttributeNames: { '#pk': PK },
    });
    return items.map((item) => parse(PriceSourceRecord, item));
  }

  async source(offer: string): Promise<PriceSourceRecord | null> {
    return (await this.sources()).find((record) => record.offer === offer) ?? null;
  }

  async gaps(offer: string): Promise<PriceGapRecord[]> {
    const items = await queryAll(this.client, {
      TableName: this.table,
      ...partitionQuery(gapPartitionKey(offer)),
      ExpressionAttributeNames: { '#pk': PK },
    });
    return items.map((item) => parse(PriceGapRecord, item));
  }

  /** Model M's cells in every region (for a global profile with no global row in S). */
  async modelPricesEverywhere(modelKey: string): Promise<PriceCellRecord[]> {
    const items = await queryAll(this.client, {
      TableName: this.table,
      IndexName: indexes.byModel.indexName,
      KeyConditionExpression: '#pk = :pk',
      FilterExpression: '#recordType = :price',
      ExpressionAttributeNames: {
        '#pk': indexes.byModel.partitionKey,
        '#recordType': 'recordType',
      },
      ExpressionAttributeValues: { ':pk': modelPartitionKey(modelKey), ':price': 'price' },
    });
    return items.map((item) => parse(PriceCellRecord, item));
  }

  /** Model M's cells in source region S: the GSI1 range `invoke-targets` already reads. */
  async modelPrices(modelKey: string, region: string): Promise<PriceCellRecord[]> {
    const items = await queryAll(this.client, {
      TableName: this.table,
      ...byModelQuery(modelKey, modelPriceSortKeyPrefix(region)),
    });
    return items.map((item) => parse(PriceCellRecord, item));
  }
}
