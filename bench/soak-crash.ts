/**
 * `SOAK_MODE=crash npm run soak` (bench/soak-run.ts): the crash soak of test/support/soak-crash.ts
 * on its own dynalite. Like bench/soak.ts, the benchmark only supplies the table; the scanner
 * processes it spawns write to the same dynalite over HTTP.
 */
import {
  type CrashSoakOptions,
  type CrashSoakReport,
  runCrashSoakOnTable,
} from '../test/support/soak-crash.js';
import { createCountedTable, startDynalite } from './env.js';

export async function runCrashSoak(options: CrashSoakOptions): Promise<CrashSoakReport> {
  const dynalite = await startDynalite();
  try {
    const table = await createCountedTable(dynalite.endpoint, 'soak-crash');
    return await runCrashSoakOnTable({ ...table, dynamoEndpoint: dynalite.endpoint }, options);
  } finally {
    await dynalite.close();
  }
}
