import {
  partitionOfRegion,
  RegionCode,
  RegionsSetting,
  SCAN_REQUEST_SOURCE,
  SCAN_REQUESTED_DETAIL_TYPE,
  ScanRequestedDetail,
  SETTINGS,
  settingSchema,
} from '@bedrock-profile-catalog/catalog';
import * as z from 'zod/mini';
import { SCANNER_ENV } from '../contract.js';

const ScannerConfig = z
  .object({
    [SCANNER_ENV.tableName]: z.string().check(z.minLength(3)),
    [SCANNER_ENV.regions]: z._default(RegionsSetting, 'auto'),
    [SCANNER_ENV.scanIntervalSeconds]: settingSchema(SETTINGS.scanInterval),
    [SCANNER_ENV.ttlSeconds]: settingSchema(SETTINGS.ttl),
    [SCANNER_ENV.latencyWindow]: settingSchema(SETTINGS.latencyWindow),
    [SCANNER_ENV.changeRetentionDays]: settingSchema(SETTINGS.changeRetentionDays),
    [SCANNER_ENV.eventBusName]: z._default(z.string().check(z.minLength(1)), 'default'),
    [SCANNER_ENV.regionDeadlineMs]: settingSchema(SETTINGS.regionDeadline),
    [SCANNER_ENV.accessCheckMaxAgeHours]: settingSchema(SETTINGS.accessCheckMaxAge),
    [SCANNER_ENV.quotaRefreshHours]: settingSchema(SETTINGS.quotaRefreshInterval),
    [SCANNER_ENV.usageRefreshSeconds]: settingSchema(SETTINGS.usageRefreshInterval),
    /** Set by Lambda: the deployment's region, whose partition is the only one it can scan. */
    AWS_REGION: z.optional(RegionCode),
  })
  .check(
    z.superRefine((env, ctx) => {
      const regions = env[SCANNER_ENV.regions];
      if (!env.AWS_REGION || regions === 'auto') return;
      const partition = partitionOfRegion(env.AWS_REGION);
      const foreign = regions.filter((region) => partitionOfRegion(region) !== partition);
      if (foreign.length === 0) return;
      ctx.addIssue({
        code: 'custom',
        path: [SCANNER_ENV.regions],
        message: `${SCANNER_ENV.regions}: ${foreign.join(', ')} not in this deployment's partition ${partition} (AWS_REGION=${env.AWS_REGION}); credentials do not cross partitions, so deploy one stack per partition`,
      });
    }),
  );

/** Parsed once at module load: a bad deployment fails at init with a message naming the variable. */
export function loadScannerConfig(env: NodeJS.ProcessEnv) {
  const parsed = ScannerConfig.parse(env);
  return {
    /** The deployment's own region (AWS_REGION); `auto` reads its partition's region list. */
    ownRegion: parsed.AWS_REGION,
    tableName: parsed[SCANNER_ENV.tableName],
    regions: parsed[SCANNER_ENV.regions],
    scanIntervalSeconds: parsed[SCANNER_ENV.scanIntervalSeconds],
    ttlSeconds: parsed[SCANNER_ENV.ttlSeconds],
    latencyWindow: parsed[SCANNER_ENV.latencyWindow],
    changeRetentionDays: parsed[SCANNER_ENV.changeRetentionDays],
    eventBusName: parsed[SCANNER_ENV.eventBusName],
    regionDeadlineMs: parsed[SCANNER_ENV.regionDeadlineMs],
    accessCheckMaxAgeMs: parsed[SCANNER_ENV.accessCheckMaxAgeHours] * 60 * 60 * 1000,
    quotaRefreshMs: parsed[SCANNER_ENV.quotaRefreshHours] * 60 * 60 * 1000,
    usageRefreshMs: parsed[SCANNER_ENV.usageRefreshSeconds] * 1000,
  };
}

export type ScannerConfig = ReturnType<typeof loadScannerConfig>;

/**
 * What can invoke the scanner: the schedule; a Scan Requested event (from POST /v1/scans or any
 * workload allowed to put it), delivered whole by the construct's rule; or a direct invocation
 * with the request inline.
 */
export const ScannerEvent = z.discriminatedUnion('source', [
  // The scheduled time names the scan, so it must be a real instant.
  z.object({ source: z.literal('schedule'), scheduledTime: z.optional(z.iso.datetime()) }),
  z.object({
    source: z.literal(SCAN_REQUEST_SOURCE),
    'detail-type': z.literal(SCAN_REQUESTED_DETAIL_TYPE),
    detail: ScanRequestedDetail,
  }),
  z.extend(ScanRequestedDetail, { source: z.literal('api') }),
]);
export type ScannerEvent = z.infer<typeof ScannerEvent>;

/** The request an event carries, or undefined for a scheduled scan. */
export function scanRequestOf(event: ScannerEvent): ScanRequestedDetail | undefined {
  if (event.source === 'schedule') return undefined;
  return event.source === 'api' ? event : event.detail;
}
