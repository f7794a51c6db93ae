import { setMaxListeners } from 'node:events';
import type { BedrockClient } from '@aws-sdk/client-bedrock';
import { createScanId } from '@bedrock-profile-catalog/catalog';
import type { AccessCheckOptions } from './access.js';
import type { ChangePublisher } from './change-publisher.js';
import { type RegionSource, type RegionsConfig, resolveRegions } from './regions.js';
import {
  type RunScanOptions,
  runScan,
  ScanAlreadyRecordedError,
  type ScanCatalogWriter,
  type ScanLogger,
  type ScanSummary,
} from './run-scan.js';
import { SCAN_METRICS } from './scan-metrics.js';

/** The part of Powertools Metrics a scan uses; others pass a recorder or nothing. */
export interface ScanMetrics {
  addMetric(name: string, unit: 'Count' | 'Milliseconds', value: number): void;
}

export interface ScannerDeps {
  /** One Bedrock client per region (BedrockClientFactory.clientFor). */
  clientFor: (region: string) => BedrockClient;
  writer: ScanCatalogWriter;
  publishChanges: ChangePublisher;
  /** What this deployment scans: a list, or `auto` for Bedrock's region list at scan time. */
  regions: RegionsConfig['regions'];
  /** Where `auto` reads the list; default the SSM public parameters. */
  regionSource?: RegionSource;
  settings: {
    regionDeadlineMs: number;
    /** See RunScanOptions.accessCheck; default: checks on, 24 h reuse. */
    accessCheck?: AccessCheckOptions | false;
  };
  metrics?: ScanMetrics;
  logger?: ScanLogger;
  now?: () => Date;
  /** Overrides how a region is read (benchmarks compare strategies). */
  scanRegion?: RunScanOptions['scanRegion'];
  /** Service Quotas per region (see RunScanOptions.quotas); absent: not read. */
  quotas?: RunScanOptions['quotas'];
  /** CloudWatch usage per region (see RunScanOptions.usage); absent: not read. */
  usage?: RunScanOptions['usage'];
}

export interface ScanRequest {
  /** Who asked: `schedule`, `api`, `local`… (stored on the scan record). */
  trigger: string;
  /** The ID to record the scan under (a request's); default a new one. */
  scanId?: string;
  /**
   * When the schedule fired this scan. Without a `scanId`, the ID is derived from it, so a
   * redelivered schedule event comes back as a duplicate instead of scanning twice.
   */
  scheduledAt?: Date;
  /** Regions to scan, all among the scanned ones; default every one. */
  regions?: readonly string[];
  /** The most time the scan may take; default what `deadlineAt` leaves after the write budget. */
  timeLimitMs?: number;
  /**
   * When the process running the scan is gone at the latest (a Lambda's timeout), stored on the
   * running scan record: past it, readers show a scan that never finished as interrupted.
   * Default: the start plus `timeLimitMs` and the write budget, else DEFAULT_SCAN_MAX_RUN_MS.
   */
  deadlineAt?: Date;
}

export type ScanOutcome =
  /** A requested region is not one this deployment scans: nothing ran, nothing was recorded. */
  | { outcome: 'rejected'; scanId: string; unscannable: string[] }
  /** A scan with this ID was already recorded: a redelivered request, not run again. */
  | { outcome: 'duplicate'; scanId: string }
  | { outcome: 'scanned'; scanId: string; summary: ScanSummary };

export interface Scanner {
  /** Runs one scan; resolves once every region is applied (or the request is refused). */
  scan(request: ScanRequest): Promise<ScanOutcome>;
  /** The same, with the scan ID known at once (POST /v1/scans answers before the scan runs). */
  start(request: ScanRequest): { scanId: string; outcome: Promise<ScanOutcome> };
}

/** Region deadlines and the time limit never go below this: a scan always gets to try. */
const MIN_TIME_MS = 1_000;
/** Time a scan keeps back from its deadline for the last writes and the scan record. */
const SCAN_WRITE_BUDGET_MS = 15_000;
/**
 * The longest a scan without a deadline or time limit (local mode, benchmarks) runs: it stops
 * reading regions a write budget before, and is shown as interrupted if still running after.
 */
export const DEFAULT_SCAN_MAX_RUN_MS = 120_000;
const QUIET_LOGGER: ScanLogger = { info() {}, warn() {}, error() {} };
const NO_METRICS: ScanMetrics = { addMetric() {} };

/**
 * The scanner's policy in one place, for the Lambda, local mode and the benchmarks: which
 * regions a request may name, the scan ID, a redelivered request, and the metrics of a scan.
 */
export function createScanner(deps: ScannerDeps): Scanner {
  const now = deps.now ?? (() => new Date());
  const baseLogger = deps.logger ?? QUIET_LOGGER;
  const metrics = deps.metrics ?? NO_METRICS;

  async function run(
    request: ScanRequest,
    scanId: string,
    startedAt: Date,
    deadlineAt: Date,
  ): Promise<ScanOutcome> {
    const logger = withScanId(baseLogger, scanId);
    const scannable = await resolveRegions(
      { regions: deps.regions },
      deps.regionSource ? { source: deps.regionSource } : {},
    );
    const unscannable = [...new Set(request.regions ?? [])].filter((r) => !scannable.includes(r));
    if (unscannable.length > 0) {
      // IAM or DNS would fail them anyway; refusing keeps made-up regions out of the catalog.
      logger.error('scan request names regions this deployment does not scan', {
        unscannable,
        scannable,
      });
      return { outcome: 'rejected', scanId, unscannable };
    }
    // Without a limit of its own, the scan stops reading in time to write before its deadline.
    const limit = Math.max(
      MIN_TIME_MS,
      request.timeLimitMs ?? deadlineAt.getTime() - startedAt.getTime() - SCAN_WRITE_BUDGET_MS,
    );
    const regions = request.regions ? [...new Set(request.regions)].sort() : scannable;
    const signal = AbortSignal.timeout(limit);
    // Each region and its access checks listen on this one signal: a fan-out, not a leak.
    setMaxListeners(2 * regions.length + 10, signal);
    try {
      const summary = await runScan({
        scanId,
        startedAt,
        deadlineAt,
        trigger: request.trigger,
        regions,
        clientFor: deps.clientFor,
        writer: deps.writer,
        publishChanges: deps.publishChanges,
        regionDeadlineMs: Math.max(MIN_TIME_MS, Math.min(deps.settings.regionDeadlineMs, limit)),
        signal,
        logger,
        now,
        ...(deps.settings.accessCheck === undefined
          ? {}
          : { accessCheck: deps.settings.accessCheck }),
        ...(deps.scanRegion ? { scanRegion: deps.scanRegion } : {}),
        ...(deps.quotas ? { quotas: deps.quotas } : {}),
        ...(deps.usage ? { usage: deps.usage } : {}),
      });
      logger.info('scan finished', { ...summary });
      emitMetrics(metrics, summary);
      return { outcome: 'scanned', scanId, summary };
    } catch (error) {
      if (!(error instanceof ScanAlreadyRecordedError)) throw error;
      // EventBridge delivers at least once: the first delivery of this request ran the scan.
      logger.warn('scan request already handled; duplicate delivery ignored', {});
      return { outcome: 'duplicate', scanId };
    }
  }

  const start = (request: ScanRequest) => {
    const startedAt = now();
    const scanId =
      request.scanId ??
      (request.scheduledAt
        ? createScanId(request.scheduledAt, 'schedule')
        : createScanId(startedAt));
    const deadlineAt =
      request.deadlineAt ??
      new Date(
        startedAt.getTime() +
          (request.timeLimitMs === undefined
            ? DEFAULT_SCAN_MAX_RUN_MS
            : request.timeLimitMs + SCAN_WRITE_BUDGET_MS),
      );
    return { scanId, outcome: run(request, scanId, startedAt, deadlineAt) };
  };
  return { start, scan: (request) => start(request).outcome };
}

/** Thrown where only a scan that ran will do (local mode's scanNow, the benchmarks). */
export class ScanNotRunError extends Error {
  override readonly name = 'ScanNotRunError';
  constructor(readonly result: Exclude<ScanOutcome, { outcome: 'scanned' }>) {
    super(
      result.outcome === 'rejected'
        ? `scan ${result.scanId} not run: not a scanned region: ${result.unscannable.join(', ')}`
        : `scan ${result.scanId} not run: it is already recorded`,
    );
  }
}

/** The summary of a scan that ran, or ScanNotRunError. */
export function summaryOf(result: ScanOutcome): ScanSummary {
  if (result.outcome !== 'scanned') throw new ScanNotRunError(result);
  return result.summary;
}

function emitMetrics(metrics: ScanMetrics, summary: ScanSummary) {
  metrics.addMetric(SCAN_METRICS.regionsScanned, 'Count', summary.regionsScanned);
  metrics.addMetric(SCAN_METRICS.regionsFailed, 'Count', summary.regionsFailed);
  metrics.addMetric(SCAN_METRICS.itemsWritten, 'Count', summary.itemsWritten);
  metrics.addMetric(SCAN_METRICS.accessChecks, 'Count', summary.accessChecks.checked);
  metrics.addMetric(SCAN_METRICS.accessCheckFailures, 'Count', summary.accessChecks.failed);
  metrics.addMetric(SCAN_METRICS.durationMs, 'Milliseconds', summary.durationMs);
}

/** Every line a scan logs names it, whichever logger it goes to. */
function withScanId(logger: ScanLogger, scanId: string): ScanLogger {
  return {
    info: (message, detail) => logger.info(message, { scanId, ...detail }),
    warn: (message, detail) => logger.warn(message, { scanId, ...detail }),
    error: (message, detail) => logger.error(message, { scanId, ...detail }),
  };
}
