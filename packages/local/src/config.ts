import { DEFAULT_TABLE_NAME, RegionCode } from '@bedrock-profile-catalog/catalog';
import { z } from 'zod';

/**
 * Local mode's environment, exactly these names. `BEDROCK_ENDPOINT=aws` and
 * `DYNAMODB_ENDPOINT=aws` select the real services (default credential chain and AWS_REGION).
 */
const LocalEnv = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  BEDROCK_ENDPOINT: z.union([z.literal('aws'), z.url()]).optional(),
  DYNAMODB_ENDPOINT: z.union([z.literal('aws'), z.url()]).optional(),
  CATALOG_REGIONS: z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (!value) return undefined;
      if (value === 'auto') return 'auto' as const;
      const regions = value.split(',').map((region) => region.trim());
      for (const region of regions) {
        if (!RegionCode.safeParse(region).success) {
          ctx.addIssue({ code: 'custom', message: `not a region code: '${region}'` });
        }
      }
      return regions;
    }),
  SCAN_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(300),
  TABLE_NAME: z.string().min(3).max(255).default(DEFAULT_TABLE_NAME),
  /** Optional: keeps cursors valid across restarts; a random one is used otherwise. */
  CURSOR_SECRET: z.string().min(16).optional(),
});

export type LocalConfig = {
  port: number;
  bedrockEndpoint: string | 'aws' | undefined;
  dynamoEndpoint: string | 'aws' | undefined;
  regions: string[] | 'auto' | undefined;
  scanIntervalSeconds: number;
  tableName: string;
  cursorSecret: string | undefined;
};

export class LocalConfigError extends Error {
  override readonly name = 'LocalConfigError';
}

export function loadLocalConfig(env: Record<string, string | undefined>): LocalConfig {
  const parsed = LocalEnv.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new LocalConfigError(`invalid environment: ${problems.join('; ')}`);
  }
  const value = parsed.data;
  return {
    port: value.PORT,
    bedrockEndpoint: value.BEDROCK_ENDPOINT,
    dynamoEndpoint: value.DYNAMODB_ENDPOINT,
    regions: value.CATALOG_REGIONS,
    scanIntervalSeconds: value.SCAN_INTERVAL_SECONDS,
    tableName: value.TABLE_NAME,
    cursorSecret: value.CURSOR_SECRET,
  };
}
