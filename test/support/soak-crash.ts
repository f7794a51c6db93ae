/**
 * Crash-and-race soak (issue 11, "Proof"): rounds against one table while Bedrock state keeps
 * changing through the emulator. Each round changes a few regions (sometimes 150 additions at
 * once), then either
 * - kills a scanner Lambda process (test/support/scanner-process.ts) with SIGKILL at a random
 *   moment of its scan (the delay is spread over a clean run's duration, so before, during and
 *   after the item writes and during the publish), or
 * - starts two overlapping scans from two processes on the same table, 0–400 ms apart, with a
 *   state change between their starts, or
 * - does the same with two scanners in this process.
 * Then a clean scan brings the table to quiescence, and the invariants of "What must hold" 1–3
 * are checked through the reader, the query API and table reads only (never the writer's
 * internals), so the harness runs unchanged on any writer:
 * - the change feed is complete: every profile that differs between the previous and the current
 *   quiescent content of a region has a record of that kind in /v1/changes;
 * - every change record was received by EventBridge (the emulator's PutEvents) at least once;
 * - a region equals one snapshot (the previous committed content or a state the round set),
 *   unless its record says it is mid-apply (`applying`), and its counts equal what is served;
 * - 0 leftovers: once a scan committed a region, nothing of a state that scan did not see;
 * - no scan reads `running` once its deadline has passed.
 * Used by test/soak/soak-crash.slow.test.ts (short) and `SOAK_MODE=crash npm run soak`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  type InferenceProfile,
  type RunningEmulator,
  seededRandom,
  startEmulator,
} from '@bedrock-profile-catalog/bedrock-emulator';
import { CatalogReader, CatalogWriter, type ProfileRecord } from '@bedrock-profile-catalog/catalog';
import {
  createBedrockClientFactory,
  createScanner,
  eventBridgeChangePublisher,
  type Scanner,
} from '@bedrock-profile-catalog/discovery';
import {
  apiGatewayEvent,
  CatalogQueryService,
  createQueryHandler,
} from '@bedrock-profile-catalog/query-api';
import { allPages } from '@bedrock-profile-catalog/query-api/client';
import { catalogView, emulatorView, rawRegionProfiles, servedRegionProfiles } from './soak.js';

export interface CrashSoakTable {
  documentClient: DynamoDBDocumentClient;
  tableName: string;
  /** The DynamoDB endpoint the scanner processes write to (dynalite). */
  dynamoEndpoint: string;
}

export interface CrashSoakOptions {
  /** Scans to run in all (killed, racing and clean ones); rounds continue until reached. */
  scans: number;
  seed: number;
  regions?: readonly string[];
  /** Function timeout of a killed scanner process; past it, its scan must read interrupted. */
  killedTimeoutMs?: number;
  /** Chance that a changed region gets MANY_ADDITIONS new profiles at once. */
  manyAdditionsChance?: number;
  onRound?: (progress: { round: number; kind: RoundKind; scans: number }) => void;
}

export type RoundKind = 'kill' | 'twoProcesses' | 'inProcess';

export interface CrashSoakReport {
  seed: number;
  rounds: number;
  roundsByKind: Record<RoundKind, number>;
  scans: number;
  kills: number;
  /** Kills by the moment of the calibration run they came at (see KILL_PHASES). */
  killsByPhase: Record<string, number>;
  /** Kills that came after the killed scan had published at least one event. */
  killsAfterPublishStarted: number;
  racesTwoProcess: number;
  racesInProcess: number;
  changeRecordsExpected: number;
  changeRecordsFound: number;
  changeRecordsMissing: number;
  /** Change records in the feed with no PutEvents entry after the clean scan. */
  eventsMissing: number;
  leftovers: number;
  /** Region checks where the served items were no single snapshot and nothing said applying. */
  mixedRegionsServed: number;
  mixedRegionsServedAsOk: number;
  /** Region checks whose counts.profiles differed from the number of profiles served. */
  countsMismatches: number;
  /** Regions found mid-apply (`applying` set) right after a kill or a race: kills that hit the writes. */
  regionsFoundApplying: number;
  stuckScans: number;
  /**
   * A clean scanner process run (go → exit), and when its first and last change events arrived
   * (ms after go): the kill delays are spread over it.
   */
  calibration: {
    exitMs: number;
    firstEventMs: number | null;
    lastEventMs: number | null;
    /** `succeeded` unless the machine was too slow for the killed processes' time limit. */
    status: string;
  };
  violations: string[];
  durationMs: number;
}

/** Four regions with more than one page of system profiles at the emulator's page size. */
export const CRASH_SOAK_REGIONS = ['us-east-1', 'us-west-2', 'eu-central-1', 'eu-west-1'];
/** The contended case: this many additions in one region, then overlapping scans. */
export const MANY_ADDITIONS = 150;
const EVENT_BUS = 'catalog-soak-bus';
const READY_LINE = 'crash-soak: scanner ready';
const ROOT = new URL('../..', import.meta.url);
const CREDENTIALS = { accessKeyId: 'soak', secretAccessKey: 'soak' };
const RACE_MAX_GAP_MS = 400;
/** Racing processes are not killed: a long timeout keeps their deadline out of the way. */
const RACE_TIMEOUT_MS = 60_000;
/** When a kill came, by the calibration run's timeline: early, writing, publishing, after. */
const KILL_PHASES = ['early', 'writing', 'publishing', 'after'] as const;

type View = Map<string, string>;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The region as one snapshot: profile ID → the fields compared (soak.ts's views). */
function viewOfProfiles(profiles: readonly InferenceProfile[]): View {
  return new Map(profiles.map((p) => [p.inferenceProfileId, emulatorView(p)]));
}

function viewOfItems(items: readonly (ProfileRecord | Record<string, unknown>)[]): View {
  return new Map(items.map((i) => [String(i.profileId), catalogView(i)]));
}

function sameView(a: View, b: View): boolean {
  return a.size === b.size && [...a].every(([id, view]) => b.get(id) === view);
}

/** Items of `items` that are not, field for field, in `state`. */
function notIn(items: View, state: View): string[] {
  return [...items].filter(([id, view]) => state.get(id) !== view).map(([id]) => id);
}

/** Profile differences from `before` to `after`, as `kind id`. */
function diffOf(before: View, after: View): string[] {
  return [
    ...[...after.keys()].filter((id) => !before.has(id)).map((id) => `added ${id}`),
    ...[...before.keys()].filter((id) => !after.has(id)).map((id) => `removed ${id}`),
    ...[...after]
      .filter(([id, view]) => before.has(id) && before.get(id) !== view)
      .map(([id]) => `changed ${id}`),
  ];
}

const changeKey = (c: Record<string, unknown>) => `${c.region} ${c.entity} ${c.kind} ${c.id}`;
const eventKey = (c: Record<string, unknown>) => `${changeKey(c)} ${c.scanId}`;

/** A scanner Lambda in its own process, loaded and waiting for `go`. */
interface ScannerProcess {
  scanId: string;
  ready: Promise<void>;
  exited: Promise<NodeJS.Signals | number | null>;
  go(): void;
  kill(): void;
  stderr(): string;
}

/** Runs the crash soak against `table` (left in place) and a fresh in-process emulator. */
export async function runCrashSoakOnTable(
  table: CrashSoakTable,
  options: CrashSoakOptions,
): Promise<CrashSoakReport> {
  const started = performance.now();
  const regions = [...(options.regions ?? CRASH_SOAK_REGIONS)];
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const killedTimeoutMs = options.killedTimeoutMs ?? 3_000;
  const manyChance = options.manyAdditionsChance ?? 0.3;

  const emulator: RunningEmulator = await startEmulator();
  const factory = createBedrockClientFactory({
    endpoint: emulator.url,
    credentials: CREDENTIALS,
    maxAttempts: 2,
  });
  const eventBridge = new EventBridgeClient({
    region: 'us-east-1',
    endpoint: emulator.url,
    credentials: CREDENTIALS,
  });
  const children = new Set<ChildProcess>();
  const reader = new CatalogReader({
    documentClient: table.documentClient,
    tableName: table.tableName,
    cursorSecret: 'crash-soak-cursor-secret-0123456789',
  });
  // The query API as a reader far in the future sees it: every scan past its deadline.
  let clockOffsetMs = 0;
  const shiftedNow = () => new Date(Date.now() + clockOffsetMs);
  const api = createQueryHandler({
    service: new CatalogQueryService({
      reader: new CatalogReader({
        documentClient: table.documentClient,
        tableName: table.tableName,
        cursorSecret: 'crash-soak-cursor-secret-0123456789',
        now: shiftedNow,
      }),
      startScan: async () => ({ scanId: 'crash-soak' }),
      configuredRegions: regions,
      scanIntervalSeconds: 300,
      now: shiftedNow,
      regionsCacheMs: 0,
    }),
    logger: { info() {}, warn() {}, error() {} },
  });
  const callApi = async (path: string) => {
    const result = await api(apiGatewayEvent({ path }));
    return { status: result.statusCode ?? 500, body: JSON.parse(result.body ?? 'null') };
  };

  const report: CrashSoakReport = {
    seed: options.seed,
    rounds: 0,
    roundsByKind: { kill: 0, twoProcesses: 0, inProcess: 0 },
    scans: 0,
    kills: 0,
    killsByPhase: Object.fromEntries(KILL_PHASES.map((p) => [p, 0])),
    killsAfterPublishStarted: 0,
    racesTwoProcess: 0,
    racesInProcess: 0,
    changeRecordsExpected: 0,
    changeRecordsFound: 0,
    changeRecordsMissing: 0,
    eventsMissing: 0,
    leftovers: 0,
    mixedRegionsServed: 0,
    mixedRegionsServedAsOk: 0,
    countsMismatches: 0,
    regionsFoundApplying: 0,
    stuckScans: 0,
    calibration: { exitMs: 0, firstEventMs: null, lastEventMs: null, status: 'absent' },
    violations: [],
    durationMs: 0,
  };
  let round = 0;
  const violation = (message: string) => report.violations.push(`round ${round}: ${message}`);

  // ---- scanners ------------------------------------------------------------------------------
  const inProcessScanner = (): Scanner =>
    createScanner({
      clientFor: factory.clientFor,
      writer: new CatalogWriter({
        documentClient: table.documentClient,
        tableName: table.tableName,
      }),
      publishChanges: eventBridgeChangePublisher({ client: eventBridge, eventBusName: EVENT_BUS }),
      regions,
      settings: { regionDeadlineMs: 10_000 },
    });
  let scanSequence = 0;
  const newScanId = () =>
    `${new Date().toISOString().replace(/[-:.]/g, '')}-crash${String(++scanSequence).padStart(4, '0')}`;

  const spawnScanner = (timeoutMs: number): ScannerProcess => {
    const scanId = newScanId();
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/scanner-process.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'soak',
        AWS_SECRET_ACCESS_KEY: 'soak',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        AWS_ENDPOINT_URL_BEDROCK: emulator.url,
        AWS_ENDPOINT_URL_EVENTBRIDGE: emulator.url,
        AWS_ENDPOINT_URL_DYNAMODB: table.dynamoEndpoint,
        TABLE_NAME: table.tableName,
        CATALOG_REGIONS: regions.join(','),
        EVENT_BUS_NAME: EVENT_BUS,
        POWERTOOLS_LOG_LEVEL: 'ERROR',
        POWERTOOLS_METRICS_DISABLED: 'true',
        SCANNER_TIMEOUT_MS: String(timeoutMs),
        SCAN_ID: scanId,
        SCANNER_WAIT_FOR_GO: READY_LINE,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    children.add(child);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-2_000);
    });
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
      child.once('exit', (code, signal) => {
        children.delete(child);
        resolve(signal ?? code);
      }),
    );
    const ready = new Promise<void>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
      lines.on('line', (line) => {
        if (line === READY_LINE) resolve();
      });
      void exited.then((how) => reject(new Error(`scanner process exited (${how}): ${stderr}`)));
    });
    ready.catch(() => {});
    return {
      scanId,
      ready,
      exited,
      go: () => child.stdin?.write('go\n'),
      kill: () => child.kill('SIGKILL'),
      stderr: () => stderr,
    };
  };

  /**
   * Loading the handler takes a process a second or two, so the next round's processes load
   * while this round is checked; they wait for `go` and touch nothing before it.
   */
  const idle = new Map<number, ScannerProcess[]>();
  const takeScanner = (timeoutMs: number) =>
    idle.get(timeoutMs)?.shift() ?? spawnScanner(timeoutMs);
  const preload = (timeoutMs: number, count: number) => {
    const waiting = idle.get(timeoutMs) ?? [];
    while (waiting.length < count) waiting.push(spawnScanner(timeoutMs));
    idle.set(timeoutMs, waiting);
  };

  // ---- reads ---------------------------------------------------------------------------------
  const rawProfiles = async (region: string) => viewOfItems(await rawRegionProfiles(table, region));
  const servedProfiles = async (region: string) =>
    viewOfItems(await servedRegionProfiles(reader, region));
  /** /v1/regions as served, by region. */
  const servedRegions = async () => {
    clockOffsetMs = 0;
    const { body } = await callApi('/v1/regions');
    const list = (body?.items ?? []) as Record<string, unknown>[];
    return new Map(list.map((r) => [String(r.region), r]));
  };
  const feedSince = async (since: Date) =>
    (await allPages('changes', (cursor) => reader.changesSince(since, { limit: 100, cursor })))
      .items;
  const emulatorState = (region: string) =>
    viewOfProfiles(emulator.data().regions[region]?.inferenceProfiles ?? []);
  const allStates = () => new Map(regions.map((r) => [r, emulatorState(r)]));

  // ---- Bedrock changes -----------------------------------------------------------------------
  let profileSequence = 0;
  /**
   * Profiles changed this round: an existing one changes at most once a round, so the net kind
   * of its difference is sure. A profile added this round may be removed again (the older of two
   * racing scans then writes items the newer one must not keep); its net difference is none.
   */
  let touched = new Set<string>();
  let addedThisRound = new Map<string, string[]>();
  const changeBedrock = (manyIn: string | null, removeAdded = false) => {
    const changed = regions.filter(() => random() < 0.6);
    if (changed.length === 0) changed.push(pick(regions));
    if (manyIn !== null && !changed.includes(manyIn)) changed.push(manyIn);
    for (const region of changed) {
      const data = emulator.data().regions[region];
      if (!data) continue;
      const untouched = data.inferenceProfiles.filter(
        (p) => !touched.has(`${region} ${p.inferenceProfileId}`),
      );
      const additions = region === manyIn ? MANY_ADDITIONS : Math.floor(random() * 5);
      for (let i = 0; i < additions; i++) {
        const model = pick(data.foundationModels);
        const id = `crash${String(++profileSequence).padStart(7, '0')}`;
        touched.add(`${region} ${id}`);
        addedThisRound.set(region, [...(addedThisRound.get(region) ?? []), id]);
        emulator.addProfile(region, {
          inferenceProfileId: id,
          inferenceProfileName: `crash soak ${profileSequence}`,
          type: 'APPLICATION',
          models: [{ modelArn: model.modelArn }],
        });
      }
      const fresh = removeAdded ? (addedThisRound.get(region) ?? []) : [];
      for (const id of fresh.splice(0, Math.floor(random() * Math.min(40, fresh.length + 1)))) {
        emulator.removeProfile(region, id);
      }
      const removals = untouched.length > 8 ? Math.floor(random() * 4) : 0;
      for (let i = 0; i < removals && untouched.length > 0; i++) {
        const [profile] = untouched.splice(Math.floor(random() * untouched.length), 1);
        if (!profile) continue;
        touched.add(`${region} ${profile.inferenceProfileId}`);
        emulator.removeProfile(region, profile.inferenceProfileId);
      }
      const edits = Math.floor(random() * 3);
      for (let i = 0; i < edits && untouched.length > 0; i++) {
        const [profile] = untouched.splice(Math.floor(random() * untouched.length), 1);
        if (!profile) continue;
        touched.add(`${region} ${profile.inferenceProfileId}`);
        emulator.addProfile(region, {
          ...profile,
          description: `edited in round ${round} (${++profileSequence})`,
          updatedAt: new Date().toISOString(),
        });
      }
    }
  };

  // ---- checks --------------------------------------------------------------------------------
  /**
   * Each region must serve exactly one of `candidates` (the previous committed content or a
   * state set this round), with counts that match, unless its record says it is mid-apply.
   */
  const checkSnapshots = async (when: string, candidates: Map<string, View[]>) => {
    const records = await servedRegions();
    for (const region of regions) {
      const record = records.get(region);
      const served = await servedProfiles(region);
      const countsProfiles = (record?.counts as { profiles?: number } | undefined)?.profiles;
      if ((record?.applying ?? null) !== null) {
        // Mid-apply, and it says so: the items lie between `counts`' snapshot and
        // `applying.counts`'s, so neither count can match them until the apply is done.
        report.regionsFoundApplying += 1;
        continue;
      }
      if (countsProfiles !== served.size) {
        report.countsMismatches += 1;
        violation(`${when}: ${region} counts.profiles ${countsProfiles} but ${served.size} served`);
      }
      const options = candidates.get(region) ?? [];
      if (options.some((state) => sameView(served, state))) continue;
      report.mixedRegionsServed += 1;
      if (record?.status === 'ok') report.mixedRegionsServedAsOk += 1;
      const closest =
        [...options].sort(
          (a, b) =>
            notIn(served, a).length +
            notIn(a, served).length -
            (notIn(served, b).length + notIn(b, served).length),
        )[0] ?? new Map();
      violation(
        `${when}: ${region} served as ${record?.status} with no applying, but is no single snapshot: ${notIn(served, closest).length} items not in the closest, ${notIn(closest, served).length} missing`,
      );
    }
  };

  /** After a scan committed each region: nothing of a state that scan did not see. */
  const checkLeftovers = async (
    when: string,
    seenBy: (region: string, scanId: string) => View[],
  ) => {
    const records = await servedRegions();
    for (const region of regions) {
      const record = records.get(region);
      if (record?.status !== 'ok' || (record?.applying ?? null) !== null) continue;
      const seen = seenBy(region, String(record.lastScanId));
      if (seen.length === 0) continue;
      const raw = await rawProfiles(region);
      const left = Math.min(...seen.map((state) => notIn(raw, state).length));
      if (left > 0) {
        report.leftovers += left;
        violation(
          `${when}: ${region} committed by ${record.lastScanId} holds ${left} leftover item(s)`,
        );
      }
    }
  };

  /** Every scan of the round reads a final status once past its deadline. */
  const checkNoStuckScans = async (scanIds: readonly string[]) => {
    for (const scanId of scanIds) {
      clockOffsetMs = 0;
      const now = await callApi(`/v1/scans/${encodeURIComponent(scanId)}`);
      if (now.status === 404) continue;
      const deadline = Date.parse(String(now.body?.deadlineAt ?? ''));
      clockOffsetMs = Number.isNaN(deadline)
        ? 24 * 3_600_000
        : Math.max(0, deadline + 1_000 - Date.now());
      const late = await callApi(`/v1/scans/${encodeURIComponent(scanId)}`);
      clockOffsetMs = 0;
      const status = late.body?.status;
      if (status === 'running') {
        report.stuckScans += 1;
        violation(`scan ${scanId} reads ${status} past its deadline`);
      }
    }
  };

  // ---- set-up: a committed first snapshot, and a clean process run to time the kills ---------
  const cleanScan = async () => {
    const outcome = await inProcessScanner().scan({ trigger: 'crash-soak', scanId: newScanId() });
    report.scans += 1;
    return outcome.scanId;
  };
  let seenScanIds = new Set<string>();
  try {
    seenScanIds.add(await cleanScan());
    changeBedrock(null);
    const calibration = spawnScanner(killedTimeoutMs);
    await calibration.ready;
    const calibrationStart = Date.now();
    calibration.go();
    const how = await calibration.exited;
    const calibrationEvents = emulator
      .events()
      .filter((e) => e.detail.scanId === calibration.scanId)
      .map((e) => Date.parse(e.receivedAt) - calibrationStart);
    report.calibration = {
      exitMs: Date.now() - calibrationStart,
      firstEventMs: calibrationEvents.length > 0 ? Math.min(...calibrationEvents) : null,
      lastEventMs: calibrationEvents.length > 0 ? Math.max(...calibrationEvents) : null,
      status: 'absent',
    };
    // Kills land anywhere from the start to a little past the publish (or the exit).
    const killWindowMs = Math.min(
      report.calibration.exitMs,
      1.2 * (report.calibration.lastEventMs ?? report.calibration.exitMs),
    );
    report.scans += 1;
    seenScanIds.add(calibration.scanId);
    if (how !== 0) violation(`calibration scanner exited with ${how}: ${calibration.stderr()}`);
    // The kills are timed on this run; on a loaded machine its short time limit may cut it.
    report.calibration.status = (await reader.scan(calibration.scanId))?.status ?? 'absent';
    seenScanIds.add(await cleanScan());
    let quiescentAt = new Date();
    let committed = new Map<string, View>();
    for (const region of regions) committed.set(region, await rawProfiles(region));

    preload(killedTimeoutMs, 1);
    preload(RACE_TIMEOUT_MS, 2);
    while (report.scans < options.scans) {
      round += 1;
      touched = new Set();
      addedThisRound = new Map();
      const kind: RoundKind = pick(['kill', 'kill', 'twoProcesses', 'inProcess']);
      report.rounds += 1;
      report.roundsByKind[kind] += 1;
      const roundScans: string[] = [];
      const states = new Map(regions.map((r) => [r, [committed.get(r) ?? new Map()]]));
      const addStates = () => {
        for (const [region, state] of allStates()) states.get(region)?.push(state);
      };
      // Races get many additions more often: a long apply is what the older scan loses.
      const many = random() < (kind === 'kill' ? manyChance : Math.max(manyChance, 0.5));
      changeBedrock(many ? pick(regions) : null);
      addStates();

      if (kind === 'kill') {
        const child = takeScanner(killedTimeoutMs);
        roundScans.push(child.scanId);
        await child.ready;
        // Half over the whole run; the writes and the publish are short, so they get the rest.
        const { firstEventMs, lastEventMs } = report.calibration;
        const writesFrom = 0.7 * (firstEventMs ?? 0);
        const publishFrom = Math.max(0, (firstEventMs ?? 0) - 30);
        const publishTo = (lastEventMs ?? killWindowMs) + 30;
        const lottery = random();
        const delay =
          lottery < 0.5
            ? random() * killWindowMs
            : lottery < 0.75
              ? writesFrom + random() * Math.max(0, killWindowMs - writesFrom)
              : publishFrom + random() * (publishTo - publishFrom);
        child.go();
        const goAt = Date.now();
        await sleep(delay);
        const published = emulator.events().some((e) => e.detail.scanId === child.scanId);
        child.kill();
        await child.exited;
        report.kills += 1;
        report.scans += 1;
        if (published) report.killsAfterPublishStarted += 1;
        const phase =
          firstEventMs === null || lastEventMs === null
            ? 'unknown'
            : delay < firstEventMs / 2
              ? 'early'
              : delay < firstEventMs
                ? 'writing'
                : delay <= lastEventMs
                  ? 'publishing'
                  : 'after';
        report.killsByPhase[phase] = (report.killsByPhase[phase] ?? 0) + 1;
        await checkSnapshots('after a kill', states);
        // A dead Lambda's scan is over at its deadline: the next scan comes after it.
        await sleep(Math.max(0, goAt + killedTimeoutMs + 100 - Date.now()));
      } else if (kind === 'twoProcesses') {
        const [first, second] = [
          takeScanner(RACE_TIMEOUT_MS),
          takeScanner(RACE_TIMEOUT_MS),
        ] as const;
        roundScans.push(first.scanId, second.scanId);
        await Promise.all([first.ready, second.ready]);
        const gap = random() * RACE_MAX_GAP_MS;
        const beforeChange = gap * random();
        first.go();
        await sleep(beforeChange);
        changeBedrock(null, true);
        addStates();
        await sleep(gap - beforeChange);
        second.go();
        const exits = await Promise.all([first.exited, second.exited]);
        report.racesTwoProcess += 1;
        report.scans += 2;
        for (const [i, how] of exits.entries()) {
          if (how !== 0)
            violation(
              `racing scanner ${i + 1} exited with ${how}: ${[first, second][i]?.stderr()}`,
            );
        }
        await checkSnapshots('after a two-process race', states);
        // The first scan may have listed before or after the change; the second saw the last state.
        await checkLeftovers('after a two-process race', (region, scanId) => {
          const all = states.get(region) ?? [];
          if (scanId === second.scanId) return all.slice(-1);
          if (scanId === first.scanId) return all.slice(1);
          return [];
        });
      } else {
        const [first, second] = [inProcessScanner(), inProcessScanner()];
        const gap = random() * RACE_MAX_GAP_MS;
        const beforeChange = gap * random();
        const a = first.start({ trigger: 'crash-soak', scanId: newScanId() });
        await sleep(beforeChange);
        changeBedrock(null, true);
        addStates();
        await sleep(gap - beforeChange);
        const b = second.start({ trigger: 'crash-soak', scanId: newScanId() });
        roundScans.push(a.scanId, b.scanId);
        await Promise.allSettled([a.outcome, b.outcome]);
        report.racesInProcess += 1;
        report.scans += 2;
        await checkSnapshots('after an in-process race', states);
        await checkLeftovers('after an in-process race', (region, scanId) => {
          const all = states.get(region) ?? [];
          if (scanId === b.scanId) return all.slice(-1);
          if (scanId === a.scanId) return all.slice(1);
          return [];
        });
      }

      // Quiescence: a clean scan (which also publishes what is left), then the checks.
      preload(killedTimeoutMs, 1);
      preload(RACE_TIMEOUT_MS, 2);
      const clean = await cleanScan();
      roundScans.push(clean);
      const truth = allStates();
      const feed = (await feedSince(new Date(quiescentAt.getTime() - 2_000))).filter(
        (c) => !seenScanIds.has(c.scanId),
      );
      const feedKinds = new Set(feed.filter((c) => c.entity === 'profile').map(changeKey));
      const published = new Set(emulator.events().map((e) => eventKey(e.detail)));
      const now = new Map<string, View>();
      for (const region of regions) {
        const raw = await rawProfiles(region);
        now.set(region, raw);
        const want = truth.get(region) ?? new Map();
        if (!sameView(raw, want)) {
          const left = notIn(raw, want).length;
          report.leftovers += left;
          violation(
            `quiescent ${region} ≠ Bedrock after a clean scan: ${left} leftover, ${notIn(want, raw).length} missing`,
          );
        }
        for (const change of diffOf(committed.get(region) ?? new Map(), raw)) {
          const [kindOf, id] = change.split(' ') as [string, string];
          report.changeRecordsExpected += 1;
          if (feedKinds.has(changeKey({ region, entity: 'profile', id, kind: kindOf }))) {
            report.changeRecordsFound += 1;
          } else {
            report.changeRecordsMissing += 1;
            violation(`${region}: no '${kindOf}' record for ${id} in /v1/changes`);
          }
        }
      }
      for (const change of feed) {
        if (!published.has(eventKey(change))) {
          report.eventsMissing += 1;
          violation(`change ${eventKey(change)} never reached EventBridge`);
        }
      }
      await checkSnapshots('at quiescence', new Map([...truth].map(([r, s]) => [r, [s]])));
      await checkNoStuckScans(roundScans);
      committed = now;
      quiescentAt = new Date();
      seenScanIds = new Set([...seenScanIds, ...roundScans]);
      options.onRound?.({ round, kind, scans: report.scans });
    }
  } finally {
    for (const child of children) child.kill('SIGKILL');
    factory.destroy();
    eventBridge.destroy();
    await emulator.close();
  }
  report.durationMs = Math.round(performance.now() - started);
  return report;
}
