import { LocalConfigError, loadLocalConfig } from '@bedrock-profile-catalog/local';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchJson, startTestCatalog } from '../support/local-catalog.js';

/** Local mode's opt-in probes: `PROBE_INTERVAL_SECONDS` and `PROBE_MODELS`, off by default. */
const SONNET_4 = 'anthropic.claude-sonnet-4-20250514-v1:0';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

interface Target {
  targetId: string;
  latency: { source: string; fromRegion: string; samples: number } | null;
}

const targetsOf = async (catalog: Awaited<ReturnType<typeof startTestCatalog>>) =>
  (
    await fetchJson<{ items: Target[] }>(
      catalog,
      `/v1/models/${encodeURIComponent(SONNET_4)}/invoke-targets?sourceRegion=us-east-1`,
    )
  ).body.items;

describe('local mode probes', () => {
  it('probe on a timer when PROBE_INTERVAL_SECONDS is set, so invoke-targets shows probe latency', async () => {
    const catalog = await startTestCatalog({
      CATALOG_REGIONS: 'us-east-1',
      PROBE_INTERVAL_SECONDS: '1',
      PROBE_MODELS: SONNET_4,
    });
    closers.push(() => catalog.close());
    const deadline = Date.now() + 15_000;
    let targets = await targetsOf(catalog);
    // Two cycles: the one at start and at least one from the timer.
    while (Date.now() < deadline && !targets.every((t) => (t.latency?.samples ?? 0) >= 2)) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      targets = await targetsOf(catalog);
    }
    expect(targets.length).toBeGreaterThan(0);
    for (const target of targets) {
      expect(target.latency).toMatchObject({ source: 'probe', fromRegion: 'us-east-1' });
      expect(target.latency?.samples).toBeGreaterThanOrEqual(2);
    }
    const called = new Set(catalog.emulator?.runtime.calls().map((call) => call.modelId));
    expect([...called].sort()).toEqual(targets.map((t) => t.targetId).sort());
  });

  it('make no runtime call by default', async () => {
    const catalog = await startTestCatalog({ CATALOG_REGIONS: 'us-east-1' });
    closers.push(() => catalog.close());
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(catalog.emulator?.runtime.calls()).toEqual([]);
    expect((await targetsOf(catalog)).every((t) => t.latency === null)).toBe(true);
  });

  it.each([
    [{ PROBE_INTERVAL_SECONDS: '10' }, 'PROBE_MODELS must list the models to probe'],
    [
      { PROBE_INTERVAL_SECONDS: 'often', PROBE_MODELS: SONNET_4 },
      'PROBE_INTERVAL_SECONDS must be a whole number of seconds',
    ],
    [
      { PROBE_INTERVAL_SECONDS: '10', PROBE_MODELS: SONNET_4, PROBE_SERVICE_TIERS: 'fast' },
      "PROBE_SERVICE_TIERS has 'fast'",
    ],
  ])('refuse %o with one line', (env, message) => {
    expect(() => loadLocalConfig(env)).toThrow(LocalConfigError);
    expect(() => loadLocalConfig(env)).toThrow(`invalid environment: ${message}`);
  });
});
