import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { type AccountTargetKind, AccountTargetRecord } from './account-targets.js';
import { type CursorBinding, CursorCodec, type CursorKeys } from './cursor.js';
import { CorruptRecordError, InvalidCursorError, InvalidQueryError } from './errors.js';
import {
  changeDayPartitionKey,
  KEY_PREFIX,
  modelInRegionSortKeyPrefix,
  modelPartitionKey,
  modelProfileSortKeyPrefix,
  modelThroughputSortKeyPrefix,
  primaryKeyOf,
  probeBudgetKeys,
  probePartitionKey,
  profilePartitionKey,
  regionKeys,
  regionPartitionKey,
  regionSortKey,
  SCAN_SORT_KEY,
  scanPartitionKey,
  targetPartitionKey,
} from './keys.js';
import { lazySchema } from './lazy-schema.js';
import { PRICE_SOURCES, PriceReader, pricePartitionKey } from './pricing/price-reader.js';
import {
  PriceCellRecord,
  type PriceGapRecord,
  PriceSourceRecord,
} from './pricing/price-records.js';
import { ProbeBudgetRecord, ProbeRecord } from './probe-records.js';
import { byModelQuery, byRegionQuery, type QueryShape } from './queries.js';
import { QuotaRecord } from './quota-records.js';
import { readModelQuotas, readRegionQuotas } from './quotas.js';
import {
  ChangeRecord,
  ModelRecord,
  ProfileRecord,
  RegionCode,
  RegionRecord,
  ScanRecord,
  ThroughputRecord,
} from './records.js';
import { SETTINGS } from './settings.js';
import { CATALOG_TABLE } from './table.js';
import { readRegionUsage } from './usage.js';
import { UsageRecord } from './usage-records.js';

/** One page of results. Pass `nextCursor` back to get the next page; null means done. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PageOptions {
  /** Items per page, 1–1000; default `SETTINGS.pageLimit` (the API allows up to its max). */
  limit?: number;
  cursor?: string | null;
}

export const RegionItemRecord = /* @__PURE__ */ lazySchema(() =>
  z.discriminatedUnion('recordType', [
    ProfileRecord,
    ModelRecord,
    ThroughputRecord,
    AccountTargetRecord,
  ]),
);
export type RegionItemRecord = z.infer<typeof RegionItemRecord>;

export interface ModelOfProfile {
  profileId: string;
  region: string;
  modelId: string;
  modelIds: string[];
}

/** Everything of one model in one source region: what the invoke-target resolver reads. */
export interface ModelInRegion {
  /** Null when the region does not list the model (a custom model, or none at all). */
  model: ModelRecord | null;
  profiles: ProfileRecord[];
  throughputs: ThroughputRecord[];
  quotas: QuotaRecord[];
  /**
   * Account-owned targets answering for the ID in the region: a custom model's deployments, a
   * Marketplace model source's endpoints, or (asked by its own ARN) the target itself.
   */
  targets: AccountTargetRecord[];
  /** Active probes of the model's targets from the region (issue 13). */
  probes: ProbeRecord[];
  /** CloudWatch usage of the model's targets called from this region (usage-records.ts). */
  usage: UsageRecord[];
  /** Price List cells of the model in this source region (pricing/price-records.ts). */
  prices: PriceCellRecord[];
}

/**
 * Every record of one source region that invoke targets are resolved from: what
 * `CatalogReader.snapshot` reads for the catalog snapshot (`GET /v1/snapshot`), which the query
 * API's `buildSnapshot` resolves with the same code as invoke-targets.
 */
export interface RegionRecords {
  sourceRegion: string;
  /** The region's scan state (its `lastSuccessAt` is the snapshot's `catalogAsOf`); null if never scanned. */
  region: RegionRecord | null;
  models: ModelRecord[];
  profiles: ProfileRecord[];
  throughputs: ThroughputRecord[];
  /** Account-owned targets other than throughputs. */
  targets: AccountTargetRecord[];
  quotas: QuotaRecord[];
  probes: ProbeRecord[];
  usage: UsageRecord[];
  /** Every stored Price List cell, of every region (a global profile may need the model's all). */
  prices: PriceCellRecord[];
  priceSources: PriceSourceRecord[];
}

const ModelInRegionItem = /* @__PURE__ */ lazySchema(() =>
  z.discriminatedUnion('recordType', [
    ProfileRecord,
    ModelRecord,
    ThroughputRecord,
    QuotaRecord,
    AccountTargetRecord,
    ProbeRecord,
    UsageRecord,
    PriceCellRecord,
  ]),
);

type ModelInRegionItem = z.infer<typeof ModelInRegionItem>;

/** A ModelInRegion with nothing in it yet, to fill record by record. */
export const emptyModelInRegion = (): ModelInRegion => ({
  model: null,
  profiles: [],
  throughputs: [],
  quotas: [],
  targets: [],
  probes: [],
  usage: [],
  prices: [],
});

function addTo(found: ModelInRegion, item: ModelInRegionItem) {
  if (item.recordType === 'model') found.model = item;
  else if (item.recordType === 'profile') found.profiles.push(item);
  else if (item.recordType === 'throughput') found.throughputs.push(item);
  else if (item.recordType === 'quota') found.quotas.push(item);
  else if (item.recordType === 'probe') found.probes.push(item);
  else if (item.recordType === 'usage') found.usage.push(item);
  else if (item.recordType === 'price') found.prices.push(item);
  else found.targets.push(item);
}

/** What the region listing of account-owned targets holds: throughputs and the other kinds. */
export const RegionTargetRecord = /* @__PURE__ */ lazySchema(() =>
  z.discriminatedUnion('recordType', [ThroughputRecord, AccountTargetRecord]),
);
export type RegionTargetRecord = z.infer<typeof RegionTargetRecord>;
/** The kinds of account-owned target a region lists; throughputs are one of them. */
export type RegionTargetKind = 'provisioned-throughput' | AccountTargetKind;

/**
 * The runtime ARNs of account-owned targets, in any partition: Bedrock custom model deployments,
 * imported models, (default) prompt routers, and SageMaker endpoints registered with Bedrock.
 * Their item is keyed by the ARN itself, so a lookup by one is a GetItem, not a model Query.
 */
const ACCOUNT_TARGET_ARN =
  /^arn:[a-z-]+:(?:bedrock:[^:]+:\d{12}:(?:custom-model-deployment|imported-model|prompt-router|default-prompt-router)|sagemaker:[^:]+:\d{12}:endpoint)\//;
export const isAccountTargetArn = (id: string) => ACCOUNT_TARGET_ARN.test(id);

export interface CatalogReaderOptions {
  documentClient: DynamoDBDocumentClient;
  tableName: string;
  /**
   * HMAC key for page cursors (≥ 16 characters), or the current and previous keys of a rotated
   * secret. Share it between instances serving one API.
   */
  cursorSecret: string | CursorKeys;
  now?: () => Date;
  /**
   * DynamoDB requests one page may make. Expired items are filtered after DynamoDB's page limit,
   * so a page can come back short (even empty) with a cursor; set 1 for strictly one request.
   */
  maxRequestsPerPage?: number;
  /** Cursors older than this are rejected (default one day). */
  cursorMaxAgeSeconds?: number;
  /** `changesSince` looks back at most this many days (the writer's retention, same default). */
  changeRetentionDays?: number;
}

/** Above the API's page limit: the query service reads bigger pages for its own joins. */
const MAX_LIMIT = 1000;
/** Upper bound of pages for the small "read them all" patterns (regions of a model, …). */
const MAX_PAGES_ALL = 100;
const DAY_MS = 24 * 60 * 60 * 1000;
const { ttlAttribute, indexes } = CATALOG_TABLE;

const StartKey = /* @__PURE__ */ lazySchema(() => z.record(z.string(), z.string()));
/**
 * Where `changesSince` resumes: a day bucket and the key within it (null: its start), and for
 * the default window, the `since` the first page used.
 */
const ChangesPosition = /* @__PURE__ */ lazySchema(() =>
  z.object({
    day: z.string(),
    key: z.nullable(StartKey),
    since: z.optional(z.iso.datetime()),
  }),
);
/** `changesSince(null)`: changes of the last 24 hours. */
export const DEFAULT_CHANGES_WINDOW_MS = DAY_MS;
const DEFAULT_SINCE = 'default';
type ChangesPosition = z.infer<typeof ChangesPosition>;

const statusRank = (r: RegionRecord) => (r.status === 'ok' ? (r.latency ? 0 : 1) : 2);

/**
 * Regions best first: healthy regions by measured latency (p50, then p90); healthy regions
 * without samples next; failed or denied regions last. Ties by region code, so the order is total.
 */
export function compareRegions(a: RegionRecord, b: RegionRecord): number {
  return (
    statusRank(a) - statusRank(b) ||
    (a.latency?.p50 ?? Number.POSITIVE_INFINITY) - (b.latency?.p50 ?? Number.POSITIVE_INFINITY) ||
    (a.latency?.p90 ?? Number.POSITIVE_INFINITY) - (b.latency?.p90 ?? Number.POSITIVE_INFINITY) ||
    a.region.localeCompare(b.region)
  );
}

/**
 * Typed, read-only access to the catalog table: one GetItem, or one Query per DynamoDB page,
 * never a Scan. Drops expired items (DynamoDB serves them for days after their TTL) and returns
 * records without the table's internal attributes (keys, `expiresAt`, `contentHash`).
 */
export class CatalogReader {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #now: () => Date;
  readonly #cursors: CursorCodec;
  readonly #maxRequests: number;
  readonly #retentionDays: number;
  readonly #prices: PriceReader;

  constructor(options: CatalogReaderOptions) {
    this.#client = options.documentClient;
    this.#table = options.tableName;
    this.#prices = new PriceReader(options);
    this.#now = options.now ?? (() => new Date());
    this.#cursors = new CursorCodec(options.cursorSecret, {
      maxAgeSeconds: options.cursorMaxAgeSeconds,
      now: this.#now,
    });
    this.#maxRequests = options.maxRequestsPerPage ?? 5;
    this.#retentionDays = options.changeRetentionDays ?? SETTINGS.changeRetentionDays.default;
  }

  /** Profiles that route to `modelId`, in one source region or in all (GSI1). */
  async profilesOfModel(
    modelId: string,
    options: PageOptions & { region?: string; type?: string } = {},
  ): Promise<Page<ProfileRecord>> {
    const { region, type } = options;
    return this.#queryPage(
      { method: 'profilesOfModel', params: { modelId: validId(modelId), region, type } },
      filtered(
        this.#byModel(
          modelId,
          region === undefined ? undefined : modelProfileSortKeyPrefix(validRegion(region)),
        ),
        { ...(region === undefined ? recordTypeFilter('profile') : {}), ...typeFilter(type) },
      ),
      ProfileRecord,
      options,
    );
  }

  /** A profile as seen from one source region, or null (GetItem). */
  async profile(profileId: string, region: string): Promise<ProfileRecord | null> {
    return this.#get(ProfileRecord, {
      [CATALOG_TABLE.partitionKey]: profilePartitionKey(validId(profileId)),
      [CATALOG_TABLE.sortKey]: regionSortKey(validRegion(region)),
    });
  }

  /** The profile in every source region that has it (one partition). */
  async profileInAllRegions(profileId: string): Promise<ProfileRecord[]> {
    return this.#partition(ProfileRecord, profilePartitionKey(validId(profileId)));
  }

  /** The model(s) behind a profile in one source region, or null. */
  async modelOfProfile(profileId: string, region: string): Promise<ModelOfProfile | null> {
    const profile = await this.profile(profileId, region);
    return (
      profile && {
        profileId: profile.profileId,
        region: profile.region,
        modelId: profile.modelId,
        modelIds: profile.modelIds,
      }
    );
  }

  /** Profiles whose source region is `region` (GSI2), optionally routing to `modelId`. */
  async regionProfiles(
    region: string,
    options: PageOptions & { modelId?: string; type?: string } = {},
  ): Promise<Page<ProfileRecord>> {
    const { modelId, type } = options;
    return this.#queryPage(
      { method: 'regionProfiles', params: { region: validRegion(region), modelId, type } },
      filtered(byRegionQuery(validRegion(region), KEY_PREFIX.profile), {
        ...(modelId === undefined
          ? {}
          : { 'contains(#modelIds, :modelIds)': { '#modelIds': ['modelIds', modelId] } }),
        ...typeFilter(type),
      }),
      ProfileRecord,
      options,
    );
  }

  /** This account's provisioned throughputs in `region` (GSI2). */
  async regionThroughputs(
    region: string,
    options: PageOptions = {},
  ): Promise<Page<ThroughputRecord>> {
    return this.#queryPage(
      { method: 'regionThroughputs', params: { region: validRegion(region) } },
      byRegionQuery(validRegion(region), KEY_PREFIX.throughput),
      ThroughputRecord,
      options,
    );
  }

  /** Provisioned throughputs of `modelId`, in one region or in all (GSI1). */
  async throughputsOfModel(
    modelId: string,
    options: PageOptions & { region?: string } = {},
  ): Promise<Page<ThroughputRecord>> {
    const { region } = options;
    return this.#queryPage(
      { method: 'throughputsOfModel', params: { modelId: validId(modelId), region } },
      filtered(
        this.#byModel(
          modelId,
          region === undefined ? undefined : modelThroughputSortKeyPrefix(validRegion(region)),
        ),
        region === undefined ? recordTypeFilter('throughput') : {},
      ),
      ThroughputRecord,
      options,
    );
  }

  /** Everything a region holds: profiles, models and throughputs, or one of them (GSI2). */
  async regionItems(
    region: string,
    options: PageOptions & { recordType?: RegionItemRecord['recordType'] } = {},
  ): Promise<Page<RegionItemRecord>> {
    const { recordType } = options;
    const prefix = recordType && PREFIX_OF[recordType];
    return this.#queryPage(
      { method: 'regionItems', params: { region: validRegion(region), recordType } },
      byRegionQuery(validRegion(region), prefix),
      RegionItemRecord,
      options,
    );
  }

  /** A foundation model as offered in one region, or null (GetItem). */
  async model(modelId: string, region: string): Promise<ModelRecord | null> {
    return this.#get(ModelRecord, {
      [CATALOG_TABLE.partitionKey]: modelPartitionKey(validId(modelId)),
      [CATALOG_TABLE.sortKey]: regionSortKey(validRegion(region)),
    });
  }

  /** Every region offering `modelId`, each with its inference types (one partition). */
  async modelRegions(modelId: string): Promise<ModelRecord[]> {
    return this.#partition(ModelRecord, modelPartitionKey(validId(modelId)));
  }

  /** Every scanned region with status and latency, best first (see compareRegions). */
  async regions(): Promise<RegionRecord[]> {
    const regions = await this.#partition(RegionRecord, KEY_PREFIX.regions);
    return regions.sort(compareRegions);
  }

  /** One region's scan state and latency, or null (GetItem). */
  async region(region: string): Promise<RegionRecord | null> {
    return this.#get(RegionRecord, regionKeys({ region: validRegion(region) }));
  }

  /** Changes at or after `since`, oldest first: one Query per UTC day bucket. */
  async changesSince(
    since: Date | null,
    options: PageOptions & { region?: string } = {},
  ): Promise<Page<ChangeRecord>> {
    if (since && Number.isNaN(since.getTime())) {
      throw new InvalidQueryError('since is not a valid time');
    }
    const { region } = options;
    // Without `since`, the window is recomputed from now on each call, so its cursor carries the
    // first page's value: otherwise page 2 would ask another query and its cursor be refused.
    const binding = {
      method: 'changesSince',
      params: { since: since?.toISOString() ?? DEFAULT_SINCE, region },
    };
    const limit = validLimit(options.limit);
    const today = dayOf(this.#now());
    const oldest = dayOf(new Date(this.#now().getTime() - this.#retentionDays * DAY_MS));
    const resumed = options.cursor
      ? this.#decode(binding, options.cursor, ChangesPosition)
      : undefined;
    const sinceIso =
      since?.toISOString() ??
      resumed?.since ??
      new Date(this.#now().getTime() - DEFAULT_CHANGES_WINDOW_MS).toISOString();
    // Older buckets have expired anyway: never query more days than the retention.
    const firstDay = [sinceIso.slice(0, 10), oldest].sort()[1] as string;
    let position: ChangesPosition = resumed ?? { day: firstDay, key: null };

    const items: ChangeRecord[] = [];
    // Quiet days are empty buckets: walking the whole retention window is one cheap Query per
    // day, so a page may span it rather than hand the caller a run of empty pages.
    const maxRequests = this.#maxRequests + this.#retentionDays + 1;
    for (let requests = 0; requests < maxRequests; requests++) {
      if (position.day > today) return { items, nextCursor: null };
      const page = await this.#send(
        filtered(
          {
            KeyConditionExpression: '#pk = :pk AND #sk >= :since',
            ExpressionAttributeNames: {
              '#pk': CATALOG_TABLE.partitionKey,
              '#sk': CATALOG_TABLE.sortKey,
            },
            ExpressionAttributeValues: {
              ':pk': changeDayPartitionKey(position.day),
              ':since': sinceIso,
            },
          },
          region === undefined ? {} : { '#region = :region': { '#region': ['region', region] } },
        ),
        limit - items.length,
        position.key ?? undefined,
      );
      items.push(...this.#parseLive(ChangeRecord, page.Items));
      position = page.LastEvaluatedKey
        ? { day: position.day, key: StartKey.parse(page.LastEvaluatedKey) }
        : { day: nextDay(position.day), key: null };
      if (items.length >= limit) break;
    }
    const done = position.key === null && position.day > today;
    const next = since ? position : { ...position, since: sinceIso };
    return { items, nextCursor: done ? null : this.#cursors.encode(binding, next) };
  }

  /** One scan run, or null (GetItem). */
  async scan(scanId: string): Promise<ScanRecord | null> {
    return this.#get(ScanRecord, {
      [CATALOG_TABLE.partitionKey]: scanPartitionKey(validId(scanId)),
      [CATALOG_TABLE.sortKey]: SCAN_SORT_KEY,
    });
  }

  /** The probes' spend and cap for one UTC month (`yyyy-mm`); null when nothing was probed. */
  async probeBudget(month: string): Promise<ProbeBudgetRecord | null> {
    return this.#get(ProbeBudgetRecord, probeBudgetKeys(month));
  }

  /** Scan runs, newest first (GSI2 `SCANS`). */
  async recentScans(options: PageOptions = {}): Promise<Page<ScanRecord>> {
    return this.#queryPage(
      { method: 'recentScans', params: {} },
      {
        IndexName: indexes.byRegion.indexName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': indexes.byRegion.partitionKey },
        ExpressionAttributeValues: { ':pk': KEY_PREFIX.scans },
        ScanIndexForward: false,
      },
      ScanRecord,
      options,
    );
  }

  /** Every Service Quota stored for `region` (one partition; see quotas.ts). */
  async regionQuotas(region: string): Promise<QuotaRecord[]> {
    return readRegionQuotas(this.#client, this.#table, validRegion(region));
  }

  /** The quotas matched to `modelId` in source region `region` (one GSI1 key range). */
  async quotasOfModel(modelId: string, region: string): Promise<QuotaRecord[]> {
    return readModelQuotas(this.#client, this.#table, validId(modelId), validRegion(region));
  }

  /**
   * The model record, profiles, throughputs, quotas and account-owned targets of `modelId` in
   * source region `region`: one GSI1 key range, so one Query unless it spans more than a DynamoDB
   * page (1 MB). An account-owned target's own ARN (isAccountTargetArn) is one GetItem instead.
   */
  async modelInRegion(modelId: string, region: string): Promise<ModelInRegion> {
    const found = emptyModelInRegion();
    if (isAccountTargetArn(validId(modelId))) {
      const target = await this.#get(AccountTargetRecord, {
        [CATALOG_TABLE.partitionKey]: targetPartitionKey(modelId),
        [CATALOG_TABLE.sortKey]: regionSortKey(validRegion(region)),
      });
      if (target) found.targets.push(target);
      return found;
    }
    const query = this.#byModel(modelId, modelInRegionSortKeyPrefix(validRegion(region)));
    for (const item of await this.#queryAll(ModelInRegionItem, query)) addTo(found, item);
    return found;
  }

  /**
   * `modelInRegion` for every source region at once, by region: the model's whole GSI1
   * partition (`GSI1PK = MODEL#M`), which holds its model records, profiles, throughputs,
   * quotas, targets, probes and usage of every region. One Query unless it spans more than a
   * DynamoDB page (1 MB: a few hundred KB for a model offered in 30 regions).
   */
  async modelInEveryRegion(modelId: string): Promise<Map<string, ModelInRegion>> {
    const byRegion = new Map<string, ModelInRegion>();
    for (const item of await this.#queryAll(
      ModelInRegionItem,
      this.#byModel(validId(modelId), undefined),
    )) {
      const region = item.recordType === 'probe' ? item.sourceRegion : item.region;
      let found = byRegion.get(region);
      if (!found) {
        found = emptyModelInRegion();
        byRegion.set(region, found);
      }
      addTo(found, item);
    }
    return byRegion;
  }

  /**
   * Everything source region `region` holds for resolving invoke targets, for the catalog
   * snapshot: its GSI2 items (models, profiles, throughputs, account targets), quota, probe and
   * usage partitions, and its region record. Five key ranges read at once, each paged to its end.
   */
  async snapshot(region: string): Promise<RegionRecords> {
    const valid = validRegion(region);
    const [regionRecord, items, quotas, probes, usage, [priceSources, prices]] = await Promise.all([
      this.region(valid),
      this.#queryAll(RegionItemRecord, byRegionQuery(valid, undefined)),
      readRegionQuotas(this.#client, this.#table, valid),
      this.#partition(ProbeRecord, probePartitionKey(valid)),
      readRegionUsage(this.#client, this.#table, valid),
      this.#allPrices(),
    ]);
    const found: RegionRecords = {
      sourceRegion: valid,
      region: regionRecord,
      models: [],
      profiles: [],
      throughputs: [],
      targets: [],
      quotas,
      probes,
      usage,
      prices,
      priceSources,
    };
    for (const item of items) {
      if (item.recordType === 'model') found.models.push(item);
      else if (item.recordType === 'profile') found.profiles.push(item);
      else if (item.recordType === 'throughput') found.throughputs.push(item);
      else found.targets.push(item);
    }
    return found;
  }

  /** Each Price List offer's version, counts and refresh health (one small partition). */
  priceSources(): Promise<PriceSourceRecord[]> {
    return this.#partition(PriceSourceRecord, PRICE_SOURCES);
  }

  /** The model's Price List cells in every region (GSI1 partition, price records only). */
  pricesOfModel(modelId: string): Promise<PriceCellRecord[]> {
    return this.#prices.modelPricesEverywhere(validId(modelId));
  }

  /** The rows of an offer that the catalog did not price, with their status and reason. */
  priceGaps(offer: string): Promise<PriceGapRecord[]> {
    return this.#prices.gaps(offer);
  }

  /** Every offer's source record, then each offer's cells (one partition per offer). */
  async #allPrices(): Promise<[PriceSourceRecord[], PriceCellRecord[]]> {
    const sources = await this.priceSources();
    const cells = await Promise.all(
      sources.map((source) => this.#partition(PriceCellRecord, pricePartitionKey(source.offer))),
    );
    return [sources, cells.flat()];
  }

  /** A target (or a model key's targets) in every region, for "where else" hints. */
  async accountTargetsOf(id: string): Promise<AccountTargetRecord[]> {
    if (isAccountTargetArn(validId(id))) {
      return this.#partition(AccountTargetRecord, targetPartitionKey(id));
    }
    return this.#queryAll(
      AccountTargetRecord,
      filtered(this.#byModel(id, undefined), recordTypeFilter('target')),
    );
  }

  /**
   * This account's own targets in `region` (GSI2), or those of one kind: provisioned throughputs,
   * custom model deployments, imported models, Marketplace endpoints and prompt routers, in
   * sort-key order (`TARGET#<kind>#<arn>`, then `THROUGHPUT#<arn>`).
   */
  async regionTargets(
    region: string,
    options: PageOptions & { kind?: RegionTargetKind | undefined } = {},
  ): Promise<Page<RegionTargetRecord>> {
    const { kind } = options;
    const valid = validRegion(region);
    const query =
      kind === 'provisioned-throughput'
        ? byRegionQuery(valid, KEY_PREFIX.throughput)
        : kind === undefined
          ? accountTargetsRange(valid)
          : byRegionQuery(valid, `${KEY_PREFIX.target}${kind}#`);
    return this.#queryPage(
      { method: 'regionTargets', params: { region: valid, kind } },
      query,
      RegionTargetRecord,
      options,
    );
  }

  /** A model's items on GSI1: those whose sort key starts with `sortKeyPrefix`, or all. */
  #byModel(modelId: string, sortKeyPrefix: string | undefined): QueryShape {
    return byModelQuery(modelId, sortKeyPrefix);
  }

  /** One page: Queries until `limit` live items or the request budget, then a signed cursor. */
  async #queryPage<S extends z.ZodMiniType>(
    binding: CursorBinding,
    query: QueryShape,
    schema: S,
    options: PageOptions,
  ): Promise<Page<z.infer<S>>> {
    const limit = validLimit(options.limit);
    let startKey = options.cursor ? this.#decode(binding, options.cursor, StartKey) : undefined;
    const items: z.infer<S>[] = [];
    for (let requests = 0; requests < this.#maxRequests; requests++) {
      const page = await this.#send(query, limit - items.length, startKey);
      items.push(...this.#parseLive(schema, page.Items));
      startKey = page.LastEvaluatedKey && StartKey.parse(page.LastEvaluatedKey);
      if (!startKey || items.length >= limit) break;
    }
    return { items, nextCursor: startKey ? this.#cursors.encode(binding, startKey) : null };
  }

  /** Every live item of one base-table partition; for the small, bounded partitions only. */
  #partition<S extends z.ZodMiniType>(schema: S, partitionKey: string): Promise<z.infer<S>[]> {
    return this.#queryAll(schema, {
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': CATALOG_TABLE.partitionKey },
      ExpressionAttributeValues: { ':pk': partitionKey },
    });
  }

  /** Every live item a Query matches, across pages; for small, bounded key ranges only. */
  async #queryAll<S extends z.ZodMiniType>(schema: S, query: QueryShape): Promise<z.infer<S>[]> {
    const items: z.infer<S>[] = [];
    let startKey: Record<string, string> | undefined;
    for (let pages = 0; pages < MAX_PAGES_ALL; pages++) {
      const page = await this.#send(query, undefined, startKey);
      items.push(...this.#parseLive(schema, page.Items));
      startKey = page.LastEvaluatedKey && StartKey.parse(page.LastEvaluatedKey);
      if (!startKey) return items;
    }
    const { ':pk': pk, ':prefix': prefix } = query.ExpressionAttributeValues ?? {};
    throw new Error(`${pk}${prefix ? ` / ${prefix}` : ''} has more than ${MAX_PAGES_ALL} pages`);
  }

  /** A Query with the expiry filter added (re-checked in code: the filter is the cheap part). */
  #send(
    query: QueryShape,
    limit: number | undefined,
    startKey: Record<string, string> | undefined,
  ) {
    const live = '(attribute_not_exists(#ttl) OR #ttl > :now)';
    return this.#client.send(
      new QueryCommand({
        ...query,
        TableName: this.#table,
        Limit: limit,
        ExclusiveStartKey: startKey,
        FilterExpression: query.FilterExpression ? `${live} AND (${query.FilterExpression})` : live,
        ExpressionAttributeNames: { ...query.ExpressionAttributeNames, '#ttl': ttlAttribute },
        ExpressionAttributeValues: {
          ...query.ExpressionAttributeValues,
          ':now': this.#nowSeconds(),
        },
      }),
    );
  }

  async #get<S extends z.ZodMiniType>(
    schema: S,
    key: Record<string, string>,
  ): Promise<z.infer<S> | null> {
    const { Item } = await this.#client.send(new GetCommand({ TableName: this.#table, Key: key }));
    return this.#parseLive(schema, Item ? [Item] : [])[0] ?? null;
  }

  #parseLive<S extends z.ZodMiniType>(
    schema: S,
    items: Record<string, unknown>[] | undefined,
  ): z.infer<S>[] {
    const now = this.#nowSeconds();
    return (items ?? []).filter((item) => isLive(item, now)).map((item) => parse(schema, item));
  }

  #decode<S extends z.ZodMiniType>(binding: CursorBinding, cursor: string, schema: S): z.infer<S> {
    const parsed = schema.safeParse(this.#cursors.decode(binding, cursor));
    if (!parsed.success) throw new InvalidCursorError('unexpected position');
    return parsed.data;
  }

  #nowSeconds(): number {
    return Math.floor(this.#now().getTime() / 1000);
  }
}

const PREFIX_OF: Record<RegionItemRecord['recordType'], string> = {
  profile: KEY_PREFIX.profile,
  model: KEY_PREFIX.model,
  throughput: KEY_PREFIX.throughput,
  target: KEY_PREFIX.target,
};

/**
 * GSI2 `TARGET#…` and `THROUGHPUT#…` of a region as one key range, so listing every account-owned
 * target is one paged Query with one cursor. No other GSI2 sort key starts between the two:
 * region items are `MODEL#`, `PROFILE#`, `TARGET#` and `THROUGHPUT#` only.
 */
function accountTargetsRange(region: string): QueryShape {
  const { partitionKey, sortKey, indexName } = indexes.byRegion;
  return {
    IndexName: indexName,
    KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :first AND :last',
    ExpressionAttributeNames: { '#pk': partitionKey, '#sk': sortKey },
    ExpressionAttributeValues: {
      ':pk': regionPartitionKey(region),
      ':first': KEY_PREFIX.target,
      // `$` sorts right after `#`: past every `THROUGHPUT#<arn>`, before anything else.
      ':last': `${KEY_PREFIX.throughput.slice(0, -1)}$`,
    },
  };
}

function isLive(item: Record<string, unknown>, nowSeconds: number): boolean {
  const expiresAt = item[ttlAttribute];
  return typeof expiresAt !== 'number' || expiresAt > nowSeconds;
}

/** Parses a stored item into its record; unknown attributes (keys, TTL, hash) are stripped. */
function parse<S extends z.ZodMiniType>(schema: S, item: Record<string, unknown>): z.infer<S> {
  const parsed = schema.safeParse(item);
  if (!parsed.success) throw new CorruptRecordError(primaryKeyOf(item), { cause: parsed.error });
  return parsed.data;
}

/**
 * `query` plus filters given as `{ expression: { '#name': [attribute, value] } }` (value bound to
 * `:name`), combined with AND.
 */
type Filters = Record<string, Record<string, [string, unknown]>>;

function filtered(query: QueryShape, filters: Filters): QueryShape {
  const entries = Object.entries(filters);
  if (entries.length === 0) return query;
  const names = { ...query.ExpressionAttributeNames };
  const values = { ...query.ExpressionAttributeValues };
  for (const [, bindings] of entries) {
    for (const [name, [attribute, value]] of Object.entries(bindings)) {
      names[name] = attribute;
      values[`:${name.slice(1)}`] = value;
    }
  }
  return {
    ...query,
    FilterExpression: entries.map(([expression]) => expression).join(' AND '),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/** Across regions a model's GSI1 range mixes record types: keep one. */
const recordTypeFilter = (recordType: string): Filters => ({
  '#recordType = :recordType': { '#recordType': ['recordType', recordType] },
});

const typeFilter = (type: string | undefined): Filters =>
  type === undefined ? {} : { '#type = :type': { '#type': ['type', type] } };

function validLimit(limit: number | undefined): number {
  const value = limit ?? SETTINGS.pageLimit.default;
  if (!Number.isInteger(value) || value < 1 || value > MAX_LIMIT) {
    throw new InvalidQueryError(`limit must be an integer in [1, ${MAX_LIMIT}], got ${limit}`);
  }
  return value;
}

function validRegion(region: string): string {
  if (!RegionCode.safeParse(region).success) throw new InvalidQueryError(`not a region: ${region}`);
  return region;
}

function validId(id: string): string {
  if (id.length === 0 || id.length > 2048) throw new InvalidQueryError('invalid ID length');
  return id;
}

const dayOf = (date: Date) => date.toISOString().slice(0, 10);
const nextDay = (day: string) => dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS));
