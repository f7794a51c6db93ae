/**
 * (g) Call-time routing (issue 14 §4): in-process resolution from the snapshot of the 30-region
 * scale data (us-east-1: its 1,000 application profiles included), that snapshot's load time and
 * heap, and the time a routed `Converse` adds over a bare client's against the emulator.
 *
 * A snapshot holds one source region's records only, so local mode scans us-east-1 of the scale
 * data: the same snapshot a 30-region scan gives for us-east-1, minutes sooner.
 * Standalone: `npx tsx bench/runtime.ts` (starts its own dynalite and scale emulator).
 */
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { startEmulator } from '@bedrock-profile-catalog/bedrock-emulator';
import { withCatalogRouting } from '@bedrock-profile-catalog/runtime';
import { LOCAL_CREDENTIALS, startServices } from './env.js';
import { startQueryTarget } from './query.js';
import { SCALE_EMULATOR } from './scale.js';
import { kib, log, median, mib, ms, type Row, ratio, round, summarize } from './stats.js';

const RESOLUTIONS = 20_000;
const LOADS = 5;
const CALLS = 60;
const SECTION = 'g. call-time routing';
// INFERENCE_PROFILE-only from us-east-1: the routed client sends a profile, the bare one that ID.
const ROUTED_MODEL = 'anthropic.claude-haiku-4-5-20251001-v1:0';
const HELLO = [{ role: 'user' as const, content: [{ text: 'Hi' }] }];

export interface RuntimeDetails {
  snapshotBytes: number;
  models: number;
  targets: number;
  resolveUs: { p50: number; p99: number; n: number };
  loadMs: number[];
  heapMiB: number;
  converseMs: { bare: number[]; routed: number[] };
}

/** A full collection, so heap deltas measure what is held (V8 exposes gc on request). */
function collect(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

export async function benchRuntime(
  dynamoEndpoint: string,
  scaleEmulatorUrl: string,
): Promise<{ rows: Row[]; details: RuntimeDetails }> {
  const target = await startQueryTarget({
    DYNAMODB_ENDPOINT: dynamoEndpoint,
    BEDROCK_ENDPOINT: scaleEmulatorUrl,
    TABLE_NAME: `bench-runtime-${Date.now()}`,
    CATALOG_REGIONS: 'us-east-1',
  });
  const directory = mkdtempSync(join(tmpdir(), 'bench-runtime-'));
  const file = join(directory, 'us-east-1.json');
  const emulator = await startEmulator({ port: 0 });
  const clients: BedrockRuntimeClient[] = [];
  const client = () => {
    const c = new BedrockRuntimeClient({
      region: 'us-east-1',
      endpoint: emulator.url,
      credentials: LOCAL_CREDENTIALS,
    });
    clients.push(c);
    return c;
  };
  try {
    const response = await fetch(`${target.catalog.url}/v1/snapshot?region=us-east-1`);
    const text = await response.text();
    writeFileSync(file, text);
    const snapshotBytes = statSync(file).size;

    // Load: the file read, JSON parse and schema check a first call waits for.
    const loadMs: number[] = [];
    let heapMiB = 0;
    for (let i = 0; i < LOADS; i++) {
      collect();
      const before = process.memoryUsage().heapUsed;
      const started = performance.now();
      const routed = withCatalogRouting(client(), { source: { snapshot: file } });
      const held = await routed.catalogRouting.snapshot();
      loadMs.push(performance.now() - started);
      collect();
      heapMiB = Math.max(heapMiB, (process.memoryUsage().heapUsed - before) / 1024 / 1024);
      if (!held) throw new Error('the snapshot did not load');
    }

    // Resolution: what the middleware does per call once the snapshot is held.
    const routed = withCatalogRouting(client(), { source: { snapshot: file } });
    const snapshot = await routed.catalogRouting.snapshot();
    const ids = Object.keys(snapshot?.models ?? {});
    const targets = Object.values(snapshot?.models ?? {}).reduce((n, t) => n + t.length, 0);
    const samples: number[] = [];
    for (let i = 0; i < RESOLUTIONS; i++) {
      const modelId = ids[i % ids.length] as string;
      const started = performance.now();
      await routed.catalogRouting.resolve(modelId);
      samples.push((performance.now() - started) * 1000);
    }
    const resolveUs = summarize(samples.slice(RESOLUTIONS / 10));

    // Converse: a bare client sending the chosen profile's ID vs a routed one given the bare ID; the
    // emulator answers both at once, so the difference is the middleware.
    const bare = client();
    const [best] = await routed.catalogRouting.resolve(ROUTED_MODEL);
    if (!best) throw new Error(`${ROUTED_MODEL} has no target from us-east-1`);
    const converse = (c: BedrockRuntimeClient, modelId: string) =>
      c.send(new ConverseCommand({ modelId, messages: HELLO, inferenceConfig: { maxTokens: 1 } }));
    const times = { bare: [] as number[], routed: [] as number[] };
    for (let i = 0; i < CALLS + 5; i++) {
      for (const [kind, c, id] of [
        ['bare', bare, best.targetId],
        ['routed', routed, ROUTED_MODEL],
      ] as const) {
        const started = performance.now();
        await converse(c, id);
        if (i >= 5) times[kind].push(performance.now() - started);
      }
    }
    const sent = new Set(emulator.runtime.calls().map((call) => call.modelId));
    if (sent.size !== 1) throw new Error(`routed and bare sent different IDs: ${[...sent]}`);

    const details: RuntimeDetails = {
      snapshotBytes,
      models: ids.length,
      targets,
      resolveUs: { p50: round(resolveUs.p50, 2), p99: round(resolveUs.p99, 2), n: resolveUs.n },
      loadMs: loadMs.map((v) => round(v)),
      heapMiB: round(heapMiB),
      converseMs: {
        bare: times.bare.map((v) => round(v, 2)),
        routed: times.routed.map((v) => round(v, 2)),
      },
    };
    log(
      `runtime: snapshot ${kib(snapshotBytes)}, ${ids.length} models, ${targets} targets; resolve p50 ${details.resolveUs.p50} µs p99 ${details.resolveUs.p99} µs; load ${ms(median(loadMs))}, heap ${mib(heapMiB * 1024 * 1024)}`,
    );
    const [bareP50, routedP50] = [median(times.bare), median(times.routed)];
    const converseRatio = ratio(routedP50, bareP50);
    log(`runtime: Converse p50 bare ${ms(bareP50)}, routed ${ms(routedP50)} (${converseRatio}×)`);
    const loadP50 = median(loadMs);
    const rows: Row[] = [
      {
        section: SECTION,
        metric: `resolution from the us-east-1 snapshot (${ids.length} models), p50 / p99 of ${resolveUs.n}`,
        value: `${details.resolveUs.p50} µs / ${details.resolveUs.p99} µs`,
        baseline: '',
        ratio: null,
        target: 'p50 ≤ 20 µs, p99 ≤ 200 µs',
        met: resolveUs.p50 <= 20 && resolveUs.p99 <= 200,
      },
      {
        section: SECTION,
        metric: `snapshot load from file (${kib(snapshotBytes)}, ${targets} targets), median of ${LOADS}`,
        value: ms(loadP50),
        baseline: '',
        ratio: null,
        target: '≤ 200 ms',
        met: loadP50 <= 200,
      },
      {
        section: SECTION,
        metric: 'snapshot held: heap after load minus before (after full GCs), max',
        value: mib(heapMiB * 1024 * 1024),
        baseline: '',
        ratio: null,
        target: '≤ 50 MiB',
        met: heapMiB <= 50,
      },
      {
        section: SECTION,
        metric: `routed Converse (bare ID) vs bare client (profile ID), p50 of ${CALLS}, emulator`,
        value: ms(routedP50),
        baseline: `bare ${ms(bareP50)}`,
        ratio: converseRatio,
        target: '≤ 1.05×',
        met: converseRatio <= 1.05,
      },
    ];
    return { rows, details };
  } finally {
    for (const c of clients) c.destroy();
    await emulator.close();
    await target.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const services = await startServices({ dynalite: true, emulators: { scale: SCALE_EMULATOR } });
  try {
    const { rows, details } = await benchRuntime(
      services.dynamo ?? '',
      services.emulators.scale ?? '',
    );
    console.log(JSON.stringify({ rows, details: { ...details, converseMs: undefined } }, null, 2));
  } finally {
    await services.close();
  }
}
