/**
 * Every tunable number of the catalog, written once: its default, bounds and unit. The CDK
 * context schema and the construct's checks (infra/config.ts), both Lambda configs, local mode,
 * the scanner's region deadline and the writer's and reader's defaults all read this table.
 * Plain data with no imports, so infra can load it at synth time
 * (`@bedrock-profile-catalog/catalog/settings`). What each is for: setting-docs.ts.
 *
 * Each value is in `unit`, the unit most readers want (the Lambda environment variables use the
 * same one); cdk.json keys that count in larger units (`catalog:scanRateMinutes`,
 * `catalog:ttlHours`) are converted in infra/config.ts.
 */

export type SettingUnit =
  | 'milliseconds'
  | 'seconds'
  | 'hours'
  | 'days'
  | 'samples'
  | 'items'
  | 'USD'
  | 'USD per 1,000 tokens';

export interface NumericSetting {
  readonly default: number;
  readonly min: number;
  /** Absent: no upper bound. */
  readonly max?: number;
  readonly unit: SettingUnit;
  /** Values are multiples of this (1: whole units). Absent: fractions allowed. */
  readonly step?: number;
}

export const SETTINGS = {
  scanInterval: {
    default: 900,
    // Faster would overlap a 120 s scanner run and waste Bedrock quota; the stale alarm looks at
    // 3 intervals, and a CloudWatch alarm's window is at most one day.
    min: 5 * 60,
    max: 8 * 60 * 60,
    unit: 'seconds',
    step: 60,
  },
  ttl: {
    default: 72 * 60 * 60,
    // The scanner refuses shorter lifetimes: items would expire between scans.
    min: 60 * 60,
    max: 365 * 24 * 60 * 60,
    unit: 'seconds',
    step: 1,
  },
  latencyWindow: {
    default: 50,
    min: 1,
    max: 1000,
    unit: 'samples',
    step: 1,
  },
  changeRetentionDays: {
    default: 30,
    min: 1,
    max: 365,
    unit: 'days',
    step: 1,
  },
  accessCheckMaxAge: {
    default: 24,
    min: 1,
    max: 30 * 24,
    unit: 'hours',
    // Deployments set whole hours; the scanner also takes fractions (short ages for test runs).
  },
  scanCooldown: {
    default: 60,
    // 0: POST /v1/scans joins only scans still running; an hour is well past any scan's length.
    min: 0,
    max: 60 * 60,
    unit: 'seconds',
    step: 1,
  },
  regionDeadline: {
    default: 20_000,
    min: 1000,
    unit: 'milliseconds',
    step: 1,
  },
  pageLimit: {
    default: 50,
    min: 1,
    max: 100,
    unit: 'items',
    step: 1,
  },
  localScanInterval: {
    default: 300,
    min: 0,
    unit: 'seconds',
    step: 1,
  },
  quotaRefreshInterval: {
    default: 6,
    // Quotas change by request (increases take days) and cost two paginated calls per region.
    min: 1,
    max: 7 * 24,
    unit: 'hours',
  },
  priceRefreshInterval: {
    default: 6,
    // Each run reads the offer index and three version indexes (a few KB) and downloads an offer
    // (up to ~16 MB) only when its version changed; AWS publishes a few versions a month, so an
    // hour is already generous and a week is the longest a new price may wait.
    min: 1,
    max: 7 * 24,
    unit: 'hours',
    step: 1,
  },
  usageRefreshInterval: {
    // 0: every scan. Each read costs one GetMetricData metric per query (see README), so a
    // deployment that scans often may read usage less often.
    default: 0,
    min: 0,
    max: 24 * 60 * 60,
    unit: 'seconds',
    step: 1,
  },
  priceStaleAfter: {
    // Four missed 6-hour refreshes: one failed refresh is not yet news, a day without one is.
    default: 24,
    min: 1,
    max: 30 * 24,
    unit: 'hours',
  },
  probeInterval: {
    default: 60 * 60,
    // One probe per target and tier each interval: 5 minutes is 12× the default's cost, and a
    // day is the longest a latency figure stays worth showing.
    min: 5 * 60,
    max: 24 * 60 * 60,
    unit: 'seconds',
    step: 60,
  },
  localProbeInterval: {
    default: 0,
    min: 0,
    unit: 'seconds',
    step: 1,
  },
  probeMonthlyBudget: {
    default: 5,
    min: 0.01,
    max: 10_000,
    unit: 'USD',
  },
  probeInputPrice: {
    // Deliberately high (Claude Opus 4.1 on-demand, $15 per million input tokens): the cap is only
    // as good as the price, so an unpriced target must not look cheaper than it is.
    default: 0.015,
    min: 0,
    max: 1,
    unit: 'USD per 1,000 tokens',
  },
  probeOutputPrice: {
    default: 0.075,
    min: 0,
    max: 1,
    unit: 'USD per 1,000 tokens',
  },
} as const satisfies Record<string, NumericSetting>;

/** The service tiers a probe can ask for besides standard (issue 13 §2). */
export const PROBE_SERVICE_TIERS = ['flex', 'priority'] as const;
export type ProbeServiceTier = (typeof PROBE_SERVICE_TIERS)[number];

/**
 * The probes' settings that are not numbers. Probes are off while `probeModels` is empty; the
 * schemas that read them are in infra/config.ts (cdk.json) and lambdas/probe/config.ts.
 */
export const PROBE_SETTINGS = {
  probeModels: {
    default: [] as readonly string[],
    description: 'Models whose invoke targets are probed; probes are off while this is empty.',
  },
  probeTargets: {
    default: 'usable' as 'usable' | readonly string[],
    description:
      "'usable': every invoke target of the listed models that the resolver does not mark unusable, from the probing region, read from the catalog at each run; or a list of target IDs (profile IDs, model IDs, ARNs) among those models' targets.",
  },
  probeServiceTiers: {
    default: [] as readonly ProbeServiceTier[],
    allowed: PROBE_SERVICE_TIERS,
    description:
      'Tiers probed besides standard, one probe each per target: tells supported from unsupported.',
  },
  probePrices: {
    default: {} as Readonly<Record<string, { inputPer1k: number; outputPer1k: number }>>,
    description:
      'USD per 1,000 input/output tokens by target ID or model ID (a target ID wins); others use probeInputPrice/probeOutputPrice.',
  },
  probeRegions: {
    default: [] as readonly string[],
    description:
      "Source regions besides the deployment's own that get a probe function of their own, writing into the catalog table.",
  },
} as const;

/** Items must outlive this many scan intervals, so one failed scan never empties a region. */
export const TTL_MIN_SCAN_INTERVALS = 2;

/**
 * A deployment's prices turn `stale` after priceStaleAfter or this many price refresh intervals,
 * whichever is longer: a longer interval must not make every price stale between two runs.
 */
export const PRICE_STALE_MIN_REFRESHES = 4;

/** Whether `value` is within the setting's bounds and a multiple of its step. */
export function isValidSetting(setting: NumericSetting, value: number): boolean {
  return (
    Number.isFinite(value) &&
    value >= setting.min &&
    (setting.max === undefined || value <= setting.max) &&
    (setting.step === undefined || Number.isInteger(value / setting.step))
  );
}

/** What a valid value looks like, for error messages: `a whole number of samples from 1 to 1000`. */
export function describeSetting(setting: NumericSetting): string {
  const kind =
    setting.step === undefined
      ? `a number of ${setting.unit}`
      : setting.step === 1
        ? `a whole number of ${setting.unit}`
        : `a multiple of ${setting.step} ${setting.unit}`;
  const range =
    setting.max === undefined
      ? `, ${setting.min} or more`
      : ` from ${setting.min} to ${setting.max}`;
  return `${kind}${range}`;
}
