import {
  ChangeRecord,
  DataRetention as DataRetentionRecord,
  DeploymentTargetRecord,
  ImportedModelTargetRecord,
  ItemCounts,
  LatencyStats,
  LIFECYCLE_EVENTS,
  ListingStatus,
  MarketplaceEndpointTargetRecord,
  ModelAccess as ModelAccessRecord,
  OptionalListing,
  PRICE_CELL_DIRECTIONS,
  PRICE_NOTE,
  PRICE_STATES,
  PriceCellDirection,
  PriceCellRecord,
  PriceGapRecord,
  PriceSourceCounts,
  PriceSourceRecord,
  TierSupport as ProbeRecordTierSupport,
  ProfileRecord,
  PromptRouterTargetRecord,
  QuotaRecord,
  RegionCode,
  RegionStatus as RegionStatusCode,
  ScanError,
  ScanRecord,
  ScanRegionResult,
  ThroughputRecord,
} from '@bedrock-profile-catalog/catalog/contract';
import * as z from 'zod/mini';
import {
  RECENT_SCANS_CHECKED,
  SNAPSHOT_FORMAT_VERSION,
  type TARGET_RANKS,
  TARGET_SCOPES,
} from './constants.js';

/**
 * The API's response bodies, once: the handler's answers are typed by them, the tests validate
 * every live answer against them, and `docs/openapi.json` is generated from them. Objects are
 * closed (`additionalProperties: false`), so a field that is not written here cannot ship.
 * Fields copied from a record reuse the record's own schema (records.ts), so types cannot drift.
 */

/** Names a schema as an OpenAPI component (`#/components/schemas/<id>`). */
function component<T extends z.ZodMiniType>(id: string, schema: T, description?: string): T {
  z.globalRegistry.add(schema, { id, ...(description ? { description } : {}) });
  return schema;
}

/** Adds a description to the generated OpenAPI document. */
function describe<T extends z.ZodMiniType>(schema: T, description: string): T {
  z.globalRegistry.add(schema, { description });
  return schema;
}

/** The record's fields minus `recordType`, closed. */
function closedRecord<S extends z.ZodMiniObject>(record: S) {
  const { recordType: _recordType, ...shape } = record.shape;
  return z.strictObject(shape as Omit<S['shape'], 'recordType'>);
}

const Timestamp = z.iso.datetime({ offset: true });
const CatalogAsOf = describe(
  z.nullable(Timestamp),
  'The oldest successful scan among the regions this answer draws on (also the `x-catalog-as-of` header); null when one never succeeded',
);
const NextCursor = describe(
  z.nullable(z.string()),
  'Pass as `cursor` for the next page; null on the last page',
);

export const Region = component('Region', RegionCode, 'AWS region code, e.g. us-east-1');

const ControlPlaneLatency = component(
  'ControlPlaneLatency',
  z.strictObject(LatencyStats.shape),
  "Percentiles (ms) over the rolling window of per-attempt latency of the scanner's Bedrock control-plane listing calls to the region: that it answers, not how fast a model does (see `latency` on invoke targets and model regions)",
);
const Counts = component(
  'ItemCounts',
  z.strictObject(ItemCounts.shape),
  "The region's last good snapshot; kept when a later scan fails",
);
const RegionError = z.strictObject(ScanError.shape);

const Listings = component(
  'Listings',
  z.strictObject(
    Object.fromEntries(
      OptionalListing.options.map((name) => [name, z.optional(ListingStatus)]),
    ) as {
      [K in OptionalListing]: z.ZodMiniOptional<typeof ListingStatus>;
    },
  ),
  "The optional listings' outcome in the last scan of the region: `ok`, `denied` (AccessDenied: an IAM or SCP deny of that action) or `error`; a failed one keeps its last good items and leaves the region `ok`. Absent: not listed (yet)",
);

const DataRetention = component(
  'DataRetention',
  z.strictObject({
    mode: describe(
      DataRetentionRecord.shape.mode,
      '`default`, `none`, `provider_data_share`, `inherit`, `aws_review`… (open string, as Bedrock sends it); a mode can block a model that needs retention',
    ),
    updatedAt: DataRetentionRecord.shape.updatedAt,
    checkedAt: DataRetentionRecord.shape.checkedAt,
  }),
  "GetAccountDataRetention: this account's data retention mode in the region; null until read, or when it could not be read",
);

export const RegionStatus = component(
  'RegionStatus',
  z.strictObject({
    region: Region,
    status: RegionStatusCode,
    controlPlaneMs: z.nullable(ControlPlaneLatency),
    lastScanAt: Timestamp,
    lastSuccessAt: z.nullable(Timestamp),
    error: z.nullable(RegionError),
    counts: Counts,
    lastScanId: z.string(),
    /**
     * A scan writing this region's items right now (or one that died doing so and has not been
     * taken over yet): until it is null, items may be a mix of `counts`' snapshot and that one.
     */
    applying: z.nullable(z.strictObject({ scanId: z.string(), since: Timestamp, counts: Counts })),
    listings: Listings,
    dataRetention: z.nullable(DataRetention),
  }),
);

export const Profile = component(
  'Profile',
  closedRecord(ProfileRecord),
  'An inference profile as seen from one source region (`region`)',
);

export const Throughput = component(
  'Throughput',
  closedRecord(ThroughputRecord),
  "One of this account's provisioned throughputs; call it by `arn`",
);

export const ModelAccess = component(
  'ModelAccess',
  z.strictObject(ModelAccessRecord.shape),
  'GetFoundationModelAvailability for this account and region; re-checked when the model changes or the check is older than the max age (default 24 h)',
);

const InferenceTypes = describe(
  z.array(z.string()),
  '`ON_DEMAND` (call the bare ID), `INFERENCE_PROFILE` (only through a profile), `PROVISIONED`, or empty (context-length variants)',
);

export const ModelSummary = component(
  'ModelSummary',
  z.strictObject({
    modelId: z.string(),
    name: z.nullable(z.string()),
    provider: z.nullable(z.string()),
    regions: z.array(
      z.strictObject({
        region: Region,
        inferenceTypes: InferenceTypes,
        lifecycleStatus: z.nullable(z.string()),
        access: z.nullable(ModelAccess),
      }),
    ),
  }),
  'A model with every region that lists it, in the order of /v1/regions',
);

export const TargetScope = z.enum(TARGET_SCOPES);
export type TargetScope = z.infer<typeof TargetScope>;
export type TargetRank = (typeof TARGET_RANKS)[number];

export const TargetAccess = component(
  'TargetAccess',
  z.strictObject({ usable: z.boolean(), reason: z.nullable(z.string()) }),
  'Whether this account may invoke the target; null until checked. Unusable targets are ranked last, never dropped',
);

const ModelLifecycleTimes = {
  legacyTime: describe(
    z.nullable(Timestamp),
    'From then on LEGACY: closed to new customers, no new provisioned throughput',
  ),
  publicExtendedAccessTime: describe(
    z.nullable(Timestamp),
    'From then on the provider may charge extended-access prices',
  ),
  endOfLifeTime: describe(z.nullable(Timestamp), 'From then on every call fails'),
};

export const TargetLifecycle = component(
  'TargetLifecycle',
  z.strictObject({
    status: describe(z.string(), '`ACTIVE` or `LEGACY` (open string, as Bedrock sends it)'),
    ...ModelLifecycleTimes,
  }),
  "The model's lifecycle in the source region (ListFoundationModels `modelLifecycle`); null when the region does not list the model or Bedrock sent none",
);

export const TargetQuota = component(
  'TargetQuota',
  z.strictObject({
    tokensPerMinute: z.nullable(z.number()),
    tokensPerDay: z.nullable(z.number()),
    quotaCode: describe(z.string(), 'The per-minute quota (the per-day one when there is none)'),
    applied: describe(z.boolean(), "True when the account's value differs from AWS's default"),
    adjustable: z.boolean(),
  }),
  "This account's Service Quotas for the target's scope (bare ID: on-demand; geo and global profiles: their own); null when none is known. A quota of 0 makes the target unusable",
);

export const TargetLatency = component(
  'TargetLatency',
  z.strictObject({
    ttftMs: describe(
      z.strictObject({ p50: z.number(), p90: z.number() }),
      'Time to first token, milliseconds',
    ),
    invocationMs: describe(
      z.nullable(z.strictObject({ p50: z.number(), p90: z.number() })),
      'Whole-invocation latency; null for probes (one output token says nothing about it)',
    ),
    samples: z.number().check(z.int(), z.positive()),
    window: describe(z.string(), 'What the percentiles cover, e.g. `last 50 probes`'),
    source: describe(
      z.enum(['probe', 'cloudwatch']),
      "`probe`: the catalog's own tiny ConverseStream calls; `cloudwatch`: the account's traffic",
    ),
    // Where the calls were made from, and the newest sample's time.
    fromRegion: Region,
    asOf: Timestamp,
  }),
  'Measured latency of calling this target from the source region; null until measured',
);

export const ModelRegion = component(
  'ModelRegion',
  z.strictObject({
    region: Region,
    inferenceTypes: InferenceTypes,
    controlPlaneMs: z.nullable(ControlPlaneLatency),
    latency: z.nullable(
      component(
        'ModelRegionLatency',
        z.strictObject({
          targetId: describe(z.string(), 'The target measured: pass it as the runtime `modelId`'),
          scope: TargetScope,
          ...TargetLatency.shape,
        }),
        'Time to first token of calling the model from this region: the `latency` of the target that invoke-targets?sourceRegion=<region>&rank=latency offers first, when it is usable and measured; null when no target from the region is (enable probes, or call the model from there)',
      ),
    ),
    modelArn: z.string(),
    name: z.nullable(z.string()),
    provider: z.nullable(z.string()),
    lifecycleStatus: z.nullable(z.string()),
    access: z.nullable(ModelAccess),
  }),
);

export const TargetUsage = component(
  'TargetUsage',
  z.strictObject({
    window: describe(z.string(), '`1h` when the last hour had calls, else `24h`'),
    invocations: z.number(),
    throttles: z.number(),
    tpmUsed: describe(
      z.nullable(z.number()),
      "The busiest minute's EstimatedTPMQuotaUsage in the window",
    ),
    tpmQuota: describe(z.nullable(z.number()), "The target's tokens-per-minute quota (`quota`)"),
    headroom: describe(z.nullable(z.number()), '`tpmQuota - tpmUsed`, never below 0'),
  }),
  "This account's calls to the target from the source region (CloudWatch AWS/Bedrock); null without traffic",
);

const TierSupportView = component(
  'TierSupport',
  z.enum(ProbeRecordTierSupport.options),
  '`unsupported`: a probe with this tier got a ValidationException naming it; `unknown`: not probed',
);

export const TargetTiers = component(
  'TargetTiers',
  z.strictObject({ flex: TierSupportView, priority: TierSupportView }),
  'Whether the service tiers work for this target, as probes found (no API states it)',
);

const UsdPerMTok = describe(
  z.nullable(z.number().check(z.positive())),
  'USD per million tokens; null when not published (never 0 for unknown)',
);
const PriceNote = describe(z.literal(PRICE_NOTE), 'What every price here is, and is not');

export const PriceSource = component(
  'PriceSource',
  z.strictObject({
    offer: describe(z.string(), 'The Price List offer, e.g. `AmazonBedrockFoundationModels`'),
    version: describe(z.string(), "The offer file's version, e.g. `20260901205051`"),
    publicationDate: z.nullable(z.string()),
    skus: describe(
      z.strictObject({
        input: z.optional(z.string()),
        output: z.optional(z.string()),
        cacheRead: z.optional(z.string()),
        cacheWrite: z.optional(z.string()),
      }),
      'The SKU of each direction priced',
    ),
  }),
  'Where a price comes from: the offer, its version and publication date, and the SKUs (for `unmatched`: the rows that could not be attributed)',
);

export const TargetPrice = component(
  'TargetPrice',
  z.strictObject({
    state: describe(
      z.enum(PRICE_STATES),
      '`published`: the Price List row of this scope in the source region; `singleRate`: a global profile of a model with one rate everywhere and no global row; `derived`: an application profile, priced as what it copies (`derivedFrom`); `notPublished`: no row for this scope in the source region (never borrowed from another region); `unmatched`: a row of this scope in the source region names the model among several (`reason` lists them, `source` cites the SKUs of those rows; all prices null); `notTokenPriced`: billed by model units; `stale`: the offer was not confirmed recently or its last refresh failed (`reason`)',
    ),
    currency: z.literal('USD'),
    tier: describe(z.literal('standard'), 'The standard service tier, on demand, standard context'),
    inputPerMTok: UsdPerMTok,
    outputPerMTok: UsdPerMTok,
    cacheReadPerMTok: UsdPerMTok,
    cacheWritePerMTok: describe(UsdPerMTok, 'The 5-minute cache write'),
    source: z.nullable(PriceSource),
    derivedFrom: z.optional(
      describe(z.string(), 'The application profile ARN whose copied target this prices'),
    ),
    reason: z.optional(describe(z.string(), 'Why a price is missing or stale, in one line')),
    note: PriceNote,
  }),
  "The target's public list price from the source region (AWS Price List); null when the catalog holds no Price List data yet, or for a prompt router or a Marketplace endpoint (priced as what they route to)",
);

/** The fields every invoke target has, whatever its kind. */
const TargetFields = {
  targetId: describe(z.string(), 'Pass this as the runtime `modelId`'),
  scope: TargetScope,
  sourceRegion: Region,
  destinationRegions: describe(
    z.array(z.string()),
    "Where the request may be served: the source region for `model`, `provisioned-throughput` and other account-owned targets; for profiles, the regions named by the profile's model ARNs (a `global` profile may also be served in any other commercial region); for a prompt router through profiles, the source region (each profile's own destinations are at GET /v1/profiles/{profileId})",
  ),
  targetArn: z.nullable(z.string()),
  geoPrefix: z.nullable(z.string()),
  name: z.nullable(z.string()),
  access: z.nullable(TargetAccess),
  lifecycle: z.nullable(TargetLifecycle),
  quota: z.nullable(TargetQuota),
  latency: z.nullable(TargetLatency),
  usage: z.nullable(TargetUsage),
  tiers: TargetTiers,
  price: z.nullable(TargetPrice),
};

/** An account-owned target: no foundation-model access check, quota or lifecycle of its own. */
const accountOwned = <K extends string>(kind: K) =>
  describe(
    z.literal(kind),
    `Called by its ARN (\`targetId\`); \`access\`, \`quota\` and \`lifecycle\` are null`,
  );

export const FoundationTarget = component(
  'FoundationTarget',
  z.strictObject({
    ...TargetFields,
    kind: describe(
      z.enum(['provisioned-throughput', 'model', 'profile']),
      '`provisioned-throughput` targets are called by their ARN and only listed when InService',
    ),
  }),
  'The bare model ID, an inference profile, or a provisioned throughput',
);

export const DeploymentTarget = component(
  'DeploymentTarget',
  z.strictObject({
    ...TargetFields,
    kind: accountOwned('custom-model-deployment'),
    customModelArn: DeploymentTargetRecord.shape.customModelArn,
    baseModelId: DeploymentTargetRecord.shape.baseModelId,
  }),
  'A custom model deployment (on-demand custom model); only `Active` ones are listed',
);

export const ImportedModelTarget = component(
  'ImportedModelTarget',
  z.strictObject({ ...TargetFields, kind: accountOwned('imported-model') }),
  'An imported model (Custom Model Import), for its own ARN; a cold start may answer ModelNotReadyException',
);

export const PromptRouterTarget = component(
  'PromptRouterTarget',
  z.strictObject({
    ...TargetFields,
    kind: accountOwned('prompt-router'),
    routerType: describe(PromptRouterTargetRecord.shape.routerType, '`default` (AWS) or `custom`'),
    models: describe(
      PromptRouterTargetRecord.shape.modelArns,
      'The foundation model or inference profile ARNs it routes between; `scope` is the widest of them',
    ),
    fallbackModelArn: PromptRouterTargetRecord.shape.fallbackModelArn,
  }),
  'A prompt router (default or custom), for its ARN; only `AVAILABLE` ones are listed',
);

export const MarketplaceEndpointTarget = component(
  'MarketplaceEndpointTarget',
  z.strictObject({
    ...TargetFields,
    kind: accountOwned('marketplace-endpoint'),
    modelSourceIdentifier: MarketplaceEndpointTargetRecord.shape.modelSourceIdentifier,
  }),
  'A Marketplace model endpoint, for its model source identifier or its own ARN; only `REGISTERED` ones are listed',
);

export const InvokeTarget = component(
  'InvokeTarget',
  z.discriminatedUnion('kind', [
    FoundationTarget,
    DeploymentTarget,
    ImportedModelTarget,
    PromptRouterTarget,
    MarketplaceEndpointTarget,
  ]),
  'One ID to call, best first: one closed shape per `kind`',
);

const ScanRegion = z.strictObject({
  region: Region,
  status: ScanRegionResult.shape.status,
  durationMs: ScanRegionResult.shape.durationMs,
  error: z.nullable(RegionError),
  counts: z.nullable(Counts),
});

export const Scan = component(
  'Scan',
  z.strictObject({
    scanId: ScanRecord.shape.scanId,
    status: ScanRecord.shape.status,
    trigger: describe(z.string(), '`schedule`, `api` or `local`'),
    startedAt: Timestamp,
    finishedAt: z.nullable(Timestamp),
    durationMs: ScanRecord.shape.durationMs,
    regions: z.array(ScanRegion),
    deadlineAt: describe(
      z.nullable(Timestamp),
      'When the scanner is gone at the latest (its timeout); a scan still running then is shown `failed` with error `interrupted`. Null for scans recorded without one',
    ),
    error: describe(
      z.nullable(RegionError),
      'Why the whole scan failed: `interrupted` when its scanner died before finishing (timeout, kill); null otherwise (region failures are in `regions`)',
    ),
  }),
);

export const Change = component(
  'Change',
  closedRecord(ChangeRecord),
  'A profile, model or price cell that appeared, disappeared or changed. For `entity: price`: `scanId` is `price-list/<offer>/<version>`, `id` is `<modelKey>#<region>#<scope>#<tier>#<endpoint>#<mode>#<context>`, and `before`/`after` are the cell (`directions`: per direction `usdPerMTok`, `sku`, `usageType`) with its offer `version`',
);

export const RegionHealth = z.strictObject({
  region: Region,
  status: describe(z.string(), '`ok`, `error`, `denied`, or `never-scanned`'),
  lastSuccessAt: z.nullable(Timestamp),
  ageSeconds: z.nullable(z.int()),
  fresh: z.boolean(),
});

export const Health = component(
  'Health',
  z.strictObject({
    healthy: z.boolean(),
    status: z.enum(['ok', 'stale']),
    maxAgeSeconds: describe(
      z.int(),
      'A region is fresh when it succeeded within this (3 scan intervals)',
    ),
    regions: z.array(RegionHealth),
    interruptedScans: describe(
      z.int(),
      `Scans among the ${RECENT_SCANS_CHECKED} most recent whose scanner died before finishing them (error \`interrupted\`); informational, freshness alone decides \`healthy\``,
    ),
    probeBudget: z.nullable(
      component(
        'ProbeBudget',
        z.strictObject({
          month: describe(z.string(), 'UTC month, yyyy-mm'),
          capUsd: describe(z.number(), 'The monthly cap the probes ran under (USD)'),
          spentUsd: describe(
            z.number(),
            'What the probes spent this month (USD, at the configured prices)',
          ),
          usedPercent: describe(z.number(), 'spentUsd ÷ capUsd, in percent (two decimals)'),
        }),
        "This month's spend of the active probes against their cap; null when nothing was probed this month (probes are opt-in)",
      ),
    ),
  }),
  'Fresh when every configured region had a successful scan within 3 scan intervals',
);

export const ErrorCode = z.enum([
  'INVALID_PARAMETER',
  'UNKNOWN_PARAMETER',
  'INVALID_CURSOR',
  'INVALID_BODY',
  'NOT_FOUND',
  'ROUTE_NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'CATALOG_UNAVAILABLE',
  'INTERNAL_ERROR',
  // Local mode's own refusals, before routing (packages/local/src/request-guard.ts).
  'FORBIDDEN_HOST',
  'FORBIDDEN_ORIGIN',
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorBody = component(
  'Error',
  z.strictObject({
    error: z.strictObject({
      code: ErrorCode,
      message: z.string(),
      parameter: z.optional(describe(z.string(), 'The parameter at fault, for 400s')),
    }),
  }),
);

// Answers, one per route.
const page = <T extends z.ZodMiniType>(item: T) =>
  z.strictObject({ items: z.array(item), nextCursor: NextCursor, catalogAsOf: CatalogAsOf });

export const RegionList = component(
  'RegionList',
  z.strictObject({ items: z.array(RegionStatus), catalogAsOf: CatalogAsOf }),
);
export const ProfilePage = component('ProfilePage', page(Profile));
export const ThroughputPage = component('ThroughputPage', page(Throughput));
export const ChangePage = component('ChangePage', page(Change));
export const ModelList = component(
  'ModelList',
  z.strictObject({ items: z.array(ModelSummary), catalogAsOf: CatalogAsOf }),
);
export const ModelRegions = component(
  'ModelRegions',
  z.strictObject({ modelId: z.string(), items: z.array(ModelRegion), catalogAsOf: CatalogAsOf }),
  'Every region offering the model, fastest first for a caller there: the regions with a measured time to first token (`latency`) by p50, then p90; then the unmeasured ones in the /v1/regions order',
);
export const InvokeTargetsHint = component(
  'InvokeTargetsHint',
  z.strictObject({
    message: z.string(),
    regions: z.array(Region),
    endOfLifeTime: describe(
      z.nullable(Timestamp),
      'Set when the model reached end of life in the source region (why `items` is empty)',
    ),
  }),
  'Only when `items` is empty: why, and where the model does have such targets (never a region past its end of life)',
);
export const InvokeTargets = component(
  'InvokeTargets',
  z.strictObject({
    modelId: z.string(),
    sourceRegion: Region,
    items: z.array(InvokeTarget),
    hint: z.nullable(InvokeTargetsHint),
    catalogAsOf: CatalogAsOf,
  }),
);
export const ProfileAnswer = component(
  'ProfileAnswer',
  z.strictObject({
    ...Profile.shape,
    regions: z.optional(
      describe(z.array(Region), 'Only without `region`: every source region, fastest first'),
    ),
    catalogAsOf: CatalogAsOf,
  }),
  'The profile; without `region`, from its fastest source region, plus `regions`',
);
export const ProfileModel = component(
  'ProfileModel',
  z.strictObject({
    profileId: z.string(),
    modelId: z.string(),
    modelIds: z.array(z.string()),
    region: Region,
    catalogAsOf: CatalogAsOf,
  }),
);
export const ScanAccepted = component(
  'ScanAccepted',
  z.strictObject({
    scanId: describe(z.string(), 'Poll GET /v1/scans/{scanId}; it appears once the scanner starts'),
    coalesced: describe(
      z.boolean(),
      'True: no new scan; scanId is a scan of these regions still running or started within the cooldown',
    ),
  }),
);
export const HealthOrError = component(
  'HealthOrError',
  z.union([Health, ErrorBody]),
  'Stale (the health body), or the catalog could not answer (an error)',
);
export const Quota = component(
  'Quota',
  z.strictObject({
    quotaCode: QuotaRecord.shape.quotaCode,
    quotaName: QuotaRecord.shape.quotaName,
    value: describe(z.number(), "The account's value: the applied one where set, else the default"),
    defaultValue: QuotaRecord.shape.defaultValue,
    applied: QuotaRecord.shape.applied,
    adjustable: QuotaRecord.shape.adjustable,
    unit: QuotaRecord.shape.unit,
    period: QuotaRecord.shape.period,
    modelId: describe(z.nullable(z.string()), 'Null when the name matched no listed model'),
    scope: describe(
      QuotaRecord.shape.scope,
      '`in-region`: the bare model ID; `geo`/`global`: that profile. Null when unmatched',
    ),
  }),
  'One Bedrock Service Quota of the region',
);
export const QuotaList = component(
  'QuotaList',
  z.strictObject({ region: Region, items: z.array(Quota), catalogAsOf: CatalogAsOf }),
);
export const RegionTarget = component(
  'RegionTarget',
  z.discriminatedUnion('kind', [
    z.strictObject({
      kind: describe(z.literal('provisioned-throughput'), 'Call it by `arn`'),
      ...Throughput.shape,
    }),
    closedRecord(DeploymentTargetRecord),
    closedRecord(ImportedModelTargetRecord),
    closedRecord(PromptRouterTargetRecord),
    closedRecord(MarketplaceEndpointTargetRecord),
  ]),
  "One of this account's own targets in the region, in any status (invoke-targets offers only the usable ones); `modelKey` is the ID it answers for in invoke-targets",
);
export const RegionTargetPage = component('RegionTargetPage', page(RegionTarget));
export const OpenApiDocument = component(
  'OpenApiDocument',
  z.record(z.string(), z.unknown()),
  'This OpenAPI 3.1 document',
);

export const LifecycleEvent = describe(
  z.enum(LIFECYCLE_EVENTS),
  '`legacy` (legacyTime), `publicExtendedAccess` (publicExtendedAccessTime) or `endOfLife` (endOfLifeTime)',
);

export const LifecycleEntry = component(
  'LifecycleEntry',
  z.strictObject({
    modelId: z.string(),
    region: Region,
    status: TargetLifecycle.shape.status,
    next: describe(
      z.strictObject({ event: LifecycleEvent, at: Timestamp }),
      'The soonest lifecycle date still ahead',
    ),
    ...ModelLifecycleTimes,
  }),
  'A model in one region whose next lifecycle event falls within the window',
);
export const LifecycleList = component(
  'LifecycleList',
  z.strictObject({
    items: describe(z.array(LifecycleEntry), 'Soonest `next.at` first'),
    until: describe(Timestamp, 'The end of the window: now plus `within`'),
    catalogAsOf: CatalogAsOf,
  }),
);
export type LifecycleEntryView = z.infer<typeof LifecycleEntry>;

export const Snapshot = component(
  'Snapshot',
  z.strictObject({
    formatVersion: describe(
      z.literal(SNAPSHOT_FORMAT_VERSION),
      'This format; a reader refuses a version it does not know',
    ),
    sourceRegion: Region,
    catalogAsOf: CatalogAsOf,
    models: describe(
      z.record(z.string(), z.array(InvokeTarget)),
      'Every model ID (or account model key) with a record in the region: its invoke targets from there, best first, exactly as `GET /v1/models/{modelId}/invoke-targets?sourceRegion=` ranks them (`rank=scope`, every scope); empty past end of life. Filter `scope` and re-rank by latency on the client',
    ),
  }),
  'Everything needed to resolve any model from one source region without another call (the runtime middleware holds it)',
);

const PriceCellView = component(
  'PriceCell',
  z.strictObject({
    scope: describe(
      PriceCellRecord.shape.scope,
      '`inRegionGeo`: the bare ID and geo profiles from the region; `global`: global profiles',
    ),
    tier: PriceCellRecord.shape.tier,
    endpoint: describe(PriceCellRecord.shape.endpoint, '`runtime` (bedrock-runtime) or `mantle`'),
    mode: PriceCellRecord.shape.mode,
    context: describe(PriceCellRecord.shape.context, '`long`: the long-context rate'),
    state: describe(
      z.enum(['published', 'stale']),
      '`stale`: the offer was not confirmed within priceStaleAfter, or its last refresh failed (`reason`)',
    ),
    reason: z.optional(z.string()),
    directions: describe(
      z.strictObject(
        Object.fromEntries(
          PRICE_CELL_DIRECTIONS.map((name) => [
            name,
            z.optional(z.strictObject(PriceCellDirection.shape)),
          ]),
        ) as {
          [K in (typeof PRICE_CELL_DIRECTIONS)[number]]: z.ZodMiniOptional<
            z.ZodMiniObject<typeof PriceCellDirection.shape, z.core.$strict>
          >;
        },
      ),
      'USD per million tokens of each direction published, each with its SKU and usage type; a direction not published is absent (never 0)',
    ),
    source: z.strictObject({
      offer: PriceSource.shape.offer,
      version: PriceSource.shape.version,
      publicationDate: PriceSource.shape.publicationDate,
    }),
  }),
  'One Price List cell of the model in the region: scope × tier × endpoint × mode × context',
);

export const ModelPrices = component(
  'ModelPrices',
  z.strictObject({
    modelId: z.string(),
    region: Region,
    note: PriceNote,
    items: describe(
      z.array(PriceCellView),
      'Every cell the Price List publishes for the model in the region; empty when it publishes none (invoke-targets says `notPublished`)',
    ),
    catalogAsOf: CatalogAsOf,
  }),
  "A model's public list prices in one source region, every tier, endpoint, mode and context",
);

const GapStatus = PriceGapRecord.shape.status;
export const PriceSourceView = component(
  'PriceSourceStatus',
  z.strictObject({
    offer: PriceSourceRecord.shape.offer,
    version: PriceSourceRecord.shape.version,
    publicationDate: PriceSourceRecord.shape.publicationDate,
    fetchedAt: describe(PriceSourceRecord.shape.fetchedAt, 'When this version was downloaded'),
    checkedAt: describe(
      PriceSourceRecord.shape.checkedAt,
      'When a refresh last confirmed this version (downloaded or unchanged)',
    ),
    lastFailure: describe(
      z.nullable(z.strictObject(PriceSourceRecord.shape.lastFailure.def.innerType.shape)),
      'The last refresh failed (download, parse): the version above is kept until a new one parses cleanly',
    ),
    state: describe(
      z.enum(['fresh', 'stale']),
      '`stale`: not confirmed within priceStaleAfter, or the last refresh failed; prices from it say `stale`',
    ),
    counts: describe(
      z.strictObject(PriceSourceCounts.shape),
      'Rows of this version by classification: `priced` token prices, `notTokenPriced` (model units, commitments), and rows never priced (`unclassified`, `unknownUnit`, `implausiblePrice`, `unmatched`)',
    ),
    unpriced: describe(
      z.strictObject(
        Object.fromEntries(GapStatus.options.map((status) => [status, z.number()])) as {
          [K in (typeof GapStatus.options)[number]]: z.ZodMiniNumber;
        },
      ),
      'The rows kept unpriced, by status, as stored with their reasons (`conflict`: two rows disagree on one price); every row is counted, none dropped',
    ),
    cells: describe(PriceSourceRecord.shape.cells, 'Price cells stored from this offer'),
  }),
  'One AWS Price List offer the catalog reads',
);

export const PriceSources = component(
  'PriceSources',
  z.strictObject({
    note: PriceNote,
    items: describe(
      z.array(PriceSourceView),
      'Each offer refreshed so far, by offer code; empty before the first refresh',
    ),
  }),
);

/**
 * Every route's answer schema by its component name. Routes name their answers (routes.ts) rather
 * than import them, so the router, and the query Lambda with it, never builds these at load.
 */
export const RESPONSE_SCHEMAS = {
  RegionList,
  ProfilePage,
  ThroughputPage,
  ChangePage,
  ModelList,
  ModelRegions,
  InvokeTargets,
  ProfileAnswer,
  ProfileModel,
  ScanAccepted,
  Scan,
  Health,
  HealthOrError,
  OpenApiDocument,
  LifecycleList,
  QuotaList,
  RegionTargetPage,
  Snapshot,
  ModelPrices,
  PriceSources,
} as const;
export type ResponseSchemaName = keyof typeof RESPONSE_SCHEMAS;

export type RegionStatusView = z.infer<typeof RegionStatus>;
export type ProfileView = z.infer<typeof Profile>;
export type ThroughputView = z.infer<typeof Throughput>;
export type ModelAccessView = z.infer<typeof ModelAccess>;
export type ModelRegionView = z.infer<typeof ModelRegion>;
export type ModelSummaryView = z.infer<typeof ModelSummary>;
export type InvokeTargetView = z.infer<typeof InvokeTarget>;
export type RegionTargetView = z.infer<typeof RegionTarget>;
export type SnapshotView = z.infer<typeof Snapshot>;
export type TargetQuotaView = z.infer<typeof TargetQuota>;
export type QuotaView = z.infer<typeof Quota>;
export type ScanView = z.infer<typeof Scan>;
export type ChangeView = z.infer<typeof Change>;
export type HealthView = z.infer<typeof Health>;
export type ModelPricesView = z.infer<typeof ModelPrices>;
export type PriceSourceView = z.infer<typeof PriceSourceView>;
export type ErrorView = z.infer<typeof ErrorBody>;
