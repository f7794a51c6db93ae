/**
 * The deploy-time contract between the CDK construct and the Lambda handlers: environment
 * variable names, the scheduler payload, the custom metrics the alarms watch and the change
 * events' source and detail-types. Both sides import this file, so a rename breaks the type check
 * instead of a deployed function. Constants only; every default and bound of a setting is in the
 * catalog's SETTINGS table.
 */
import { SETTINGS } from '@bedrock-profile-catalog/catalog/settings';

import { SCAN_METRICS } from '../packages/discovery/src/scan-metrics.js';

/** Environment variables the scanner (lambdas/scanner/handler.ts) reads. */
export const SCANNER_ENV = {
  /** The catalog table's name. */
  tableName: 'TABLE_NAME',
  /** `auto` (the public SSM region list of the deployment's own partition) or `us-east-1,eu-west-1`. */
  regions: 'CATALOG_REGIONS',
  /** Seconds between scheduled scans. */
  scanIntervalSeconds: 'SCAN_INTERVAL_SECONDS',
  /** Item lifetime in seconds (TTL attribute = scan time + this). */
  ttlSeconds: 'TTL_SECONDS',
  /** How many latency samples per region to keep for percentiles. */
  latencyWindow: 'LATENCY_WINDOW',
  /** Days a change record is kept. */
  changeRetentionDays: 'CHANGE_RETENTION_DAYS',
  /** The bus change events go to (`default` unless one was given). */
  eventBusName: 'EVENT_BUS_NAME',
  /** Per-region deadline in milliseconds, enforced with an AbortSignal. */
  regionDeadlineMs: 'REGION_DEADLINE_MS',
  /** Hours a model's access check (GetFoundationModelAvailability) is reused before a new one. */
  accessCheckMaxAgeHours: 'ACCESS_CHECK_MAX_AGE_HOURS',
  quotaRefreshHours: 'QUOTA_REFRESH_HOURS',
  /** Seconds CloudWatch usage is reused before it is read again; 0: every scan. */
  usageRefreshSeconds: 'USAGE_REFRESH_SECONDS',
  powertoolsServiceName: 'POWERTOOLS_SERVICE_NAME',
  powertoolsMetricsNamespace: 'POWERTOOLS_METRICS_NAMESPACE',
} as const;

/** Environment variables the query function (lambdas/query/handler.ts) reads. */
export const QUERY_ENV = {
  tableName: 'TABLE_NAME',
  /**
   * The Secrets Manager secret holding the cursor HMAC key, read at init (see the construct); the
   * key itself is never in the environment of a deployed function.
   */
  cursorSecretArn: 'CURSOR_SECRET_ARN',
  /** A plain cursor key instead, for local runs and tests only (no Secrets Manager there). */
  cursorSecret: 'CURSOR_SECRET',
  regions: 'CATALOG_REGIONS',
  scanIntervalSeconds: 'SCAN_INTERVAL_SECONDS',
  /** POST /v1/scans answers a scan of the same regions started less than this ago (seconds). */
  scanCooldownSeconds: 'SCAN_COOLDOWN_SECONDS',
  /** The bus POST /v1/scans puts its Scan Requested event on (the scanner's bus). */
  eventBusName: 'EVENT_BUS_NAME',
  /** Prices from an offer not confirmed this long are `stale` (hours, SETTINGS.priceStaleAfter). */
  priceStaleAfterHours: 'PRICE_STALE_AFTER_HOURS',
} as const;

/** Environment variables the probe function (lambdas/probe/handler.ts) reads; see docs/probes.md. */
export const PROBE_ENV = {
  /** The catalog table's name; a probe function in another region reads it from the parameter. */
  tableName: 'TABLE_NAME',
  /** The SSM parameter (in TABLE_REGION) holding the table name, when TABLE_NAME is unset. */
  tableNameParameter: 'TABLE_NAME_PARAMETER',
  /** The catalog table's region; default: the function's own (AWS_REGION). */
  tableRegion: 'TABLE_REGION',
  models: 'PROBE_MODELS',
  /** `usable`, or a comma-separated list of target IDs. */
  targets: 'PROBE_TARGETS',
  serviceTiers: 'PROBE_SERVICE_TIERS',
  monthlyBudgetUsd: 'PROBE_MONTHLY_BUDGET_USD',
  inputPricePer1k: 'PROBE_INPUT_PRICE_PER_1K',
  outputPricePer1k: 'PROBE_OUTPUT_PRICE_PER_1K',
  /** JSON: `{"<target or model ID>": {"inputPer1k": …, "outputPer1k": …}}`. */
  prices: 'PROBE_PRICES',
  latencyWindow: 'LATENCY_WINDOW',
  powertoolsServiceName: 'POWERTOOLS_SERVICE_NAME',
  powertoolsMetricsNamespace: 'POWERTOOLS_METRICS_NAMESPACE',
} as const;

/** Environment variables the price refresh (lambdas/price-refresh/handler.ts) reads; docs/pricing.md. */
export const PRICE_REFRESH_ENV = {
  tableName: 'TABLE_NAME',
  /** The base URL holding `offers/v1.0/aws/index.json`; unset: AWS's public Price List host. */
  priceListUrl: 'PRICE_LIST_URL',
  /** The catalog's bus, for the price change events. */
  eventBusName: 'EVENT_BUS_NAME',
  powertoolsServiceName: 'POWERTOOLS_SERVICE_NAME',
  powertoolsMetricsNamespace: 'POWERTOOLS_METRICS_NAMESPACE',
} as const;

/** The per-region deadline the construct sets for the scanner; its timeout is sized above this. */
export const REGION_DEADLINE_MS = SETTINGS.regionDeadline.default;

/**
 * Custom metrics (Powertools EMF) the alarms watch. Emit them with only Powertools' default
 * `service` dimension (= POWERTOOLS_SERVICE_NAME), once per scan, or the alarms see nothing.
 */
export const SCANNER_METRICS = {
  namespace: 'BedrockProfileCatalog',
  /** Count of regions scanned successfully in this scan (emitted by createScanner). */
  regionsScanned: SCAN_METRICS.regionsScanned,
  /** Count of regions that failed in this scan. */
  regionsFailed: SCAN_METRICS.regionsFailed,
  serviceDimension: 'service',
} as const;

/** The probe function's custom metrics (same namespace as the scanner's), once per cycle. */
export const PROBE_METRICS = {
  ok: 'ProbesOk',
  failed: 'ProbesFailed',
  skippedForBudget: 'ProbesSkippedForBudget',
  budgetUsedPercent: 'ProbeBudgetUsedPercent',
} as const;

/**
 * The price refresh's custom metrics (same namespace as the scanner's), once per run. The row
 * counts are per offer (dimension `offer`) and describe the version stored after the run.
 */
export const PRICE_REFRESH_METRICS = {
  offerDimension: 'offer',
  rows: 'PriceRows',
  priced: 'PriceRowsPriced',
  unclassified: 'PriceRowsUnclassified',
  unmatched: 'PriceRowsUnmatched',
  cellsWritten: 'PriceCellsWritten',
  /** Offers whose download or parse failed in this run (their last good version is kept). */
  offersFailed: 'PriceOffersFailed',
  durationMs: 'PriceRefreshDuration',
} as const;

/**
 * The payload EventBridge Scheduler sends. `scheduledTime` is the idempotency key: the scanner
 * derives the scan ID from it, so a redelivered firing is a duplicate, not a second scan.
 */
export interface ScheduledScanEvent {
  readonly source: 'schedule';
  /** ISO 8601, from `<aws.scheduler.scheduled-time>`. */
  readonly scheduledTime: string;
}

/** The change events' source and detail-types (schemas in docs/events.md) live with the catalog. */
export {
  CHANGE_DETAIL_TYPES,
  CHANGE_EVENT_SOURCE,
  SCAN_REQUEST_SOURCE,
  SCAN_REQUESTED_DETAIL_TYPE,
} from '@bedrock-profile-catalog/catalog';
