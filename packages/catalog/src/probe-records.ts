import * as z from 'zod/mini';
import { lazySchema } from './lazy-schema.js';
import { LatencyStats, RegionCode } from './records.js';

/**
 * Active probes (issue 13 §2): one record per (source region, target ID, tier) with a rolling
 * window of time-to-first-token samples, and one budget record per UTC month. Keys: keys.ts
 * (`PROBES#<sourceRegion>`; the budget under `PROBES`).
 */

export const ProbeTier = /* @__PURE__ */ lazySchema(() => z.enum(['standard', 'flex', 'priority']));
export type ProbeTier = z.infer<typeof ProbeTier>;

export const ProbeOutcome = /* @__PURE__ */ lazySchema(() =>
  z.enum(['ok', 'throttled', 'accessDenied', 'validation', 'notReady', 'error', 'budgetExhausted']),
);
export type ProbeOutcome = z.infer<typeof ProbeOutcome>;

export const TierSupport = /* @__PURE__ */ lazySchema(() =>
  z.enum(['supported', 'unsupported', 'unknown']),
);
export type TierSupport = z.infer<typeof TierSupport>;

const IsoTime = /* @__PURE__ */ lazySchema(() => z.iso.datetime({ offset: true }));
const Count = /* @__PURE__ */ lazySchema(() => z.number().check(z.int(), z.nonnegative()));

export const ProbeRecord = /* @__PURE__ */ lazySchema(() =>
  z.object({
    recordType: z.literal('probe'),
    /** Where the probe called from. */
    sourceRegion: RegionCode,
    /** The `modelId` the probe sent: a bare model ID, a profile ID or an ARN. */
    targetId: z.string().check(z.minLength(1)),
    /** The model behind the target (its GSI1 key). */
    modelId: z.string().check(z.minLength(1)),
    tier: ProbeTier,
    /** Time to first token of successful probes (ms, newest last), bounded by the window. */
    samples: z.array(z.number().check(z.nonnegative())),
    ttftMs: z.nullable(LatencyStats),
    lastOutcome: ProbeOutcome,
    /** Probes that failed, by kind, since the record was created. */
    errors: z.record(z.string(), Count),
    tierSupport: TierSupport,
    lastProbedAt: IsoTime,
    /** What this target's probes cost so far (USD, at the configured price). */
    spentUsd: z.number().check(z.nonnegative()),
  }),
);
export type ProbeRecord = z.infer<typeof ProbeRecord>;

export const ProbeBudgetRecord = /* @__PURE__ */ lazySchema(() =>
  z.object({
    recordType: z.literal('probeBudget'),
    /** UTC month, `yyyy-mm`. */
    month: z.string().check(z.regex(/^\d{4}-\d{2}$/)),
    /** Integers, so concurrent ADDs never drift. */
    capMicroUsd: Count,
    spentMicroUsd: Count,
  }),
);
export type ProbeBudgetRecord = z.infer<typeof ProbeBudgetRecord>;
