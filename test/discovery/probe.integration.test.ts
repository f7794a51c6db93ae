import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { RunningEmulator } from '@bedrock-profile-catalog/bedrock-emulator';
import { startEmulator } from '@bedrock-profile-catalog/bedrock-emulator';
import {
  ProbeBudgetStore,
  type ProbeRecord,
  ProbeWriter,
  probeKeys,
} from '@bedrock-profile-catalog/catalog';
import {
  type ProbeRunTarget,
  probeReservationUsd,
  runProbes,
} from '@bedrock-profile-catalog/discovery';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CatalogTestTable, createCatalogTestTable } from '../support/catalog-table.js';

const SONNET = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const SONNET_GEO = `us.${SONNET}`;
const PRICE = { inputPer1k: 0.003, outputPer1k: 0.015 };

let emulator: RunningEmulator;
let table: CatalogTestTable;
const clients = new Map<string, BedrockRuntimeClient>();
const clientFor = (region: string) => {
  let client = clients.get(region);
  if (!client) {
    client = new BedrockRuntimeClient({
      region,
      endpoint: emulator.url,
      credentials: { accessKeyId: 'AKIDEMULATOR', secretAccessKey: 'secret' },
      maxAttempts: 1,
    });
    clients.set(region, client);
  }
  return client;
};

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  table = await createCatalogTestTable('probes');
});

beforeEach(() => emulator.runtime.reset());

afterAll(async () => {
  for (const client of clients.values()) client.destroy();
  await emulator.close();
});

/** Each test spends in a month of its own (the budget record is per month). */
let month = 0;
function stores(monthlyCapUsd: number) {
  month += 1;
  const at = new Date(Date.UTC(2030, month, 15));
  const budget = new ProbeBudgetStore({ ...table, monthlyCapUsd, now: () => at });
  const writer = new ProbeWriter({ ...table, window: 50 });
  return { budget, writer };
}

async function stored(target: ProbeRunTarget): Promise<ProbeRecord> {
  const keys = probeKeys(target);
  const { Item } = await table.documentClient.send(
    new GetCommand({ TableName: table.tableName, Key: { PK: keys.PK, SK: keys.SK } }),
  );
  return Item as ProbeRecord;
}

const target = (targetId: string, tier: ProbeRunTarget['tier'] = 'standard'): ProbeRunTarget => ({
  sourceRegion: 'us-east-1',
  targetId,
  modelId: SONNET,
  tier,
  price: PRICE,
});

describe('active probes against the emulator runtime', () => {
  it('reports an injected 180 ms time to first token as p50 within ±15% + 10 ms', async () => {
    emulator.runtime.setTarget(SONNET_GEO, { ttftMs: 180 });
    const { budget, writer } = stores(1);
    const geo = target(SONNET_GEO);
    const results = await runProbes(
      Array.from({ length: 9 }, () => geo),
      {
        clientFor,
        budget,
        record: (o) => writer.record(o),
      },
    );
    expect(results.map((r) => r.outcome)).toEqual(Array(9).fill('ok'));
    const record = await stored(geo);
    expect(record.samples).toHaveLength(9);
    const p50 = record.ttftMs?.p50 ?? Number.NaN;
    expect(Math.abs(p50 - 180)).toBeLessThanOrEqual(180 * 0.15 + 10);
    // Cost at the configured price, from the usage the stream reported (1 input, 1 output token).
    expect(record.spentUsd).toBeCloseTo(9 * ((1 * 0.003 + 1 * 0.015) / 1000), 10);
  });

  it('stops at the monthly budget cap, without calling past it', async () => {
    const reservation = probeReservationUsd(PRICE);
    // Room for exactly three reservations: each probe gives back what it did not use, but the
    // cap is checked against reservations, so a fourth never starts while three are held.
    const { budget, writer } = stores(reservation * 3.5);
    const each = target('global.anthropic.claude-sonnet-4-5-20250929-v1:0');
    // Hold three reservations, as three concurrent probes would.
    for (let i = 0; i < 3; i++) expect(await budget.reserve(reservation)).toBe(true);
    const results = await runProbes([each, each], {
      clientFor,
      budget,
      record: (o) => writer.record(o),
    });
    expect(results.map((r) => r.outcome)).toEqual(['budgetExhausted', 'budgetExhausted']);
    expect(emulator.runtime.calls()).toEqual([]);
    const usage = await budget.usage();
    expect(usage.spentUsd).toBeLessThanOrEqual(usage.capUsd);
    expect((await stored(each)).errors).toEqual({ budgetExhausted: 2 });
  });

  it('spends what the calls cost and gives the rest of each reservation back', async () => {
    const { budget, writer } = stores(0.01);
    const before = (await budget.usage()).spentUsd;
    await runProbes([target('anthropic.claude-haiku-4-5-20251001-v1:0')], {
      clientFor,
      budget,
      record: (o) => writer.record(o),
    });
    const after = (await budget.usage()).spentUsd;
    // Whole micro-dollars, rounded up: 0.000018 USD for 1 + 1 tokens at this price.
    expect(after - before).toBeCloseTo(0.000018, 9);
  });

  it('tells a refused tier (unsupported) from an accepted one (supported)', async () => {
    const { budget, writer } = stores(1);
    const record = (o: Parameters<ProbeWriter['record']>[0]) => writer.record(o);
    const results = await runProbes([target(SONNET_GEO, 'flex'), target(SONNET_GEO, 'priority')], {
      clientFor,
      budget,
      record,
    });
    expect(results.map((r) => [r.target.tier, r.outcome, r.tierSupport])).toEqual([
      ['flex', 'validation', 'unsupported'],
      ['priority', 'ok', 'supported'],
    ]);
    expect((await stored(target(SONNET_GEO, 'flex'))).tierSupport).toBe('unsupported');
    expect((await stored(target(SONNET_GEO, 'priority'))).tierSupport).toBe('supported');
  });

  it('records failures by kind: throttled, access denied, model not ready', async () => {
    const { budget, writer } = stores(1);
    const faults = [
      ['meta.llama3-8b-instruct-v1:0', 'throttled'],
      ['mistral.mistral-large-2402-v1:0', 'accessDenied'],
      ['arn:aws:bedrock:us-east-1:123456789012:imported-model/abcdefghijkl', 'notReady'],
    ] as const;
    for (const [id, fault] of faults) emulator.runtime.setTarget(id, { ttftMs: 5, fault });
    const results = await runProbes(
      faults.map(([id]) => target(id)),
      { clientFor, budget, record: (o) => writer.record(o) },
    );
    expect(results.map((r) => r.outcome)).toEqual(['throttled', 'accessDenied', 'notReady']);
    // A refused call costs nothing: the reservation comes back whole.
    expect(results.map((r) => r.costUsd)).toEqual([0, 0, 0]);
  });
});
