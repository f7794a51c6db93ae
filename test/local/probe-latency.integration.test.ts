import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ProbeBudgetStore, ProbeWriter } from '@bedrock-profile-catalog/catalog';
import { type ProbeRunTarget, runProbes } from '@bedrock-profile-catalog/discovery';
import type { LocalCatalog } from '@bedrock-profile-catalog/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchJson, startTestCatalog } from '../support/local-catalog.js';

/**
 * Issue 13 end to end: probes against the emulator's runtime write probe records into the local
 * catalog's table; invoke-targets then carries each target's latency, and `rank=latency` orders
 * the usable targets by the injected times to first token.
 */
// A model with no CloudWatch traffic in the emulator's data, so its latency comes from probes alone.
const SONNET_4 = 'anthropic.claude-sonnet-4-20250514-v1:0';
const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
const OTHER_SOURCE = 'us-west-2';
// The global profile answers faster than the geo one, the reverse of the rule order.
const INJECTED: Record<string, number> = {
  [`us.${SONNET_4}`]: 220,
  [`global.${SONNET_4}`]: 60,
};

interface Target {
  targetId: string;
  scope: string;
  access: { usable: boolean } | null;
  latency: { ttftMs: { p50: number; p90: number }; source: string; samples: number } | null;
  tiers: { flex: string; priority: string };
}

let catalog: LocalCatalog;
let runtime: BedrockRuntimeClient;

beforeAll(async () => {
  catalog = await startTestCatalog();
  const emulator = catalog.emulator;
  if (!emulator || !catalog.dynamoEndpoint)
    throw new Error('needs the embedded emulator and dynalite');
  for (const [id, ttftMs] of Object.entries(INJECTED)) emulator.runtime.setTarget(id, { ttftMs });
  runtime = new BedrockRuntimeClient({
    region: 'us-east-1',
    endpoint: emulator.url,
    credentials: CREDENTIALS,
    maxAttempts: 1,
  });
  const documentClient = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'us-east-1',
      endpoint: catalog.dynamoEndpoint,
      credentials: CREDENTIALS,
    }),
  );
  const table = { documentClient, tableName: catalog.tableName };
  const targets: ProbeRunTarget[] = Object.keys(INJECTED).flatMap((targetId) =>
    Array.from({ length: 5 }, () => ({
      sourceRegion: 'us-east-1',
      targetId,
      modelId: SONNET_4,
      tier: 'standard' as const,
      price: { inputPer1k: 0.001, outputPer1k: 0.005 },
    })),
  );
  targets.push({ ...(targets[0] as ProbeRunTarget), tier: 'flex' });
  // From a second source region, only the slower geo profile: its time to first token ranks it
  // after us-east-1 (whose global profile answers in 60 ms) on /v1/models/{m}/regions.
  for (let i = 0; i < 5; i++) {
    targets.push({ ...(targets[0] as ProbeRunTarget), sourceRegion: OTHER_SOURCE });
  }
  const writer = new ProbeWriter({ ...table, window: 50 });
  await runProbes(targets, {
    clientFor: () => runtime,
    budget: new ProbeBudgetStore({ ...table, monthlyCapUsd: 1 }),
    record: (observation) => writer.record(observation),
  });
});

afterAll(async () => {
  runtime?.destroy();
  await catalog?.close();
});

const invokeTargets = (query = '') =>
  fetchJson<{ items: Target[] }>(
    catalog,
    `/v1/models/${encodeURIComponent(SONNET_4)}/invoke-targets?sourceRegion=us-east-1${query}`,
  );

describe('the probe budget', () => {
  it('GET /v1/health says how much of the monthly cap the probes used', async () => {
    const { status, body } = await fetchJson<{
      probeBudget: { month: string; capUsd: number; spentUsd: number; usedPercent: number } | null;
    }>(catalog, '/v1/health');
    expect(status).toBe(200);
    // 16 probes of 1 input and 1 output token at $0.001 / $0.005 per 1,000: $0.000006 each.
    expect(body.probeBudget).toEqual({
      month: new Date().toISOString().slice(0, 7),
      capUsd: 1,
      spentUsd: 0.000096,
      usedPercent: 0.01,
    });
  });
});

describe('measured latency on invoke targets', () => {
  it("carries each probed target's time to first token, near what the emulator injected", async () => {
    const { status, body } = await invokeTargets();
    expect(status).toBe(200);
    for (const [id, injected] of Object.entries(INJECTED)) {
      const target = body.items.find((t) => t.targetId === id);
      expect(target?.latency).toMatchObject({ source: 'probe', samples: 5 });
      const p50 = target?.latency?.ttftMs.p50 ?? Number.NaN;
      expect(Math.abs(p50 - injected)).toBeLessThanOrEqual(injected * 0.15 + 10);
    }
    // Not probed: no latency, tiers unknown. Probed with flex: the emulator accepts it there.
    expect(body.items.find((t) => !(t.targetId in INJECTED))?.latency ?? null).toBeNull();
    expect(body.items.find((t) => t.targetId === `us.${SONNET_4}`)?.tiers.flex).toBe('supported');
  });

  it('rank=latency orders the usable targets by measured p50; the default keeps the rule order', async () => {
    const byScope = (await invokeTargets()).body.items.map((t) => t.targetId);
    const byLatency = (await invokeTargets('&rank=latency')).body.items;
    const measured = byLatency.filter((t) => t.latency !== null && t.access?.usable !== false);
    expect(measured.map((t) => t.targetId)).toEqual(
      Object.entries(INJECTED)
        .sort(([, a], [, b]) => a - b)
        .map(([id]) => id),
    );
    // Measured first, then unmeasured usable ones, unusable last; the same targets either way.
    const groups = byLatency.map((t) => (t.access?.usable === false ? 2 : t.latency ? 0 : 1));
    expect(groups).toEqual([...groups].sort());
    expect([...byLatency.map((t) => t.targetId)].sort()).toEqual([...byScope].sort());
    expect(byScope.indexOf(`us.${SONNET_4}`)).toBeLessThan(byScope.indexOf(`global.${SONNET_4}`));
  });

  it("prefers the account's own traffic (CloudWatch) where there is some, with usage and headroom", async () => {
    const haiku = 'anthropic.claude-haiku-4-5-20251001-v1:0';
    const { body } = await fetchJson<{
      items: (Target & { usage: Record<string, unknown> | null })[];
    }>(catalog, `/v1/models/${encodeURIComponent(haiku)}/invoke-targets?sourceRegion=us-east-1`);
    const global = body.items.find((t) => t.targetId === `global.${haiku}`);
    expect(global?.latency).toMatchObject({ source: 'cloudwatch', fromRegion: 'us-east-1' });
    expect(global?.usage).toMatchObject({
      invocations: expect.any(Number),
      throttles: expect.any(Number),
    });
    expect((global?.usage?.invocations as number) > 0).toBe(true);
  });

  it("shows the model's time to first token per region: the fastest probed target from us-east-1", async () => {
    const { status, body } = await fetchJson<{
      items: { region: string; latency: (Target['latency'] & { targetId: string }) | null }[];
    }>(catalog, `/v1/models/${encodeURIComponent(SONNET_4)}/regions`);
    expect(status).toBe(200);
    const [first, second, ...rest] = body.items;
    // Measured regions first, fastest p50 first, whatever their control-plane order.
    expect(first).toMatchObject({
      region: 'us-east-1',
      latency: { targetId: `global.${SONNET_4}`, source: 'probe', samples: 5 },
    });
    expect(second).toMatchObject({
      region: OTHER_SOURCE,
      latency: { targetId: `us.${SONNET_4}`, source: 'probe', samples: 5 },
    });
    for (const [region, id] of [
      [first, `global.${SONNET_4}`],
      [second, `us.${SONNET_4}`],
    ] as const) {
      const p50 = region?.latency?.ttftMs.p50 ?? Number.NaN;
      const injected = INJECTED[id] ?? Number.NaN;
      expect(Math.abs(p50 - injected)).toBeLessThanOrEqual(injected * 0.15 + 10);
    }
    // Nothing was probed from the other regions, and the account has no traffic there.
    expect(rest.length).toBeGreaterThan(0);
    expect(rest.map((r) => r.latency)).toEqual(rest.map(() => null));
  });

  it('refuses an unknown rank with a 400 naming the parameter', async () => {
    const { status, body } = await invokeTargets('&rank=fastest');
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: { code: 'INVALID_PARAMETER' } });
  });
});
