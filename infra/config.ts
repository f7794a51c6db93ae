import {
  ARN_PARTITION_SOURCE,
  REGION_CODE_PATTERN,
  REGION_CODE_SOURCE,
} from '@bedrock-profile-catalog/catalog/aws-patterns';
import { Duration } from 'aws-cdk-lib';
import * as z from 'zod';
import { MAX_ACCESS_CHECK_AGE_HOURS } from '../lambdas/contract.js';

/**
 * Deploy-time settings: read from `cdk.json` context (or `-c key=value`), validated here, then
 * handed to the construct as props. The construct re-checks its props with the same rules
 * (`validateCatalogSettings`), so embedding apps that skip this file get the same errors.
 */

export const CONTEXT_KEYS = {
  stackName: 'catalog:stackName',
  regions: 'catalog:regions',
  scanRateMinutes: 'catalog:scanRateMinutes',
  ttlHours: 'catalog:ttlHours',
  latencyWindow: 'catalog:latencyWindow',
  changeRetentionDays: 'catalog:changeRetentionDays',
  accessCheckHours: 'catalog:accessCheckHours',
  alarmEmail: 'catalog:alarmEmail',
  alarmTopicArn: 'catalog:alarmTopicArn',
  eventBusName: 'catalog:eventBusName',
  kmsKeyArn: 'catalog:kmsKeyArn',
} as const;

export const DEFAULTS = {
  stackName: 'BedrockProfileCatalog',
  regions: 'auto',
  scanRateMinutes: 15,
  ttlHours: 72,
  latencyWindow: 50,
  changeRetentionDays: 30,
  accessCheckHours: 24,
} as const;

/** Scheduled scans faster than this would overlap a 120 s scanner run and waste Bedrock quota. */
export const MIN_SCAN_RATE = Duration.minutes(5);
/** The stale alarm looks at 3 intervals, and a CloudWatch alarm's window is at most one day. */
export const MAX_SCAN_RATE = Duration.hours(8);
/** Items must outlive at least two scan intervals, so one failed scan never empties a region. */
export const MIN_TTL_INTERVALS = 2;
export const MAX_TTL = Duration.days(365);

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
};

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
  }
  const rateSeconds = scanRate.toSeconds();
  if (rateSeconds < MIN_SCAN_RATE.toSeconds() || rateSeconds > MAX_SCAN_RATE.toSeconds()) {
    throw new Error(
      `${names.scanRate} must be between 5 minutes and 8 hours, got ${scanRate.toHumanString()}`,
    );
  }
  if (rateSeconds % 60 !== 0) {
    throw new Error(`${names.scanRate} must be whole minutes, got ${scanRate.toHumanString()}`);
  }
  const ttlSeconds = ttl.toSeconds();
  if (ttlSeconds <= MIN_TTL_INTERVALS * rateSeconds) {
    throw new Error(
      `${names.ttl} must exceed ${MIN_TTL_INTERVALS} scan intervals (${MIN_TTL_INTERVALS * (rateSeconds / 60)} minutes), got ${ttl.toHumanString()}`,
    );
  }
  // The scanner refuses TTL_SECONDS under an hour at start-up; refuse it here, at synth, instead.
  if (ttlSeconds < 3600) {
    throw new Error(`${names.ttl} must be at least 1 hour, got ${ttl.toHumanString()}`);
  }
  if (ttlSeconds > MAX_TTL.toSeconds()) {
    throw new Error(`${names.ttl} must be at most 365 days, got ${ttl.toHumanString()}`);
  }
  if (!Number.isInteger(latencyWindow) || latencyWindow < 1 || latencyWindow > 1000) {
    throw new Error(
      `${names.latencyWindow} must be an integer from 1 to 1000, got ${latencyWindow}`,
    );
  }
  if (
    !Number.isInteger(changeRetentionDays) ||
    changeRetentionDays < 1 ||
    changeRetentionDays > 365
  ) {
    throw new Error(
      `${names.changeRetentionDays} must be an integer from 1 to 365 (days), got ${changeRetentionDays}`,
    );
  }
  const accessSeconds = accessCheckMaxAge.toSeconds();
  if (
    accessSeconds % 3600 !== 0 ||
    accessSeconds < 3600 ||
    accessSeconds > MAX_ACCESS_CHECK_AGE_HOURS * 3600
  ) {
    throw new Error(
      `${names.accessCheckMaxAge} must be whole hours from 1 to ${MAX_ACCESS_CHECK_AGE_HOURS}, got ${accessCheckMaxAge.toHumanString()}`,
    );
  }
}

/** `-c key=value` always arrives as a string, cdk.json as JSON: accept both. */
const integer = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(/^-?\d+$/)
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
    .default(DEFAULTS.stackName),
  [CONTEXT_KEYS.regions]: z
    .union([z.string(), z.array(z.string())])
    .default(DEFAULTS.regions)
    .transform((value): CatalogRegions => {
      if (Array.isArray(value)) return value.map((region) => region.trim());
      const trimmed = value.trim();
      if (trimmed === 'auto') return 'auto';
      return trimmed
        .split(',')
        .map((region) => region.trim())
        .filter((region) => region !== '');
    }),
  [CONTEXT_KEYS.scanRateMinutes]: integer.default(DEFAULTS.scanRateMinutes),
  [CONTEXT_KEYS.ttlHours]: integer.default(DEFAULTS.ttlHours),
  [CONTEXT_KEYS.latencyWindow]: integer.default(DEFAULTS.latencyWindow),
  [CONTEXT_KEYS.changeRetentionDays]: integer.default(DEFAULTS.changeRetentionDays),
  [CONTEXT_KEYS.accessCheckHours]: integer.default(DEFAULTS.accessCheckHours),
  [CONTEXT_KEYS.alarmEmail]: optionalString.pipe(z.email().optional()),
  [CONTEXT_KEYS.alarmTopicArn]: optionalString.pipe(
    z.string().regex(arnPattern('sns', '[A-Za-z0-9_-]{1,256}')).optional(),
  ),
  [CONTEXT_KEYS.eventBusName]: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,256}$/)
      .optional(),
  ),
  [CONTEXT_KEYS.kmsKeyArn]: optionalString.pipe(
    z.string().regex(arnPattern('kms', 'key/[A-Za-z0-9-]+')).optional(),
  ),
});

export interface CatalogConfig {
  readonly stackName: string;
  readonly regions: CatalogRegions;
  readonly scanRate: Duration;
  readonly ttl: Duration;
  readonly latencyWindow: number;
  readonly changeRetentionDays: number;
  readonly accessCheckMaxAge: Duration;
  readonly alarmEmail?: string;
  readonly alarmTopicArn?: string;
  readonly eventBusName?: string;
  readonly kmsKeyArn?: string;
}

/**
 * Parses and validates the app's context (`app.node.tryGetContext` for each key, or any record).
 * Errors are plain Errors naming the context key and the bad value.
 */
export function loadCatalogConfig(context: Readonly<Record<string, unknown>>): CatalogConfig {
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
  const config: CatalogConfig = {
    stackName: data[CONTEXT_KEYS.stackName],
    regions: data[CONTEXT_KEYS.regions],
    scanRate: Duration.minutes(data[CONTEXT_KEYS.scanRateMinutes]),
    ttl: Duration.hours(data[CONTEXT_KEYS.ttlHours]),
    latencyWindow: data[CONTEXT_KEYS.latencyWindow],
    changeRetentionDays: data[CONTEXT_KEYS.changeRetentionDays],
    accessCheckMaxAge: Duration.hours(data[CONTEXT_KEYS.accessCheckHours]),
    alarmEmail: data[CONTEXT_KEYS.alarmEmail],
    alarmTopicArn: data[CONTEXT_KEYS.alarmTopicArn],
    eventBusName: data[CONTEXT_KEYS.eventBusName],
    kmsKeyArn: data[CONTEXT_KEYS.kmsKeyArn],
  };
  // Name the context keys, since that is what the user edits.
  validateCatalogSettings(config, {
    regions: CONTEXT_KEYS.regions,
    scanRate: CONTEXT_KEYS.scanRateMinutes,
    ttl: CONTEXT_KEYS.ttlHours,
    latencyWindow: CONTEXT_KEYS.latencyWindow,
    changeRetentionDays: CONTEXT_KEYS.changeRetentionDays,
    accessCheckMaxAge: CONTEXT_KEYS.accessCheckHours,
  });
  return config;
}
