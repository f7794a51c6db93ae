/**
 * `npm run bench`: every section in one run, one table on stdout, bench/results.json written.
 * Dynalite and the Bedrock emulators run in child processes (see services.ts).
 */
import { writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { benchColdStart } from './cold-start.js';
import { startServices } from './env.js';
import { benchFanout, FANOUT_EMULATOR } from './fanout.js';
import { benchPriceRefresh } from './price-refresh.js';
import { benchProbe } from './probe.js';
import { benchQuery } from './query.js';
import { benchRuntime } from './runtime.js';
import { benchScale, SCALE_EMULATOR } from './scale.js';
import { formatTable, log, type Row } from './stats.js';
import { benchWriteCost } from './write-cost.js';

const started = performance.now();
const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(totalmem() / 1024 ** 3),
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
};
log(`machine: ${JSON.stringify(machine)}`);

const dynamo = await startServices({ dynalite: true });
const emulators = await startServices({
  emulators: { default: {}, writes: {}, fanout: FANOUT_EMULATOR, scale: SCALE_EMULATOR },
});
const rows: Row[] = [];
const details: Record<string, unknown> = {};
try {
  const endpoint = dynamo.dynamo ?? '';
  const url = (name: string) => emulators.emulators[name] ?? '';
  log('a. scan fan-out');
  const fanout = await benchFanout(endpoint, url('fanout'));
  rows.push(...fanout.rows);
  details.fanout = fanout.details;
  log('b. write cost');
  const writes = await benchWriteCost(endpoint, url('writes'));
  rows.push(...writes.rows);
  details.writeCost = writes.details;
  log('c. query path');
  const query = await benchQuery(endpoint, url('default'));
  rows.push(...query.rows);
  details.query = query.details;
  log('d. cold start');
  const cold = await benchColdStart();
  rows.push(...cold.rows);
  details.coldStart = cold.details;
  log('e. scale');
  const scale = await benchScale(endpoint, url('scale'), url('default'));
  rows.push(...scale.rows);
  details.scale = scale.details;
  log('f. probe overhead');
  const probes = await benchProbe();
  rows.push(...probes.rows);
  details.probe = probes.details;
  log('g. call-time routing');
  const routing = await benchRuntime(endpoint, url('scale'));
  rows.push(...routing.rows);
  details.runtime = routing.details;
  log('h. price refresh');
  const prices = await benchPriceRefresh(endpoint, url('default'));
  rows.push(...prices.rows);
  details.priceRefresh = prices.details;
} finally {
  await dynamo.close();
  await emulators.close();
}

const durationS = Math.round((performance.now() - started) / 1000);
const table = formatTable(rows);
console.log(table);
const missed = rows.filter((r) => r.met === false).length;
console.log(
  `\n${rows.filter((r) => r.met !== null).length - missed} targets met, ${missed} missed; ${durationS} s on ${machine.cpus} cores, Node ${machine.node}`,
);
await writeFile(
  new URL('./results.json', import.meta.url),
  `${JSON.stringify({ generatedAt: new Date().toISOString(), durationS, machine, rows, details }, null, 2)}\n`,
);
