import {
  ProbeModelsSetting,
  ProbePricesSetting,
  ProbeServiceTiersSetting,
  ProbeTargetsSetting,
  RegionCode,
  SETTINGS,
  settingIssue,
  settingSchema,
} from '@bedrock-profile-catalog/catalog';
import type { ProbePlan } from '@bedrock-profile-catalog/discovery';
import * as z from 'zod/mini';
import { PROBE_ENV } from '../contract.js';

const TableName = z.string().check(z.minLength(3));

const ProbeEnv = z
  .object({
    [PROBE_ENV.tableName]: z.optional(TableName),
    [PROBE_ENV.tableNameParameter]: z.optional(z.string().check(z.regex(/^\/[\w./-]+$/))),
    [PROBE_ENV.tableRegion]: z.optional(RegionCode),
    // Unset reads as empty, so both get the same message.
    [PROBE_ENV.models]: z.pipe(
      z._default(z.union([z.string(), z.array(z.string())]), ''),
      ProbeModelsSetting.check(
        z.refine((models: string[]) => models.length > 0, 'must list at least one model ID'),
      ),
    ),
    [PROBE_ENV.targets]: z._default(ProbeTargetsSetting, 'usable'),
    [PROBE_ENV.serviceTiers]: z._default(ProbeServiceTiersSetting, []),
    [PROBE_ENV.monthlyBudgetUsd]: settingSchema(SETTINGS.probeMonthlyBudget),
    [PROBE_ENV.inputPricePer1k]: settingSchema(SETTINGS.probeInputPrice),
    [PROBE_ENV.outputPricePer1k]: settingSchema(SETTINGS.probeOutputPrice),
    [PROBE_ENV.prices]: z._default(ProbePricesSetting, {}),
    [PROBE_ENV.latencyWindow]: settingSchema(SETTINGS.latencyWindow),
    /** Set by Lambda: where the probes call from. */
    AWS_REGION: RegionCode,
  })
  .check(
    z.refine(
      (env) =>
        (env[PROBE_ENV.tableName] === undefined) !==
        (env[PROBE_ENV.tableNameParameter] === undefined),
      {
        message: `set exactly one of ${PROBE_ENV.tableName} or ${PROBE_ENV.tableNameParameter}`,
      },
    ),
  );

/** A probe function's configuration cannot be read; the message is one line naming the variable. */
export class ProbeConfigError extends Error {
  override readonly name = 'ProbeConfigError';
  readonly code = 'INVALID_PROBE_CONFIG';
}

/** Parsed once at module load: a bad deployment fails at init with one line naming the variable. */
export function loadProbeConfig(env: NodeJS.ProcessEnv) {
  // An empty table variable is an unset one (the construct sets only one of the two).
  const { [PROBE_ENV.tableName]: name, [PROBE_ENV.tableNameParameter]: parameter, ...rest } = env;
  const parsed = ProbeEnv.safeParse({
    ...rest,
    ...(name ? { [PROBE_ENV.tableName]: name } : {}),
    ...(parameter ? { [PROBE_ENV.tableNameParameter]: parameter } : {}),
  });
  if (!parsed.success) {
    throw new ProbeConfigError(`invalid probe configuration: ${settingIssue(parsed.error)}`);
  }
  const value = parsed.data;
  const tableName = value[PROBE_ENV.tableName];
  const table: { name: string } | { parameter: string } = tableName
    ? { name: tableName }
    : { parameter: value[PROBE_ENV.tableNameParameter] as string };
  const plan: ProbePlan = {
    models: value[PROBE_ENV.models],
    targets: value[PROBE_ENV.targets],
    serviceTiers: value[PROBE_ENV.serviceTiers] as ProbePlan['serviceTiers'],
    prices: {
      default: {
        inputPer1k: value[PROBE_ENV.inputPricePer1k],
        outputPer1k: value[PROBE_ENV.outputPricePer1k],
      },
      overrides: value[PROBE_ENV.prices],
    },
  };
  return {
    sourceRegion: value.AWS_REGION,
    tableRegion: value[PROBE_ENV.tableRegion] ?? value.AWS_REGION,
    table,
    plan,
    monthlyBudgetUsd: value[PROBE_ENV.monthlyBudgetUsd],
    latencyWindow: value[PROBE_ENV.latencyWindow],
  };
}

export type ProbeConfig = ReturnType<typeof loadProbeConfig>;
