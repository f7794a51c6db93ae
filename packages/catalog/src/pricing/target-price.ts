/**
 * The price of one invoke target, called from source region S, from classified Price List rows.
 * Scope comes from the target (never from stripping an ID): a bare ID and a geo profile both
 * bill S's regional row, a global profile S's global row. Nothing is borrowed from another
 * region, multiplied, or set to 0: a missing cell is `notPublished`, with the reason, or
 * `unmatched` when a row of that cell names the model among several (ambiguous.ts).
 */
import type { ProfileRecord } from '../records.js';
import { SETTINGS } from '../settings.js';
import type { AmbiguousPriceRow } from './ambiguous.js';
import type { PriceDirection, PricedRow } from './classify.js';
import type {
  PriceCellDirectionName,
  PriceCellRecord,
  PriceSourceRecord,
} from './price-records.js';

export const PRICE_NOTE = 'public list price, USD, excludes private offers' as const;

export type PriceTarget =
  | {
      readonly kind: 'model' | 'geoProfile' | 'globalProfile';
      readonly modelId: string;
      readonly sourceRegion: string;
    }
  | {
      readonly kind: 'applicationProfile';
      readonly profileArn: string;
      /** What the profile copies, as its own target (in-region model, geo or global profile). */
      readonly copies: {
        readonly kind: 'model' | 'geoProfile' | 'globalProfile';
        readonly modelId: string;
        readonly sourceRegion: string;
      };
    }
  | {
      readonly kind: 'provisionedThroughput' | 'importedModel' | 'customModelDeployment';
      readonly arn: string;
      readonly sourceRegion: string;
    };

export const PRICE_STATES = [
  'published',
  'rateCard',
  'singleRate',
  'derived',
  'notPublished',
  'unmatched',
  'notTokenPriced',
  'stale',
] as const;
export type PriceState = (typeof PRICE_STATES)[number];

export interface PriceSource {
  readonly offer: string;
  readonly version: string;
  readonly publicationDate: string | null;
  /** The SKU of each direction's row. */
  readonly skus: Partial<Record<PriceDirection, string>>;
}

export interface TargetPrice {
  readonly state: PriceState;
  readonly currency: 'USD';
  readonly tier: 'standard';
  readonly inputPerMTok: number | null;
  readonly outputPerMTok: number | null;
  readonly cacheReadPerMTok: number | null;
  /** The 5-minute cache write. */
  readonly cacheWritePerMTok: number | null;
  readonly source: PriceSource | null;
  readonly derivedFrom?: string;
  /** Why a price is missing or stale, in one line. */
  readonly reason?: string;
  readonly note: typeof PRICE_NOTE;
}

/** What the catalog knows about each offer's freshness. */
export interface PriceSourceStatus {
  readonly version: string;
  readonly publicationDate: string;
  /** Last time a refresh confirmed this version (downloaded or unchanged). */
  readonly checkedAt: string;
  readonly lastRefreshFailed: boolean;
}

/** A standard-cell row whose name joins to several models, with the offer version it is from. */
export interface AmbiguousRow extends AmbiguousPriceRow {
  readonly offer: string;
  readonly version: string;
}

export interface PriceBook {
  /** modelKey → region → the standard on-demand runtime rows of that region. */
  readonly cells: ReadonlyMap<string, ReadonlyMap<string, readonly PricedRow[]>>;
  readonly sources: ReadonlyMap<string, PriceSourceStatus>;
  /** Rows that may be any of several models' standard price. */
  readonly ambiguous: readonly AmbiguousRow[];
}

/** Only standard-tier, on-demand, runtime, standard-context rows price an invoke target. */
function isStandardCell(row: PricedRow): boolean {
  return (
    row.tier === 'standard' &&
    row.mode === 'onDemand' &&
    row.endpoint === 'runtime' &&
    row.context === 'standard'
  );
}

export function priceBookOf(
  rows: readonly PricedRow[],
  sources: ReadonlyMap<string, PriceSourceStatus>,
  ambiguous: readonly AmbiguousRow[] = [],
): PriceBook {
  const cells = new Map<string, Map<string, PricedRow[]>>();
  for (const row of rows) {
    if (!isStandardCell(row)) continue;
    const byRegion = cells.get(row.modelKey) ?? new Map<string, PricedRow[]>();
    cells.set(row.modelKey, byRegion);
    const list = byRegion.get(row.region) ?? [];
    byRegion.set(row.region, list);
    list.push(row);
  }
  return { cells, sources, ambiguous };
}

const EMPTY: Omit<TargetPrice, 'state'> = {
  currency: 'USD',
  tier: 'standard',
  inputPerMTok: null,
  outputPerMTok: null,
  cacheReadPerMTok: null,
  cacheWritePerMTok: null,
  source: null,
  note: PRICE_NOTE,
};

function missing(state: PriceState, reason: string): TargetPrice {
  return { ...EMPTY, state, reason };
}

type Directions = Partial<Record<PriceDirection, PricedRow>>;

/** One row per direction (the 5-minute write for cacheWrite); null when rows disagree. */
function directionsOf(rows: readonly PricedRow[]): Directions | string {
  const chosen: Directions = {};
  for (const row of rows) {
    if (row.direction === 'cacheWrite' && row.cacheTtl !== '5m') continue;
    const existing = chosen[row.direction];
    if (existing && existing.usdPerMillionTokens !== row.usdPerMillionTokens) {
      return `rows ${existing.sku} and ${row.sku} disagree on ${row.direction}`;
    }
    if (!existing) chosen[row.direction] = row;
  }
  return chosen;
}

function priced(
  state: PriceState,
  directions: Directions,
  book: PriceBook,
  options: PriceOptions,
): TargetPrice {
  const cited = Object.values(directions).filter((row) => row !== undefined);
  const first = cited[0];
  if (!first) return missing('notPublished', 'no input or output row');
  const skus: Partial<Record<PriceDirection, string>> = {};
  for (const [direction, row] of Object.entries(directions)) {
    if (row) skus[direction as PriceDirection] = row.sku;
  }
  const status = book.sources.get(first.offer);
  const price: TargetPrice = {
    ...EMPTY,
    state,
    inputPerMTok: directions.input?.usdPerMillionTokens ?? null,
    outputPerMTok: directions.output?.usdPerMillionTokens ?? null,
    cacheReadPerMTok: directions.cacheRead?.usdPerMillionTokens ?? null,
    cacheWritePerMTok: directions.cacheWrite?.usdPerMillionTokens ?? null,
    source: {
      offer: first.offer,
      version: first.version,
      publicationDate: status?.publicationDate ?? null,
      skus,
    },
  };
  const staleReason = staleness(cited, book, options);
  return staleReason ? { ...price, state: 'stale', reason: staleReason } : price;
}

function staleness(
  rows: readonly PricedRow[],
  book: PriceBook,
  options: PriceOptions,
): string | null {
  for (const offer of new Set(rows.map((row) => row.offer))) {
    const reason = offerStaleness(offer, book.sources, options);
    if (reason) return reason;
  }
  return null;
}

/** Why prices from `offer` are `stale` now (never confirmed, failed, or too old), or null. */
export function offerStaleness(
  offer: string,
  sources: ReadonlyMap<string, PriceSourceStatus>,
  options: PriceOptions,
): string | null {
  const status = sources.get(offer);
  if (!status) return `no refresh status for ${offer}`;
  if (status.lastRefreshFailed) return `the last refresh of ${offer} failed`;
  const ageMs = options.now.getTime() - Date.parse(status.checkedAt);
  if (ageMs > options.staleAfterMs) {
    return `${offer} was last checked ${status.checkedAt}, over ${Math.round(options.staleAfterMs / 3_600_000)} h ago`;
  }
  return null;
}

export interface PriceOptions {
  readonly now: Date;
  /** A source not confirmed for this long is `stale` (SETTINGS.priceStaleAfter). */
  readonly staleAfterMs: number;
}

export const DEFAULT_PRICE_STALE_AFTER_MS = SETTINGS.priceStaleAfter.default * 3_600_000;

function regionalCell(
  book: PriceBook,
  modelId: string,
  region: string,
  scope: PricedRow['scope'],
): Directions | string | null {
  const rows =
    book.cells
      .get(modelId)
      ?.get(region)
      ?.filter((row) => row.scope === scope) ?? [];
  return rows.length === 0 ? null : directionsOf(rows);
}

/**
 * `unmatched` when rows of this scope in `region` (any region when null) name the model among
 * several candidates: its price may be published under a name the catalog cannot attribute.
 */
function unmatched(
  book: PriceBook,
  modelId: string,
  region: string | null,
  scope: PricedRow['scope'],
): TargetPrice | null {
  const rows = book.ambiguous.filter(
    (row) =>
      row.scope === scope &&
      (region === null || row.region === region) &&
      row.candidates.includes(modelId),
  );
  const [first] = rows;
  if (!first) return null;
  const skus: Partial<Record<PriceDirection, string>> = {};
  for (const row of rows) if (row.offer === first.offer) skus[row.direction] ??= row.sku;
  return {
    ...missing(
      'unmatched',
      `${first.reason}: row ${first.sku} may price any of ${first.candidates.join(', ')}, and the catalog never guesses which`,
    ),
    source: {
      offer: first.offer,
      version: first.version,
      publicationDate: book.sources.get(first.offer)?.publicationDate ?? null,
      skus,
    },
  };
}

/** The model's single standard rate: same price per direction in every region, or null. */
function singleRate(book: PriceBook, modelId: string): Directions | null {
  const byRegion = book.cells.get(modelId);
  if (!byRegion) return null;
  const all = [...byRegion.values()].flat();
  if (all.length === 0 || all.some((row) => row.scope === 'global')) return null;
  const chosen = directionsOf(all);
  return typeof chosen === 'string' ? null : chosen;
}

export function priceTarget(
  target: PriceTarget,
  book: PriceBook,
  options: PriceOptions = { now: new Date(), staleAfterMs: DEFAULT_PRICE_STALE_AFTER_MS },
): TargetPrice {
  switch (target.kind) {
    case 'provisionedThroughput':
    case 'importedModel':
    case 'customModelDeployment':
      return missing('notTokenPriced', 'billed by model units or custom model units, not tokens');
    case 'applicationProfile': {
      const copied = priceTarget(target.copies, book, options);
      const state =
        copied.state === 'published' || copied.state === 'singleRate' ? 'derived' : copied.state;
      return { ...copied, state, derivedFrom: target.profileArn };
    }
    case 'model':
    case 'geoProfile': {
      const cell = regionalCell(book, target.modelId, target.sourceRegion, 'inRegionGeo');
      if (typeof cell === 'string') return missing('notPublished', cell);
      if (!cell) {
        const ambiguous = unmatched(book, target.modelId, target.sourceRegion, 'inRegionGeo');
        if (ambiguous) return ambiguous;
        return missing(
          'notPublished',
          `no regional row for ${target.modelId} in ${target.sourceRegion}`,
        );
      }
      return priced('published', cell, book, options);
    }
    case 'globalProfile': {
      const cell = regionalCell(book, target.modelId, target.sourceRegion, 'global');
      if (typeof cell === 'string') return missing('notPublished', cell);
      if (cell) return priced('published', cell, book, options);
      // A global row of the model anywhere, under a shared name, also rules out a single rate.
      const ambiguous =
        unmatched(book, target.modelId, target.sourceRegion, 'global') ??
        unmatched(book, target.modelId, null, 'global');
      if (ambiguous) return ambiguous;
      const single = singleRate(book, target.modelId);
      if (single) return priced('singleRate', single, book, options);
      return missing(
        'notPublished',
        `no global row for ${target.modelId} in ${target.sourceRegion}, and no single rate`,
      );
    }
  }
}

/** The price target of a profile record: its scope, or for an application profile what it copies. */
export function profilePriceTarget(
  profile: Pick<ProfileRecord, 'profileArn' | 'modelId' | 'region' | 'scope' | 'routing'>,
): PriceTarget {
  const own = { modelId: profile.modelId, sourceRegion: profile.region };
  if (profile.scope === 'geo') return { kind: 'geoProfile', ...own };
  if (profile.scope === 'global') return { kind: 'globalProfile', ...own };
  const copies =
    profile.routing === 'global'
      ? ({ kind: 'globalProfile', ...own } as const)
      : profile.routing === 'geo'
        ? ({ kind: 'geoProfile', ...own } as const)
        : ({ kind: 'model', ...own } as const);
  return { kind: 'applicationProfile', profileArn: profile.profileArn, copies };
}

const STORED_DIRECTIONS: Record<
  PriceCellDirectionName,
  { direction: PriceDirection; cacheTtl: PricedRow['cacheTtl'] }
> = {
  input: { direction: 'input', cacheTtl: null },
  output: { direction: 'output', cacheTtl: null },
  cacheRead: { direction: 'cacheRead', cacheTtl: null },
  cacheWrite5m: { direction: 'cacheWrite', cacheTtl: '5m' },
  cacheWrite30m: { direction: 'cacheWrite', cacheTtl: '30m' },
  cacheWrite1h: { direction: 'cacheWrite', cacheTtl: '1h' },
};

/** Each offer's freshness, from its stored source record. */
export function priceSourceStatuses(
  sources: readonly PriceSourceRecord[],
): Map<string, PriceSourceStatus> {
  return new Map(
    sources.map((source) => [
      source.offer,
      {
        version: source.version,
        publicationDate: source.publicationDate,
        checkedAt: source.checkedAt,
        lastRefreshFailed: source.lastFailure !== null,
      },
    ]),
  );
}

/**
 * A price book from stored cells and source records. A bare ID or a geo profile needs only the
 * cells of its source region (the invoke-targets key range); a global profile without a global
 * row in S needs the model's cells in every region to tell `singleRate` from `notPublished`.
 */
export function priceBookFromCells(
  cells: readonly PriceCellRecord[],
  sources: readonly PriceSourceRecord[],
): PriceBook {
  const statuses = priceSourceStatuses(sources);
  const ambiguous = sources.flatMap((source) =>
    (source.ambiguous ?? []).map((row) => ({
      ...row,
      offer: source.offer,
      version: source.version,
    })),
  );
  const rows: PricedRow[] = cells.flatMap((cell) =>
    Object.entries(cell.directions).flatMap(([name, price]) => {
      const axes = STORED_DIRECTIONS[name as PriceCellDirectionName];
      if (!price || !axes) return [];
      return [
        {
          status: 'priced',
          offer: cell.offer,
          version: statuses.get(cell.offer)?.version ?? '',
          sku: price.sku,
          usageType: price.usageType,
          region: cell.region,
          modelKey: cell.modelKey,
          // Not stored (priceTarget never reads it); the gaps keep every unidentified row.
          identifiedBy: 'name',
          scope: cell.scope,
          tier: cell.tier,
          endpoint: cell.endpoint,
          direction: axes.direction,
          cacheTtl: axes.cacheTtl,
          context: cell.context,
          mode: cell.mode,
          usdPerMillionTokens: price.usdPerMTok,
          effectiveDate: null,
        } satisfies PricedRow,
      ];
    }),
  );
  return priceBookOf(rows, statuses, ambiguous);
}
