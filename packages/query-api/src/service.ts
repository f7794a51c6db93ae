import type {
  AccountTargetRecord,
  ChangeRecord,
  ModelInRegion,
  ModelRecord,
  PriceCellRecord,
  PriceGapRecord,
  PriceSourceRecord,
  ProbeBudgetRecord,
  ProfileRecord,
  QuotaRecord,
  RegionItemRecord,
  RegionRecord,
  RegionRecords,
  RegionTargetKind,
  RegionTargetRecord,
  ScanRecord,
  ThroughputRecord,
} from '@bedrock-profile-catalog/catalog';
import {
  DEFAULT_PRICE_STALE_AFTER_MS,
  endOfLifeReached,
  nextLifecycleEvent,
  PRICE_NOTE,
  settleScan,
} from '@bedrock-profile-catalog/catalog/contract';
import { allPages, type PageOf } from './client.js';
import { RECENT_SCANS_CHECKED } from './constants.js';
import { NotFoundError, RegionNotScannedError } from './errors.js';
import type { ProfileRef } from './params.js';
import { needsPricesEverywhere, priceCellView, priceSourceView, targetPricing } from './pricing.js';
import { accountInvokeTarget, resolveModelInRegion, type TargetPricing } from './resolver.js';
import type { TargetRank, TargetScope } from './schemas.js';
import { buildSnapshot } from './snapshot.js';
import {
  changeView,
  lifecycleEntryView,
  modelAccessView,
  modelRegionView,
  profileView,
  quotaView,
  regionTargetView,
  regionView,
  scanView,
  throughputView,
} from './views.js';

/** Items by their region's place in /v1/regions (fastest first), unranked regions last. */
function byRegionRank<T extends { region: string }>(items: readonly T[], regions: RegionRecord[]) {
  const rank = new Map(regions.map((r, index) => [r.region, index]));
  const place = (region: string) => rank.get(region) ?? Number.MAX_SAFE_INTEGER;
  return [...items].sort(
    (a, b) => place(a.region) - place(b.region) || a.region.localeCompare(b.region),
  );
}

type Page<T> = PageOf<T>;

interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

/** What the lookup API needs from the catalog; `CatalogReader` provides it. */
export interface CatalogReadPort {
  regions(): Promise<RegionRecord[]>;
  regionProfiles(
    region: string,
    options: PageRequest & { modelId?: string | undefined; type?: string | undefined },
  ): Promise<Page<ProfileRecord>>;
  profilesOfModel(
    modelId: string,
    options: PageRequest & { region?: string | undefined; type?: string | undefined },
  ): Promise<Page<ProfileRecord>>;
  modelRegions(modelId: string): Promise<ModelRecord[]>;
  regionThroughputs(region: string, options: PageRequest): Promise<Page<ThroughputRecord>>;
  throughputsOfModel(
    modelId: string,
    options: PageRequest & { region?: string | undefined },
  ): Promise<Page<ThroughputRecord>>;
  regionItems(
    region: string,
    options: PageRequest & { recordType?: RegionItemRecord['recordType'] },
  ): Promise<Page<RegionItemRecord>>;
  model(modelId: string, region: string): Promise<ModelRecord | null>;
  profile(profileId: string, region: string): Promise<ProfileRecord | null>;
  profileInAllRegions(profileId: string): Promise<ProfileRecord[]>;
  changesSince(
    since: Date | null,
    options: PageRequest & { region?: string | undefined },
  ): Promise<Page<ChangeRecord>>;
  scan(scanId: string): Promise<ScanRecord | null>;
  /** Scan runs, newest first. */
  recentScans(options: PageRequest): Promise<Page<ScanRecord>>;
  /** The probes' budget record of a UTC month (`yyyy-mm`), null if nothing was probed. */
  probeBudget(month: string): Promise<ProbeBudgetRecord | null>;
  regionQuotas(region: string): Promise<QuotaRecord[]>;
  /**
   * The model record, profiles, throughputs, quotas and account-owned targets of one model in one
   * source region (or an account-owned target by its own ARN): one table request.
   */
  modelInRegion(modelId: string, region: string): Promise<ModelInRegion>;
  /** modelInRegion for every source region holding anything of the model: one table request. */
  modelInEveryRegion(modelId: string): Promise<Map<string, ModelInRegion>>;
  /** The account's own targets in a region (throughputs included), or those of one kind. */
  regionTargets(
    region: string,
    options: PageRequest & { kind?: RegionTargetKind | undefined },
  ): Promise<Page<RegionTargetRecord>>;
  /** An account-owned target by ARN, or the targets filed under a model key, in every region. */
  accountTargetsOf(id: string): Promise<AccountTargetRecord[]>;
  /** Every record a source region resolves invoke targets from (the catalog snapshot's input). */
  snapshot(region: string): Promise<RegionRecords>;
  /** Each Price List offer's source record (one small partition). */
  priceSources(): Promise<PriceSourceRecord[]>;
  /** The model's Price List cells in every region. */
  pricesOfModel(modelId: string): Promise<PriceCellRecord[]>;
  /** The rows of one offer the catalog did not price. */
  priceGaps(offer: string): Promise<PriceGapRecord[]>;
}

/** Starts a scan out of schedule; the Lambda puts a Scan Requested event, local mode runs it in-process. */
export type ScanStarter = (request: { regions?: string[] | undefined }) => Promise<{
  scanId: string;
}>;

export interface QueryServiceOptions {
  reader: CatalogReadPort;
  /** Absent in a function that serves no POST /v1/scans (the deployed query function). */
  startScan?: ScanStarter;
  /** Regions the deployment scans; `auto` means whichever regions the catalog holds. */
  configuredRegions: readonly string[] | 'auto';
  scanIntervalSeconds: number;
  /**
   * POST /v1/scans answers, instead of starting, a scan of the same regions started less than
   * this long ago (SETTINGS.scanCooldown). Absent: 0, only scans still running are joined.
   */
  scanCooldownSeconds?: number;
  now?: () => Date;
  /** The region list is one small partition read on most requests; cache it briefly. */
  regionsCacheMs?: number;
  /** A Price List offer unconfirmed this long makes prices `stale` (SETTINGS.priceStaleAfter). */
  priceStaleAfterMs?: number;
  /**
   * The offers' source records change with each 6-hourly refresh; caching them keeps
   * invoke-targets at one table request (default one minute).
   */
  priceSourcesCacheMs?: number;
}

/** A scan this process asked for; `pending` until the starter answers. */
interface StartedScan {
  regions: ReadonlySet<string>;
  at: number;
  scanId: Promise<string>;
  pending: boolean;
}

/**
 * The lookup operations behind each route. Each answer carries `catalogAsOf`: the oldest
 * successful scan among the regions the answer draws on, so a caller can judge freshness.
 */
export class CatalogQueryService {
  readonly #reader: CatalogReadPort;
  readonly #options: QueryServiceOptions;
  readonly #now: () => Date;
  #regionsCache: { at: number; regions: RegionRecord[] } | null = null;
  #priceSourcesCache: { at: number; sources: PriceSourceRecord[] } | null = null;
  /**
   * Scans this process started: the Lambda's scan is invisible in the table until the scanner
   * picks up the event, and concurrent requests in one process must not both start one.
   */
  #startedHere: StartedScan[] = [];

  constructor(options: QueryServiceOptions) {
    this.#reader = options.reader;
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
  }

  async listRegions() {
    const regions = await this.#regions();
    return { items: regions.map(regionView), catalogAsOf: asOf(regions) };
  }

  async regionProfiles(
    region: string,
    query: PageRequest & { modelId?: string | undefined; type?: string | undefined },
  ) {
    return this.#regionPage(region, this.#reader.regionProfiles(region, query), profileView);
  }

  /** The account's own targets in one region, of one kind or all (a 404 for an unknown region). */
  async regionTargets(
    region: string,
    query: PageRequest & { kind?: RegionTargetKind | undefined },
  ) {
    return this.#regionPage(region, this.#reader.regionTargets(region, query), regionTargetView);
  }

  /** The account's provisioned throughputs in one region (a 404 for a region it does not know). */
  async regionThroughputs(region: string, query: PageRequest) {
    return this.#regionPage(region, this.#reader.regionThroughputs(region, query), throughputView);
  }

  /** One page of a region's items; an empty one asks whether the region is known at all. */
  async #regionPage<R, V>(region: string, read: Promise<Page<R>>, view: (record: R) => V) {
    const [page, regions] = await Promise.all([read, this.#regions()]);
    if (page.items.length === 0) this.#assertRegionKnown(region, regions);
    return {
      items: page.items.map(view),
      nextCursor: page.nextCursor,
      catalogAsOf: asOf(regions.filter((r) => r.region === region)),
    };
  }

  async modelProfiles(
    modelId: string,
    query: PageRequest & { region?: string | undefined; type?: string | undefined },
  ) {
    const [page, regions] = await Promise.all([
      this.#reader.profilesOfModel(modelId, query),
      this.#regions(),
    ]);
    // An empty first page may mean "no profiles" or "no such model": only then ask which.
    if (page.items.length === 0 && !query.cursor && !page.nextCursor) {
      const offers = await this.#reader.modelRegions(modelId);
      if (offers.length === 0) throw new NotFoundError(`model '${modelId}' is not in the catalog`);
    }
    return {
      items: page.items.map(profileView),
      nextCursor: page.nextCursor,
      catalogAsOf: asOf(query.region ? regions.filter((r) => r.region === query.region) : regions),
    };
  }

  /**
   * Every model the catalog holds, by provider then ID, each with the regions that list it (in
   * the order of /v1/regions): one model-record query per region, for overviews such as the
   * explorer page's model × region matrix. The API has no other way to enumerate models.
   */
  async listModels() {
    const regions = await this.#regions();
    const perRegion = await Promise.all(regions.map((r) => this.#modelsInRegion(r.region)));
    const byModel = new Map<
      string,
      {
        modelId: string;
        name: string | null;
        provider: string | null;
        regions: {
          region: string;
          inferenceTypes: string[];
          lifecycleStatus: string | null;
          access: ReturnType<typeof modelAccessView>;
        }[];
      }
    >();
    for (const model of perRegion.flat()) {
      let entry = byModel.get(model.modelId);
      if (!entry) {
        entry = { modelId: model.modelId, name: model.name, provider: model.provider, regions: [] };
        byModel.set(model.modelId, entry);
      }
      entry.name ??= model.name;
      entry.provider ??= model.provider;
      entry.regions.push({
        region: model.region,
        inferenceTypes: model.inferenceTypes,
        lifecycleStatus: model.lifecycle?.status ?? null,
        access: modelAccessView(model),
      });
    }
    const items = [...byModel.values()].sort(
      (a, b) =>
        (a.provider ?? '').localeCompare(b.provider ?? '') || a.modelId.localeCompare(b.modelId),
    );
    return { items, catalogAsOf: asOf(regions) };
  }

  async #modelsInRegion(region: string): Promise<ModelRecord[]> {
    const { items } = await allPages(`models of ${region}`, (cursor) =>
      this.#reader.regionItems(region, { recordType: 'model', limit: 1000, cursor }),
    );
    return items.filter((item): item is ModelRecord => item.recordType === 'model');
  }

  /**
   * Models whose next lifecycle event falls within `withinMs` from now, soonest first. One
   * GSI2 Query per region (the same model-record range as listModels): the window moves with
   * the clock, so no stored key can pre-sort by "next event", and a region holds a few hundred
   * model records at most.
   */
  async lifecycle(withinMs: number, region: string | undefined) {
    const regions = await this.#regions();
    if (region) this.#assertRegionKnown(region, regions);
    const wanted = region ? [region] : regions.map((r) => r.region);
    const now = this.#now();
    const until = now.getTime() + withinMs;
    const models = (await Promise.all(wanted.map((r) => this.#modelsInRegion(r)))).flat();
    const items = models
      .flatMap((model) => {
        const next = nextLifecycleEvent(model.lifecycle, now);
        return next && Date.parse(next.at) <= until ? [lifecycleEntryView(model, next)] : [];
      })
      .sort(
        (a, b) =>
          Date.parse(a.next.at) - Date.parse(b.next.at) ||
          a.modelId.localeCompare(b.modelId) ||
          a.region.localeCompare(b.region),
      );
    return {
      items,
      until: new Date(until).toISOString(),
      catalogAsOf: asOf(regions.filter((r) => wanted.includes(r.region))),
    };
  }

  /**
   * Regions offering the model, each with the time to first token of calling it from there (the
   * target rank=latency offers first, when usable and measured). Fastest first by that: measured
   * regions by p50 (then p90), then the others in the /v1/regions order. One Query: the model's
   * GSI1 partition holds every region's records, probes and usage.
   */
  async modelRegions(modelId: string) {
    const [everywhere, regions] = await Promise.all([
      this.#reader.modelInEveryRegion(modelId),
      this.#regions(),
    ]);
    const now = this.#now();
    const offers = [...everywhere].flatMap(([region, found]) => {
      if (!found.model) return [];
      const [first] = resolveModelInRegion(modelId, region, found, now, 'latency');
      const fastest = first?.latency && first.access?.usable !== false ? first : null;
      return [{ region, model: found.model, fastest }];
    });
    if (offers.length === 0) throw new NotFoundError(`model '${modelId}' is not in the catalog`);
    const byRegion = new Map(regions.map((r) => [r.region, r]));
    // Stable over the /v1/regions order, which stays the order among unmeasured regions.
    const sorted = byRegionRank(offers, regions).sort((a, b) => {
      const [x, y] = [a.fastest?.latency?.ttftMs, b.fastest?.latency?.ttftMs];
      return x && y ? x.p50 - y.p50 || x.p90 - y.p90 : Number(!x) - Number(!y);
    });
    return {
      modelId,
      items: sorted.map((o) => modelRegionView(o.model, byRegion.get(o.region), o.fastest)),
      catalogAsOf: asOf(regions.filter((r) => everywhere.get(r.region)?.model)),
    };
  }

  /** @param scopes only targets of these scopes (e.g. in-region and geo, to keep data in a geography) */
  async invokeTargets(
    modelId: string,
    sourceRegion: string,
    scopes?: readonly TargetScope[],
    rank?: TargetRank,
  ) {
    const [found, regions, priceSources] = await Promise.all([
      this.#reader.modelInRegion(modelId, sourceRegion),
      this.#regions(),
      this.#priceSources(),
    ]);
    this.#assertRegionKnown(sourceRegion, regions);
    const now = this.#now();
    const { model } = found;
    const pricing = await this.#pricing(modelId, sourceRegion, found, priceSources);
    const items = resolveModelInRegion(modelId, sourceRegion, found, now, rank, pricing).filter(
      (target) => scopes === undefined || scopes.includes(target.scope),
    );
    const catalogAsOf = asOf(regions.filter((r) => r.region === sourceRegion));
    if (items.length > 0) return { modelId, sourceRegion, items, hint: null, catalogAsOf };
    const ended = model && endOfLifeReached(model.lifecycle, now) ? model.lifecycle : null;
    const hint = await this.#whereElse(modelId, scopes, {
      sourceRegion,
      endOfLifeTime: ended?.endOfLifeTime ?? null,
    });
    return { modelId, sourceRegion, items, hint, catalogAsOf };
  }

  /** Every model's invoke targets from `region` in one versioned object (snapshot.ts). */
  async snapshot(region: string) {
    const [records, regions] = await Promise.all([this.#reader.snapshot(region), this.#regions()]);
    this.#assertRegionKnown(region, regions);
    return buildSnapshot(records, this.#now(), this.#staleAfterMs());
  }

  /**
   * Every Price List cell of the model in source region S: the invoke-targets key range (one
   * Query). A 404 for a region the catalog does not know, or a model it holds nowhere.
   */
  async modelPrices(modelId: string, region: string) {
    const [found, regions, sources] = await Promise.all([
      this.#reader.modelInRegion(modelId, region),
      this.#regions(),
      this.#priceSources(),
    ]);
    this.#assertRegionKnown(region, regions);
    if (!found.model && found.prices.length === 0) {
      const offers = await this.#reader.modelRegions(modelId);
      if (offers.length === 0) throw new NotFoundError(`model '${modelId}' is not in the catalog`);
    }
    const options = { now: this.#now(), staleAfterMs: this.#staleAfterMs() };
    const items = found.prices
      .map((cell) => priceCellView(cell, sources, options))
      .sort((a, b) => a.sortKey.localeCompare(b.sortKey))
      .map(({ view }) => view);
    return {
      modelId,
      region,
      note: PRICE_NOTE,
      items,
      catalogAsOf: asOf(regions.filter((r) => r.region === region)),
    };
  }

  /** Each offer's version, refresh state and row counts, with its unpriced rows by status. */
  async priceSources() {
    const sources = await this.#priceSources(true);
    const gaps = await Promise.all(sources.map((source) => this.#reader.priceGaps(source.offer)));
    const options = { now: this.#now(), staleAfterMs: this.#staleAfterMs() };
    return {
      note: PRICE_NOTE,
      items: sources.map((source, index) =>
        priceSourceView(source, gaps[index] ?? [], sources, options),
      ),
    };
  }

  /** S's cells from the invoke-targets read; the model's every cell only when a global profile needs them. */
  async #pricing(
    modelId: string,
    sourceRegion: string,
    found: ModelInRegion,
    sources: PriceSourceRecord[],
  ): Promise<TargetPricing | undefined> {
    if (sources.length === 0) return undefined;
    const cells = needsPricesEverywhere(found, sourceRegion)
      ? await this.#reader.pricesOfModel(modelId)
      : found.prices;
    return targetPricing(cells, sources, this.#staleAfterMs());
  }

  #staleAfterMs(): number {
    return this.#options.priceStaleAfterMs ?? DEFAULT_PRICE_STALE_AFTER_MS;
  }

  async #priceSources(bypassCache = false): Promise<PriceSourceRecord[]> {
    const cacheMs = this.#options.priceSourcesCacheMs ?? 60_000;
    const now = Date.now();
    const cached = this.#priceSourcesCache;
    if (!bypassCache && cached && now - cached.at < cacheMs) return cached.sources;
    const sources = await this.#reader.priceSources();
    this.#priceSourcesCache = { at: now, sources };
    return sources;
  }

  /**
   * Only when S has nothing (of the asked scopes): the regions where the model does, leaving out
   * those where it is past end of life.
   * @param source.endOfLifeTime set when S has nothing because the model reached end of life there
   */
  async #whereElse(
    modelId: string,
    scopes: readonly TargetScope[] | undefined,
    source: { sourceRegion: string; endOfLifeTime: string | null },
  ) {
    const [offers, profiles, throughputs, owned] = await Promise.all([
      this.#reader.modelRegions(modelId),
      this.#reader.profilesOfModel(modelId, { limit: 100 }),
      this.#reader.throughputsOfModel(modelId, { limit: 100 }),
      this.#reader.accountTargetsOf(modelId),
    ]);
    if (
      offers.length === 0 &&
      profiles.items.length === 0 &&
      throughputs.items.length === 0 &&
      owned.length === 0
    ) {
      throw new NotFoundError(`model '${modelId}' is not in the catalog`);
    }
    const now = this.#now();
    const ended = new Set(
      offers.filter((m) => endOfLifeReached(m.lifecycle, now)).map((m) => m.region),
    );
    const wanted = (scope: TargetScope) => scopes === undefined || scopes.includes(scope);
    const regions = new Set([
      ...(wanted('in-region')
        ? [
            ...offers.filter((m) => m.inferenceTypes.includes('ON_DEMAND')).map((m) => m.region),
            ...throughputs.items.filter((t) => t.status === 'InService').map((t) => t.region),
          ]
        : []),
      ...owned.flatMap((t) => {
        const target = accountInvokeTarget(t);
        return target && wanted(target.scope) ? [target.sourceRegion] : [];
      }),
      ...profiles.items.filter((p) => wanted(p.scope)).map((p) => p.region),
    ]);
    const sorted = [...regions].filter((region) => !ended.has(region)).sort();
    const what = scopes === undefined ? 'invocable target' : `target of scope ${scopes.join(', ')}`;
    const { endOfLifeTime } = source;
    if (endOfLifeTime !== null) {
      const elsewhere =
        sorted.length > 0
          ? `it has such targets from: ${sorted.join(', ')}`
          : `it has no ${what} in any other scanned region`;
      return {
        message: `this model reached end of life in ${source.sourceRegion} on ${endOfLifeTime}; calls to it fail there, and ${elsewhere}`,
        regions: sorted,
        endOfLifeTime,
      };
    }
    return {
      message:
        sorted.length > 0
          ? `no ${what} for this model in the source region; it has such targets from: ${sorted.join(', ')}`
          : `this model has no ${what} in any scanned region`,
      regions: sorted,
      endOfLifeTime: null,
    };
  }

  async profile(ref: ProfileRef, region: string | undefined) {
    const sourceRegion = region ?? ref.arnRegion ?? undefined;
    const regions = await this.#regions();
    if (sourceRegion) {
      const profile = await this.#reader.profile(ref.profileId, sourceRegion);
      if (!profile) throw profileNotFound(ref.profileId, sourceRegion);
      return {
        ...profileView(profile),
        catalogAsOf: asOf(regions.filter((r) => r.region === sourceRegion)),
      };
    }
    const all = await this.#reader.profileInAllRegions(ref.profileId);
    if (all.length === 0) throw profileNotFound(ref.profileId, undefined);
    // Fastest source region first, using the same ranking as /v1/regions.
    const sorted = byRegionRank(all, regions);
    const [best] = sorted as [ProfileRecord, ...ProfileRecord[]];
    const used = new Set(sorted.map((p) => p.region));
    return {
      ...profileView(best),
      regions: sorted.map((p) => p.region),
      catalogAsOf: asOf(regions.filter((r) => used.has(r.region))),
    };
  }

  async profileModel(ref: ProfileRef, region: string | undefined) {
    const profile = await this.profile(ref, region);
    return {
      profileId: profile.profileId,
      modelId: profile.modelId,
      modelIds: profile.modelIds,
      region: profile.region,
      catalogAsOf: profile.catalogAsOf,
    };
  }

  async scan(scanId: string) {
    const scan = await this.#reader.scan(scanId);
    if (!scan) {
      throw new NotFoundError(
        `scan '${scanId}' not found; a scan requested moments ago appears once the scanner starts it`,
      );
    }
    // A scan whose scanner died reads as failed once its deadline has passed.
    return scanView(settleScan(scan, this.#now()));
  }

  /** Without `since`, the reader's default window; its cursor keeps the first page's `since`. */
  async changes(query: PageRequest & { since?: Date | undefined; region?: string | undefined }) {
    const [page, regions] = await Promise.all([
      this.#reader.changesSince(query.since ?? null, query),
      this.#regions(),
    ]);
    return {
      items: page.items.map(changeView),
      nextCursor: page.nextCursor,
      catalogAsOf: asOf(query.region ? regions.filter((r) => r.region === query.region) : regions),
    };
  }

  /**
   * A region is known once scanned, or when configured (its first scan may still be running), so
   * a typo answers 404 instead of an empty list.
   */
  #assertRegionKnown(region: string, scanned: readonly { region: string }[]) {
    const configured = this.#options.configuredRegions;
    if (configured !== 'auto' && configured.includes(region)) return;
    if (scanned.some((r) => r.region === region)) return;
    const held = scanned.map((r) => r.region).sort();
    throw new NotFoundError(
      `region '${region}' is not in the catalog; it holds ${held.length > 0 ? held.join(', ') : 'no regions yet'}`,
    );
  }

  /**
   * Only regions this catalog scans: the configured list, or with `auto` the regions it holds. A
   * scan elsewhere would fail (IAM, DNS) and list a bogus region.
   *
   * Coalescing: when one scan covers every requested region (all scannable regions without a
   * body), that scan's ID is the answer and none starts. A scan covers a region when it started
   * on it less than the cooldown ago, or is still running (not past its deadline) and already
   * wrote it (a running scan record does not list its regions), or this process started it and
   * the start is in flight or within the cooldown. Otherwise a scan of
   * all requested regions starts. Two processes (Lambda instances) asked at once, before either
   * scan claims its regions, still start one scan each.
   */
  async startScan(requested: string[] | undefined) {
    const starter = this.#options.startScan;
    // The router never sends POST /v1/scans to a function built without a starter.
    if (!starter) throw new Error('this function does not start scans');
    const configured = this.#options.configuredRegions;
    const [regionRecords, recent] = await Promise.all([
      this.#regions(true),
      this.#reader.recentScans({ limit: RECENT_SCANS_CHECKED }),
    ]);
    const scannable = configured === 'auto' ? regionRecords.map((r) => r.region) : configured;
    const unknown = (requested ?? []).filter((r) => !scannable.includes(r));
    if (unknown.length > 0) throw new RegionNotScannedError(unknown, scannable);
    const regions = requested && [...new Set(requested)];
    // Synchronous from here to the start: concurrent requests in this process see each other.
    const covering = this.#coveringScan(regions ?? scannable, regionRecords, recent.items);
    if (covering !== null) return { scanId: await covering, coalesced: true };
    const entry: StartedScan = {
      regions: new Set(regions ?? scannable),
      at: this.#now().getTime(),
      scanId: starter({ regions }).then(({ scanId }) => scanId),
      pending: true,
    };
    this.#startedHere = [...this.#startedHere.filter((e) => this.#withinCooldown(e.at)), entry];
    try {
      return { scanId: await entry.scanId, coalesced: false };
    } catch (error) {
      this.#startedHere = this.#startedHere.filter((e) => e !== entry);
      throw error;
    } finally {
      entry.pending = false;
    }
  }

  /** The one scan covering every region (see startScan), or null. */
  #coveringScan(
    regions: readonly string[],
    regionRecords: readonly RegionRecord[],
    recentScans: readonly ScanRecord[],
  ): Promise<string> | string | null {
    if (regions.length === 0) return null;
    const now = this.#now();
    const running = new Set(
      recentScans.filter((s) => settleScan(s, now).status === 'running').map((s) => s.scanId),
    );
    const byRegion = new Map(regionRecords.map((r) => [r.region, r]));
    const here = this.#startedHere.findLast(
      (e) => (e.pending || this.#withinCooldown(e.at)) && regions.every((r) => e.regions.has(r)),
    );
    if (here) return here.scanId;
    const ids = regions.map((region) => {
      const record = byRegion.get(region);
      if (!record) return null;
      const recent = this.#withinCooldown(Date.parse(record.lastScanStartedAt));
      return recent || running.has(record.lastScanId) ? record.lastScanId : null;
    });
    const [first] = ids;
    return first && ids.every((id) => id === first) ? first : null;
  }

  #withinCooldown(at: number) {
    return this.#now().getTime() - at < (this.#options.scanCooldownSeconds ?? 0) * 1000;
  }

  /**
   * Fresh means a successful scan within 3 scan intervals, for every configured region. Two
   * Queries at once: the region records and one page of the newest scan records.
   */
  async health() {
    const nowDate = this.#now();
    const month = nowDate.toISOString().slice(0, 7);
    const [regions, recent, budget] = await Promise.all([
      this.#regions(true),
      this.#reader.recentScans({ limit: RECENT_SCANS_CHECKED }),
      this.#reader.probeBudget(month),
    ]);
    const now = nowDate.getTime();
    const interruptedScans = recent.items.filter(
      (scan) => settleScan(scan, nowDate).error?.code === 'interrupted',
    ).length;
    const maxAgeSeconds = 3 * this.#options.scanIntervalSeconds;
    const expected =
      this.#options.configuredRegions === 'auto'
        ? regions.map((r) => r.region)
        : this.#options.configuredRegions;
    const byRegion = new Map(regions.map((r) => [r.region, r]));
    const items = [...expected].sort().map((region) => {
      const record = byRegion.get(region);
      const lastSuccessAt = record?.lastSuccessAt ?? null;
      const ageSeconds =
        lastSuccessAt === null ? null : Math.max(0, (now - Date.parse(lastSuccessAt)) / 1000);
      return {
        region,
        status: record?.status ?? 'never-scanned',
        lastSuccessAt,
        ageSeconds: ageSeconds === null ? null : Math.round(ageSeconds),
        fresh: ageSeconds !== null && ageSeconds <= maxAgeSeconds,
      };
    });
    const healthy = items.length > 0 && items.every((r) => r.fresh);
    return {
      healthy,
      status: healthy ? ('ok' as const) : ('stale' as const),
      maxAgeSeconds,
      regions: items,
      interruptedScans,
      probeBudget: budget && probeBudgetView(budget),
    };
  }

  /** Every Service Quota of a region, by quota code (a 404 for a region it does not know). */
  async regionQuotas(region: string) {
    const [quotas, regions] = await Promise.all([
      this.#reader.regionQuotas(region),
      this.#regions(),
    ]);
    if (quotas.length === 0) this.#assertRegionKnown(region, regions);
    return {
      region,
      items: quotas.map(quotaView),
      catalogAsOf: asOf(regions.filter((r) => r.region === region)),
    };
  }

  async #regions(bypassCache = false): Promise<RegionRecord[]> {
    const cacheMs = this.#options.regionsCacheMs ?? 5_000;
    const now = Date.now();
    if (!bypassCache && this.#regionsCache && now - this.#regionsCache.at < cacheMs) {
      return this.#regionsCache.regions;
    }
    const regions = await this.#reader.regions();
    this.#regionsCache = { at: now, regions };
    return regions;
  }
}

/** Micro-USD as stored (so concurrent ADDs never drift), in USD for the answer. */
function probeBudgetView({ month, capMicroUsd, spentMicroUsd }: ProbeBudgetRecord) {
  const usedPercent =
    capMicroUsd > 0 ? Math.round((10_000 * spentMicroUsd) / capMicroUsd) / 100 : 0;
  return { month, capUsd: capMicroUsd / 1e6, spentUsd: spentMicroUsd / 1e6, usedPercent };
}

function profileNotFound(profileId: string, region: string | undefined) {
  return new NotFoundError(
    region
      ? `profile '${profileId}' not found in source region ${region}`
      : `profile '${profileId}' not found in any scanned region`,
  );
}

/** The oldest successful scan behind an answer (null when a region never succeeded). */
function asOf(regions: readonly RegionRecord[]): string | null {
  let oldest: string | null = null;
  for (const region of regions) {
    if (!region.lastSuccessAt) continue;
    if (oldest === null || region.lastSuccessAt < oldest) oldest = region.lastSuccessAt;
  }
  return oldest;
}
