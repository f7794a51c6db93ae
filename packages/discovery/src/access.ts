import {
  type BedrockClient,
  GetFoundationModelAvailabilityCommand,
  type GetFoundationModelAvailabilityCommandOutput,
} from '@aws-sdk/client-bedrock';
import {
  type ModelAccess,
  type ModelContent,
  modelFingerprint,
  type StoredModelAccess,
  unitJitter,
} from '@bedrock-profile-catalog/catalog';

/**
 * Per-account access (GetFoundationModelAvailability), checked only where the answer may have
 * moved: models that are new or changed since the catalog last saw them, or whose last check is
 * older than `maxAgeMs`. Everything else carries its stored answer forward, so an unchanged
 * catalog costs no calls. A failed check never fails the region: the model keeps what it had.
 */

export const DEFAULT_ACCESS_CHECK_MAX_AGE_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_ACCESS_CHECK_CONCURRENCY = 4;

export interface AccessCheckOptions {
  /** A stored check older than this is repeated. Default 24 h. */
  maxAgeMs?: number;
  /** Availability calls in flight per region. Default 4. */
  concurrency?: number;
}

export interface AccessCheckStats {
  /** Availability calls made (SDK retries not counted separately). */
  checked: number;
  /** Models whose stored check was still fresh and was carried forward. */
  carried: number;
  /** Calls that failed; those models keep their previous access (or null). */
  failed: number;
  /** Models due a check that got none: deadline, abort, or throttling earlier in the region. */
  skipped: number;
}

export interface AccessCheckFailure {
  modelId: string;
  error: string;
}

export interface CheckModelAccessInput {
  client: BedrockClient;
  models: readonly ModelContent[];
  /** What the catalog holds for the region, by model ID (`CatalogWriter.currentModelAccess`). */
  previous: ReadonlyMap<string, StoredModelAccess>;
  now: () => Date;
  /** The region's deadline/abort: calls not yet started are skipped once it fires. */
  signal: AbortSignal;
  maxAgeMs: number;
  concurrency: number;
}

export interface CheckModelAccessResult {
  /** The input models, in order, with `access` filled in. */
  models: ModelContent[];
  stats: AccessCheckStats;
  failures: AccessCheckFailure[];
}

export const EMPTY_ACCESS_STATS: AccessCheckStats = {
  checked: 0,
  carried: 0,
  failed: 0,
  skipped: 0,
};

/** True when the stored answer cannot be reused: none, the model changed, or it is too old. */
export function needsAccessCheck(
  model: ModelContent,
  previous: StoredModelAccess | undefined,
  now: Date,
  maxAgeMs: number,
): boolean {
  if (!previous?.access) return true;
  if (previous.fingerprint !== modelFingerprint(model)) return true;
  const age = now.getTime() - Date.parse(previous.access.checkedAt);
  return !(age < maxAgeMs * (1 - RECHECK_SPREAD * unitJitter(`${model.region}#${model.modelId}`)));
}

/**
 * Models first checked in the same scan would all fall due in the same later scan (hundreds of
 * calls at once); each re-checks somewhere in the last quarter of the max age instead, at a
 * stable per-model point.
 */
const RECHECK_SPREAD = 0.25;

/** The catalog's view of one availability answer; throws when a required member is missing. */
export function modelAccessOf(
  output: Pick<
    GetFoundationModelAvailabilityCommandOutput,
    | 'agreementAvailability'
    | 'authorizationStatus'
    | 'entitlementAvailability'
    | 'regionAvailability'
  >,
  checkedAt: Date,
): ModelAccess {
  const agreement = output.agreementAvailability?.status;
  const authorization = output.authorizationStatus;
  const entitlement = output.entitlementAvailability;
  const regionAvailability = output.regionAvailability;
  if (!agreement || !authorization || !entitlement || !regionAvailability) {
    throw new Error('availability answer is missing a required member');
  }
  return {
    agreement,
    authorization,
    entitlement,
    regionAvailability,
    usable:
      agreement === 'AVAILABLE' &&
      authorization === 'AUTHORIZED' &&
      entitlement === 'AVAILABLE' &&
      regionAvailability === 'AVAILABLE',
    checkedAt: checkedAt.toISOString(),
  };
}

/** Runs `task` over `items` with at most `limit` in flight; `task` must not reject. */
async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
}

function isThrottling(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } } | null;
  return e?.name === 'ThrottlingException' || e?.$metadata?.httpStatusCode === 429;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export async function checkModelAccess(
  input: CheckModelAccessInput,
): Promise<CheckModelAccessResult> {
  const stats = { ...EMPTY_ACCESS_STATS };
  const failures: AccessCheckFailure[] = [];
  const access = new Map<string, ModelAccess | null>();
  const due: ModelContent[] = [];
  const now = input.now();
  for (const model of input.models) {
    const previous = input.previous.get(model.modelId);
    if (needsAccessCheck(model, previous, now, input.maxAgeMs)) due.push(model);
    else stats.carried++;
    // The previous answer stays unless a check replaces it.
    access.set(model.modelId, previous?.access ?? null);
  }

  // Throttled even after the SDK's retries: more calls would only add to it. Next scan retries.
  let throttled = false;
  await forEachLimited(due, input.concurrency, async (model) => {
    if (throttled || input.signal.aborted) {
      stats.skipped++;
      return;
    }
    try {
      const output = await input.client.send(
        new GetFoundationModelAvailabilityCommand({ modelId: model.modelId }),
        { abortSignal: input.signal },
      );
      access.set(model.modelId, modelAccessOf(output, input.now()));
      stats.checked++;
    } catch (error) {
      stats.checked++;
      stats.failed++;
      if (isThrottling(error)) throttled = true;
      failures.push({ modelId: model.modelId, error: messageOf(error) });
    }
  });

  return {
    models: input.models.map((model) => ({ ...model, access: access.get(model.modelId) ?? null })),
    stats,
    failures,
  };
}
