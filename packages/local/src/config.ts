import {
  DEFAULT_TABLE_NAME,
  describeSetting,
  ProbeModelsSetting,
  ProbeServiceTiersSetting,
  ProbeTargetsSetting,
  RegionCode,
  SETTINGS,
  settingIssue,
} from '@bedrock-profile-catalog/catalog';
import * as z from 'zod';

const PORT_MESSAGE = 'must be a whole number from 0 to 65535 (0 picks a free port)';
const LOCAL_INTERVAL = SETTINGS.localScanInterval;
const INTERVAL_MESSAGE = `must be a whole number of seconds, ${LOCAL_INTERVAL.min} or more (0: scan only at start)`;
const PROBE_INTERVAL_MESSAGE = 'must be a whole number of seconds, 0 or more (0: no probes)';
const COOLDOWN_MESSAGE = `must be ${describeSetting(SETTINGS.scanCooldown)}`;
const Endpoint = (name: string) =>
  z.string().refine((value) => value === 'aws' || /^https?:\/\/[^/\s]+/.test(value), {
    error: `${name} must be 'aws' or an http(s) URL such as http://127.0.0.1:4010`,
  });

/**
 * Local mode's environment, exactly these names. `BEDROCK_ENDPOINT=aws` and
 * `DYNAMODB_ENDPOINT=aws` select the real services (default credential chain and AWS_REGION).
 * A `BEDROCK_ENDPOINT` URL takes every AWS service the scanner calls (Bedrock, Service Quotas,
 * SSM); the SDK's `AWS_ENDPOINT_URL_<SERVICE>` sends one of them elsewhere (discovery's
 * `endpointFor`).
 */
const LocalEnv = z.object({
  // `PORT=` is a mistake, not a request for a free port (which an empty string coerces to).
  PORT: z
    .string()
    .trim()
    .min(
      1,
      'is empty: set a whole number from 0 to 65535 (0 picks a free port), or unset it for 3000',
    )
    .pipe(
      z.coerce
        .number<string>(PORT_MESSAGE)
        .int(PORT_MESSAGE)
        .min(0, PORT_MESSAGE)
        .max(65_535, PORT_MESSAGE),
    )
    .default(3000),
  BEDROCK_ENDPOINT: Endpoint('BEDROCK_ENDPOINT').optional(),
  DYNAMODB_ENDPOINT: Endpoint('DYNAMODB_ENDPOINT').optional(),
  /** The base URL holding `offers/v1.0/aws/index.json`; unset: follows BEDROCK_ENDPOINT. */
  PRICE_LIST_URL: Endpoint('PRICE_LIST_URL').optional(),
  CATALOG_REGIONS: z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (!value) return undefined;
      if (value === 'auto') return 'auto' as const;
      const regions = value.split(',').map((region) => region.trim());
      const invalid = [...new Set(regions.filter((r) => !RegionCode.safeParse(r).success))];
      if (invalid.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `has entries that are not region codes: ${invalid.map((r) => `'${r}'`).join(', ')} (expected a comma-separated list such as us-east-1,eu-west-1, or auto)`,
        });
      }
      return regions;
    }),
  SCAN_INTERVAL_SECONDS: z.coerce
    .number(INTERVAL_MESSAGE)
    .int(INTERVAL_MESSAGE)
    .min(LOCAL_INTERVAL.min, INTERVAL_MESSAGE)
    .default(LOCAL_INTERVAL.default),
  SCAN_COOLDOWN_SECONDS: z.coerce
    .number(COOLDOWN_MESSAGE)
    .int(COOLDOWN_MESSAGE)
    .min(SETTINGS.scanCooldown.min, COOLDOWN_MESSAGE)
    .max(SETTINGS.scanCooldown.max, COOLDOWN_MESSAGE)
    .default(SETTINGS.scanCooldown.default),
  TABLE_NAME: z
    .string()
    .regex(
      /^[a-zA-Z0-9_.-]{3,255}$/,
      'must be a DynamoDB table name: 3-255 of a-z, A-Z, 0-9, _ . -',
    )
    .default(DEFAULT_TABLE_NAME),
  /** Optional: keeps cursors valid across restarts; a random one is used otherwise. */
  CURSOR_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Opt-in: probe PROBE_MODELS' targets this often (docs/probes.md); unset or 0: never. */
  PROBE_INTERVAL_SECONDS: z.coerce
    .number(PROBE_INTERVAL_MESSAGE)
    .int(PROBE_INTERVAL_MESSAGE)
    .min(SETTINGS.localProbeInterval.min, PROBE_INTERVAL_MESSAGE)
    .default(SETTINGS.localProbeInterval.default),
  PROBE_MODELS: z.string().default(''),
  PROBE_TARGETS: z.string().default('usable'),
  PROBE_SERVICE_TIERS: z.string().default(''),
});

/** The probe settings local mode reads, with the same readers as the probe Lambda. */
function localProbes(value: z.infer<typeof LocalEnv>): LocalConfig['probes'] {
  if (value.PROBE_INTERVAL_SECONDS === 0) return null;
  const read = <T>(name: string, schema: { safeParse(v: unknown): unknown }, raw: string): T => {
    const parsed = schema.safeParse(raw) as
      | { success: true; data: T }
      | { success: false; error: Parameters<typeof settingIssue>[0] };
    if (!parsed.success) {
      throw new LocalConfigError(`invalid environment: ${settingIssue(parsed.error, name)}`);
    }
    return parsed.data;
  };
  const models = read<string[]>('PROBE_MODELS', ProbeModelsSetting, value.PROBE_MODELS);
  if (models.length === 0) {
    throw new LocalConfigError(
      'invalid environment: PROBE_MODELS must list the models to probe when PROBE_INTERVAL_SECONDS is set (e.g. anthropic.claude-sonnet-4-20250514-v1:0)',
    );
  }
  return {
    intervalSeconds: value.PROBE_INTERVAL_SECONDS,
    models,
    targets: read('PROBE_TARGETS', ProbeTargetsSetting, value.PROBE_TARGETS),
    serviceTiers: read('PROBE_SERVICE_TIERS', ProbeServiceTiersSetting, value.PROBE_SERVICE_TIERS),
  };
}

export type LocalConfig = {
  port: number;
  bedrockEndpoint: string | 'aws' | undefined;
  dynamoEndpoint: string | 'aws' | undefined;
  /** The Price List's base URL, `aws`, or undefined: the one BEDROCK_ENDPOINT points at. */
  priceListUrl: string | 'aws' | undefined;
  regions: string[] | 'auto' | undefined;
  scanIntervalSeconds: number;
  scanCooldownSeconds: number;
  tableName: string;
  cursorSecret: string | undefined;
  /** Active probes against the Bedrock endpoint, or null (the default): none. */
  probes: {
    intervalSeconds: number;
    models: string[];
    targets: 'usable' | string[];
    serviceTiers: ('flex' | 'priority')[];
  } | null;
};

export class LocalConfigError extends Error {
  override readonly name = 'LocalConfigError';
}

export function loadLocalConfig(env: Record<string, string | undefined>): LocalConfig {
  const parsed = LocalEnv.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.');
      // Messages that already name the variable are kept as they are.
      return issue.message.startsWith(name) ? issue.message : `${name} ${issue.message}`;
    });
    throw new LocalConfigError(`invalid environment: ${problems.join('; ')}`);
  }
  const value = parsed.data;
  return {
    port: value.PORT,
    bedrockEndpoint: value.BEDROCK_ENDPOINT,
    dynamoEndpoint: value.DYNAMODB_ENDPOINT,
    priceListUrl: value.PRICE_LIST_URL,
    regions: value.CATALOG_REGIONS,
    scanIntervalSeconds: value.SCAN_INTERVAL_SECONDS,
    scanCooldownSeconds: value.SCAN_COOLDOWN_SECONDS,
    tableName: value.TABLE_NAME,
    cursorSecret: value.CURSOR_SECRET,
    probes: localProbes(value),
  };
}
