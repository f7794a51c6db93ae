/** `npm run soak`: 200 scans under random faults (SOAK_SCANS / SOAK_SEED to override). */
import { runSoak } from './soak.js';

const scans = Number(process.env.SOAK_SCANS ?? 200);
const seed = Number(process.env.SOAK_SEED ?? Date.now() % 2 ** 31);
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
process.exitCode = report.violations.length === 0 ? 0 : 1;
