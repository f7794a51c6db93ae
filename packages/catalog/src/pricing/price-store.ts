/**
 * Writes one offer's classified rows as price cells (only the cells that changed), its unpriced
 * rows as gaps, and its source record; reads a model's cells in a source region. Layout:
 * price-records.ts.
 */
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { modelInRegionSortKeyPrefix, modelPartitionKey } from '../keys.js';
import { byModelQuery } from '../queries.js';
import { parse, queryAll, replacePartitionItems } from '../quotas.js';
import { CATALOG_TABLE } from '../table.js';
import type { ClassifiedRow, PricedRow } from './classify.js';
import {
  type PriceCellDirectionName,
  PriceCellRecord,
  PriceGapRecord,
  PriceSourceRecord,
} from './price-records.js';

const { partitionKey: PK, sortKey: SK, indexes } = CATALOG_TABLE;
export const PRICE_SOURCES = 'PRICESOURCES';
export const pricePartitionKey = (offer: string) => `PRICES#${offer}`;
const gapPartitionKey = (offer: string) => `PRICEGAPS#${offer}`;
/** The GSI1 sort key prefix of model M's price cells in source region S. */
export const modelPriceSortKeyPrefix = (region: string) =>
  `${modelInRegionSortKeyPrefix(region)}PRICE#`;

type CellContent = Omit<PriceCellRecord, 'recordType'>;
type GapContent = Omit<PriceGapRecord, 'recordType'>;

function cellAxes(cell: Pick<CellContent, 'scope' | 'tier' | 'endpoint' | 'mode' | 'context'>) {
  return `${cell.scope}#${cell.tier}#${cell.endpoint}#${cell.mode}#${cell.context}`;
}

export const priceCellKeys = (cell: CellContent) => ({
  [PK]: pricePartitionKey(cell.offer),
  [SK]: `${cell.modelKey}#${cell.region}#${cellAxes(cell)}`,
  [indexes.byModel.partitionKey]: modelPartitionKey(cell.modelKey),
  [indexes.byModel.sortKey]:
    `${modelPriceSortKeyPrefix(cell.region)}${cellAxes(cell)}#${cell.offer}`,
});

function directionName(row: PricedRow): PriceCellDirectionName {
  return row.direction === 'cacheWrite' ? `cacheWrite${row.cacheTtl ?? '5m'}` : row.direction;
}

/**
 * Groups priced rows into cells (model × region × scope × tier × endpoint × mode × context),
 * one price per direction. Two rows for one direction with different prices make neither
 * price: both go to the gaps as `conflict`.
 */
export function priceCellsOf(rows: readonly ClassifiedRow[]): {
  cells: CellContent[];
  gaps: GapContent[];
} {
  const cells = new Map<string, CellContent>();
  const gaps: GapContent[] = [];
  const conflicted = new Set<string>();
  const sorted = [...rows].sort((a, b) => a.sku.localeCompare(b.sku));
  for (const row of sorted) {
    if (row.status !== 'priced') {
      gaps.push({
        offer: row.offer,
        sku: row.sku,
        usageType: row.usageType,
        region: row.region,
        status: row.status,
        reason: row.status === 'notTokenPriced' ? row.kind : row.reason,
        ...(row.status === 'notTokenPriced' ? { unit: row.unit, usdPerUnit: row.usdPerUnit } : {}),
        ...(row.status === 'unmatched' && row.candidates ? { candidates: row.candidates } : {}),
      });
      continue;
    }
    const content: CellContent = {
      offer: row.offer,
      modelKey: row.modelKey,
      region: row.region,
      scope: row.scope,
      tier: row.tier,
      endpoint: row.endpoint,
      mode: row.mode,
      context: row.context,
      directions: {},
    };
    const key = `${row.modelKey}#${row.region}#${cellAxes(content)}`;
    const cell = cells.get(key) ?? content;
    cells.set(key, cell);
    const name = directionName(row);
    const existing = cell.directions[name];
    const conflictKey = `${key}#${name}`;
    if (existing && existing.usdPerMTok !== row.usdPerMillionTokens) {
      conflicted.add(conflictKey);
      gaps.push({
        offer: row.offer,
        sku: row.sku,
        usageType: row.usageType,
        region: row.region,
        status: 'conflict',
        reason: `${name} is ${existing.usdPerMTok} in ${existing.sku} and ${row.usdPerMillionTokens} here`,
      });
      continue;
    }
    if (!existing) {
      cell.directions[name] = {
        usdPerMTok: row.usdPerMillionTokens,
        sku: row.sku,
        usageType: row.usageType,
      };
    }
  }
  for (const conflictKey of conflicted) {
    const at = conflictKey.lastIndexOf('#');
    const cell = cells.get(conflictKey.slice(0, at));
    if (cell) delete cell.directions[conflictKey.slice(at + 1) as PriceCellDirectionName];
  }
  return { cells: [...cells.values()].filter((c) => Object.keys(c.directions).length > 0), gaps };
}

/** What the store needs of a refreshed offer (discovery's OfferSnapshot has these). */
export interface StoredOffer {
  readonly offer: string;
  readonly version: string;
  readonly publicationDate: string;
  readonly fetchedAt: string;
  readonly checkedAt: string;
  readonly lastFailure: PriceSourceRecord['lastFailure'];
  readonly classified: readonly ClassifiedRow[];
  readonly counts: PriceSourceRecord['counts'];
}

export interface PriceWrite {
  readonly cellsWritten: number;
  readonly cellsDeleted: number;
  readonly gapsWritten: number;
  readonly gapsDeleted: number;
}

const partitionQuery = (partitionKey: string) => ({
  KeyConditionExpression: '#pk = :pk',
  ExpressionAttributeNames: { '#pk': PK, '#sk': SK },
  ExpressionAttributeValues: { ':pk': partitionKey },
});

export class PriceStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: { documentClient: DynamoDBDocumentClient; tableName: string }) {
    this.#client = options.documentClient;
    this.#table = options.tableName;
  }

  /**
   * Replaces an offer's cells and gaps with a new version's: unchanged cells are not written,
   * vanished ones deleted. The source record goes last, once every cell landed.
   */
  async writeOffer(offer: StoredOffer): Promise<PriceWrite> {
    const { cells, gaps } = priceCellsOf(offer.classified);
    const cellWrite = await replacePartitionItems(
      this.#client,
      this.#table,
      partitionQuery(pricePartitionKey(offer.offer)),
      'price',
      cells.map((cell) => ({ keys: priceCellKeys(cell), item: cell })),
    );
    const gapWrite = await replacePartitionItems(
      this.#client,
      this.#table,
      partitionQuery(gapPartitionKey(offer.offer)),
      'priceGap',
      gaps.map((gap) => ({
        keys: { [PK]: gapPartitionKey(offer.offer), [SK]: `${gap.status}#${gap.sku}` },
        item: gap,
      })),
    );
    await this.writeSource(offer, cells.length);
    return {
      cellsWritten: cellWrite.written,
      cellsDeleted: cellWrite.deleted,
      gapsWritten: gapWrite.written,
      gapsDeleted: gapWrite.deleted,
    };
  }

  /** Records a refresh that wrote no cells (unchanged or failed): checkedAt and lastFailure. */
  async writeSource(offer: Omit<StoredOffer, 'classified'>, cells?: number): Promise<void> {
    const stored = cells ?? (await this.source(offer.offer))?.cells ?? 0;
    const record: PriceSourceRecord = {
      recordType: 'priceSource',
      offer: offer.offer,
      version: offer.version,
      publicationDate: offer.publicationDate,
      fetchedAt: offer.fetchedAt,
      checkedAt: offer.checkedAt,
      lastFailure: offer.lastFailure,
      counts: offer.counts,
      cells: stored,
    };
    await this.#client.send(
      new PutCommand({
        TableName: this.#table,
        Item: { [PK]: PRICE_SOURCES, [SK]: offer.offer, ...record },
      }),
    );
  }

  async sources(): Promise<PriceSourceRecord[]> {
    const items = await queryAll(this.#client, {
      TableName: this.#table,
      ...partitionQuery(PRICE_SOURCES),
      ExpressionAttributeNames: { '#pk': PK },
    });
    return items.map((item) => parse(PriceSourceRecord, item));
  }

  async source(offer: string): Promise<PriceSourceRecord | null> {
    return (await this.sources()).find((record) => record.offer === offer) ?? null;
  }

  async gaps(offer: string): Promise<PriceGapRecord[]> {
    const items = await queryAll(this.#client, {
      TableName: this.#table,
      ...partitionQuery(gapPartitionKey(offer)),
      ExpressionAttributeNames: { '#pk': PK },
    });
    return items.map((item) => parse(PriceGapRecord, item));
  }

  /** Model M's cells in every region (for a global profile with no global row in S). */
  async modelPricesEverywhere(modelKey: string): Promise<PriceCellRecord[]> {
    const items = await queryAll(this.#client, {
      TableName: this.#table,
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
    const items = await queryAll(this.#client, {
      TableName: this.#table,
      ...byModelQuery(modelKey, modelPriceSortKeyPrefix(region)),
    });
    return items.map((item) => parse(PriceCellRecord, item));
  }
}
