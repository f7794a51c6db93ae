/**
 * `npx tsx bench/price-refresh-run.ts`: section h alone (dynalite and the emulator in a child,
 * as in `npm run bench`), its rows on stdout; bench/results.json is left as it is.
 */
import { startServices } from './env.js';
import { benchPriceRefresh } from './price-refresh.js';
import { formatTable } from './stats.js';

const services = await startServices({ dynalite: true, emulators: { default: {} } });
try {
  const { rows, details } = await benchPriceRefresh(
    services.dynamo ?? '',
    services.emulators.default ?? '',
  );
  console.log(formatTable(rows));
  console.log(JSON.stringify(details, null, 2));
} finally {
  await services.close();
}
