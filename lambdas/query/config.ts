import { RegionsSetting } from '@bedrock-profile-catalog/catalog';
import * as z from 'zod';
import { QUERY_ENV } from '../contract.js';

const QueryConfig = z.object({
  [QUERY_ENV.tableName]: z.string().min(3),
  [QUERY_ENV.cursorSecret]: z.string().min(16, 'CURSOR_SECRET must be at least 16 characters'),
  [QUERY_ENV.regions]: RegionsSetting.default('auto'),
  [QUERY_ENV.scanIntervalSeconds]: z.coerce.number().int().positive().default(900),
  [QUERY_ENV.scannerFunctionName]: z.string().min(1),
});

/** Parsed once at module load: a bad deployment fails at init with a message naming the variable. */
export function loadQueryConfig(env: NodeJS.ProcessEnv) {
  const parsed = QueryConfig.parse(env);
  return {
    tableName: parsed[QUERY_ENV.tableName],
    cursorSecret: parsed[QUERY_ENV.cursorSecret],
    regions: parsed[QUERY_ENV.regions],
    scanIntervalSeconds: parsed[QUERY_ENV.scanIntervalSeconds],
    scannerFunctionName: parsed[QUERY_ENV.scannerFunctionName],
  };
}
