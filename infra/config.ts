import {
  ARN_PARTITION_SOURCE,
  partitionOfRegion,
  REGION_CODE_PATTERN,
  REGION_CODE_SOURCE,
} from '@bedrock-profile-catalog/catalog/aws-patterns';
import {
  ProbeModelsSetting,
  type ProbePrice,
  ProbePricesSetting,
  ProbeRegionsSetting,
  ProbeServiceTiersSetting,
  ProbeTargetsSetting,
  settingIssue,
} from '@bedrock-profile-catalog/catalog/probe-settings';
import {
  describeSetting,
  isValidSetting,
  type NumericSetting,
  PRICE_STALE_MIN_REFRESHES,
  PROBE_SETTINGS,
  type ProbeServiceTier,
  SETTINGS,
  TTL_MIN_SCAN_INTERVALS,
} from '@bedrock-profile-catalog/catalog/settings';
import { Duration } from 'aws-cdk-lib';
import * as z from 'zod';
import * as zm from 'zod/mini';

/**
 * Deploy-time settings: read from `cdk.json` context (or `-c key=value`), validated here, then
 * handed to the construct as props. The construct re-checks its props with the same rules
 * (`validateCatalogSettings`), so embedding apps that skip this file get the same errors.
 * Defaults and bounds come from the catalog's SETTINGS table; cdk.json sets only what it changes.
 */

export const CONTEXT_KEYS = {
  stackName: 'catalog:stackName',
  regions: 'catalog:regions',
  scanRateMinutes: 'catalog:scanRateMinutes',
  ttlHours: 'catalog:ttlHours',
  latencyWindow: 'catalog:latencyWindow',
  changeRetentionDays: 'catalog:changeRetentionDays',
  accessCheckHours: 'catalog:accessCheckHours',
  priceRefreshHours: 'catalog:priceRefreshHours',
  alarmEmail: 'catalog:alarmEmail',
  alarmTopicArn: 'catalog:alarmTopicArn',
  forwardEventBusName: 'catalog:forwardEventBusName',
  kmsKeyArn: 'catalog:kmsKeyArn',
  /** Active probes are deployed only when this lists a model (docs/probes.md). */
  probeModels: 'catalog:probeModels',
  probeTargets: 'catalog:probeTargets',
  probeIntervalMinutes: 'catalog:probeIntervalMinutes',
  probeMonthlyBudgetUsd: 'catalog:probeMonthlyBudgetUsd',
  probeInputPricePer1k: 'catalog:probeInputPricePer1k',
  probeOutputPricePer1k: 'catalog:probeOutputPricePer1k',
  probePrices: 'catalog:probePrices',
  probeServiceTiers: 'catalog:probeServiceTiers',
  probeRegions: 'catalog:probeRegions',
} as const;

const STACK_NAME_DEFAULT = 'BedrockProfileCatalog';
const HOUR_SECONDS = 3600;
const human = (seconds: number) => Duration.seconds(seconds).toHumanString();

/** An ARN of `service` in any partition and region, e.g. `arn:aws-us-gov:sns:us-gov-west-1:…`. */
const arnPattern = (service: string, resource: string) =>
  new RegExp(`^arn:${ARN_PARTITION_SOURCE}:${service}:${REGION_CODE_SOURCE}:\\d{12}:${resource}$`);

export type CatalogRegions = 'auto' | readonly string[];

/** The settings both the context loader and the construct validate. */
export interface CatalogSettings {
  readonly regions: CatalogRegions;
  readonly scanRate: Duration;
  readonly ttl: Duration;
  readonly latencyWindow: number;
  readonly changeRetentionDays: number;
  /** How long a model's access check is reused before it is made again. */
  readonly accessCheckMaxAge: Duration;
  /** Time between Price List checks (the price refresh schedule), whole hours. */
  readonly priceRefreshInterval: Duration;
}

/** What each setting is called in error messages: prop names, or context keys. */
export type SettingNames = { readonly [K in keyof CatalogSettings]: string };

const PROP_NAMES: SettingNames = {
  regions: 'regions',
  scanRate: 'scanRate',
  ttl: 'ttl',
  latencyWindow: 'latencyWindow',
  changeRetentionDays: 'changeRetentionDays',
  accessCheckMaxAge: 'accessCheckMaxAge',
  priceRefreshInterval: 'priceRefreshInterval',
};

/** What the construct uses for a prop left out (the context keys default to the same). */
export const CATALOG_DEFAULTS: CatalogSettings = {
  regions: 'auto',
  scanRate: Duration.seconds(SETTINGS.scanInterval.default),
  ttl: Duration.seconds(SETTINGS.ttl.default),
  latencyWindow: SETTINGS.latencyWindow.default,
  changeRetentionDays: SETTINGS.changeRetentionDays.default,
  accessCheckMaxAge: Duration.hours(SETTINGS.accessCheckMaxAge.default),
  priceRefreshInterval: Duration.hours(SETTINGS.priceRefreshInterval.default),
};

/**
 * Hours after which the query marks a price `stale`: priceStaleAfter, or PRICE_STALE_MIN_REFRESHES
 * refresh intervals when that is longer (never beyond priceStaleAfter's bound).
 */
export function priceStaleAfterHours(priceRefreshInterval: Duration): number {
  const { default: hours, max } = SETTINGS.priceStaleAfter;
  return Math.min(max, Math.max(hours, PRICE_STALE_MIN_REFRESHES * priceRefreshInterval.toHours()));
}

/** `name must be an integer from 1 to 1000 (unit), got 0`, for whole-number settings. */
function checkWholeNumber(
  name: string,
  value: number,
  setting: NumericSetting & { max: number },
  unit = '',
): void {
  if (!Number.isInteger(value) || value < setting.min || value > setting.max) {
    throw new Error(
      `${name} must be an integer from ${setting.min} to ${setting.max}${unit}, got ${value}`,
    );
  }
}

/**
 * Throws a plain Error with a lowercase message naming the setting and the bad value. Shared by
 * the context loader and the construct's constructor.
 */
export function validateCatalogSettings(
  settings: CatalogSettings,
  names: SettingNames = PROP_NAMES,
): void {
  const { regions, scanRate, ttl, latencyWindow, changeRetentionDays, accessCheckMaxAge } =
    settings;
  if (regions !== 'auto') {
    if (regions.length === 0) {
      throw new Error(`${names.regions} must be 'auto' or a non-empty list of regions, got []`);
    }
    for (const region of regions) {
      if (!REGION_CODE_PATTERN.test(region)) {
        throw new Error(
          `invalid region "${region}" in ${names.regions}: expected a region name such as us-east-1`,
        );
      }
    }
    const duplicate = regions.find((region, index) => regions.indexOf(region) !== index);
    if (duplicate !== undefined) {
      throw new Error(`region "${duplicate}" is listed more than once in ${names.regions}`);
    }
    const partitions = [...new Set(regions.map(partitionOfRegion))];
    if (partitions.length > 1) {
      throw new Error(
        `${names.regions} mixes partitions (${partitions.join(', ')}): credentials do not cross partitions, so deploy one stack per partition`,
      );
    }
  }
  const interval = SETTINGS.scanInterval;
  const rateSeconds = scanRate.toSeconds();
  if (rateSeconds < interval.min || rateSeconds > interval.max) {
    throw new Error(
      `${names.scanRate} must be between ${human(interval.min)} and ${human(interval.max)}, got ${scanRate.toHumanString()}`,
    );
  }
  if (rateSeconds % interval.step !== 0) {
    throw new Error(`${names.scanRate} must be whole minutes, got ${scanRate.toHumanString()}`);
  }
  const ttlSeconds = ttl.toSeconds();
  if (ttlSeconds <= TTL_MIN_SCAN_INTERVALS * rateSeconds) {
    throw new Error(
      `${names.ttl} must exceed ${TTL_MIN_SCAN_INTERVALS} scan intervals (${TTL_MIN_SCAN_INTERVALS * (rateSeconds / 60)} minutes), got ${ttl.toHumanString()}`,
    );
  }
  // The scanner refuses a TTL_SECONDS out of these bounds at start-up; refuse it here, at synth.
  if (ttlSeconds < SETTINGS.ttl.min) {
    throw new Error(
      `${names.ttl} must be at least ${human(SETTINGS.ttl.min)}, got ${ttl.toHumanString()}`,
    );
  }
  if (ttlSeconds > SETTINGS.ttl.max) {
    throw new Error(
      `${names.ttl} must be at most ${human(SETTINGS.ttl.max)}, got ${ttl.toHumanString()}`,
    );
  }
  checkWholeNumber(names.latencyWindow, latencyWindow, SETTINGS.latencyWindow);
  checkWholeNumber(
    names.changeRetentionDays,
    changeRetentionDays,
    SETTINGS.changeRetentionDays,
    ' (days)',
  );
  // Whole hours: the construct hands the scanner ACCESS_CHECK_MAX_AGE_HOURS as an integer.
  checkWholeHours(names.accessCheckMaxAge, accessCheckMaxAge, SETTINGS.accessCheckMaxAge);
  // Whole hours: Scheduler's rate() and the failed-offers alarm's period count in hours.
  checkWholeHours(
    names.priceRefreshInterval,
    settings.priceRefreshInterval,
    SETTINGS.priceRefreshInterval,
  );
}

/** `name must be whole hours from 1 to 720, got 30 minutes`, for settings counted in hours. */
function checkWholeHours(
  name: string,
  value: Duration,
  setting: NumericSetting & { max: number },
): void {
  const valueSeconds = value.toSeconds();
  if (
    valueSeconds % HOUR_SECONDS !== 0 ||
    valueSeconds < setting.min * HOUR_SECONDS ||
    valueSeconds > setting.max * HOUR_SECONDS
  ) {
    throw new Error(
      `${name} must be whole hours from ${setting.min} to ${setting.max}, got ${value.toHumanString()}`,
    );
  }
}

/** Active probes (issue 13 §2), as the construct's `probes` prop takes them; absent: no probes. */
export interface CatalogProbeSettings {
  /** Models whose invoke targets are probed (at least one). */
  readonly models: readonly string[];
  /** `'usable'` (default) or a list of target IDs among those models' targets. */
  readonly targets?: 'usable' | readonly string[];
  /** Whole minutes, 5 minutes to 24 hours. @default Duration.hours(1) */
  readonly interval?: Duration;
  /** The most all probe functions together spend in a UTC month. @default 5 */
  readonly monthlyBudgetUsd?: number;
  /** Price of a target with no override. @default SETTINGS probeInputPrice/probeOutputPrice */
  readonly defaultPrice?: ProbePrice;
  /** USD per 1,000 input/output tokens by target ID or model ID. @default {} */
  readonly prices?: Readonly<Record<string, ProbePrice>>;
  /** Tiers probed besides standard. @default [] */
  readonly serviceTiers?: readonly ProbeServiceTier[];
  /** Source regions that get a probe function of their own (a stack each). @default [] */
  readonly regions?: readonly string[];
}

export type ResolvedProbeSettings = Required<CatalogProbeSettings>;

/** Fills the probe defaults from SETTINGS and PROBE_SETTINGS and checks every value. */
export function resolveProbeSettings(
  probes: CatalogProbeSettings,
  catalogRegions: CatalogRegions,
  /** What each setting is called in messages: the prop's path, or a context key. */
  nameOf: (key: string) => string = (key) => `probes.${key}`,
): ResolvedProbeSettings {
  const resolved: ResolvedProbeSettings = {
    models: probes.models,
    targets: probes.targets ?? PROBE_SETTINGS.probeTargets.default,
    interval: probes.interval ?? Duration.seconds(SETTINGS.probeInterval.default),
    monthlyBudgetUsd: probes.monthlyBudgetUsd ?? SETTINGS.probeMonthlyBudget.default,
    defaultPrice: probes.defaultPrice ?? {
      inputPer1k: SETTINGS.probeInputPrice.default,
      outputPer1k: SETTINGS.probeOutputPrice.default,
    },
    prices: probes.prices ?? PROBE_SETTINGS.probePrices.default,
    serviceTiers: probes.serviceTiers ?? PROBE_SETTINGS.probeServiceTiers.default,
    regions: probes.regions ?? PROBE_SETTINGS.probeRegions.default,
  };
  const check = (
    key: string,
    schema: { safeParse(v: unknown): { success: boolean; error?: unknown } },
    value: unknown,
  ) => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      throw new Error(
        settingIssue(parsed.error as Parameters<typeof settingIssue>[0], nameOf(key)),
      );
    }
  };
  if (resolved.models.length === 0)
    throw new Error(`${nameOf('models')} must list at least one model ID`);
  check('models', ProbeModelsSetting, [...resolved.models]);
  check(
    'targets',
    ProbeTargetsSetting,
    resolved.targets === 'usable' ? 'usable' : [...resolved.targets],
  );
  check('serviceTiers', ProbeServiceTiersSetting, [...resolved.serviceTiers]);
  check('prices', ProbePricesSetting, { ...resolved.prices });
  check('regions', ProbeRegionsSetting, [...resolved.regions]);
  const interval = SETTINGS.probeInterval;
  const seconds = resolved.interval.toSeconds();
  if (!isValidSetting(interval, seconds)) {
    throw new Error(
      `${nameOf('interval')} must be whole minutes from ${human(interval.min)} to ${human(interval.max)}, got ${resolved.interval.toHumanString()}`,
    );
  }
  for (const [key, setting, value] of [
    ['monthlyBudgetUsd', SETTINGS.probeMonthlyBudget, resolved.monthlyBudgetUsd],
    ['defaultPrice.inputPer1k', SETTINGS.probeInputPrice, resolved.defaultPrice.inputPer1k],
    ['defaultPrice.outputPer1k', SETTINGS.probeOutputPrice, resolved.defaultPrice.outputPer1k],
  ] as const) {
    if (!isValidSetting(setting, value)) {
      throw new Error(`${nameOf(key)} must be ${describeSetting(setting)}, got ${value}`);
    }
  }
  const repeated = resolved.regions.find((r, i) => resolved.regions.indexOf(r) !== i);
  if (repeated) {
    throw new Error(`region "${repeated}" is listed more than once in ${nameOf('regions')}`);
  }
  if (catalogRegions !== 'auto') {
    // A probe function resolves its targets from the catalog's records of its own region.
    const unscanned = resolved.regions.filter((region) => !catalogRegions.includes(region));
    if (unscanned.length > 0) {
      throw new Error(
        `${nameOf('regions')} lists ${unscanned.join(', ')}, which the catalog does not scan: add them to the catalog's regions, or the probes there find no targets`,
      );
    }
  }
  return resolved;
}

/** `-c key=value` always arrives as a string, cdk.json as JSON: accept both. */
const integer = z.union([
  z.number().nonnegative(),
  z.string().trim().regex(/^\d+$/, 'expected a whole number').transform(Number),
]);
const decimal = z.union([
  z.number().nonnegative(),
  z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/, 'expected a number')
    .transform(Number),
]);
const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const contextSchema = z.object({
  [CONTEXT_KEYS.stackName]: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/)
    .default(STACK_NAME_DEFAULT),
  [CONTEXT_KEYS.regions]: z
    .union([z.string(), z.array(z.string())])
    .default('auto')
    .transform((value): CatalogRegions => {
      if (Array.isArray(value)) return value.map((region) => region.trim());
      const trimmed = value.trim();
      if (trimmed === 'auto') return 'auto';
      return trimmed
        .split(',')
        .map((region) => region.trim())
        .filter((region) => region !== '');
    }),
  // cdk.json counts the scan rate in minutes and the TTL in hours; SETTINGS in seconds.
  [CONTEXT_KEYS.scanRateMinutes]: integer.default(SETTINGS.scanInterval.default / 60),
  [CONTEXT_KEYS.ttlHours]: integer.default(SETTINGS.ttl.default / HOUR_SECONDS),
  [CONTEXT_KEYS.latencyWindow]: integer.default(SETTINGS.latencyWindow.default),
  [CONTEXT_KEYS.changeRetentionDays]: integer.default(SETTINGS.changeRetentionDays.default),
  [CONTEXT_KEYS.accessCheckHours]: integer.default(SETTINGS.accessCheckMaxAge.default),
  [CONTEXT_KEYS.priceRefreshHours]: integer.default(SETTINGS.priceRefreshInterval.default),
  [CONTEXT_KEYS.alarmEmail]: optionalString.pipe(z.email().optional()),
  [CONTEXT_KEYS.alarmTopicArn]: optionalString.pipe(
    z.string().regex(arnPattern('sns', '[A-Za-z0-9_-]{1,256}')).optional(),
  ),
  [CONTEXT_KEYS.forwardEventBusName]: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,256}$/)
      .optional(),
  ),
  [CONTEXT_KEYS.kmsKeyArn]: optionalString.pipe(
    z.string().regex(arnPattern('kms', 'key/[A-Za-z0-9-]+')).optional(),
  ),
  [CONTEXT_KEYS.probeModels]: zm._default(ProbeModelsSetting, []),
  [CONTEXT_KEYS.probeTargets]: zm._default(ProbeTargetsSetting, 'usable'),
  [CONTEXT_KEYS.probeIntervalMinutes]: integer.default(SETTINGS.probeInterval.default / 60),
  [CONTEXT_KEYS.probeMonthlyBudgetUsd]: decimal.default(SETTINGS.probeMonthlyBudget.default),
  [CONTEXT_KEYS.probeInputPricePer1k]: decimal.default(SETTINGS.probeInputPrice.default),
  [CONTEXT_KEYS.probeOutputPricePer1k]: decimal.default(SETTINGS.probeOutputPrice.default),
  [CONTEXT_KEYS.probePrices]: zm._default(ProbePricesSetting, {}),
  [CONTEXT_KEYS.probeServiceTiers]: zm._default(ProbeServiceTiersSetting, []),
  [CONTEXT_KEYS.probeRegions]: zm._default(ProbeRegionsSetting, []),
});

/** The context key of each probe setting, for messages. */
const PROBE_CONTEXT_NAMES: Readonly<Record<string, string>> = {
  models: CONTEXT_KEYS.probeModels,
  targets: CONTEXT_KEYS.probeTargets,
  interval: CONTEXT_KEYS.probeIntervalMinutes,
  monthlyBudgetUsd: CONTEXT_KEYS.probeMonthlyBudgetUsd,
  'defaultPrice.inputPer1k': CONTEXT_KEYS.probeInputPricePer1k,
  'defaultPrice.outputPer1k': CONTEXT_KEYS.probeOutputPricePer1k,
  prices: CONTEXT_KEYS.probePrices,
  serviceTiers: CONTEXT_KEYS.probeServiceTiers,
  regions: CONTEXT_KEYS.probeRegions,
};

/** The settings plus what only the app's context sets. */
export interface CatalogConfig extends CatalogSettings {
  readonly stackName: string;
  readonly alarmEmail?: string;
  readonly alarmTopicArn?: string;
  /** Another bus that also gets every change event (the catalog always puts on its own). */
  readonly forwardEventBusName?: string;
  readonly kmsKeyArn?: string;
  /** Present only when `catalog:probeModels` lists a model. */
  readonly probes?: ResolvedProbeSettings;
}

/**
 * `catalog:eventBusName` once named the bus the catalog put on; the catalog now owns its bus.
 * Ignoring a set value would silently stop that bus's subscribers receiving anything.
 */
const REMOVED_EVENT_BUS_KEY = 'catalog:eventBusName';

/** Keys that are read only to be refused with a way forward (the app passes them too). */
export const REMOVED_CONTEXT_KEYS = [REMOVED_EVENT_BUS_KEY] as const;

function refuseRemovedKeys(context: Readonly<Record<string, unknown>>): void {
  const value = context[REMOVED_EVENT_BUS_KEY];
  if (value === undefined || value === null || String(value).trim() === '') return;
  throw new Error(
    `${REMOVED_EVENT_BUS_KEY} was removed: the catalog now puts its events on its own bus; set ${CONTEXT_KEYS.forwardEventBusName}=${String(value).trim()} to also forward change events there (docs/events.md)`,
  );
}

/**
 * Parses and validates the app's context (`app.node.tryGetContext` for each key, or any record).
 * Errors are plain Errors naming the context key and the bad value.
 */
export function loadCatalogConfig(context: Readonly<Record<string, unknown>>): CatalogConfig {
  refuseRemovedKeys(context);
  const raw: Record<string, unknown> = {};
  for (const key of Object.values(CONTEXT_KEYS)) {
    if (context[key] !== undefined && context[key] !== null) raw[key] = context[key];
  }
  const parsed = contextSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue?.path[0] ?? 'context');
    throw new Error(
      `invalid context value for ${key}: ${JSON.stringify(raw[key])} (${issue?.message.toLowerCase() ?? 'invalid'})`,
    );
  }
  const data = parsed.data;
  if (data[CONTEXT_KEYS.alarmEmail] && data[CONTEXT_KEYS.alarmTopicArn]) {
    throw new Error(
      `set either ${CONTEXT_KEYS.alarmEmail} or ${CONTEXT_KEYS.alarmTopicArn}, not both`,
    );
  }
  const probeModels = data[CONTEXT_KEYS.probeModels];
  const probes =
    probeModels.length === 0
      ? undefined
      : resolveProbeSettings(
          {
            models: probeModels,
            targets: data[CONTEXT_KEYS.probeTargets],
            interval: Duration.minutes(data[CONTEXT_KEYS.probeIntervalMinutes]),
            monthlyBudgetUsd: data[CONTEXT_KEYS.probeMonthlyBudgetUsd],
            defaultPrice: {
              inputPer1k: data[CONTEXT_KEYS.probeInputPricePer1k],
              outputPer1k: data[CONTEXT_KEYS.probeOutputPricePer1k],
            },
            prices: data[CONTEXT_KEYS.probePrices],
            serviceTiers: data[CONTEXT_KEYS.probeServiceTiers] as ProbeServiceTier[],
            regions: data[CONTEXT_KEYS.probeRegions],
          },
          data[CONTEXT_KEYS.regions],
          (key) => PROBE_CONTEXT_NAMES[key] ?? `catalog:probe (${key})`,
        );
  const config: CatalogConfig = {
    stackName: data[CONTEXT_KEYS.stackName],
    regions: data[CONTEXT_KEYS.regions],
    scanRate: Duration.minutes(data[CONTEXT_KEYS.scanRateMinutes]),
    ttl: Duration.hours(data[CONTEXT_KEYS.ttlHours]),
    latencyWindow: data[CONTEXT_KEYS.latencyWindow],
    changeRetentionDays: data[CONTEXT_KEYS.changeRetentionDays],
    accessCheckMaxAge: Duration.hours(data[CONTEXT_KEYS.accessCheckHours]),
    priceRefreshInterval: Duration.hours(data[CONTEXT_KEYS.priceRefreshHours]),
    alarmEmail: data[CONTEXT_KEYS.alarmEmail],
    alarmTopicArn: data[CONTEXT_KEYS.alarmTopicArn],
    forwardEventBusName: data[CONTEXT_KEYS.forwardEventBusName],
    kmsKeyArn: data[CONTEXT_KEYS.kmsKeyArn],
    ...(probes && { probes }),
  };
  // Name the context keys, since that is what the user edits.
  validateCatalogSettings(config, {
    regions: CONTEXT_KEYS.regions,
    scanRate: CONTEXT_KEYS.scanRateMinutes,
    ttl: CONTEXT_KEYS.ttlHours,
    latencyWindow: CONTEXT_KEYS.latencyWindow,
    changeRetentionDays: CONTEXT_KEYS.changeRetentionDays,
    accessCheckMaxAge: CONTEXT_KEYS.accessCheckHours,
    priceRefreshInterval: CONTEXT_KEYS.priceRefreshHours,
  });
  return config;
}
