import { SETTINGS } from '@bedrock-profile-catalog/catalog/settings';
import { describe, expect, it } from 'vitest';
import { PROBE_ENV } from '../../lambdas/contract.js';
import { loadProbeConfig, ProbeConfigError } from '../../lambdas/probe/config.js';

const BASE = {
  [PROBE_ENV.tableName]: 'catalog-table',
  [PROBE_ENV.models]: 'anthropic.claude-haiku-4-5-20251001-v1:0',
  AWS_REGION: 'eu-west-1',
};

/** The one-line message a bad environment gives, or null when it loads. */
function refusal(env: Record<string, string | undefined>): string | null {
  try {
    loadProbeConfig(env);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(ProbeConfigError);
    expect((error as ProbeConfigError).code).toBe('INVALID_PROBE_CONFIG');
    return (error as Error).message;
  }
}

describe('Function: loadProbeConfig', () => {
  it('defaults to every usable target, standard tier only, at the SETTINGS budget and price', () => {
    expect(loadProbeConfig(BASE)).toEqual({
      sourceRegion: 'eu-west-1',
      tableRegion: 'eu-west-1',
      table: { name: 'catalog-table' },
      plan: {
        models: ['anthropic.claude-haiku-4-5-20251001-v1:0'],
        targets: 'usable',
        serviceTiers: [],
        prices: {
          default: {
            inputPer1k: SETTINGS.probeInputPrice.default,
            outputPer1k: SETTINGS.probeOutputPrice.default,
          },
          overrides: {},
        },
      },
      monthlyBudgetUsd: SETTINGS.probeMonthlyBudget.default,
      latencyWindow: SETTINGS.latencyWindow.default,
    });
  });

  it('reads a target list, tiers, prices and a table in another region', () => {
    const config = loadProbeConfig({
      ...BASE,
      [PROBE_ENV.tableName]: '',
      [PROBE_ENV.tableNameParameter]: '/bedrock-profile-catalog/Catalog/table-name',
      [PROBE_ENV.tableRegion]: 'us-east-1',
      [PROBE_ENV.targets]: 'us.a.b-v1:0, global.a.b-v1:0',
      [PROBE_ENV.serviceTiers]: 'flex,priority',
      [PROBE_ENV.monthlyBudgetUsd]: '12.5',
      [PROBE_ENV.prices]: '{"us.a.b-v1:0":{"inputPer1k":0.001,"outputPer1k":0.005}}',
    });
    expect(config).toMatchObject({
      sourceRegion: 'eu-west-1',
      tableRegion: 'us-east-1',
      table: { parameter: '/bedrock-profile-catalog/Catalog/table-name' },
      monthlyBudgetUsd: 12.5,
      plan: {
        targets: ['us.a.b-v1:0', 'global.a.b-v1:0'],
        serviceTiers: ['flex', 'priority'],
        prices: { overrides: { 'us.a.b-v1:0': { inputPer1k: 0.001, outputPer1k: 0.005 } } },
      },
    });
  });

  it.each([
    [{ [PROBE_ENV.models]: '' }, 'PROBE_MODELS must list at least one model ID'],
    [{ [PROBE_ENV.models]: undefined }, 'PROBE_MODELS must list at least one model ID'],
    [{ [PROBE_ENV.models]: 'a b' }, "PROBE_MODELS has entries that are not model IDs: 'a b'"],
    [{ [PROBE_ENV.targets]: 'x,x' }, "PROBE_TARGETS lists 'x' more than once"],
    [
      { [PROBE_ENV.serviceTiers]: 'flex,reserved' },
      "PROBE_SERVICE_TIERS has 'reserved': expected a list of flex, priority (standard is always probed)",
    ],
    [
      { [PROBE_ENV.monthlyBudgetUsd]: '0' },
      'PROBE_MONTHLY_BUDGET_USD must be a number of USD from 0.01 to 10000',
    ],
    [{ [PROBE_ENV.prices]: '{"x":' }, 'PROBE_PRICES is not JSON'],
    [
      { [PROBE_ENV.prices]: '{"x":{"inputPer1k":2,"outputPer1k":0}}' },
      'PROBE_PRICES x.inputPer1k must be a number of USD per 1,000 tokens from 0 to 1',
    ],
    [{ [PROBE_ENV.tableName]: '' }, 'set exactly one of TABLE_NAME or TABLE_NAME_PARAMETER'],
    [{ AWS_REGION: 'mars' }, 'AWS_REGION'],
  ])('refuses %o with one line naming the variable', (override, message) => {
    const text = refusal({ ...BASE, ...override });
    expect(text).toContain(`invalid probe configuration: ${message}`);
    expect(text).not.toContain('\n');
  });
});
