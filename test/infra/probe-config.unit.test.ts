import { SETTINGS } from '@bedrock-profile-catalog/catalog/settings';
import { Duration } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { loadCatalogConfig, resolveProbeSettings } from '../../infra/config.js';

const MODEL = 'anthropic.claude-haiku-4-5-20251001-v1:0';

describe('probe settings from cdk.json context', () => {
  it('are off unless catalog:probeModels lists a model', () => {
    expect(loadCatalogConfig({}).probes).toBeUndefined();
    expect(loadCatalogConfig({ 'catalog:probeModels': '' }).probes).toBeUndefined();
  });

  it('take their defaults from SETTINGS', () => {
    const probes = loadCatalogConfig({ 'catalog:probeModels': MODEL }).probes;
    expect(probes).toMatchObject({
      models: [MODEL],
      targets: 'usable',
      monthlyBudgetUsd: SETTINGS.probeMonthlyBudget.default,
      defaultPrice: {
        inputPer1k: SETTINGS.probeInputPrice.default,
        outputPer1k: SETTINGS.probeOutputPrice.default,
      },
      prices: {},
      serviceTiers: [],
      regions: [],
    });
    expect(probes?.interval.toSeconds()).toBe(SETTINGS.probeInterval.default);
  });

  it('read JSON values as cdk.json holds them and strings as -c passes them', () => {
    const fromJson = loadCatalogConfig({
      'catalog:probeModels': [MODEL],
      'catalog:probeServiceTiers': ['flex'],
      'catalog:probePrices': { [MODEL]: { inputPer1k: 0.001, outputPer1k: 0.005 } },
      'catalog:probeMonthlyBudgetUsd': 20,
    }).probes;
    const fromStrings = loadCatalogConfig({
      'catalog:probeModels': MODEL,
      'catalog:probeServiceTiers': 'flex',
      'catalog:probePrices': JSON.stringify({ [MODEL]: { inputPer1k: 0.001, outputPer1k: 0.005 } }),
      'catalog:probeMonthlyBudgetUsd': '20',
    }).probes;
    expect(fromStrings).toEqual(fromJson);
    expect(fromJson?.monthlyBudgetUsd).toBe(20);
  });

  it.each([
    [
      { 'catalog:probeIntervalMinutes': '2' },
      'catalog:probeIntervalMinutes must be whole minutes from 5 minutes to 1 day, got 2 minutes',
    ],
    [
      { 'catalog:probeMonthlyBudgetUsd': '0' },
      'catalog:probeMonthlyBudgetUsd must be a number of USD from 0.01 to 10000, got 0',
    ],
    [
      { 'catalog:probeServiceTiers': 'reserved' },
      `invalid context value for catalog:probeServiceTiers: "reserved" (has 'reserved': expected a list of flex, priority (standard is always probed))`,
    ],
    [
      { 'catalog:probePrices': '{"x":{"inputPer1k":5,"outputPer1k":0}}' },
      'invalid context value for catalog:probePrices',
    ],
    [{ 'catalog:probeTargets': 'us.a b' }, 'invalid context value for catalog:probeTargets'],
  ])('refuse %o with one line naming the key', (context, message) => {
    const load = () => loadCatalogConfig({ 'catalog:probeModels': MODEL, ...context });
    expect(load).toThrow(message);
    try {
      load();
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('the construct prop is checked with the same rules', () => {
    expect(() => resolveProbeSettings({ models: [] }, 'auto')).toThrow(
      'probes.models must list at least one model ID',
    );
    expect(() =>
      resolveProbeSettings({ models: [MODEL], interval: Duration.seconds(90) }, 'auto'),
    ).toThrow('probes.interval must be whole minutes');
  });
});
