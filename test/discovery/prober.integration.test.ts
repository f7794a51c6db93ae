import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RunningEmulator } from '@bedrock-profile-catalog/bedrock-emulator';
import { CatalogReader, ProbeBudgetStore, ProbeWriter } from '@bedrock-profile-catalog/catalog';
import {
  createProber,
  type ProbePlan,
  probeReservationUsd,
} from '@bedrock-profile-catalog/discovery';
import type { LocalCatalog } from '@bedrock-profile-catalog/local';
import { CatalogQueryService } from '@bedrock-profile-catalog/query-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchJson, startTestCatalog } from '../support/local-catalog.js';

/**
 * The probe cycle end to end: targets resolved from a scanned catalog (local mode over dynalite
 * and the emulator), probed over HTTP against the emulator's runtime, recorded in the table and
 * read back through the API.
 */
const SONNET = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const HAIKU = 'anthropic.claude-haiku-4-5-20251001-v1:0';
const NOVA_LITE = 'amazon.nova-lite-v1:0';
// No CloudWatch traffic in the default data: its targets' latency can only come from probes.
const SONNET_4 = 'anthropic.claude-sonnet-4-20250514-v1:0';
// Its agreement is NOT_AVAILABLE in us-east-1 in the default data: every target is unusable.
const OPUS_46 = 'anthropic.claude-opus-4-6-v1';
const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
const PRICE = { inputPer1k: 0.003, outputPer1k: 0.015 };

let catalog: LocalCatalog;
let emulator: RunningEmulator;
let runtime: BedrockRuntimeClient;
let documentClient: DynamoDBDocumentClient;
let service: CatalogQueryService;

beforeAll(async () => {
  catalog = await startTestCatalog({ CATALOG_REGIONS: 'us-east-1,eu-west-1' });
  if (!catalog.emulator || !catalog.dynamoEndpoint) throw new Error('needs the embedded backends');
  emulator = catalog.emulator;
  runtime = new BedrockRuntimeClient({
    region: 'us-east-1',
    endpoint: emulator.url,
    credentials: CREDENTIALS,
    maxAttempts: 1,
  });
  documentClient = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'us-east-1',
      endpoint: catalog.dynamoEndpoint,
      credentials: CREDENTIALS,
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  service = new CatalogQueryService({
    reader: new CatalogReader({
      documentClient,
      tableName: catalog.tableName,
      cursorSecret: 'a-test-secret-of-enough-length',
    }),
    configuredRegions: 'auto',
    scanIntervalSeconds: 900,
  });
});

beforeEach(() => emulator.runtime.reset());

afterAll(async () => {
  runtime?.destroy();
  await catalog?.close();
});

/** Each test spends in a month of its own (the budget record is per month). */
let month = 0;
function proberFor(plan: Partial<ProbePlan>, monthlyCapUsd = 1) {
  month += 1;
  const at = new Date(Date.UTC(2031, month, 10));
  const table = { documentClient, tableName: catalog.tableName };
  const budget = new ProbeBudgetStore({ ...table, monthlyCapUsd, now: () => at });
  const writer = new ProbeWriter({ ...table, window: 50 });
  return createProber({
    sourceRegion: 'us-east-1',
    plan: {
      models: [SONNET],
      targets: 'usable',
      serviceTiers: [],
      prices: { default: PRICE, overrides: {} },
      ...plan,
    },
    invokeTargets: (modelId, sourceRegion) => service.invokeTargets(modelId, sourceRegion),
    clientFor: () => runtime,
    budget,
    record: (observation) => writer.record(observation),
    now: () => at,
  });
}

interface TargetView {
  targetId: string;
  access: { usable: boolean } | null;
  latency: { source: string; fromRegion: string } | null;
}

const invokeTargets = async (modelId: string) =>
  (
    await fetchJson<{ items: TargetView[] }>(
      catalog,
      `/v1/models/${encodeURIComponent(modelId)}/invoke-targets?sourceRegion=us-east-1`,
    )
  ).body.items;

describe('Function: createProber, runCycle', () => {
  it("'usable' probes exactly the targets invoke-targets marks usable, and the API then shows their latency", async () => {
    const offered = [...(await invokeTargets(SONNET)), ...(await invokeTargets(SONNET_4))];
    const usable = offered.filter((t) => t.access?.usable !== false);
    // The default data: Sonnet's global profile has a 0 quota (unusable); Opus 4.6 has targets
    // in us-east-1, none usable (agreement). None of those is probed.
    expect(usable.length).toBeGreaterThan(1);
    expect(usable.length).toBeLessThan(offered.length);
    expect((await invokeTargets(OPUS_46)).length).toBeGreaterThan(0);

    const summary = await proberFor({ models: [SONNET, SONNET_4, OPUS_46] }).runCycle();

    const called = emulator.runtime.calls().map((call) => call.modelId);
    expect(called.sort()).toEqual(usable.map((t) => t.targetId).sort());
    expect(emulator.runtime.calls().every((call) => call.region === 'us-east-1')).toBe(true);
    expect(summary).toMatchObject({
      sourceRegion: 'us-east-1',
      planned: usable.length,
      probed: usable.length,
      ok: usable.length,
      skippedForBudget: 0,
      errors: {},
      unresolved: [],
    });
    for (const target of await invokeTargets(SONNET_4)) {
      expect(target.latency).toMatchObject({ source: 'probe', fromRegion: 'us-east-1' });
    }
    expect((await invokeTargets(OPUS_46)).every((t) => t.latency === null)).toBe(true);
  });

  it('probes an explicit list of target IDs, and names the ones no listed model offers', async () => {
    const summary = await proberFor({
      targets: [`us.${SONNET}`, `apac.${SONNET}`],
    }).runCycle();

    expect(emulator.runtime.calls().map((call) => call.modelId)).toEqual([`us.${SONNET}`]);
    expect(summary.probed).toBe(1);
    expect(summary.unresolved).toEqual([
      {
        id: `apac.${SONNET}`,
        reason: `not an invoke target of ${SONNET} from us-east-1`,
      },
    ]);
  });

  it('probes each listed tier once per target and counts refusals by kind', async () => {
    const summary = await proberFor({
      targets: [`us.${SONNET}`, `global.${SONNET}`],
      serviceTiers: ['flex'],
    }).runCycle();

    // Standard and flex for both; the emulator's data refuses flex on the geo profile.
    expect(
      emulator.runtime
        .calls()
        .map((call) => `${call.modelId} ${call.serviceTier ?? 'standard'} ${call.outcome}`)
        .sort(),
    ).toEqual([
      `global.${SONNET} flex ok`,
      `global.${SONNET} standard ok`,
      `us.${SONNET} flex ValidationException`,
      `us.${SONNET} standard ok`,
    ]);
    expect(summary).toMatchObject({ planned: 4, probed: 4, ok: 3, errors: { validation: 1 } });
  });

  it('records throttling and model-not-ready by kind', async () => {
    emulator.runtime.setTarget(`us.${SONNET}`, { ttftMs: 5, fault: 'throttled' });
    emulator.runtime.setTarget(`global.${SONNET}`, { ttftMs: 5, fault: 'notReady' });
    const summary = await proberFor({
      targets: [`us.${SONNET}`, `global.${SONNET}`],
    }).runCycle();
    expect(summary.errors).toEqual({ throttled: 1, notReady: 1 });
    expect(summary.ok).toBe(0);
  });

  it('stops at the monthly cap: later targets are skipped without a call, and the spend stays under it', async () => {
    const reservation = probeReservationUsd(PRICE);
    // Room for one reservation: the first probe spends what it cost (under 5% of a
    // reservation here), after which no second reservation fits under the cap.
    const prober = proberFor(
      { models: [SONNET, HAIKU], serviceTiers: ['flex', 'priority'] },
      reservation * 1.05,
    );
    const summary = await prober.runCycle();

    expect(summary.planned).toBeGreaterThan(2);
    expect(summary).toMatchObject({ probed: 1, skippedForBudget: summary.planned - 1 });
    expect(emulator.runtime.calls()).toHaveLength(1);
    expect(summary.budget.spentUsd).toBeGreaterThan(0);
    expect(summary.budget.spentUsd).toBeLessThanOrEqual(summary.budget.capUsd);
    expect(summary.budget.capUsd).toBeCloseTo(reservation * 1.05, 5);

    // The next cycle in the same month starts no call at all.
    const again = await prober.runCycle();
    expect(again).toMatchObject({ probed: 0, skippedForBudget: again.planned });
    expect(emulator.runtime.calls()).toHaveLength(1);
    expect(again.budget.spentUsd).toBe(summary.budget.spentUsd);
  });

  it('prices a target by its own override, then its model, then the default', async () => {
    const summary = await proberFor({
      models: [HAIKU, NOVA_LITE],
      targets: [`us.${HAIKU}`, `global.${HAIKU}`, `us.${NOVA_LITE}`],
      prices: {
        default: { inputPer1k: 1, outputPer1k: 1 },
        overrides: {
          [`us.${HAIKU}`]: { inputPer1k: 0.5, outputPer1k: 0 },
          [HAIKU]: { inputPer1k: 0, outputPer1k: 0.25 },
        },
      },
    }).runCycle();
    // The emulator counts 1 input and 1 output token for the tiny prompt.
    const byTarget = Object.fromEntries(summary.results.map((r) => [r.targetId, r.costUsd]));
    expect(byTarget).toEqual({
      [`us.${HAIKU}`]: 0.5 / 1000,
      [`global.${HAIKU}`]: 0.25 / 1000,
      [`us.${NOVA_LITE}`]: 2 / 1000,
    });
  });

  it('names a model the catalog does not hold, and probes the others', async () => {
    const summary = await proberFor({ models: ['vendor.no-such-model-v1:0', SONNET] }).runCycle();
    expect(summary.unresolved).toEqual([
      {
        id: 'vendor.no-such-model-v1:0',
        reason: "model 'vendor.no-such-model-v1:0' is not in the catalog",
      },
    ]);
    expect(summary.ok).toBeGreaterThan(0);
  });
});
