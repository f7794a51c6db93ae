/**
 * Child-process entry: runs dynalite and/or Bedrock emulators out of the benchmark's process, as
 * DynamoDB and Bedrock are remote in production, so their CPU does not share the scanner's event
 * loop. Reads its spec from BENCH_SERVICES_SPEC, prints one JSON line with the URLs, and stops on
 * SIGTERM. Started by `startServices` in env.ts.
 */
import { type RunningEmulator, startEmulator } from '@bedrock-profile-catalog/bedrock-emulator';
import { emulatorDataFor, type ServicesSpec } from './data.js';
import { type Dynalite, startDynalite } from './env.js';

const spec = JSON.parse(process.env.BENCH_SERVICES_SPEC ?? '{}') as ServicesSpec;
const dynamo: Dynalite | null = spec.dynalite ? await startDynalite() : null;
const emulators: Record<string, RunningEmulator> = {};
for (const [name, dataSpec] of Object.entries(spec.emulators ?? {})) {
  emulators[name] = await startEmulator({
    data: emulatorDataFor(dataSpec),
    ...(dataSpec.pageSize ? { pageSize: dataSpec.pageSize } : {}),
  });
}

const stop = async () => {
  await Promise.all(Object.values(emulators).map((e) => e.close()));
  await dynamo?.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
process.stdout.write(
  `${JSON.stringify({
    dynamo: dynamo?.endpoint ?? null,
    emulators: Object.fromEntries(Object.entries(emulators).map(([k, e]) => [k, e.url])),
  })}\n`,
);
