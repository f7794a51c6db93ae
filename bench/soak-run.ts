/**
 * `npm run soak`: 200 scans under random faults (SOAK_SCANS / SOAK_SEED to override).
 * Both by default (`SOAK_MODE=all`): ~200 scans of the crash soak (SIGKILLed scanner processes,
 * overlapping scans in one process and across two, Bedrock changing); `SOAK_MODE=all` runs both.
 */
import { runSoak } from './soak.js';
import { runCrashSoak } from './soak-crash.js';

const scans = Number(process.env.SOAK_SCANS ?? 200);
const seed = Number(process.env.SOAK_SEED ?? Date.now() % 2 ** 31);
const mode = process.env.SOAK_MODE ?? 'all';
if (!['faults', 'crash', 'all'].includes(mode)) {
  console.error(`SOAK_MODE must be faults, crash or all, not ${mode}`);
  process.exit(2);
}
let violations = 0;

if (mode !== 'crash') {
  console.log(`soak: ${scans} scans, seed ${seed} (repeat with SOAK_SEED=${seed})`);
  const report = await runSoak({
    scans,
    seed,
    onScan: ({ scan }) => {
      if (scan % 20 === 0) process.stderr.write(`[soak] scan ${scan}/${scans}\n`);
    },
  });
  console.log(JSON.stringify({ ...report, violations: report.violations.slice(0, 50) }, null, 2));
  console.log(
    `soak: ${report.scans} scans, ${report.violations.length} invariant violations, ${Math.round(report.durationMs / 1000)} s`,
  );
  violations += report.violations.length;
}

if (mode !== 'faults') {
  console.log(`crash soak: ${scans} scans, seed ${seed} (repeat with SOAK_SEED=${seed})`);
  const report = await runCrashSoak({
    scans,
    seed,
    onRound: ({ round, scans: done }) => {
      if (round % 5 === 0)
        process.stderr.write(`[crash soak] round ${round}, ${done}/${scans} scans\n`);
    },
  });
  console.log(JSON.stringify({ ...report, violations: report.violations.slice(0, 50) }, null, 2));
  console.log(
    [
      `crash soak: ${report.rounds} rounds, ${report.scans} scans, ${report.kills} kills`,
      `${report.racesTwoProcess} two-process and ${report.racesInProcess} in-process races`,
      `change records expected ${report.changeRecordsExpected}, found ${report.changeRecordsFound}`,
      `${report.eventsMissing} events missing, ${report.leftovers} leftovers`,
      `${report.regionsFoundApplying} regions found mid-apply (flagged applying)`,
      `${report.mixedRegionsServed} mixed regions served without the flag (${report.mixedRegionsServedAsOk} as ok)`,
      `${report.stuckScans} stuck scans, ${report.violations.length} invariant violations, ${Math.round(report.durationMs / 1000)} s`,
    ].join('; '),
  );
  violations += report.violations.length;
}
process.exitCode = violations === 0 ? 0 : 1;
