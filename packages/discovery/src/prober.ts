import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { ProbeObservation } from '@bedrock-profile-catalog/catalog';
import {
  type ProbeBudget,
  type ProbeOutcome,
  type ProbeRunTarget,
  type ProbeTarget,
  runProbes,
} from './probe.js';

/**
 * The probe cycle (issue 13 §2): which targets to probe, from the settings and the catalog, then
 * one `runProbes` pass under the monthly budget, summed up for the caller (the probe Lambda,
 * local mode). The targets come from the same resolver that answers invoke-targets, so a probe
 * record always belongs to a target the API lists.
 */

type Price = ProbeTarget['price'];

export interface ProbePlan {
  /** Models whose invoke targets are probed. */
  models: readonly string[];
  /** `usable`: every target not marked unusable; or these target IDs among the models' targets. */
  targets: 'usable' | readonly string[];
  /** Probed besides standard, one probe each per target. */
  serviceTiers: readonly ('flex' | 'priority')[];
  /** USD per 1,000 tokens: by target ID, then model ID, then the default. */
  prices: { default: Price; overrides: Readonly<Record<string, Price>> };
}

/** An invoke target as the resolver answers it (the fields the plan needs). */
export interface ResolvedInvokeTarget {
  targetId: string;
  access: { usable: boolean } | null;
}

export interface ProberDeps {
  /** Where the probes call from: this function's region, recorded as the probes' `fromRegion`. */
  sourceRegion: string;
  plan: ProbePlan;
  /** The API's invoke-targets answer (CatalogQueryService.invokeTargets); throws for an unknown model. */
  invokeTargets(
    modelId: string,
    sourceRegion: string,
  ): Promise<{ items: readonly ResolvedInvokeTarget[] }>;
  clientFor(region: string): BedrockRuntimeClient;
  budget: ProbeBudget & {
    usage(): Promise<{ month: string; capUsd: number; spentUsd: number }>;
  };
  record(observation: ProbeObservation): Promise<unknown>;
  now?: () => Date;
}

type ErrorKind = Exclude<ProbeOutcome, 'ok' | 'budgetExhausted'>;

export interface ProbeCycleSummary {
  sourceRegion: string;
  /** Probes the plan asked for: targets × (standard + each tier). */
  planned: number;
  /** Calls made (every planned probe the budget let start). */
  probed: number;
  ok: number;
  /** Planned probes not started because the monthly cap was reached. */
  skippedForBudget: number;
  /** Failed probes by kind; kinds with none are left out. */
  errors: Partial<Record<ErrorKind, number>>;
  /** Models the catalog cannot resolve, and listed target IDs no listed model offers. */
  unresolved: { id: string; reason: string }[];
  /** This month's cap and spend after the cycle (all probe functions together). */
  budget: { month: string; capUsd: number; spentUsd: number };
  results: {
    targetId: string;
    modelId: string;
    tier: ProbeTarget['tier'];
    outcome: ProbeOutcome;
    ttftMs: number | null;
    costUsd: number;
  }[];
}

/**
 * The runtime client the probes call through, in the source region (an endpoint only for the
 * emulator). The SDK's retries stay on: each probe times only the attempt that answered.
 */
export function createProbeRuntimeClient(options: {
  region: string;
  endpoint?: string | undefined;
  credentials?: BedrockRuntimeClient['config']['credentials'];
}): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    region: options.region,
    ...(options.endpoint && { endpoint: options.endpoint }),
    ...(options.credentials && { credentials: options.credentials }),
  });
}

export interface Prober {
  runCycle(): Promise<ProbeCycleSummary>;
}

export function createProber(deps: ProberDeps): Prober {
  return { runCycle: () => runProbeCycle(deps) };
}

export async function runProbeCycle(deps: ProberDeps): Promise<ProbeCycleSummary> {
  const { sourceRegion } = deps;
  const { targets, unresolved } = await planTargets(deps);
  const results = await runProbes(targets, {
    clientFor: deps.clientFor,
    budget: deps.budget,
    record: deps.record,
    ...(deps.now && { now: deps.now }),
  });
  const errors: ProbeCycleSummary['errors'] = {};
  let ok = 0;
  let skippedForBudget = 0;
  for (const { outcome } of results) {
    if (outcome === 'ok') ok += 1;
    else if (outcome === 'budgetExhausted') skippedForBudget += 1;
    else errors[outcome] = (errors[outcome] ?? 0) + 1;
  }
  return {
    sourceRegion,
    planned: targets.length,
    probed: results.length - skippedForBudget,
    ok,
    skippedForBudget,
    errors,
    unresolved,
    budget: await deps.budget.usage(),
    results: results.map((r, index) => ({
      targetId: r.target.targetId,
      modelId: (targets[index] as ProbeRunTarget).modelId,
      tier: r.target.tier,
      outcome: r.outcome,
      ttftMs: r.ttftMs,
      costUsd: r.costUsd,
    })),
  };
}

/** The plan's targets from this region, each with its tiers and price, resolved now. */
async function planTargets(deps: ProberDeps) {
  const { plan, sourceRegion } = deps;
  const listed = plan.targets === 'usable' ? null : new Set(plan.targets);
  const matched = new Set<string>();
  const unresolved: ProbeCycleSummary['unresolved'] = [];
  const targets: ProbeRunTarget[] = [];
  for (const modelId of new Set(plan.models)) {
    let items: readonly ResolvedInvokeTarget[];
    try {
      ({ items } = await deps.invokeTargets(modelId, sourceRegion));
    } catch (error) {
      // One model missing from the catalog (or from this region) must not stop the others.
      unresolved.push({ id: modelId, reason: messageOf(error) });
      continue;
    }
    for (const { targetId, access } of items) {
      if (listed ? !listed.has(targetId) : access?.usable === false) continue;
      matched.add(targetId);
      const price = plan.prices.overrides[targetId] ??
        plan.prices.overrides[modelId] ?? { ...plan.prices.default };
      for (const tier of ['standard', ...new Set(plan.serviceTiers)] as const) {
        targets.push({ sourceRegion, targetId, modelId, tier, price });
      }
    }
  }
  for (const id of listed ?? []) {
    if (matched.has(id)) continue;
    const models = plan.models.join(', ');
    unresolved.push({ id, reason: `not an invoke target of ${models} from ${sourceRegion}` });
  }
  return { targets, unresolved };
}

const messageOf = (error: unknown) =>
  String((error as { message?: unknown } | null)?.message ?? error);
