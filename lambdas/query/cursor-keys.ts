import {
  CURSOR_MAX_AGE_SECONDS,
  type CursorKeys,
  lazySchema,
} from '@bedrock-profile-catalog/catalog';
import * as z from 'zod/mini';

// GetSecretValue's answer as the AWS Parameters and Secrets Lambda Extension relays it; CreatedDate
// is epoch seconds on the wire, an ISO string in some extension builds.
const SecretVersion = /* @__PURE__ */ lazySchema(() =>
  z.object({
    SecretString: z
      .string()
      .check(z.minLength(16, 'the cursor secret must be at least 16 characters')),
    CreatedDate: z.union([z.number(), z.string()]),
  }),
);

export interface LoadCursorKeysOptions {
  secretId: string;
  env: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
}

/**
 * The cursor keys from Secrets Manager, read once at init through the Parameters and Secrets
 * extension (no SDK client in the bundle): AWSCURRENT signs, AWSPREVIOUS still verifies for one
 * cursor lifetime after the rotation (AWSCURRENT's creation), so open pages survive a rotation.
 */
export async function loadCursorKeys(options: LoadCursorKeysOptions): Promise<CursorKeys> {
  const current = await getVersion(options, 'AWSCURRENT');
  if (!current) throw new Error(`cursor secret ${options.secretId} has no AWSCURRENT version`);
  const previous = await getVersion(options, 'AWSPREVIOUS');
  if (!previous) return { current: current.SecretString };
  const rotatedAt = createdAt(current.CreatedDate);
  return {
    current: current.SecretString,
    previous: {
      secret: previous.SecretString,
      validUntil: new Date(rotatedAt.getTime() + CURSOR_MAX_AGE_SECONDS * 1000),
    },
  };
}

async function getVersion(
  { secretId, env, fetch: fetchImpl = fetch }: LoadCursorKeysOptions,
  stage: 'AWSCURRENT' | 'AWSPREVIOUS',
): Promise<z.infer<typeof SecretVersion> | undefined> {
  const port = env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT ?? '2773';
  const query = new URLSearchParams({ secretId, versionStage: stage });
  const response = await fetchImpl(`http://localhost:${port}/secretsmanager/get?${query}`, {
    headers: { 'X-Aws-Parameters-Secrets-Token': env.AWS_SESSION_TOKEN ?? '' },
  });
  const body = await response.text();
  // A secret that was never rotated has no AWSPREVIOUS: Secrets Manager answers ResourceNotFound.
  if (!response.ok && stage === 'AWSPREVIOUS' && body.includes('ResourceNotFoundException')) {
    return undefined;
  }
  if (!response.ok) {
    throw new Error(
      `cursor secret ${secretId} ${stage}: HTTP ${response.status} ${body.slice(0, 200)}`,
    );
  }
  return SecretVersion.parse(JSON.parse(body));
}

function createdAt(value: number | string): Date {
  const date = typeof value === 'number' ? new Date(value * 1000) : new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`cursor secret: bad CreatedDate ${value}`);
  return date;
}
