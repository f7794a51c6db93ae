/**
 * Stored Price List data. Layout (one table, as keys.ts describes for the other families):
 *
 * | record      | PK                  | SK                                                    | GSI1 (byModel) |
 * |-------------|---------------------|-------------------------------------------------------|----------------|
 * | price       | PRICES#<offer>      | <modelKey>#<region>#<scope>#<tier>#<endpoint>#<mode>#<context> | MODEL#<modelKey> / <region>#PRICE#<scope>#<tier>#<endpoint>#<mode>#<context>#<offer> |
 * | priceGap    | PRICEGAPS#<offer>   | <status>#<sku>                                        | —              |
 * | priceSource | PRICESOURCES        | <offer>                                               | —              |
 * | priceLog    | PRICELOG            | <offer>                                               | —              |
 * | priceJournal | PRICEJOURNAL#<offer> | <since>#<version>#<cell SK>                         | —              |
 *
 * A cell's GSI1 sort key starts with its region, so a model's prices in source region S sit in
 * the same key range as its profiles and quotas: `invoke-targets` stays one Query. The cell holds
 * no offer version: a new version with the same prices writes no cell (the source record names
 * the version). Not on GSI2, so the region snapshot's sweep never sees them.
 *
 * A changed cell is a change record (`entity: 'price'`), logged the way a scan logs its changes:
 * the journal first (each touched cell's committed image and new content), then the cells, then
 * the commit (`priceLog`: the version and an outbox entry), then the change log and the events.
 */
import * as z from 'zod/mini';
import { lazySchema } from '../lazy-schema.js';
import { RegionCode } from '../records.js';
import { AmbiguousPriceRow } from './ambiguous.js';

const IsoTime = /* @__PURE__ */ lazySchema(() => z.iso.datetime({ offset: true }));

export const PriceCellDirection = /* @__PURE__ */ lazySchema(() =>
  z.object({
    usdPerMTok: z.number().check(z.positive()),
    sku: z.string().check(z.minLength(1)),
    usageType: z.string(),
  }),
);
export type PriceCellDirection = z.infer<typeof PriceCellDirection>;

/** `input`, `output`, `cacheRead`, `cacheWrite5m`, `cacheWrite30m`, `cacheWrite1h`. */
export const PRICE_CELL_DIRECTIONS = [
  'input',
  'output',
  'cacheRead',
  'cacheWrite5m',
  'cacheWrite30m',
  'cacheWrite1h',
] as const;
export type PriceCellDirectionName = (typeof PRICE_CELL_DIRECTIONS)[number];

export const PriceCellRecord = /* @__PURE__ */ lazySchema(() =>
  z.object({
    recordType: z.literal('price'),
    offer: z.string().check(z.minLength(1)),
    modelKey: z.string().check(z.minLength(1)),
    region: RegionCode,
    scope: z.enum(['inRegionGeo', 'global']),
    tier: z.enum(['standard', 'flex', 'priority', 'batch']),
    endpoint: z.enum(['runtime', 'mantle']),
    mode: z.enum(['onDemand', 'latencyOptimized', 'customModel']),
    context: z.enum(['standard', 'long']),
    directions: z.partialRecord(z.enum(PRICE_CELL_DIRECTIONS), PriceCellDirection),
  }),
);
export type PriceCellRecord = z.infer<typeof PriceCellRecord>;

/** A row the catalog did not price, kept with its reason (counted and shown, never dropped). */
export const PriceGapRecord = /* @__PURE__ */ lazySchema(() =>
  z.object({
    recordType: z.literal('priceGap'),
    offer: z.string(),
    sku: z.string(),
    usageType: z.string(),
    region: z.nullable(z.string()),
    status: z.enum([
      'unclassified',
      'unknownUnit',
      'implausiblePrice',
      'unmatched',
      'notTokenPriced',
      'conflict',
    ]),
    reason: z.string(),
    candidates: z.optional(z.array(z.string())),
    /** notTokenPriced rows: the published unit and rate (model units, TPM hours, …). */
    unit: z.optional(z.string()),
    usdPerUnit: z.optional(z.string()),
  }),
);
export type PriceGapRecord = z.infer<typeof PriceGapRecord>;

export const PriceSourceCounts = /* @__PURE__ */ lazySchema(() =>
  z.object({
    rows: z.number(),
    priced: z.number(),
    notTokenPriced: z.number(),
    unclassified: z.number(),
    unknownUnit: z.number(),
    implausiblePrice: z.number(),
    unmatched: z.number(),
  }),
);

/** One offer's version and health, for `/v1/prices/sources` and the `stale` state. */
export const PriceSourceRecord = /* @__PURE__ */ lazySchema(() =>
  z.object({
    recordType: z.literal('priceSource'),
    offer: z.string(),
    version: z.string(),
    publicationDate: z.string(),
    fetchedAt: IsoTime,
    checkedAt: IsoTime,
    lastFailure: z.nullable(z.object({ at: IsoTime, code: z.string(), message: z.string() })),
    counts: PriceSourceCounts,
    /** Cells of this offer stored after the last write. */
    cells: z.number(),
    /** Its rows whose name joins to several models (ambiguous.ts); absent before they were kept. */
    ambiguous: z.optional(z.array(AmbiguousPriceRow)),
  }),
);
export type PriceSourceRecord = z.infer<typeof PriceSourceRecord>;

/** A write of `version` in flight since `since`: its journal names every cell it touches. */
export const PriceApply = /* @__PURE__ */ lazySchema(() =>
  z.object({ version: z.string(), since: IsoTime }),
);
export type PriceApply = z.infer<typeof PriceApply>;

/** A committed write whose change records still have to reach the change log and the bus. */
export const PriceOutboxEntry = /* @__PURE__ */ lazySchema(() =>
  z.object({
    ...PriceApply.shape,
    /** The version whose cells this write replaced: the `before` side of its changes. */
    fromVersion: z.string(),
    /** Every change record of this write carries it as `at`. */
    committedAt: IsoTime,
  }),
);
export type PriceOutboxEntry = z.infer<typeof PriceOutboxEntry>;

/**
 * One offer's change-log state. Its write is the commit of a price write: it names the version
 * whose cells the table holds (the source record follows it), the write in flight, and the
 * committed writes not yet published.
 */
export const PriceLogRecord = /* @__PURE__ */ lazySchema(() =>
  z.object({
    recordType: z.literal('priceLog'),
    offer: z.string(),
    committedVersion: z.string(),
    applying: z.nullable(PriceApply),
    outbox: z.array(PriceOutboxEntry),
  }),
);
export type PriceLogRecord = z.infer<typeof PriceLogRecord>;

/** A price cell as written, without its record type. */
export type PriceCellContent = Omit<PriceCellRecord, 'recordType'>;

/**
 * One cell a write touches, journaled before any cell is written: the cell in the committed
 * version (`before`, null if absent) and what the write leaves (`after`, null if removed).
 * `change` is null for a cell only inherited from a dead write, whose committed image is kept.
 */
export interface PriceJournalEntry {
  id: string;
  before: PriceCellContent | null;
  after: PriceCellContent | null;
  change: 'added' | 'removed' | 'changed' | null;
}
