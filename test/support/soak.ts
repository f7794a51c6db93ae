/**
 * Soak under random faults: consecutive scans (createScanner + CatalogWriter on dynalite) against the
 * Bedrock emulator. Before each scan every region gets one random event (a fault, a profile added
 * or removed, or nothing) from a seeded PRNG; after each scan the invariants are checked against
 * an in-memory model of each region's last good snapshot. Used by test/soak (a short run in
 * `npm test`) and by `npm run soak` (bench/soak.ts: 200 scans, with counting DynamoDB clients).
 * The caller owns the table, so this module needs neither vitest nor the benchmarks.
 */

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  type EmulatorData,
  type Fault,
  type InferenceProfile,
  type RunningEmulator,
  seededRandom,
  startEmulator,
} from '@bedrock-profile-catalog/bedrock-emulator';
import {
  CATALOG_TABLE,
  CatalogReader,
  CatalogWriter,
  type ChangeRecord,
  type ProfileRecord,
  regionPartitionKey,
} from '@bedrock-profile-catalog/catalog';
import {
  createBedrockClientFactory,
  createScanner,
  summaryOf,
} from '@bedrock-profile-catalog/discovery';
import {
  apiGatewayEvent,
  CatalogQueryService,
  createQueryHandler,
} from '@bedrock-profile-catalog/query-api';
import { allPages } from '@bedrock-profile-catalog/query-api/client';

/** A fresh catalog table; the soak writes to it and reads it back. */
export interface SoakTable {
  documentClient: DynamoDBDocumentClient;
  tableName: string;
}

/** The emulator does not check signatures; the SDK only needs something to sign with. */
const EMULATOR_CREDENTIALS = { accessKeyId: 'soak', secretAccessKey: 'soak' };

export const SOAK_EVENTS = [
  'throttle',
  'serverError',
  'hang',
  'accessDenied',
  'malformed',
  'pageTwoFailure',
  'profileAdded',
  'profileRemoved',
  'nothing',
] as const;
export type SoakEvent = (typeof SOAK_EVENTS)[number];

/** Regions with more than one page of system profiles at the emulator's default page size (10). */
export const SOAK_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-2',
  'eu-central-1',
  'eu-west-1',
  'ap-northeast-1',
];

export interface SoakOptions {
  scans: number;
  seed: number;
  regions?: readonly string[];
  /** Per-region deadline: a hang is cut here. */
  regionDeadlineMs?: number;
  /** Simulated time between scans; items live `ttlSeconds`, so some expire during the run. */
  scanIntervalSeconds?: number;
  ttlSeconds?: number;
  lookupsPerScan?: number;
  onScan?: (progress: { scan: number; events: Record<string, SoakEvent> }) => void;
}

export interface SoakReport {
  seed: number;
  scans: number;
  regions: number;
  eventsByKind: Record<SoakEvent, number>;
  regionScansOk: number;
  regionScansFailed: number;
  lookups: number;
  expiredItemsHidden: number;
  violations: string[];
  durationMs: number;
}

interface Expectation {
  status: 'ok' | 'error' | 'denied';
  code: string | null;
}

const EXPECTED: Record<SoakEvent, Expectation> = {
  throttle: { status: 'error', code: 'throttled' },
  serverError: { status: 'error', code: 'error' },
  hang: { status: 'error', code: 'timeout' },
  accessDenied: { status: 'denied', code: 'denied' },
  malformed: { status: 'error', code: 'malformed' },
  pageTwoFailure: { status: 'error', code: 'error' },
  profileAdded: { status: 'ok', code: null },
  profileRemoved: { status: 'ok', code: null },
  nothing: { status: 'ok', code: null },
};

const PAGE_SIZE = 10;

/** What the catalog must hold for a profile: compared field by field, independent of hashing. */
export function emulatorView(p: InferenceProfile): string {
  return JSON.stringify({
    id: p.inferenceProfileId,
    arn: p.inferenceProfileArn,
    name: p.inferenceProfileName,
    description: p.description ?? null,
    status: p.status,
    type: p.type,
    modelArns: p.models.map((m) => m.modelArn),
    createdAt: p.createdAt ? new Date(p.createdAt).toISOString() : null,
    updatedAt: p.updatedAt ? new Date(p.updatedAt).toISOString() : null,
  });
}

export function catalogView(p: ProfileRecord | Record<string, unknown>): string {
  return JSON.stringify({
    id: p.profileId,
    arn: p.profileArn,
    name: p.name,
    description: p.description ?? null,
    status: p.status,
    type: p.type,
    modelArns: p.modelArns,
    createdAt: p.createdAt ?? null,
    updatedAt: p.updatedAt ?? null,
  });
}

export function sameMap(
  a: ReadonlyMap<string, string>,
  b: ReadonlyMap<string, string>,
): string | null {
  const missing = [...a.keys()].filter((k) => !b.has(k));
  const extra = [...b.keys()].filter((k) => !a.has(k));
  const differing = [...a.keys()].filter((k) => b.has(k) && a.get(k) !== b.get(k));
  if (missing.length + extra.length + differing.length === 0) return null;
  return `missing [${missing.slice(0, 5)}] extra [${extra.slice(0, 5)}] differing [${differing.slice(0, 5)}]`;
}

function faultFor(event: SoakEvent, random: () => number): Fault | null {
  switch (event) {
    case 'throttle':
      return { kind: 'throttle', times: 1_000 };
    case 'serverError':
      return { kind: 'serverError', status: random() < 0.5 ? 500 : 503 };
    case 'hang':
      return { kind: 'hang' };
    case 'accessDenied':
      return { kind: 'accessDenied' };
    case 'malformed':
      return { kind: 'malformed', body: random() < 0.5 ? 'truncated' : 'not-json' };
    case 'pageTwoFailure':
      return { kind: 'failOnNextPage' };
    default:
      return null;
  }
}

/** Every profile item GSI2 lists for `region`, expired or not: what the table really holds. */
export async function rawRegionProfiles(
  table: SoakTable,
  region: string,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.documentClient.send(
      new QueryCommand({
        TableName: table.tableName,
        IndexName: CATALOG_TABLE.indexes.byRegion.indexName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': CATALOG_TABLE.indexes.byRegion.partitionKey },
        ExpressionAttributeValues: { ':pk': regionPartitionKey(region) },
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []).filter((i) => i.recordType === 'profile'));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** Every profile the reader serves for `region`, all pages. */
export async function servedRegionProfiles(
  reader: CatalogReader,
  region: string,
): Promise<ProfileRecord[]> {
  const { items } = await allPages(`profiles of ${region}`, (cursor) =>
    reader.regionProfiles(region, { limit: 100, cursor }),
  );
  return items;
}

/** Runs the soak against `table` (left in place) and a fresh in-process emulator. */
export async function runSoakOnTable(table: SoakTable, options: SoakOptions): Promise<SoakReport> {
  const started = performance.now();
  const regions = options.regions ?? SOAK_REGIONS;
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const interval = (options.scanIntervalSeconds ?? 600) * 1000;
  const deadlineMs = options.regionDeadlineMs ?? 1_500;

  const emulator: RunningEmulator = await startEmulator();
  const factory = createBedrockClientFactory({
    endpoint: emulator.url,
    credentials: EMULATOR_CREDENTIALS,
    maxAttempts: 2,
    requestTimeoutMs: deadlineMs,
  });
  // Simulated catalog time: each scan runs one interval after the previous one.
  let clock = Date.now();
  const now = () => new Date(clock);
  const writer = new CatalogWriter({
    documentClient: table.documentClient,
    tableName: table.tableName,
    ttlSeconds: options.ttlSeconds ?? 3_600,
    now,
  });
  const reader = new CatalogReader({
    documentClient: table.documentClient,
    tableName: table.tableName,
    cursorSecret: 'soak-cursor-secret-0123456789',
    now,
  });
  const errors: string[] = [];
  const handle = createQueryHandler({
    service: new CatalogQueryService({
      reader,
      startScan: async () => ({ scanId: 'soak' }),
      configuredRegions: regions,
      scanIntervalSeconds: interval / 1000,
      now,
      regionsCacheMs: 0,
    }),
    logger: {
      info() {},
      warn() {},
      error: (message: string) => errors.push(message),
    },
  });

  const report: SoakReport = {
    seed: options.seed,
    scans: 0,
    regions: regions.length,
    eventsByKind: Object.fromEntries(SOAK_EVENTS.map((e) => [e, 0])) as Record<SoakEvent, number>,
    regionScansOk: 0,
    regionScansFailed: 0,
    lookups: 0,
    expiredItemsHidden: 0,
    violations: [],
    durationMs: 0,
  };
  const violation = (scan: number, message: string) => {
    report.violations.push(`scan ${scan}: ${message}`);
  };
  /** Last good snapshot per region: profile ID → view. */
  const lastGood = new Map<string, Map<string, string>>();
  const lastSuccessAt = new Map<string, string | null>();
  let added = 0;

  const emulatorProfiles = (region: string) =>
    new Map(
      (emulator.data().regions[region]?.inferenceProfiles ?? []).map((p) => [
        p.inferenceProfileId,
        emulatorView(p),
      ]),
    );
  const rawProfiles = (region: string) => rawRegionProfiles(table, region);
  const servedProfiles = (region: string) => servedRegionProfiles(reader, region);

  try {
    for (let scan = 1; scan <= options.scans; scan++) {
      clock += interval;
      const events: Record<string, SoakEvent> = {};
      const expected: Record<string, Expectation> = {};
      for (const region of regions) {
        const kind = pick(SOAK_EVENTS);
        events[region] = kind;
        report.eventsByKind[kind] += 1;
        const data = emulator.data().regions[region];
        const profiles = data?.inferenceProfiles ?? [];
        if (kind === 'profileAdded') {
          const model = pick(data?.foundationModels ?? []);
          if (model) {
            emulator.addProfile(region, {
              inferenceProfileId: `soak${String(++added).padStart(8, '0')}`,
              inferenceProfileName: `soak profile ${added}`,
              type: 'APPLICATION',
              models: [{ modelArn: model.modelArn }],
            });
          }
        } else if (kind === 'profileRemoved' && profiles.length > 1) {
          emulator.removeProfile(region, pick(profiles).inferenceProfileId);
        }
        const fault = faultFor(kind, random);
        if (fault) emulator.setFault(region, fault);
        let expectation = EXPECTED[kind];
        if (kind === 'pageTwoFailure') {
          // Only fires when some listing has a second page.
          const system = profiles.filter((p) => p.type === 'SYSTEM_DEFINED').length;
          const multiPage =
            system > PAGE_SIZE ||
            profiles.length - system > PAGE_SIZE ||
            (data?.provisionedModelThroughputs.length ?? 0) > PAGE_SIZE;
          if (!multiPage) expectation = EXPECTED.nothing;
        }
        expected[region] = expectation;
      }
      options.onScan?.({ scan, events });

      const published: ChangeRecord[] = [];
      const scanner = createScanner({
        clientFor: factory.clientFor,
        writer,
        publishChanges: async (changes) => {
          published.push(...changes);
        },
        regions,
        settings: { regionDeadlineMs: deadlineMs },
        now,
      });
      const summary = summaryOf(await scanner.scan({ trigger: 'soak' }));
      emulator.clearFaults();
      report.scans += 1;
      // Checks run a minute after the scan started, catalog time.
      clock += 60_000;
      const nowSeconds = Math.floor(clock / 1000);
      const regionRecords = new Map((await reader.regions()).map((r) => [r.region, r]));

      for (const region of regions) {
        const want = expected[region] ?? EXPECTED.nothing;
        const got = summary.regions.find((r) => r.region === region);
        const record = regionRecords.get(region);
        if (got?.status !== want.status || (got?.error?.code ?? null) !== want.code) {
          violation(
            scan,
            `${region} (${events[region]}): scan status ${got?.status}/${got?.error?.code ?? null}, want ${want.status}/${want.code}`,
          );
        }
        if (record?.status !== want.status || (record?.error?.code ?? null) !== want.code) {
          violation(
            scan,
            `${region} (${events[region]}): region record ${record?.status}/${record?.error?.code ?? null}, want ${want.status}/${want.code}`,
          );
        }
        const raw = await rawProfiles(region);
        const rawView = new Map(raw.map((i) => [String(i.profileId), catalogView(i)]));
        const served = await servedProfiles(region);
        const servedView = new Map(served.map((p) => [p.profileId, catalogView(p)]));
        const expiry = new Map(
          raw.map((i) => [String(i.profileId), Number(i[CATALOG_TABLE.ttlAttribute])]),
        );

        if (want.status === 'ok') {
          report.regionScansOk += 1;
          const truth = emulatorProfiles(region);
          const diff = sameMap(truth, rawView) ?? sameMap(truth, servedView);
          if (diff) violation(scan, `${region} ok but catalog ≠ emulator: ${diff}`);
          // Change events: exactly the difference from the last good snapshot.
          const before = lastGood.get(region);
          if (before) {
            const want = new Set([
              ...[...truth.keys()].filter((k) => !before.has(k)).map((k) => `added ${k}`),
              ...[...before.keys()].filter((k) => !truth.has(k)).map((k) => `removed ${k}`),
              ...[...truth.keys()]
                .filter((k) => before.has(k) && before.get(k) !== truth.get(k))
                .map((k) => `changed ${k}`),
            ]);
            const got = new Set(
              published
                .filter((c) => c.region === region && c.entity === 'profile')
                .map((c) => `${c.kind} ${c.id}`),
            );
            const d = sameMap(
              new Map([...want].map((k) => [k, k])),
              new Map([...got].map((k) => [k, k])),
            );
            if (d) violation(scan, `${region} change events ≠ diff from last good: ${d}`);
          }
          lastGood.set(region, truth);
          lastSuccessAt.set(region, record?.lastSuccessAt ?? null);
        } else {
          report.regionScansFailed += 1;
          const good = lastGood.get(region) ?? new Map<string, string>();
          const diff = sameMap(good, rawView);
          if (diff)
            violation(scan, `${region} failed but does not hold its last good snapshot: ${diff}`);
          if ((record?.lastSuccessAt ?? null) !== (lastSuccessAt.get(region) ?? null)) {
            violation(scan, `${region} failed but lastSuccessAt moved`);
          }
        }
        // No expired item served, and every live one is.
        const live = new Map([...rawView].filter(([id]) => (expiry.get(id) ?? 0) > nowSeconds));
        report.expiredItemsHidden += rawView.size - live.size;
        const diff = sameMap(live, servedView);
        if (diff) violation(scan, `${region} served ≠ unexpired stored items: ${diff}`);
      }

      // A random sample of lookups through the query API: no 5xx.
      const data = emulator.data();
      for (let i = 0; i < (options.lookupsPerScan ?? 8); i++) {
        const region = pick(regions);
        const regionData: EmulatorData['regions'][string] | undefined = data.regions[region];
        const profile = pick(regionData?.inferenceProfiles ?? []);
        const model = pick(regionData?.foundationModels ?? []);
        const profileId = encodeURIComponent(profile?.inferenceProfileId ?? 'absent');
        const modelId = encodeURIComponent(model?.modelId ?? 'absent');
        const lookups = [
          apiGatewayEvent({ path: '/v1/regions' }),
          apiGatewayEvent({ path: `/v1/regions/${region}/profiles`, query: { limit: '20' } }),
          apiGatewayEvent({ path: `/v1/profiles/${profileId}`, query: { region } }),
          apiGatewayEvent({ path: `/v1/profiles/${profileId}` }),
          apiGatewayEvent({ path: `/v1/models/${modelId}/regions` }),
          apiGatewayEvent({ path: `/v1/models/${modelId}/profiles`, query: { region } }),
          apiGatewayEvent({
            path: `/v1/models/${modelId}/invoke-targets`,
            query: { sourceRegion: region },
          }),
        ];
        // (/v1/health is left out: it answers 503 by design while a region is stale.)
        const lookup = pick(lookups);
        const result = await handle(lookup);
        report.lookups += 1;
        if ((result.statusCode ?? 500) >= 500) {
          violation(scan, `${lookup.rawPath} answered ${result.statusCode}: ${result.body}`);
        }
      }
    }
    if (errors.length > 0) report.violations.push(...errors.map((e) => `query API logged: ${e}`));
  } finally {
    factory.destroy();
    await emulator.close();
  }
  report.durationMs = Math.round(performance.now() - started);
  return report;
}
