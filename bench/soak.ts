/**
 * `npm run soak` (bench/soak-run.ts): the soak of test/support/soak.ts on its own dynalite, with
 * counting DynamoDB clients. The invariant checker lives with the tests, which run it short in
 * `npm test`; the benchmark only supplies the table.
 */
import { runSoakOnTable, type SoakOptions, type SoakReport } from '../test/support/soak.js';
import { createCountedTable, startDynalite } from './env.js';

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const dynalite = await startDynalite();
  try {
    return await runSoakOnTable(await createCountedTable(dynalite.endpoint, 'soak'), options);
  } finally {
    await dynalite.close();
  }
}
