/**
 * Writes one offer's classified rows as price cells (only the cells that changed), its unpriced
 * rows as gaps, and its source record; logs what changed as change records. The reads are
 * PriceReader's (price-reader.ts), which the query function loads without this writer. Layout:
 * price-records.ts.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { batchWriteAll, type WriteRequest } from '../batch-write.js';
import { contentHash } from '../hash.js';
import { changeKeys, modelPartitionKey } from '../keys.js';
import { parse, queryAll, replacePartitionItems } from '../quotas.js';
import type { ChangeKind, ChangeRecord } from '../records.js';
import { SETTINGS } from '../settings.js';
import { CATALOG_TABLE } from '../table.js';
import { type AmbiguousPriceRow, ambiguousRowsOf } from './ambiguous.js';
import type { ClassifiedRow, PricedRow } from './classify.js';
import {
  gapPartitionKey,
  modelPriceSortKeyPrefix,
  PRICE_SOURCES,
  PriceReader,
  type PriceReaderOptions,
  partitionQuery,
  pricePartitionKey,
} from './price-reader.js';
import {
  type PriceCellContent as CellContent,
  type PriceApply,
  type PriceCellDirectionName,
  PriceCellRecord,
  type PriceGapRecord,
  type PriceJournalEntry,
  PriceLogRecord,
  type PriceOutboxEntry,
  type PriceSourceRecord,
} from './price-records.js';

const { partitionKey: PK, sortKey: SK, indexes } = CATALOG_TABLE;
const PRICE_LOG = 'PRICELOG';
const DAY_SECONDS = 24 * 60 * 60;
const journalPartitionKey = (offer: string) => `PRICEJOURNAL#${offer}`;
/** One apply's journal entries share this prefix: its start time, so a retry never mixes in. */
const journalPrefix = (apply: PriceApply) => `${apply.since}#${apply.version}#`;
/** The `scanId` of a price change record: the offer version that made it. */
export const priceChangeSource = (offer: string, version: string) =>
  `price-list/${offer}/${version}`;

type GapContent = Omit<PriceGapRecord, 'recordType'>;

function cellAxes(cell: Pick<CellContent, 'scope' | 'tier' | 'endpoint' | 'mode' | 'context'>) {
  return `${cell.scope}#${cell.tier}#${cell.endpoint}#${cell.mode}#${cell.context}`;
}

/** A cell's ID in the change log: model key, region and axes (its sort key in the offer). */
const cellId = (cell: CellContent) => `${cell.modelKey}#${cell.region}#${cellAxes(cell)}`;

export const priceCellKeys = (cell: CellContent) => ({
  [PK]: pricePartitionKey(cell.offer),
  [SK]: cellId(cell),
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

/** One committed price write's change records, in the change log, waiting to be published. */
export interface PriceOutboxBatch {
  readonly offer: string;
  readonly version: string;
  /** When the write began: it names the write (one version may be written twice). */
  readonly since: string;
  readonly changes: ChangeRecord[];
}

/** What a write does to one cell: null when the content is the committed one. */
function changeOf(before: CellContent | null, after: CellContent | null): ChangeKind | null {
  if ((before && contentHash(before)) === (after && contentHash(after))) return null;
  return !before ? 'added' : !after ? 'removed' : 'changed';
}

/**
 * The journal of a write: every cell whose content differs from the committed one, and every
 * cell a dead write touched (so a later takeover still finds its committed image).
 */
function priceJournalOf(
  committed: ReadonlyMap<string, CellContent>,
  cells: readonly CellContent[],
  inherited: ReadonlySet<string>,
): PriceJournalEntry[] {
  const desired = new Map(cells.map((cell) => [cellId(cell), cell]));
  const journal: PriceJournalEntry[] = [];
  for (const id of new Set([...committed.keys(), ...desired.keys(), ...inherited])) {
    const before = committed.get(id) ?? null;
    const after = desired.get(id) ?? null;
    const change = changeOf(before, after);
    if (change || inherited.has(id)) journal.push({ id, before, after, change });
  }
  return journal;
}

export class PriceStore extends PriceReader {
  readonly #now: () => Date;
  readonly #retentionSeconds: number;
  /** Writes (`offer#since`) whose change records this store logged, until published. */
  readonly #logged = new Map<string, ChangeRecord[]>();

  constructor(
    options: PriceReaderOptions & {
      now?: () => Date;
      /** How long change records (and the journal behind them) are kept; the writer's setting. */
      changeRetentionDays?: number;
    },
  ) {
    super(options);
    this.#now = options.now ?? (() => new Date());
    this.#retentionSeconds =
      (options.changeRetentionDays ?? SETTINGS.changeRetentionDays.default) * DAY_SECONDS;
  }

  /**
   * Replaces an offer's cells and gaps with a new version's: unchanged cells are not written,
   * vanished ones deleted. Changed cells are journaled first and committed in the offer's
   * `priceLog` (docs/catalog-schema.md, "Price changes"): a write that dies anywhere is repaired
   * by the next, whose changes are computed against the committed cells, not the half-written
   * table. The changes are logged right after the commit, then the source record goes last;
   * `publishOutbox` puts them on the bus.
   */
  async writeOffer(offer: StoredOffer): Promise<PriceWrite> {
    const { cells, gaps } = priceCellsOf(offer.classified);
    const log = await this.log(offer.offer);
    const fromVersion = log?.committedVersion ?? (await this.source(offer.offer))?.version;
    const inherited = log?.applying ? await this.#journal(offer.offer, log.applying) : [];
    const committed = await this.#committedCells(offer.offer, inherited);
    // The first write of an offer is not news: every cell would be `added`.
    const journal =
      fromVersion === undefined
        ? []
        : priceJournalOf(committed, cells, new Set(inherited.map((entry) => entry.id)));
    const apply = { version: offer.version, since: this.#now().toISOString() };
    const outbox = log?.outbox ?? [];
    if (fromVersion !== undefined && journal.length > 0) {
      // The journal lands before the write is marked, so a dead write's mark finds all of it.
      await batchWriteAll(
        this.client,
        this.table,
        journal.map((entry) => this.#journalItem(offer.offer, apply, entry)),
      );
      await this.#putLog({
        offer: offer.offer,
        committedVersion: fromVersion,
        applying: apply,
        outbox,
      });
    }

    const cellWrite = await replacePartitionItems(
      this.client,
      this.table,
      partitionQuery(pricePartitionKey(offer.offer)),
      'price',
      cells.map((cell) => ({ keys: priceCellKeys(cell), item: cell })),
    );
    const gapWrite = await replacePartitionItems(
      this.client,
      this.table,
      partitionQuery(gapPartitionKey(offer.offer)),
      'priceGap',
      gaps.map((gap) => ({
        keys: { [PK]: gapPartitionKey(offer.offer), [SK]: `${gap.status}#${gap.sku}` },
        item: gap,
      })),
    );
    const write =
      fromVersion !== undefined && journal.some((entry) => entry.change)
        ? { ...apply, fromVersion, committedAt: this.#now().toISOString() }
        : null;
    await this.#putLog({
      offer: offer.offer,
      committedVersion: offer.version,
      applying: null,
      outbox: write ? [...outbox, write] : outbox,
    });
    // Logged right after the commit, as a scan's are; the outbox entry waits for the events.
    if (write) await this.#logChanges(offer.offer, write, journal);
    await this.writeSource(offer, cells.length, ambiguousRowsOf(offer.classified));
    return {
      cellsWritten: cellWrite.written,
      cellsDeleted: cellWrite.deleted,
      gapsWritten: gapWrite.written,
      gapsDeleted: gapWrite.deleted,
    };
  }

  /**
   * The offer's cells as its last committed write left them: the table, with the committed image
   * of every cell a dead write touched (its journal's `before`).
   */
  async #committedCells(offer: string, inherited: readonly PriceJournalEntry[]) {
    const stored = await queryAll(this.client, {
      TableName: this.table,
      ConsistentRead: true,
      ...partitionQuery(pricePartitionKey(offer)),
      ExpressionAttributeNames: { '#pk': PK },
    });
    const committed = new Map<string, CellContent>();
    for (const item of stored) {
      const { recordType: _recordType, ...cell } = parse(PriceCellRecord, item);
      committed.set(cellId(cell), cell);
    }
    for (const entry of inherited) {
      if (entry.before) committed.set(entry.id, entry.before);
      else committed.delete(entry.id);
    }
    return committed;
  }

  /**
   * The change records of committed price writes not yet published, oldest first per offer.
   * Those of writes another run committed are written to the change log again here (keys derived
   * from the change and the commit time, so it is the same record); publish them, then
   * `acknowledgePublished`. A crash in between publishes them again: at least once.
   */
  async drainOutbox(): Promise<PriceOutboxBatch[]> {
    const logs = await queryAll(this.client, {
      TableName: this.table,
      ConsistentRead: true,
      ...partitionQuery(PRICE_LOG),
      ExpressionAttributeNames: { '#pk': PK },
    });
    const batches: PriceOutboxBatch[] = [];
    for (const log of logs.map((item) => parse(PriceLogRecord, item))) {
      for (const entry of log.outbox) {
        const changes =
          this.#logged.get(`${log.offer}#${entry.since}`) ??
          (await this.#logChanges(log.offer, entry, await this.#journal(log.offer, entry)));
        batches.push({ offer: log.offer, version: entry.version, since: entry.since, changes });
      }
    }
    return batches;
  }

  /**
   * Publishes the outbox (the refresh calls it after its writes, with the scanner's publisher):
   * this run's price changes and any an earlier run committed but died, or failed to put on the
   * bus, before publishing. What fails stays there for the next run. Returns the records put.
   */
  async publishOutbox(
    publish: (changes: readonly ChangeRecord[]) => Promise<void>,
  ): Promise<number> {
    const published: PriceOutboxBatch[] = [];
    try {
      for (const batch of await this.drainOutbox()) {
        if (batch.changes.length > 0) await publish(batch.changes);
        published.push(batch);
      }
    } finally {
      await this.acknowledgePublished(published);
    }
    return published.reduce((count, batch) => count + batch.changes.length, 0);
  }

  /** Removes published writes from their offers' outboxes. */
  async acknowledgePublished(batches: readonly Pick<PriceOutboxBatch, 'offer' | 'since'>[]) {
    for (const offer of new Set(batches.map((batch) => batch.offer))) {
      const log = await this.log(offer);
      if (!log) continue;
      const done = new Set(batches.filter((b) => b.offer === offer).map((b) => b.since));
      const outbox = log.outbox.filter((entry) => !done.has(entry.since));
      if (outbox.length !== log.outbox.length) await this.#putLog({ ...log, outbox });
      for (const since of done) this.#logged.delete(`${offer}#${since}`);
    }
  }

  /** Writes one committed price write's change records to the change log; returns them. */
  async #logChanges(
    offer: string,
    write: PriceOutboxEntry,
    journal: readonly PriceJournalEntry[],
  ): Promise<ChangeRecord[]> {
    const scanId = priceChangeSource(offer, write.version);
    const changes = journal.flatMap((entry) => priceChangeOf(entry, write, scanId));
    await batchWriteAll(
      this.client,
      this.table,
      changes.map((change) => ({
        PutRequest: { Item: { ...changeKeys(change), ...change, ...this.#expiry() } },
      })),
    );
    this.#logged.set(`${offer}#${write.since}`, changes);
    return changes;
  }

  /** One offer's change-log state, or null before its first write. */
  async log(offer: string): Promise<PriceLogRecord | null> {
    // A Query, not GetItem: the refresh's table access is Query, PutItem and BatchWriteItem.
    const [item] = await queryAll(this.client, {
      TableName: this.table,
      ConsistentRead: true,
      KeyConditionExpression: '#pk = :pk AND #sk = :sk',
      ExpressionAttributeNames: { '#pk': PK, '#sk': SK },
      ExpressionAttributeValues: { ':pk': PRICE_LOG, ':sk': offer },
    });
    return item ? parse(PriceLogRecord, item) : null;
  }

  async #putLog(log: Omit<PriceLogRecord, 'recordType'>): Promise<void> {
    const record: PriceLogRecord = { recordType: 'priceLog', ...log };
    await this.client.send(
      new PutCommand({
        TableName: this.table,
        Item: { [PK]: PRICE_LOG, [SK]: log.offer, ...record },
      }),
    );
  }

  async #journal(offer: string, apply: PriceApply): Promise<PriceJournalEntry[]> {
    const items = await queryAll(this.client, {
      TableName: this.table,
      ConsistentRead: true,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeNames: { '#pk': PK, '#sk': SK },
      ExpressionAttributeValues: {
        ':pk': journalPartitionKey(offer),
        ':prefix': journalPrefix(apply),
      },
    });
    return items.map((item) => item.entry as PriceJournalEntry);
  }

  #journalItem(offer: string, apply: PriceApply, entry: PriceJournalEntry): WriteRequest {
    return {
      PutRequest: {
        Item: {
          [PK]: journalPartitionKey(offer),
          [SK]: `${journalPrefix(apply)}${entry.id}`,
          recordType: 'priceJournal',
          entry,
          ...this.#expiry(),
        },
      },
    };
  }

  #expiry() {
    const nowSeconds = Math.floor(this.#now().getTime() / 1000);
    return { [CATALOG_TABLE.ttlAttribute]: nowSeconds + this.#retentionSeconds };
  }

  /** Records a refresh that wrote no cells (unchanged or failed): checkedAt and lastFailure. */
  async writeSource(
    offer: Omit<StoredOffer, 'classified'>,
    cells?: number,
    ambiguous?: AmbiguousPriceRow[],
  ): Promise<void> {
    // A run that wrote no cells keeps what the last write stored.
    const previous =
      cells === undefined || ambiguous === undefined ? await this.source(offer.offer) : null;
    const stored = cells ?? previous?.cells ?? 0;
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
      ambiguous: ambiguous ?? previous?.ambiguous ?? [],
    };
    await this.client.send(
      new PutCommand({
        TableName: this.table,
        Item: { [PK]: PRICE_SOURCES, [SK]: offer.offer, ...record },
      }),
    );
  }
}

/** The change record of one journaled cell (none for a cell only inherited). */
function priceChangeOf(
  entry: PriceJournalEntry,
  write: PriceOutboxEntry,
  scanId: string,
): ChangeRecord[] {
  const cell = entry.after ?? entry.before;
  if (!entry.change || !cell) return [];
  return [
    {
      recordType: 'change',
      at: write.committedAt,
      scanId,
      region: cell.region,
      kind: entry.change,
      entity: 'price',
      id: entry.id,
      before: entry.before && { ...entry.before, version: write.fromVersion },
      after: entry.after && { ...entry.after, version: write.version },
    },
  ];
}
