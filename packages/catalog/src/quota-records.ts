import * as z from 'zod/mini';
import { lazySchema } from './lazy-schema.js';
import { RegionCode } from './records.js';

/**
 * Service Quotas (service code `bedrock`) per region: every quota, matched to a model and a
 * target scope where its name allows, unmatched ones kept. Keys: see keys.ts (`QUOTAS#<region>`).
 */

export const QuotaScope = /* @__PURE__ */ lazySchema(() => z.enum(['in-region', 'geo', 'global']));
export type QuotaScope = z.infer<typeof QuotaScope>;
export const QuotaPeriod = /* @__PURE__ */ lazySchema(() => z.enum(['minute', 'day']));
export type QuotaPeriod = z.infer<typeof QuotaPeriod>;

/** One quota of one region. Key: (region, quotaCode). */
export const QuotaRecord = /* @__PURE__ */ lazySchema(() =>
  z.object({
    recordType: z.literal('quota'),
    region: RegionCode,
    quotaCode: z.string().check(z.minLength(1)),
    quotaName: z.string(),
    /** The account's value: the applied one where set, else the default. */
    value: z.number(),
    defaultValue: z.nullable(z.number()),
    /** True when the account's value differs from the default. */
    applied: z.boolean(),
    adjustable: z.boolean(),
    /** As Service Quotas sends it; usually `None`. */
    unit: z.string(),
    period: z.nullable(QuotaPeriod),
    /** The model a token quota limits, or null when the name matched no listed model. */
    modelId: z.nullable(z.string()),
    /** Which target it limits: the bare ID (`in-region`), the geo or the global profile. */
    scope: z.nullable(QuotaScope),
    /** A per-model token quota (those are matched); false for every other quota. */
    tokens: z.boolean(),
  }),
);
export type QuotaRecord = z.infer<typeof QuotaRecord>;
export type QuotaContent = Omit<QuotaRecord, 'recordType'>;

/** When a region's quotas were last read, and how many matched. Key: (region, STATE). */
export const QuotaRefreshRecord = /* @__PURE__ */ lazySchema(() =>
  z.object({
    recordType: z.literal('quotaState'),
    region: RegionCode,
    refreshedAt: z.iso.datetime({ offset: true }),
    matched: z.number().check(z.int(), z.nonnegative()),
    unmatched: z.number().check(z.int(), z.nonnegative()),
    other: z.number().check(z.int(), z.nonnegative()),
  }),
);
export type QuotaRefreshRecord = z.infer<typeof QuotaRefreshRecord>;
