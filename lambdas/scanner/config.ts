import { RegionsSetting } from '@bedrock-profile-catalog/catalog';
import * as z from 'zod';
import { ACCESS_CHECK_MAX_AGE_HOURS, REGION_DEADLINE_MS, SCANNER_ENV } from '../contract.js';

const ScannerConfig = z.object({
  [SCANNER_ENV.tableName]: z.string().min(3),
  [SCANNER_ENV.regions]: RegionsSetting.default('auto'),
  [SCANNER_ENV.scanIntervalSeconds]: z.coerce.number().int().positive().default(900),
  [SCANNER_ENV.ttlSeconds]: z.coerce.number().int().min(3600).default(259_200),
  [SCANNER_ENV.latencyWindow]: z.coerce.number().int().min(1).max(1000).default(50),
  [SCANNER_ENV.changeRetentionDays]: z.coerce.number().int().min(1).max(365).default(30),
  [SCANNER_ENV.eventBusName]: z.string().min(1).default('default'),
  [SCANNER_ENV.regionDeadlineMs]: z.coerce.number().int().min(1000).default(REGION_DEADLINE_MS),
  [SCANNER_ENV.accessCheckMaxAgeHours]: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(ACCESS_CHECK_MAX_AGE_HOURS),
});

/** Parsed once at module load: a bad deployment fails at init with a message naming the variable. */
export function loadScannerConfig(env: NodeJS.ProcessEnv) {
  const parsed = ScannerConfig.parse(env);
  return {
    tableName: parsed[SCANNER_ENV.tableName],
    regions: parsed[SCANNER_ENV.regions],
    scanIntervalSeconds: parsed[SCANNER_ENV.scanIntervalSeconds],
    ttlSeconds: parsed[SCANNER_ENV.ttlSeconds],
    latencyWindow: parsed[SCANNER_ENV.latencyWindow],
    changeRetentionDays: parsed[SCANNER_ENV.changeRetentionDays],
    eventBusName: parsed[SCANNER_ENV.eventBusName],
    regionDeadlineMs: parsed[SCANNER_ENV.regionDeadlineMs],
    accessCheckMaxAgeMs: parsed[SCANNER_ENV.accessCheckMaxAgeHours] * 60 * 60 * 1000,
  };
}

export type ScannerConfig = ReturnType<typeof loadScannerConfig>;

/** What can invoke the scanner: the schedule, or POST /v1/scans through the query function. */
export const ScannerEvent = z.discriminatedUnion('source', [
  z.object({ source: z.literal('schedule'), scheduledTime: z.string().optional() }),
  z.object({
    source: z.literal('api'),
    scanId: z.string().regex(/^[A-Za-z0-9-]{1,80}$/),
    regions: z.array(z.string()).min(1).optional(),
  }),
]);
export type ScannerEvent = z.infer<typeof ScannerEvent>;
