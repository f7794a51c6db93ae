import { en } from 'zod/locales';
import * as z from 'zod/mini';
import { REGION_CODE_PATTERN } from './aws-patterns.js';
import { lazySchema } from './lazy-schema.js';

// zod/mini is tree-shakable, which keeps the Lambda bundles small. It registers no locale, so
// without this every default issue message would read 'Invalid input' (API errors quote them);
// classic zod installs the same English locale on first use.
z.config(en());

/**
 * The records of the catalog: the public contract for everyone who reads the table. Each record
 * is one item; key attributes (see keys.ts), `expiresAt` and `contentHash` (internal attributes,
 * see table.ts) sit beside these fields and are never part of a record the reader returns.
 *
 * Enum-like values coming from Bedrock (profile type, inference types, modalities, statuses) are
 * open strings on purpose: the real API returns values its own model does not list
 * (`INFERENCE_PROFILE`, `VIDEO`), and a catalog that rejects them loses data.
 *
 * Each schema is a lazySchema: built when first used, so importing the records costs nothing and
 * a function builds only the records it reads (the query function's cold start, issue 10 §8).
 */

/**
 * AWS region code in any partition, e.g. `us-east-1`, `us-gov-west-1`, `eusc-de-east-1`. Built at
 * load, unlike the rest: the API's region parameter is derived from it (`.check`) and must keep it
 * as parent, which the API document names as its `Region` component.
 */
export const RegionCode = z.string().check(z.regex(REGION_CODE_PATTERN, 'not a region code'));
export type RegionCode = z.infer<typeof RegionCode>;

const IsoTime = /* @__PURE__ */ lazySchema(() => z.iso.datetime({ offset: true }));

/** How a profile reaches its models. `geo` carries the prefix (us, eu, apac, jp, au, us-gov…). */
export const ProfileScope = /* @__PURE__ */ lazySchema(() =>
  z.enum(['geo', 'global', 'application']),
);
export type ProfileScope = z.infer<typeof ProfileScope>;

/**
 * Where an application profile sends requests, read off its model ARNs (never its name):
 * one ARN in its own region → `in-region`; a region-less ARN → `global`; several regions → `geo`.
 */
export const RoutingKind = /* @__PURE__ */ lazySchema(() => z.enum(['in-region', 'geo', 'global']));
export type RoutingKind = z.infer<typeof RoutingKind>;

/** Common to every record: what it is and when the catalog last wrote it. */
const RecordBase = {
  /** Catalog time (ISO) this item was first written. */
  firstSeenAt: IsoTime,
  /**
   * Catalog time (ISO) this item was last written. Unchanged items are not rewritten on every
   * scan, so for "is it still there" read the region record's `lastSuccessAt`: every item of a
   * region in status `ok` was present in that scan, because the writer sweeps what is missing.
   */
  lastSeenAt: IsoTime,
};

/** An inference profile as seen from one source region. Key: (profileId, region). */
export const ProfileRecord = /* @__PURE__ */ lazySchema(() =>
  z.object({
    recordType: z.literal('profile'),
    profileId: z.string().check(z.minLength(1)),
    profileArn: z.string().check(z.minLength(1)),
    name: z.string(),
    description: z.nullable(z.string()),
    /** `SYSTEM_DEFINED` or `APPLICATION` (open string). */
    type: z.string(),
    status: z.string(),
    /** The source region: where you call this profile from. */
    region: RegionCode,
    /** The model the profile routes to (the first distinct model of `modelArns`). */
    modelId: z.string().check(z.minLength(1)),
    /** Every distinct model the profile routes to; more than one only if AWS ever mixes models. */
    modelIds: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
    /** Exactly as Bedrock returns them: one ARN per destination, global ones without a region. */
    modelArns: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
    /** Regions requests may be served in, sorted; `global` profiles hold the regional ARNs only. */
    destinationRegions: z.array(z.string()),
    scope: ProfileScope,
    /** `us`, `eu`, `apac`, `jp`, `au`, … for geo profiles; `global` for global ones; else null. */
    geoPrefix: z.nullable(z.string()),
    /** How requests are routed; for application profiles this tells what they were copied from. */
    routing: RoutingKind,
    createdAt: z.nullable(IsoTime),
    updatedAt: z.nullable(IsoTime),
    ...RecordBase,
  }),
);
export type ProfileRecord = z.infer<typeof ProfileRecord>;

export const ModelLifecycle = /* @__PURE__ */ lazySchema(() =>
  z.object({
    status: z.string(),
    startOfLifeTime: z.nullable(IsoTime),
    endOfLifeTime: z.nullable(IsoTime),
    legacyTime: z.nullable(IsoTime),
    publicExtendedAccessTime: z.nullable(IsoTime),
  }),
);
export type ModelLifecycle = z.infer<typeof ModelLifecycle>;

/** Per-account access to a model in a region (GetFoundationModelAvailability). */
export const ModelAccess = /* @__PURE__ */ lazySchema(() =>
  z.object({
    agreement: z.string(),
    authorization: z.string(),
    entitlement: z.string(),
    regionAvailability: z.string(),
    /** True when every signal allows invocation. */
    usable: z.boolean(),
    checkedAt: IsoTime,
  }),
);
export type ModelAccess = z.infer<typeof ModelAccess>;

/** A foundation model offered in a region. Key: (modelId, region). */
export const ModelRecord = /* @__PURE__ */ lazySchema(() =>
  z.object({
    recordType: z.literal('model'),
    modelId: z.string().check(z.minLength(1)),
    modelArn: z.string().check(z.minLength(1)),
    region: RegionCode,
    name: z.nullable(z.string()),
    provider: z.nullable(z.string()),
    inputModalities: z.array(z.string()),
    outputModalities: z.array(z.string()),
    responseStreamingSupported: z.nullable(z.boolean()),
    customizationsSupported: z.array(z.string()),
    /**
     * `ON_DEMAND` (call the bare ID), `INFERENCE_PROFILE` (only through a profile), `PROVISIONED`,
     * or empty (context-length variants: provisioned throughput only).
     */
    inferenceTypes: z.array(z.string()),
    lifecycle: z.nullable(ModelLifecycle),
    /** Null until the account's access has been checked. */
    access: z.nullable(ModelAccess),
    ...RecordBase,
  }),
);
export type ModelRecord = z.infer<typeof ModelRecord>;

/** A provisioned throughput in a region. Not an inference profile. Key: (arn, region). */
export const ThroughputRecord = /* @__PURE__ */ lazySchema(() =>
  z.object({
    recordType: z.literal('throughput'),
    name: z.string(),
    arn: z.string().check(z.minLength(1)),
    region: RegionCode,
    modelArn: z.string(),
    /** Model ID derived from `foundationModelArn` (or `modelArn` for custom models). */
    modelId: z.string().check(z.minLength(1)),
    foundationModelArn: z.nullable(z.string()),
    modelUnits: z.number().check(z.int(), z.nonnegative()),
    desiredModelUnits: z.nullable(z.number().check(z.int(), z.nonnegative())),
    /** `Creating`, `InService`, `Updating`, `Failed` (mixed case, as AWS sends it). */
    status: z.string(),
    commitmentDuration: z.nullable(z.string()),
    commitmentExpirationTime: z.nullable(IsoTime),
    creationTime: z.nullable(IsoTime),
    lastModifiedTime: z.nullable(IsoTime),
    ...RecordBase,
  }),
);
export type ThroughputRecord = z.infer<typeof ThroughputRecord>;

/** A region scan outcome as stored: `ok`, `error` (see error.code), or `denied` (not enabled). */
export const RegionStatus = /* @__PURE__ */ lazySchema(() => z.enum(['ok', 'error', 'denied']));
export type RegionStatus = z.infer<typeof RegionStatus>;

/**
 * Why a region scan (or a whole scan) failed, machine-readable. `interrupted`: the scanner was
 * gone (killed, timed out) before it finished the scan.
 */
export const ScanErrorCode = /* @__PURE__ */ lazySchema(() =>
  z.enum(['denied', 'throttled', 'timeout', 'malformed', 'error', 'interrupted']),
);
export type ScanErrorCode = z.infer<typeof ScanErrorCode>;

export const ScanError = /* @__PURE__ */ lazySchema(() =>
  z.object({ code: ScanErrorCode, message: z.string() }),
);
export type ScanError = z.infer<typeof ScanError>;

export const ItemCounts = /* @__PURE__ */ lazySchema(() =>
  z.object({
    profiles: z.number().check(z.int(), z.nonnegative()),
    applicationProfiles: z.number().check(z.int(), z.nonnegative()),
    models: z.number().check(z.int(), z.nonnegative()),
    throughputs: z.number().check(z.int(), z.nonnegative()),
  }),
);
export type ItemCounts = z.infer<typeof ItemCounts>;

/** Percentiles over the rolling window of per-attempt API latency samples, in milliseconds. */
export const LatencyStats = /* @__PURE__ */ lazySchema(() =>
  z.object({
    p50: z.number().check(z.nonnegative()),
    p90: z.number().check(z.nonnegative()),
    p99: z.number().check(z.nonnegative()),
    samples: z.number().check(z.int(), z.positive()),
  }),
);
export type LatencyStats = z.infer<typeof LatencyStats>;

/**
 * The optional listings of a region scan. Their failure (AccessDenied included) marks only that
 * listing, keeps its last good items, and leaves the region `ok` when the core listings
 * (profiles, models, throughputs) succeeded.
 */
export const OptionalListing = /* @__PURE__ */ lazySchema(() =>
  z.enum([
    'customModelDeployments',
    'customModels',
    'importedModels',
    'promptRouters',
    'marketplaceEndpoints',
    'dataRetention',
  ]),
);
export type OptionalListing = z.infer<typeof OptionalListing>;

/** `denied`: AccessDenied (an IAM or SCP deny of that action); `error`: any other failure. */
export const ListingStatus = /* @__PURE__ */ lazySchema(() => z.enum(['ok', 'denied', 'error']));
export type ListingStatus = z.infer<typeof ListingStatus>;

export const ListingStatuses = /* @__PURE__ */ lazySchema(() =>
  z.partialRecord(OptionalListing, ListingStatus),
);
export type ListingStatuses = z.infer<typeof ListingStatuses>;

/**
 * GetAccountDataRetention: the region's mode (`default`, `none`, `provider_data_share`,
 * `inherit`, `aws_review`…; an open string) can block a model that needs retention.
 */
export const DataRetention = /* @__PURE__ */ lazySchema(() =>
  z.object({
    mode: z.string(),
    updatedAt: z.nullable(IsoTime),
    checkedAt: IsoTime,
  }),
);
export type DataRetention = z.infer<typeof DataRetention>;

/** A region apply in flight (see RegionRecord.applying and docs/catalog-schema.md). */
export const RegionApply = /* @__PURE__ */ lazySchema(() =>
  z.object({
    scanId: z.string(),
    scanStartedAt: IsoTime,
    /** When this scan claimed the region. */
    since: IsoTime,
    leaseUntil: IsoTime,
    /** Counts of the snapshot being applied. */
    counts: ItemCounts,
  }),
);
export type RegionApply = z.infer<typeof RegionApply>;

/** A committed apply whose change records still have to reach the feed and the event bus. */
export const OutboxEntry = /* @__PURE__ */ lazySchema(() =>
  z.object({
    scanId: z.string(),
    scanStartedAt: IsoTime,
    /** The commit time: every change record of this apply carries it as `at`. */
    committedAt: IsoTime,
  }),
);
export type OutboxEntry = z.infer<typeof OutboxEntry>;

/** One region's scan state and latency. Key: (REGIONS, region). Also the newest-scan pointer. */
export const RegionRecord = /* @__PURE__ */ lazySchema(() =>
  z.object({
    recordType: z.literal('region'),
    region: RegionCode,
    status: RegionStatus,
    error: z.nullable(ScanError),
    /** Start time of the newest scan that touched this region: older scans are refused. */
    lastScanStartedAt: IsoTime,
    lastScanId: z.string(),
    lastAttemptAt: IsoTime,
    lastSuccessAt: z.nullable(IsoTime),
    /** Counts of the last good snapshot (kept when a later scan fails). */
    counts: ItemCounts,
    /** Rolling window of samples (ms, newest last), bounded so the item stays small. */
    latencySamples: z.array(z.number().check(z.nonnegative())),
    /** Null when the window is empty. */
    latency: z.nullable(LatencyStats),
    /**
     * The scan writing this region's items right now, or null. While set, the items may be a mix
     * of the last committed snapshot and this one, and `counts` are the committed snapshot's. Its
     * holder writes nothing after `leaseUntil`; a later scan may take the region over only then.
     */
    applying: z._default(z.nullable(RegionApply), null),
    /** Committed applies whose change records are not yet in the feed and published (oldest first). */
    outbox: z._default(z.array(OutboxEntry), []),
    /**
     * The optional listings' outcome in the last scan that listed the region (absent: not listed).
     * A failed one kept its last good items.
     */
    listings: z._default(ListingStatuses, {}),
    /** The account's data retention mode here; null until read (or when it could not be read). */
    dataRetention: z._default(z.nullable(DataRetention), null),
    /** Bumped by every write of this record: each write is conditional on the version it read. */
    version: z._default(z.number().check(z.int(), z.nonnegative()), 0),
  }),
);
export type RegionRecord = z.infer<typeof RegionRecord>;

export const ScanStatus = /* @__PURE__ */ lazySchema(() =>
  z.enum(['running', 'succeeded', 'partial', 'failed']),
);
export type ScanStatus = z.infer<typeof ScanStatus>;

/** A region's part of one scan. `superseded`: a newer scan already wrote this region. */
export const ScanRegionResult = /* @__PURE__ */ lazySchema(() =>
  z.object({
    region: RegionCode,
    status: z.enum(['ok', 'error', 'denied', 'superseded']),
    durationMs: z.number().check(z.nonnegative()),
    error: z.nullable(ScanError),
    counts: z.nullable(ItemCounts),
    /** DynamoDB write requests (puts + deletes) this region's apply made. */
    itemsWritten: z.number().check(z.int(), z.nonnegative()),
    itemsDeleted: z.number().check(z.int(), z.nonnegative()),
  }),
);
export type ScanRegionResult = z.infer<typeof ScanRegionResult>;

/** One scan run. Key: (SCAN#id, SCAN). */
export const ScanRecord = /* @__PURE__ */ lazySchema(() =>
  z.object({
    recordType: z.literal('scan'),
    scanId: z.string().check(z.minLength(1)),
    status: ScanStatus,
    trigger: z.string(),
    startedAt: IsoTime,
    finishedAt: z.nullable(IsoTime),
    durationMs: z.nullable(z.number().check(z.nonnegative())),
    regions: z.array(ScanRegionResult),
    /**
     * When the scanner running this scan is gone at the latest (a Lambda's timeout). A scan still
     * `running` past it was interrupted, and readers show it `failed` (see settleScan). Absent on
     * records written before scans had deadlines.
     */
    deadlineAt: z.optional(IsoTime),
    /** Why the whole scan failed (`interrupted`); null or absent otherwise, see `regions`. */
    error: z.optional(z.nullable(ScanError)),
  }),
);
export type ScanRecord = z.infer<typeof ScanRecord>;

export const ChangeKind = /* @__PURE__ */ lazySchema(() => z.enum(['added', 'removed', 'changed']));
export type ChangeKind = z.infer<typeof ChangeKind>;

/**
 * A profile, model or price cell that appeared, disappeared or changed in a region. Kept for N
 * days. A price change's `scanId` is the offer version that made it (`price-list/<offer>/<version>`),
 * its `id` the cell (`<modelKey>#<region>#<scope>#<tier>#<endpoint>#<mode>#<context>`), and
 * `before`/`after` the cell with its offer `version`.
 */
export const ChangeRecord = /* @__PURE__ */ lazySchema(() =>
  z.object({
    recordType: z.literal('change'),
    at: IsoTime,
    scanId: z.string(),
    region: RegionCode,
    kind: ChangeKind,
    entity: z.enum(['profile', 'model', 'price']),
    id: z.string().check(z.minLength(1)),
    /** The record before the change (null when added) and after it (null when removed). */
    before: z.nullable(z.record(z.string(), z.unknown())),
    after: z.nullable(z.record(z.string(), z.unknown())),
  }),
);
export type ChangeRecord = z.infer<typeof ChangeRecord>;

export const CatalogRecord = /* @__PURE__ */ lazySchema(() =>
  z.discriminatedUnion('recordType', [
    ProfileRecord,
    ModelRecord,
    ThroughputRecord,
    RegionRecord,
    ScanRecord,
    ChangeRecord,
  ]),
);
export type CatalogRecord = z.infer<typeof CatalogRecord>;

/**
 * The regions setting as deployments and local mode spell it: `auto` (discover the Bedrock
 * regions) or a comma-separated list of region codes, each validated.
 */
const splitRegions = (value: string) =>
  value
    .split(',')
    .map((region) => region.trim())
    .filter(Boolean);

// Validation runs as a check before the transform: mini's transform context has no addIssue.
export const RegionsSetting = /* @__PURE__ */ lazySchema(() =>
  z.pipe(
    z.string().check(
      z.trim(),
      z.superRefine((value: string, ctx) => {
        if (value === 'auto') return;
        const regions = splitRegions(value);
        if (regions.length === 0)
          ctx.addIssue({ code: 'custom', message: "expected 'auto' or regions" });
        for (const region of regions) {
          if (!RegionCode.safeParse(region).success) {
            ctx.addIssue({ code: 'custom', message: `not a region code: '${region}'` });
          }
        }
      }),
    ),
    z.transform((value: string): 'auto' | string[] =>
      value === 'auto' ? 'auto' : splitRegions(value),
    ),
  ),
);
