import {
  lazySchema,
  RegionsSetting,
  SETTINGS,
  settingSchema,
} from '@bedrock-profile-catalog/catalog';
import * as z from 'zod/mini';
import { QUERY_ENV } from '../contract.js';

const QueryConfig = z
  .object({
    [QUERY_ENV.tableName]: z.string().check(z.minLength(3)),
    [QUERY_ENV.cursorSecretArn]: z.optional(z.string().check(z.minLength(1))),
    [QUERY_ENV.cursorSecret]: z.optional(
      z.string().check(z.minLength(16, `${QUERY_ENV.cursorSecret} must be at least 16 characters`)),
    ),
    [QUERY_ENV.regions]: z._default(RegionsSetting, 'auto'),
    [QUERY_ENV.scanIntervalSeconds]: settingSchema(SETTINGS.scanInterval),
    [QUERY_ENV.scanCooldownSeconds]: settingSchema(SETTINGS.scanCooldown),
    [QUERY_ENV.priceStaleAfterHours]: settingSchema(SETTINGS.priceStaleAfter),
    // Only the scan-request function puts events (loadScanRequestConfig requires it).
    [QUERY_ENV.eventBusName]: z.optional(z.string().check(z.minLength(1))),
  })
  .check(
    z.refine(
      (env) =>
        (env[QUERY_ENV.cursorSecretArn] === undefined) !==
        (env[QUERY_ENV.cursorSecret] === undefined),
      `set exactly one of ${QUERY_ENV.cursorSecretArn} (deployed) or ${QUERY_ENV.cursorSecret} (local runs)`,
    ),
  );

/** Where the cursor key comes from: the secret (read at init) or a plain local value. */
export type CursorSecretSource = { secretId: string } | { value: string };

/** Parsed once at module load: a bad deployment fails at init with a message naming the variable. */
export function loadQueryConfig(env: NodeJS.ProcessEnv) {
  const parsed = QueryConfig.parse(env);
  const secretId = parsed[QUERY_ENV.cursorSecretArn];
  const value = parsed[QUERY_ENV.cursorSecret];
  const cursorSecret: CursorSecretSource = secretId ? { secretId } : { value: value ?? '' };
  return {
    tableName: parsed[QUERY_ENV.tableName],
    cursorSecret,
    regions: parsed[QUERY_ENV.regions],
    scanIntervalSeconds: parsed[QUERY_ENV.scanIntervalSeconds],
    scanCooldownSeconds: parsed[QUERY_ENV.scanCooldownSeconds],
    priceStaleAfterMs: parsed[QUERY_ENV.priceStaleAfterHours] * 3_600_000,
    eventBusName: parsed[QUERY_ENV.eventBusName],
  };
}

const ScanRequestConfig = /* @__PURE__ */ lazySchema(() =>
  z.object({ [QUERY_ENV.eventBusName]: z.string().check(z.minLength(1)) }),
);

/** The scan-request function's: the query function's settings plus the bus it puts requests on. */
export function loadScanRequestConfig(env: NodeJS.ProcessEnv) {
  const { [QUERY_ENV.eventBusName]: eventBusName } = ScanRequestConfig.parse(env);
  return { ...loadQueryConfig(env), eventBusName };
}
