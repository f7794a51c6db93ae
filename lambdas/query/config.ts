import { RegionsSetting, SETTINGS, settingSchema } from '@bedrock-profile-catalog/catalog';
import * as z from 'zod/mini';
import { QUERY_ENV } from '../contract.js';

const QueryConfig = z.object({
  [QUERY_ENV.tableName]: z.string().check(z.minLength(3)),
  [QUERY_ENV.cursorSecret]: z
    .string()
    .check(z.minLength(16, 'CURSOR_SECRET must be at least 16 characters')),
  [QUERY_ENV.regions]: z._default(RegionsSetting, 'auto'),
  [QUERY_ENV.scanIntervalSeconds]: settingSchema(SETTINGS.scanInterval),
  [QUERY_ENV.scanCooldownSeconds]: settingSchema(SETTINGS.scanCooldown),
  [QUERY_ENV.eventBusName]: z.string().check(z.minLength(1)),
});

/** Parsed once at module load: a bad deployment fails at init with a message naming the variable. */
export function loadQueryConfig(env: NodeJS.ProcessEnv) {
  const parsed = QueryConfig.parse(env);
  return {
    tableName: parsed[QUERY_ENV.tableName],
    cursorSecret: parsed[QUERY_ENV.cursorSecret],
    regions: parsed[QUERY_ENV.regions],
    scanIntervalSeconds: parsed[QUERY_ENV.scanIntervalSeconds],
    scanCooldownSeconds: parsed[QUERY_ENV.scanCooldownSeconds],
    eventBusName: parsed[QUERY_ENV.eventBusName],
  };
}
