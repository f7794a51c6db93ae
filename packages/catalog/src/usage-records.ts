import * as z from 'zod/mini';
import { lazySchema } from './lazy-schema.js';
import { LatencyStats, ListingStatus, RegionCode } from './records.js';

/**
 * The account's own Bedrock traffic per region, from CloudWatch `AWS/Bedrock`: one record per
 * `ModelId` value callers sent (a model ID, a profile ID or ARN, a target ARN, any of them with
 * a tier suffix), with the last hour's and the last 24 hours' statistics. Keys: see keys.ts
 * (`USAGE#<region>`); records whose model is known are also on GSI1 under that model.
 */

/** The service tier a `ModelId` suffix names (`…+priority`); none means `standard`. */
export const UsageTier = /* @__PURE__ */ lazySchema(() =>
  z.enum(['standard', 'priority', 'flex', 'latency-optimized', 'reserved']),
);
export type UsageTier = z.infer<typeof UsageTier>;

/** What was called: the model in-region, a profile, or an account-owned target. */
export const UsageTargetKind = /* @__PURE__ */ lazySchema(() =>
  z.enum([
    'in-region',
    'profile',
    'application-profile',
    'throughput',
    'custom-model-deployment',
    'imported-model',
    'prompt-router',
    'marketplace-endpoint',
    'unknown',
  ]),
);
export type UsageTargetKind = z.infer<typeof UsageTargetKind>;

export const UsageTarget = /* @__PURE__ */ lazySchema(() =>
  z.object({
    kind: UsageTargetKind,
    /** The ID or ARN callers pass as the runtime `modelId`, without the tier suffix. */
    id: z.string().check(z.minLength(1)),
    /** The model it runs; null when the catalog does not know it (e.g. an unlisted ARN). */
    modelId: z.nullable(z.string().check(z.minLength(1))),
  }),
);
export type UsageTarget = z.infer<typeof UsageTarget>;

export const UsageWindowName = /* @__PURE__ */ lazySchema(() => z.enum(['1h', '24h']));
export type UsageWindowName = z.infer<typeof UsageWindowName>;

const Count = /* @__PURE__ */ lazySchema(() => z.number().check(z.nonnegative()));

/** One window's statistics. Latency percentiles are CloudWatch's, over the window's samples. */
export const UsageWindow = /* @__PURE__ */ lazySchema(() =>
  z.object({
    startTime: z.iso.datetime({ offset: true }),
    endTime: z.iso.datetime({ offset: true }),
    /** TimeToFirstToken (streaming calls only); null when CloudWatch has none in the window. */
    ttftMs: z.nullable(LatencyStats),
    /** InvocationLatency; null when CloudWatch has none in the window. */
    invocationMs: z.nullable(LatencyStats),
    /** Sum of Invocations and of InvocationThrottles over the window. */
    invocations: Count,
    throttles: Count,
    /** The busiest minute's EstimatedTPMQuotaUsage (per-minute Sum, maximum over the window). */
    tpmPeak: z.nullable(Count),
  }),
);
export type UsageWindow = z.infer<typeof UsageWindow>;

/** One `ModelId` of one region. Key: (region, metricModelId). */
export const UsageRecord = /* @__PURE__ */ lazySchema(() =>
  z.object({
    recordType: z.literal('usage'),
    region: RegionCode,
    /** The CloudWatch `ModelId` dimension value, verbatim. */
    metricModelId: z.string().check(z.minLength(1)),
    target: UsageTarget,
    tier: UsageTier,
    /** Null: no datapoint in that window. */
    windows: z.object({ '1h': z.nullable(UsageWindow), '24h': z.nullable(UsageWindow) }),
    /** When the windows end: the read time. */
    asOf: z.iso.datetime({ offset: true }),
  }),
);
export type UsageRecord = z.infer<typeof UsageRecord>;
export type UsageContent = Omit<UsageRecord, 'recordType'>;

/**
 * The last usage read of a region. `listing`: `denied` when CloudWatch refused (no
 * `cloudwatch:ListMetrics`/`GetMetricData`): the region has no usage then, and stays `ok`.
 * Key: (region, STATE).
 */
export const UsageRefreshRecord = /* @__PURE__ */ lazySchema(() =>
  z.object({
    recordType: z.literal('usageState'),
    region: RegionCode,
    refreshedAt: z.iso.datetime({ offset: true }),
    listing: ListingStatus,
    /** ModelIds with data, and the metric queries GetMetricData was sent (its cost). */
    modelIds: z.number().check(z.int(), z.nonnegative()),
    queries: z.number().check(z.int(), z.nonnegative()),
    error: z.nullable(z.string()),
  }),
);
export type UsageRefreshRecord = z.infer<typeof UsageRefreshRecord>;
