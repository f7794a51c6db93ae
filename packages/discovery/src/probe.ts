import { performance } from 'node:perf_hooks';
import {
  type BedrockRuntimeClient,
  ConverseStreamCommand,
  type ServiceTierType,
} from '@aws-sdk/client-bedrock-runtime';
import type { ProbeObservation } from '@bedrock-profile-catalog/catalog';

/**
 * Active probes: one tiny `ConverseStream` call (`maxTokens: 1`) per target, timing the first
 * content delta from the start of the HTTP attempt that produced it, so retry back-off and
 * request signing are never counted (as with the control-plane latency). Spend is bounded by a
 * monthly cap that is reserved before each call (ProbeBudget), so the probes never spend past it.
 */

/** A tier a probe can ask for; `standard` sends no `serviceTier`. */
export type ProbeTier = 'standard' | Exclude<ServiceTierType, 'default' | 'reserved'>;

export interface ProbeTarget {
  /** Where the call is made from: the client's region. */
  sourceRegion: string;
  /** What is sent as `modelId`: a bare model ID, a profile ID or an ARN. */
  targetId: string;
  tier: ProbeTier;
  /** USD per 1,000 tokens, as configured for this target. */
  price: { inputPer1k: number; outputPer1k: number };
}

export type ProbeOutcome =
  | 'ok'
  | 'throttled'
  | 'accessDenied'
  | 'validation'
  | 'notReady'
  | 'error'
  | 'budgetExhausted';

export interface ProbeResult {
  target: ProbeTarget;
  outcome: ProbeOutcome;
  /** Time to first token of the attempt that answered; null unless `ok`. */
  ttftMs: number | null;
  /** For a non-standard tier: whether the service accepts it for this target. */
  tierSupport: 'supported' | 'unsupported' | 'unknown';
  inputTokens: number;
  outputTokens: number;
  /** What the call cost at the configured price (0 when refused before any token). */
  costUsd: number;
  errorName: string | null;
  at: string;
}

/** Reserves spend before a call and settles it after; see catalog's ProbeBudgetStore. */
export interface ProbeBudget {
  /** False when `usd` more would pass the cap; nothing is reserved then. */
  reserve(usd: number): Promise<boolean>;
  /** Replaces a reservation with what the call actually cost (≤ the reservation). */
  settle(reservedUsd: number, actualUsd: number): Promise<void>;
}

export const PROBE_PROMPT = 'Hi';
/**
 * The reservation's token bound: providers add chat-template tokens to the prompt, and one
 * character is never less than one token, so characters plus this allowance bounds the input.
 */
export const PROBE_TEMPLATE_TOKEN_ALLOWANCE = 64;

export const costOf = (price: ProbeTarget['price'], input: number, output: number) =>
  (input * price.inputPer1k + output * price.outputPer1k) / 1000;

/** The most a probe can cost: the reservation. */
export function probeReservationUsd(price: ProbeTarget['price']): number {
  return costOf(price, PROBE_PROMPT.length + PROBE_TEMPLATE_TOKEN_ALLOWANCE, 1);
}

const OUTCOME_OF_ERROR: Record<string, ProbeOutcome> = {
  ThrottlingException: 'throttled',
  ServiceQuotaExceededException: 'throttled',
  AccessDeniedException: 'accessDenied',
  ValidationException: 'validation',
  ModelNotReadyException: 'notReady',
};

export async function probe(
  client: BedrockRuntimeClient,
  target: ProbeTarget,
  budget: ProbeBudget,
  now: () => Date = () => new Date(),
): Promise<ProbeResult> {
  const base = {
    target,
    ttftMs: null,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    errorName: null,
    at: now().toISOString(),
  };
  const reserved = probeReservationUsd(target.price);
  if (!(await budget.reserve(reserved))) {
    return { ...base, outcome: 'budgetExhausted', tierSupport: 'unknown' };
  }
  let attemptStartedAt: number | null = null;
  let firstDeltaAt: number | null = null;
  let usage = { inputTokens: 0, outputTokens: 0 };
  try {
    const command = new ConverseStreamCommand({
      modelId: target.targetId,
      messages: [{ role: 'user', content: [{ text: PROBE_PROMPT }] }],
      inferenceConfig: { maxTokens: 1 },
      ...(target.tier !== 'standard' && { serviceTier: { type: target.tier } }),
    });
    // The deserialize step runs once per HTTP attempt, after retry back-off and signing.
    command.middlewareStack.add(
      (next) => async (args) => {
        attemptStartedAt = performance.now();
        return next(args);
      },
      { step: 'deserialize', priority: 'low', name: 'probeAttemptStart' },
    );
    const out = await client.send(command);
    for await (const event of out.stream ?? []) {
      if (event.contentBlockDelta && firstDeltaAt === null) firstDeltaAt = performance.now();
      if (event.metadata?.usage) {
        usage = {
          inputTokens: event.metadata.usage.inputTokens ?? 0,
          outputTokens: event.metadata.usage.outputTokens ?? 0,
        };
      }
    }
  } catch (error) {
    await budget.settle(reserved, 0);
    const name = (error as { name?: string } | null)?.name ?? 'Error';
    const outcome = OUTCOME_OF_ERROR[name] ?? 'error';
    const message = String((error as { message?: unknown } | null)?.message ?? '');
    // No API states tier support: a ValidationException naming the tier is the only answer.
    const tierSupport =
      target.tier !== 'standard' && outcome === 'validation' && message.includes(target.tier)
        ? 'unsupported'
        : 'unknown';
    return { ...base, outcome, tierSupport, errorName: name };
  }
  const costUsd = costOf(target.price, usage.inputTokens, usage.outputTokens);
  await budget.settle(reserved, Math.min(costUsd, reserved));
  const started: number | null = attemptStartedAt;
  return {
    ...base,
    outcome: 'ok',
    ttftMs:
      firstDeltaAt !== null && started !== null
        ? Math.round((firstDeltaAt - started) * 100) / 100
        : null,
    tierSupport: target.tier === 'standard' ? 'unknown' : 'supported',
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    costUsd,
  };
}

export interface ProbeRunTarget extends ProbeTarget {
  /** The model behind `targetId`, which the stored record is filed under. */
  modelId: string;
}

export interface ProbeRunDeps {
  /** A runtime client per source region (keep them at module scope). */
  clientFor(region: string): BedrockRuntimeClient;
  budget: ProbeBudget;
  /** Stores each result: the catalog's `ProbeWriter.record`. */
  record(observation: ProbeObservation): Promise<unknown>;
  now?: () => Date;
}

/**
 * Probes each target once, one after another (a probe's time must not include waiting behind
 * the others), and stops asking once the budget refuses: every later target is recorded as
 * `budgetExhausted` without a call.
 */
export async function runProbes(
  targets: readonly ProbeRunTarget[],
  deps: ProbeRunDeps,
): Promise<ProbeResult[]> {
  const results: ProbeResult[] = [];
  let exhausted = false;
  for (const target of targets) {
    const result: ProbeResult = exhausted
      ? {
          target,
          outcome: 'budgetExhausted' as const,
          ttftMs: null,
          tierSupport: 'unknown' as const,
          inputTokens: 0,
          outputTokens: 0,
          costUsd: 0,
          errorName: null,
          at: (deps.now ?? (() => new Date()))().toISOString(),
        }
      : await probe(deps.clientFor(target.sourceRegion), target, deps.budget, deps.now);
    exhausted ||= result.outcome === 'budgetExhausted';
    await deps.record({
      sourceRegion: target.sourceRegion,
      targetId: target.targetId,
      modelId: target.modelId,
      tier: target.tier,
      outcome: result.outcome,
      ttftMs: result.ttftMs,
      tierSupport: result.tierSupport,
      costUsd: result.costUsd,
      at: result.at,
    });
    results.push(result);
  }
  return results;
}
