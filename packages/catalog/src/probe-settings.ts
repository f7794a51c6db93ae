import * as z from 'zod/mini';
import { RegionCode } from './records.js';
import { describeSetting, isValidSetting, PROBE_SERVICE_TIERS, SETTINGS } from './settings.js';

/**
 * Readers of the probes' non-numeric settings (PROBE_SETTINGS), shared by the probe Lambda's
 * environment and the CDK context: each takes a string (an environment variable, `-c key=value`)
 * or the JSON value cdk.json holds, and fails with one message naming what is wrong.
 */

const CommaList = z.pipe(
  z.union([z.string(), z.array(z.string())]),
  z.transform((value: string | string[]) =>
    (Array.isArray(value) ? value : value.split(','))
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  ),
);

/** A target or model ID as sent to Bedrock: no spaces or commas (the list separator). */
const ID = /^[A-Za-z0-9][A-Za-z0-9._:/+@-]*$/;

function idList(what: string, options: { nonEmpty: boolean }) {
  return CommaList.check(
    z.superRefine((ids: string[], ctx) => {
      if (options.nonEmpty && ids.length === 0) {
        ctx.addIssue({ code: 'custom', message: `must list at least one ${what}` });
      }
      const bad = ids.filter((id) => !ID.test(id));
      if (bad.length > 0) {
        ctx.addIssue({ code: 'custom', message: `has entries that are not ${what}s: '${bad[0]}'` });
      }
      const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
      if (repeated !== undefined) {
        ctx.addIssue({ code: 'custom', message: `lists '${repeated}' more than once` });
      }
    }),
  );
}

/** The models whose targets are probed; empty means probes are off. */
export const ProbeModelsSetting = idList('model ID', { nonEmpty: false });

/** `usable`, or a non-empty list of target IDs. */
export const ProbeTargetsSetting = z.pipe(
  idList('target ID', { nonEmpty: true }),
  z.transform((ids: string[]): 'usable' | string[] =>
    ids.length === 1 && ids[0] === 'usable' ? 'usable' : ids,
  ),
);

export const ProbeServiceTiersSetting = CommaList.check(
  z.superRefine((tiers: string[], ctx) => {
    const bad = tiers.filter((tier) => !(PROBE_SERVICE_TIERS as readonly string[]).includes(tier));
    if (bad.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `has '${bad[0]}': expected a list of ${PROBE_SERVICE_TIERS.join(', ')} (standard is always probed)`,
      });
    }
  }),
).check(z.refine((tiers: string[]) => new Set(tiers).size === tiers.length, 'lists a tier twice'));

export const ProbeRegionsSetting = CommaList.check(
  z.superRefine((regions: string[], ctx) => {
    const bad = regions.filter((region) => !RegionCode.safeParse(region).success);
    if (bad.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `has entries that are not region codes: '${bad[0]}'`,
      });
    }
  }),
);

const priceMessage = (side: 'input' | 'output') => {
  const setting = side === 'input' ? SETTINGS.probeInputPrice : SETTINGS.probeOutputPrice;
  return `must be ${describeSetting(setting)}`;
};
const PriceEntry = z.object({
  inputPer1k: z
    .number()
    .check(
      z.refine((v: number) => isValidSetting(SETTINGS.probeInputPrice, v), priceMessage('input')),
    ),
  outputPer1k: z
    .number()
    .check(
      z.refine((v: number) => isValidSetting(SETTINGS.probeOutputPrice, v), priceMessage('output')),
    ),
});
export type ProbePrice = z.infer<typeof PriceEntry>;

/** `{"<target or model ID>": {"inputPer1k": 0.003, "outputPer1k": 0.015}}`, or its JSON text. */
export const ProbePricesSetting = z.pipe(
  z.pipe(
    z.unknown(),
    z.transform((value: unknown, ctx) => {
      if (typeof value !== 'string') return value;
      if (value.trim() === '') return {};
      try {
        return JSON.parse(value) as unknown;
      } catch {
        ctx.issues.push({ code: 'custom', message: 'is not JSON', input: value });
        return z.NEVER;
      }
    }),
  ),
  z.record(z.string().check(z.regex(ID)), PriceEntry),
);

/**
 * A failed parse's first issue on one line, `NAME inner.path message`: NAME is the issue's first
 * path element (the variable or context key) unless `name` is given.
 */
export function settingIssue(error: z.core.$ZodError, name?: string): string {
  const issue = error.issues[0];
  const path = (issue?.path ?? []).map(String);
  const [first = '', ...inner] = name === undefined ? path : [name, ...path];
  const where = inner.length > 0 ? `${first} ${inner.join('.')}` : first;
  return `${where} ${issue?.message ?? 'is invalid'}`.replace(/\s+/g, ' ').trim();
}
