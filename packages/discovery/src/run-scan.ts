import type { BedrockClient } from '@aws-sdk/client-bedrock';
import type { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import type {
  ApplyRegionSnapshotInput,
  ApplyRegionSnapshotResult,
  ModelContent,
  OutboxBatch,
  RecordRegionFailureInput,
  ScanRecord,
  ScanRegionResult,
  ScanStatus,
  StoredModelAccess,
} from '@bedrock-profile-catalog/catalog';
import {
  type AccessCheckOptions,
  type AccessCheckStats,
  checkModelAccess,
  DEFAULT_ACCESS_CHECK_CONCURRENCY,
  DEFAULT_ACCESS_CHECK_MAX_AGE_MS,
  EMPTY_ACCESS_STATS,
} from './access.js';
import type { ChangePublisher } from './change-publisher.js';
import { type QuotaRefreshResult, type QuotaStore, refreshQuotas } from './quota-refresh.js';
import {
  emptyPageCounts,
  type RegionScanResult,
  type ScanRegionDeps,
  scanRegion,
} from './scan-region.js';
import {
  refreshUsageWithinDeadline,
  type UsageScanOptions,
  type UsageScanStats,
  usageStatsOf,
} from './usage-refresh.js';

/** A scan with this ID was already started: a redelivered request, which must not run twice. */
export class ScanAlreadyRecordedError extends Error {
  override readonly name = 'ScanAlreadyRecordedError';
  constructor(readonly scanId: string) {
    super(`scan ${scanId} is already recorded`);
  }
}

/** The catalog writes a scan needs (CatalogWriter implements them). */
export interface ScanCatalogWriter {
  applyRegionSnapshot(input: ApplyRegionSnapshotInput): Promise<ApplyRegionSnapshotResult>;
  recordRegionFailure(input: RecordRegionFailureInput): Promise<'recorded' | 'superseded'>;
  putScan(scan: ScanRecord, options?: { onlyIfNew?: boolean }): Promise<'written' | 'exists'>;
  /** Committed changes not yet published (this scan's and any a crashed run left behind). */
  drainOutbox(region: string): Promise<OutboxBatch[]>;
  acknowledgePublished(region: string, scanIds: readonly string[]): Promise<void>;
  /** Stored models and their access checks; without it every model's access is checked. */
  currentModelAccess?(region: string): Promise<ReadonlyMap<string, StoredModelAccess>>;
}

/** The part of Powertools Logger a scan uses; local mode and tests pass their own. */
export interface ScanLogger {
  info(message: string, detail: Record<string, unknown>): void;
  warn(message: string, detail: Record<string, unknown>): void;
  error(message: string, detail: Record<string, unknown>): void;
}

export interface RunScanOptions extends UsageScanOptions {
  scanId: string;
  startedAt: Date;
  /** Stored on the running scan record: when the scanner is gone at the latest. */
  deadlineAt?: Date;
  /** Who asked: `schedule`, `api`, `local`… (stored on the scan record). */
  trigger: string;
  regions: readonly string[];
  clientFor: (region: string) => BedrockClient;
  writer: ScanCatalogWriter;
  publishChanges: ChangePublisher;
  regionDeadlineMs: number;
  /** Cancels every region still scanning (e.g. the Lambda is about to time out). */
  signal?: AbortSignal;
  logger?: ScanLogger;
  now?: () => Date;
  /** Overrides how a region is read (benchmarks compare strategies); default `scanRegion`. */
  scanRegion?: (region: string, deps: ScanRegionDeps) => Promise<RegionScanResult>;
  /**
   * Per-account access checks (GetFoundationModelAvailability) after each successful listing,
   * within the region's deadline; `false` skips them and stores no access. Defaults: 24 h, 4.
   */
  accessCheck?: AccessCheckOptions | false;
  /**
   * Service Quotas per region after each successful listing, reused for `maxAgeMs`; optional:
   * a failure leaves the region `ok` and the stored quotas as they were. Absent: not read.
   */
  quotas?: {
    clientFor: (region: string) => ServiceQuotasClient;
    store: QuotaStore;
    maxAgeMs: number;
  };
}

/** Quota refreshes over the regions; matched/unmatched count per-model token quotas only. */
export interface QuotaScanStats {
  refreshed: number;
  fresh: number;
  failed: number;
  matched: number;
  unmatched: number;
}

export interface ScanSummary {
  scanId: string;
  status: ScanStatus;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  regions: ScanRegionResult[];
  regionsScanned: number;
  regionsFailed: number;
  itemsWritten: number;
  itemsDeleted: number;
  changes: number;
  /** Availability calls and carried-forward answers, summed over the regions. */
  accessChecks: AccessCheckStats;
  quotas: QuotaScanStats;
  usage: UsageScanStats;
}

const QUIET_LOGGER: ScanLogger = { info() {}, warn() {}, error() {} };

/**
 * One scan: every region at once, each applied to the catalog the moment it finishes, so a slow
 * or hung region never delays the others' writes. A region that fails only updates its region
 * record; its last good snapshot stays. The scan record is written at start and at the end.
 */
export async function runScan(options: RunScanOptions): Promise<ScanSummary> {
  const logger = options.logger ?? QUIET_LOGGER;
  const now = options.now ?? (() => new Date());
  const startedAt = options.startedAt.toISOString();
  const scanRecord = (
    partial: Pick<ScanRecord, 'status' | 'finishedAt' | 'durationMs' | 'regions'>,
  ): ScanRecord => ({
    recordType: 'scan',
    scanId: options.scanId,
    trigger: options.trigger,
    startedAt,
    ...(options.deadlineAt ? { deadlineAt: options.deadlineAt.toISOString() } : {}),
    error: null,
    ...partial,
  });

  const started = await options.writer.putScan(
    scanRecord({ status: 'running', finishedAt: null, durationMs: null, regions: [] }),
    { onlyIfNew: true },
  );
  if (started === 'exists') throw new ScanAlreadyRecordedError(options.scanId);

  const results = await Promise.all(
    options.regions.map((region) => scanAndApply(region, options, logger)),
  );

  const finished = now();
  const failed = results.filter((r) => r.status === 'error' || r.status === 'denied').length;
  const status: ScanStatus =
    failed === 0 ? 'succeeded' : failed === results.length ? 'failed' : 'partial';
  const durationMs = Math.max(0, finished.getTime() - options.startedAt.getTime());
  const summary: ScanSummary = {
    scanId: options.scanId,
    status,
    startedAt,
    finishedAt: finished.toISOString(),
    durationMs,
    regions: results.map(
      ({ changes: _changes, access: _access, quotas: _quotas, usage: _usage, ...region }) => region,
    ),
    regionsScanned: results.length - failed,
    regionsFailed: failed,
    itemsWritten: sum(results, (r) => r.itemsWritten),
    itemsDeleted: sum(results, (r) => r.itemsDeleted),
    changes: sum(results, (r) => r.changes),
    accessChecks: {
      checked: sum(results, (r) => r.access.checked),
      carried: sum(results, (r) => r.access.carried),
      failed: sum(results, (r) => r.access.failed),
      skipped: sum(results, (r) => r.access.skipped),
    },
    quotas: quotaStatsOf(results.map((r) => r.quotas)),
    usage: usageStatsOf(results.map((r) => r.usage)),
  };
  await options.writer.putScan(
    scanRecord({
      status,
      finishedAt: summary.finishedAt,
      durationMs,
      regions: summary.regions,
    }),
  );
  return summary;
}

type RegionOutcome = ScanRegionResult & {
  changes: number;
  access: AccessCheckStats;
  quotas: QuotaRefreshResult | null;
  usage?: Awaited<ReturnType<typeof refreshUsageWithinDeadline>>;
};

function quotaStatsOf(results: readonly (QuotaRefreshResult | null)[]): QuotaScanStats {
  const stats: QuotaScanStats = { refreshed: 0, fresh: 0, failed: 0, matched: 0, unmatched: 0 };
  for (const result of results) {
    if (result?.status === 'refreshed') {
      stats.refreshed++;
      stats.matched += result.matched;
      stats.unmatched += result.unmatched;
    } else if (result?.status === 'fresh') stats.fresh++;
    else if (result?.status === 'failed') stats.failed++;
  }
  return stats;
}

async function scanAndApply(
  region: string,
  options: RunScanOptions,
  logger: ScanLogger,
): Promise<RegionOutcome> {
  const read = options.scanRegion ?? scanRegion;
  const scanStartedAt = options.startedAt.toISOString();
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  // Read alongside the listing, so the stored access answers cost no extra wall time.
  const previous = options.accessCheck === false ? null : previousAccess(region, options, logger);
  let result: RegionScanResult;
  try {
    result = await read(region, {
      client: options.clientFor(region),
      deadlineMs: options.regionDeadlineMs,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
  } catch (error) {
    // scanRegion never rejects; a custom reader might. Treat it like any region failure.
    result = {
      ok: false,
      region,
      status: 'error',
      error: { code: 'error', message: messageOf(error) },
      latencySamples: [],
      attemptTimings: [],
      attempts: 0,
      pages: 0,
      pagesByListing: emptyPageCounts(),
      durationMs: elapsed(),
    };
  }

  try {
    if (!result.ok) {
      const recorded = await options.writer.recordRegionFailure({
        scanId: options.scanId,
        scanStartedAt,
        region,
        status: result.status,
        error: result.error,
        latencySamples: result.latencySamples,
      });
      logger.warn('region scan failed', { region, error: result.error, recorded });
      await publishOutbox(region, options, logger);
      return {
        region,
        status: recorded === 'superseded' ? 'superseded' : result.status,
        durationMs: elapsed(),
        error: result.error,
        counts: null,
        itemsWritten: 0,
        itemsDeleted: 0,
        changes: 0,
        access: EMPTY_ACCESS_STATS,
        quotas: null,
      };
    }

    if (result.dropped.length > 0) {
      logger.warn('items dropped by normalisation', {
        region,
        dropped: result.dropped.slice(0, 20),
        total: result.dropped.length,
      });
    }
    if (Object.keys(result.listingErrors).length > 0) {
      logger.warn('optional listings failed; their last good items kept', {
        region,
        listings: result.listingErrors,
      });
    }
    let snapshot = result.snapshot;
    let access = EMPTY_ACCESS_STATS;
    if (previous) {
      const checked = await checkAccessWithinDeadline(
        snapshot.models,
        await previous,
        options,
        options.regionDeadlineMs - elapsed(),
        options.clientFor(region),
      );
      snapshot = { ...snapshot, models: checked.models };
      access = checked.stats;
      if (checked.failures.length > 0) {
        logger.warn('model access checks failed; previous access kept', {
          region,
          failures: checked.failures.slice(0, 20),
          total: checked.failures.length,
        });
      }
      if (access.skipped > 0) logger.warn('model access checks skipped', { region, ...access });
    }
    const applied = await options.writer.applyRegionSnapshot({
      scanId: options.scanId,
      scanStartedAt,
      snapshot,
      latencySamples: result.latencySamples,
      ...(options.deadlineAt ? { deadlineAt: options.deadlineAt.toISOString() } : {}),
    });
    if (applied.outboxPending) await publishOutbox(region, options, logger);
    const quotas = options.quotas
      ? await refreshQuotasWithinDeadline(
          region,
          snapshot.models,
          options,
          options.regionDeadlineMs - elapsed(),
        )
      : null;
    if (quotas?.status === 'failed') {
      logger.warn('service quotas not refreshed; stored quotas kept', {
        region,
        error: quotas.error,
      });
    }
    const usage = await refreshUsageWithinDeadline(
      region,
      snapshot,
      options,
      options.regionDeadlineMs - elapsed(),
      logger,
    );
    return {
      usage,
      region,
      status: applied.status === 'superseded' ? 'superseded' : 'ok',
      durationMs: elapsed(),
      error: null,
      counts: applied.counts,
      itemsWritten: applied.itemsWritten,
      itemsDeleted: applied.itemsDeleted,
      changes: applied.changes.length,
      access,
      quotas,
    };
  } catch (error) {
    // The catalog write failed (throttled table, permissions…). The writer never sweeps before
    // its puts are confirmed, so the region keeps its last good items; the next scan repairs it.
    logger.error('catalog write failed', { region, error: messageOf(error) });
    return {
      region,
      status: 'error',
      durationMs: elapsed(),
      error: { code: 'error', message: `catalog write failed: ${messageOf(error)}` },
      counts: null,
      itemsWritten: 0,
      itemsDeleted: 0,
      changes: 0,
      access: EMPTY_ACCESS_STATS,
      quotas: null,
    };
  }
}

/** The quota refresh, bounded by what is left of the region's deadline and by the scan's signal. */
async function refreshQuotasWithinDeadline(
  region: string,
  models: readonly ModelContent[],
  options: RunScanOptions,
  remainingMs: number,
): Promise<QuotaRefreshResult> {
  const settings = options.quotas;
  if (!settings) return { status: 'fresh' };
  const signals = [AbortSignal.timeout(Math.max(1, remainingMs))];
  if (options.signal) signals.push(options.signal);
  return refreshQuotas({
    region,
    client: settings.clientFor(region),
    store: settings.store,
    models,
    now: options.now ?? (() => new Date()),
    signal: AbortSignal.any(signals),
    maxAgeMs: settings.maxAgeMs,
  });
}

/**
 * Publishes what the region's outbox holds: this scan's committed changes, and any that a run
 * which died after its commit left unpublished. A failure leaves them there for the next run.
 */
async function publishOutbox(
  region: string,
  options: RunScanOptions,
  logger: ScanLogger,
): Promise<void> {
  const published: string[] = [];
  try {
    try {
      for (const batch of await options.writer.drainOutbox(region)) {
        if (batch.changes.length > 0) await options.publishChanges(batch.changes);
        published.push(batch.scanId);
      }
    } finally {
      await options.writer.acknowledgePublished(region, published);
    }
  } catch (error) {
    // The records stay in the outbox: the next scan of this region publishes them.
    logger.error('publishing change events failed', { region, error: messageOf(error) });
  }
}

/** The stored access answers; on a failed read none, so every model is checked (and logged). */
async function previousAccess(
  region: string,
  options: RunScanOptions,
  logger: ScanLogger,
): Promise<ReadonlyMap<string, StoredModelAccess>> {
  try {
    return (await options.writer.currentModelAccess?.(region)) ?? new Map();
  } catch (error) {
    logger.warn('reading stored model access failed', { region, error: messageOf(error) });
    return new Map();
  }
}

/** Access checks bounded by what is left of the region's deadline and by the scan's signal. */
async function checkAccessWithinDeadline(
  models: readonly ModelContent[],
  previous: ReadonlyMap<string, StoredModelAccess>,
  options: RunScanOptions,
  remainingMs: number,
  client: BedrockClient,
) {
  const settings = options.accessCheck || {};
  const controller = new AbortController();
  const deadline = () => controller.abort(new Error('region deadline reached'));
  const timer = setTimeout(deadline, Math.max(0, remainingMs));
  if (remainingMs <= 0) deadline();
  const onAbort = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await checkModelAccess({
      client,
      models,
      previous,
      now: options.now ?? (() => new Date()),
      signal: controller.signal,
      maxAgeMs: settings.maxAgeMs ?? DEFAULT_ACCESS_CHECK_MAX_AGE_MS,
      concurrency: settings.concurrency ?? DEFAULT_ACCESS_CHECK_CONCURRENCY,
    });
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

function sum<T>(items: readonly T[], value: (item: T) => number) {
  return items.reduce((total, item) => total + value(item), 0);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
