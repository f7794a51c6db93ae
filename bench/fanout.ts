/**
 * (a) Scan fan-out: 24 regions at 20–300 ms per call. Parallel wall time against the floor (the
 * longest chain of dependent calls in one region: its longest listing's page count × its
 * latency), and against the same scan with region reads one after another.
 */
import { CatalogWriter } from '@bedrock-profile-catalog/catalog';
import {
  createBedrockClientFactory,
  createScanner,
  type RegionScanResult,
  type ScannerDeps,
  type ScanRegionDeps,
  scanRegion,
  summaryOf,
} from '@bedrock-profile-catalog/discovery';
import { createCountedTable, LOCAL_CREDENTIALS, RemoteEmulator } from './env.js';
import { log, median, ms, type Row, ratio, round, timed } from './stats.js';

/** The emulator data set: 15 default regions plus 9 clones of eu-west-1. */
export const FANOUT_EMULATOR = { regions: 24 };
const MIN_LATENCY_MS = 20;
const MAX_LATENCY_MS = 300;
const PARALLEL_RUNS = 5;
const SEQUENTIAL_RUNS = 3;
const WARM_UP_RUNS = 2;

export interface FanoutDetails {
  regions: number;
  latencyMsByRegion: Record<string, number>;
  firstScanMs: number;
  parallelMs: number[];
  sequentialMs: number[];
  floorMs: number[];
  ratioToFloor: number[];
  /** Time from the last region's read finishing to runScan returning (its writes + scan record). */
  writeTailMs: number[];
  /** CPU time of the scanning process during each parallel run (SDK, signing, parsing, writer). */
  scannerCpuMs: number[];
  emulatorRequests: number;
}

/**
 * @param emulatorUrl an emulator serving FANOUT_EMULATOR, in another process (bench/services.ts)
 */
export async function benchFanout(
  dynamoEndpoint: string,
  emulatorUrl: string,
): Promise<{ rows: Row[]; details: FanoutDetails }> {
  const emulator = new RemoteEmulator(emulatorUrl);
  const regions = (await emulator.regions()).sort();
  const latency: Record<string, number> = {};
  for (const [i, region] of regions.entries()) {
    const fixedMs = Math.round(
      MIN_LATENCY_MS + (i * (MAX_LATENCY_MS - MIN_LATENCY_MS)) / (regions.length - 1),
    );
    latency[region] = fixedMs;
    await emulator.setFault(region, { kind: 'latency', fixedMs });
  }
  const factory = createBedrockClientFactory({
    endpoint: emulator.url,
    credentials: LOCAL_CREDENTIALS,
    requestTimeoutMs: 10_000,
  });
  const table = await createCountedTable(dynamoEndpoint, 'bench-fanout');
  const writer = new CatalogWriter({
    documentClient: table.documentClient,
    tableName: table.tableName,
  });

  let results = new Map<string, RegionScanResult>();
  let lastReadEnd = 0;
  const capture = async (region: string, deps: ScanRegionDeps) => {
    const result = await scanRegion(region, deps);
    results.set(region, result);
    lastReadEnd = Math.max(lastReadEnd, performance.now());
    return result;
  };
  // The original design: one region after another (writes of region i may overlap region i+1's
  // reads, which only flatters the baseline).
  let queue: Promise<unknown> = Promise.resolve();
  const oneAtATime = (region: string, deps: ScanRegionDeps) => {
    const run = queue.then(() => capture(region, deps));
    queue = run.catch(() => {});
    return run;
  };

  const scannerFor = (read: NonNullable<ScannerDeps['scanRegion']>) =>
    createScanner({
      clientFor: factory.clientFor,
      writer,
      publishChanges: async () => {},
      regions,
      settings: { regionDeadlineMs: 60_000 },
      scanRegion: read,
    });
  const scanners = { parallel: scannerFor(capture), sequential: scannerFor(oneAtATime) };

  const scan = async (mode: 'parallel' | 'sequential') => {
    results = new Map();
    lastReadEnd = 0;
    const cpuBefore = process.cpuUsage();
    const { ms: wall, value: summary } = await timed(async () =>
      summaryOf(await scanners[mode].scan({ trigger: 'bench' })),
    );
    const end = performance.now();
    const cpu = process.cpuUsage(cpuBefore);
    if (summary.regionsFailed > 0) throw new Error(`fan-out scan had failed regions (${mode})`);
    let floor = 0;
    for (const [region, result] of results) {
      const chain = Math.max(...Object.values(result.pagesByListing));
      floor = Math.max(floor, chain * (latency[region] ?? 0));
    }
    if (process.env.BENCH_DEBUG) {
      for (const [region, result] of results) {
        if ((latency[region] ?? 0) < 270) continue;
        log(
          `${region} ${result.durationMs} ms pages ${JSON.stringify(result.pagesByListing)} attempts ${result.attemptTimings.map((t) => Math.round(t.ms)).join(',')}`,
        );
      }
    }
    return { wall, floor, writeTail: end - lastReadEnd, cpuMs: (cpu.user + cpu.system) / 1000 };
  };

  const details: FanoutDetails = {
    regions: regions.length,
    latencyMsByRegion: latency,
    firstScanMs: 0,
    parallelMs: [],
    sequentialMs: [],
    floorMs: [],
    ratioToFloor: [],
    writeTailMs: [],
    scannerCpuMs: [],
    emulatorRequests: 0,
  };
  try {
    // Warm-up: the first scan writes every item and opens the connections; then JIT warm-up.
    const first = await scan('parallel');
    details.firstScanMs = round(first.wall);
    log(`fan-out: warm-up (first scan) ${round(first.wall)} ms, floor ${first.floor} ms`);
    for (let i = 1; i < WARM_UP_RUNS; i++) await scan('parallel');
    await emulator.resetStats();
    const order: ('parallel' | 'sequential')[] = [];
    for (let i = 0; i < PARALLEL_RUNS; i++) {
      order.push('parallel');
      if (i < SEQUENTIAL_RUNS) order.push('sequential');
    }
    for (const mode of order) {
      const run = await scan(mode);
      if (mode === 'parallel') {
        details.parallelMs.push(round(run.wall));
        details.floorMs.push(run.floor);
        details.ratioToFloor.push(round(run.wall / run.floor, 3));
        details.writeTailMs.push(round(run.writeTail));
        details.scannerCpuMs.push(round(run.cpuMs));
      } else {
        details.sequentialMs.push(round(run.wall));
      }
      log(`fan-out: ${mode} ${round(run.wall)} ms (floor ${run.floor} ms)`);
    }
    details.emulatorRequests = (await emulator.stats()).totalRequests;
  } finally {
    factory.destroy();
    await emulator.clearFaults();
  }

  const parallel = median(details.parallelMs);
  const sequential = median(details.sequentialMs);
  const floor = median(details.floorMs);
  const toFloor = median(details.ratioToFloor);
  const section = `a. fan-out (${regions.length} regions, ${MIN_LATENCY_MS}–${MAX_LATENCY_MS} ms/call)`;
  return {
    details,
    rows: [
      {
        section,
        metric: 'parallel scan wall ÷ floor (unchanged rescan, dynalite writes incl.)',
        value: ms(parallel),
        baseline: `floor ${ms(floor)}`,
        ratio: round(toFloor, 2),
        target: '≤ 1.20×',
        met: toFloor <= 1.2,
      },
      {
        section,
        metric: 'speed-up: sequential ÷ parallel',
        value: ms(parallel),
        baseline: `sequential ${ms(sequential)}`,
        ratio: ratio(sequential, parallel),
        target: '(info)',
        met: null,
      },
      {
        section,
        metric: 'write tail: last region read → scan done (median)',
        value: ms(median(details.writeTailMs)),
        baseline: '',
        ratio: null,
        target: '(info)',
        met: null,
      },
      {
        section,
        metric: 'scanner process CPU per parallel scan (median)',
        value: ms(median(details.scannerCpuMs)),
        baseline: '',
        ratio: null,
        target: '(info)',
        met: null,
      },
      {
        section,
        metric: 'first scan (writes every item) wall ÷ floor',
        value: ms(details.firstScanMs),
        baseline: `floor ${ms(floor)}`,
        ratio: ratio(details.firstScanMs, floor),
        target: '(info, 1 run)',
        met: null,
      },
    ],
  };
}
