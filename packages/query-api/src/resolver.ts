import type { ModelInRegion } from '@bedrock-profile-catalog/catalog';
import {
  type AccountTargetRecord,
  endOfLifeReached,
  type ModelRecord,
  type PriceBook,
  type PriceTarget,
  type ProbeRecord,
  type ProfileRecord,
  priceTarget,
  profilePriceTarget,
  type QuotaRecord,
  type ThroughputRecord,
  type UsageRecord,
  type UsageWindow,
} from '@bedrock-profile-catalog/catalog/contract';
import type { InvokeTargetView, TargetRank, TargetScope } from './schemas.js';

/**
 * "Which ID do I call from region S for model M?", answered from catalog data rather than from
 * prefix rules. Order: the account's provisioned throughputs of M in S (by ARN), the bare model
 * ID when M is ON_DEMAND in S, then S's application profiles, then S's geo profile, then the
 * global profile. A target is never offered when it would fail: no bare ID for
 * INFERENCE_PROFILE-only models or context-length variants (no inference type), no profile that
 * does not exist in S, no throughput that is not InService, and nothing at all for a model past
 * its end of life in S (every call fails from then on).
 *
 * Account-owned targets answer for the ID they are filed under (AccountTargetRecord.modelKey: a
 * custom model's ARN, a Marketplace model source) and for their own ARN, in their region only.
 * Like throughputs, one that cannot serve is left out, not listed as unusable: a deployment not
 * `Active`, a prompt router not `AVAILABLE`, a Marketplace endpoint not `REGISTERED`.
 */
/** Omit over each member of a union (the built-in Omit keeps only the keys all members share). */
type OmitEach<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/**
 * A target as the rules below build it; the model's lifecycle and the measured latency and tier
 * support are added to all of them at the end.
 */
type InvokeTarget = OmitEach<
  InvokeTargetView,
  'lifecycle' | 'latency' | 'tiers' | 'usage' | 'price'
>;
type TargetLatency = NonNullable<InvokeTargetView['latency']>;
type TargetUsage = NonNullable<InvokeTargetView['usage']>;
export type TargetKind = InvokeTarget['kind'];
type TargetAccess = NonNullable<InvokeTarget['access']>;
type TargetQuota = NonNullable<InvokeTarget['quota']>;

/**
 * Within a scope: capacity the account already pays for, then what else it owns (only one kind
 * answers for any one ID), then the bare ID, then profiles.
 */
const KIND_RANK: Record<TargetKind, number> = {
  'provisioned-throughput': 0,
  'custom-model-deployment': 1,
  'imported-model': 1,
  'prompt-router': 1,
  'marketplace-endpoint': 1,
  model: 2,
  profile: 3,
};

/** The status in which each account-owned kind serves requests (null: Bedrock lists none). */
const SERVING_STATUS: Record<AccountTargetRecord['kind'], string | null> = {
  'custom-model-deployment': 'Active',
  'imported-model': null,
  'prompt-router': 'AVAILABLE',
  'marketplace-endpoint': 'REGISTERED',
};

/** Whether an account-owned target can serve requests now, so invoke-targets may offer it. */
function accountTargetServes(target: AccountTargetRecord): boolean {
  return target.status === SERVING_STATUS[target.kind] || SERVING_STATUS[target.kind] === null;
}

const SCOPE_RANK: Record<TargetScope, number> = {
  'in-region': 0,
  application: 1,
  geo: 2,
  global: 3,
};

/** The model's access as the resolver shows it; unknown stays null, never "usable". */
export function targetAccessOf(model: ModelRecord | null): TargetAccess | null {
  if (!model?.access) return null;
  if (model.access.usable) return { usable: true, reason: null };
  const { agreement, authorization, entitlement, regionAvailability } = model.access;
  const reasons = [
    authorization !== 'AUTHORIZED' && `authorization ${authorization}`,
    entitlement !== 'AVAILABLE' && `entitlement ${entitlement}`,
    agreement !== 'AVAILABLE' && `agreement ${agreement}`,
    regionAvailability !== 'AVAILABLE' && `region availability ${regionAvailability}`,
  ].filter((reason): reason is string => typeof reason === 'string');
  return { usable: false, reason: reasons.join(', ') || 'not usable' };
}

/** The model's lifecycle on every target from S: the stored record's status and dates. */
export function targetLifecycleOf(model: ModelRecord | null): InvokeTargetView['lifecycle'] {
  if (!model?.lifecycle) return null;
  const { status, legacyTime, publicExtendedAccessTime, endOfLifeTime } = model.lifecycle;
  return { status, legacyTime, publicExtendedAccessTime, endOfLifeTime };
}

/** A profile as a target; only ACTIVE profiles can be called. */
function profileTarget(profile: ProfileRecord, access: TargetAccess | null): InvokeTarget | null {
  if (profile.status !== 'ACTIVE') return null;
  return {
    targetId: profile.profileId,
    kind: 'profile',
    // Profile scopes (geo, global, application) are target scopes as they stand.
    scope: profile.scope,
    sourceRegion: profile.region,
    destinationRegions: profile.destinationRegions,
    targetArn: profile.profileArn,
    geoPrefix: profile.geoPrefix,
    name: profile.name,
    access,
    quota: null,
  };
}

/** A provisioned throughput as a target: called by its ARN, served in its region only. */
function throughputTarget(t: ThroughputRecord, access: TargetAccess | null): InvokeTarget | null {
  // Creating, Updating and Failed throughputs cannot serve requests yet (or any more).
  if (t.status !== 'InService') return null;
  return {
    targetId: t.arn,
    kind: 'provisioned-throughput',
    scope: 'in-region',
    sourceRegion: t.region,
    destinationRegions: [t.region],
    targetArn: t.arn,
    geoPrefix: null,
    name: t.name,
    access,
    quota: null,
  };
}

/** A profile ARN's scope and geo prefix, or null for any other ARN (a foundation model's). */
function profileScopeOf(arn: string): { scope: TargetScope; geoPrefix: string | null } | null {
  if (/:application-inference-profile\//.test(arn))
    return { scope: 'application', geoPrefix: null };
  const profileId = /:inference-profile\/([^/]+)$/.exec(arn)?.[1];
  if (!profileId) return null;
  const prefix = profileId.split('.')[0] ?? null;
  return prefix === 'global'
    ? { scope: 'global', geoPrefix: prefix }
    : { scope: 'geo', geoPrefix: prefix };
}

/** A router through profiles is as wide as its widest profile; through models, in-region. */
function routerScopeOf(modelArns: readonly string[]) {
  let widest: { scope: TargetScope; geoPrefix: string | null } = {
    scope: 'in-region',
    geoPrefix: null,
  };
  for (const arn of modelArns) {
    const scoped = profileScopeOf(arn);
    if (scoped && SCOPE_RANK[scoped.scope] > SCOPE_RANK[widest.scope]) widest = scoped;
  }
  return widest;
}

/** An account-owned target as an invoke target (called by its ARN, from its region), or null. */
export function accountInvokeTarget(t: AccountTargetRecord): InvokeTarget | null {
  if (!accountTargetServes(t)) return null;
  const common = {
    targetId: t.arn,
    scope: 'in-region' as const,
    sourceRegion: t.region,
    destinationRegions: [t.region],
    targetArn: t.arn,
    geoPrefix: null,
    name: t.name,
    access: null,
    quota: null,
  };
  switch (t.kind) {
    case 'custom-model-deployment':
      return {
        ...common,
        kind: t.kind,
        customModelArn: t.customModelArn,
        baseModelId: t.baseModelId,
      };
    case 'imported-model':
      return { ...common, kind: t.kind };
    case 'prompt-router':
      return {
        ...common,
        ...routerScopeOf([...t.modelArns, ...(t.fallbackModelArn ? [t.fallbackModelArn] : [])]),
        kind: t.kind,
        routerType: t.routerType,
        models: t.modelArns,
        fallbackModelArn: t.fallbackModelArn,
      };
    case 'marketplace-endpoint':
      return { ...common, kind: t.kind, modelSourceIdentifier: t.modelSourceIdentifier };
  }
}

/**
 * Ranks the targets for `modelId` from `sourceRegion`.
 * @param model the model's record in the source region, or null when S does not list it
 * @param profilesInSource the profiles in S that route to the model (any type)
 * @param throughputsInSource the account's provisioned throughputs of the model in S
 * @param accountTargetsInSource account-owned targets in S filed under `modelId`, or `modelId`'s own
 * @param now past the model's end of life in S every call fails, so there is no target at all
 */
export function resolveInvokeTargets(input: {
  modelId: string;
  sourceRegion: string;
  model: ModelRecord | null;
  profilesInSource: readonly ProfileRecord[];
  throughputsInSource?: readonly ThroughputRecord[];
  accountTargetsInSource?: readonly AccountTargetRecord[];
  now?: Date;
  /** The model's Service Quotas in S (any scope); absent or empty: every `quota` is null. */
  quotasInSource?: readonly QuotaRecord[];
  /** Active probes of the model's targets from S; absent or empty: no probe latency. */
  probesInSource?: readonly ProbeRecord[];
  /** The account's CloudWatch traffic of the model's targets from S; absent: every `usage` null. */
  usageInSource?: readonly UsageRecord[];
  /** The model's Price List cells and sources; absent: every `price` is null. */
  pricing?: TargetPricing;
  /**
   * `scope` (default): the rule order. `latency`: usable targets by measured p50 first. `price`:
   * usable targets by standard input plus output price first.
   */
  rank?: TargetRank;
}): InvokeTargetView[] {
  const { modelId, sourceRegion, model, profilesInSource, throughputsInSource = [] } = input;
  if (endOfLifeReached(model?.lifecycle ?? null, input.now ?? new Date())) return [];
  const quotas = (input.quotasInSource ?? []).filter(
    (q) => q.region === sourceRegion && q.modelId === modelId,
  );
  const access = targetAccessOf(model);
  const lifecycle = targetLifecycleOf(model);
  const targets: InvokeTarget[] = [];

  for (const owned of input.accountTargetsInSource ?? []) {
    if (owned.region !== sourceRegion) continue;
    if (owned.modelKey !== modelId && owned.arn !== modelId) continue;
    const target = accountInvokeTarget(owned);
    if (target) targets.push(target);
  }

  for (const throughput of throughputsInSource) {
    if (throughput.region !== sourceRegion || throughput.modelId !== modelId) continue;
    const target = throughputTarget(throughput, access);
    if (target) targets.push(target);
  }

  if (model?.inferenceTypes.includes('ON_DEMAND')) {
    targets.push({
      targetId: model.modelId,
      kind: 'model',
      scope: 'in-region',
      sourceRegion,
      destinationRegions: [sourceRegion],
      targetArn: model.modelArn,
      geoPrefix: null,
      name: model.name,
      access,
      quota: null,
    });
  }

  for (const profile of profilesInSource) {
    if (profile.region !== sourceRegion || !profile.modelIds.includes(modelId)) continue;
    const target = profileTarget(profile, access);
    if (target) targets.push(target);
  }

  const priceOf = targetPriceOf(input.pricing, profilesInSource, input.now ?? new Date());
  const probes = (input.probesInSource ?? []).filter((p) => p.sourceRegion === sourceRegion);
  const usage = (input.usageInSource ?? []).filter((u) => u.region === sourceRegion);
  // Stable sort: rule order first, usable before unusable, then by ID for a deterministic answer.
  const ranked = targets
    .map((target) => withQuota(target, quotas))
    .map((target, position) => ({ target, position }))
    .sort(
      (a, b) =>
        usabilityRank(a.target) - usabilityRank(b.target) ||
        SCOPE_RANK[a.target.scope] - SCOPE_RANK[b.target.scope] ||
        KIND_RANK[a.target.kind] - KIND_RANK[b.target.kind] ||
        a.target.targetId.localeCompare(b.target.targetId) ||
        a.position - b.position,
    )
    .map(({ target }) => ({
      ...target,
      lifecycle: isAccountOwned(target) ? null : lifecycle,
      ...measuredOf(target, probes, usage),
      price: priceOf(target),
    }));
  if (input.rank === 'latency') return byLatency(ranked);
  return input.rank === 'price' ? byPrice(ranked) : ranked;
}

/** What prices invoke targets: the price book of the model's cells, and when a source is stale. */
export interface TargetPricing {
  readonly book: PriceBook;
  readonly staleAfterMs: number;
}

/** What a target bills as (target-price.ts); null for what the Price List cannot price here. */
function priceTargetOf(
  target: InvokeTarget,
  profiles: ReadonlyMap<string, ProfileRecord>,
): PriceTarget | null {
  const { sourceRegion, targetId } = target;
  switch (target.kind) {
    case 'model':
      return { kind: 'model', modelId: targetId, sourceRegion };
    case 'profile': {
      const profile = profiles.get(targetId);
      return profile ? profilePriceTarget(profile) : null;
    }
    case 'provisioned-throughput':
      return { kind: 'provisionedThroughput', arn: targetId, sourceRegion };
    case 'custom-model-deployment':
      return { kind: 'customModelDeployment', arn: targetId, sourceRegion };
    case 'imported-model':
      return { kind: 'importedModel', arn: targetId, sourceRegion };
    // A router bills as the model it picks, a Marketplace endpoint as its SageMaker instance.
    case 'prompt-router':
    case 'marketplace-endpoint':
      return null;
  }
}

/** Prices targets from the book; every price is null when the catalog holds no Price List data. */
function targetPriceOf(
  pricing: TargetPricing | undefined,
  profilesInSource: readonly ProfileRecord[],
  now: Date,
): (target: InvokeTarget) => InvokeTargetView['price'] {
  if (!pricing || pricing.book.sources.size === 0) return () => null;
  const profiles = new Map(profilesInSource.map((p) => [p.profileId, p]));
  const options = { now, staleAfterMs: pricing.staleAfterMs };
  return (target) => {
    const billed = priceTargetOf(target, profiles);
    return billed && priceTarget(billed, pricing.book, options);
  };
}

/** Standard input plus output per million tokens, or null when either is not published. */
function pricePerMTok(target: InvokeTargetView): number | null {
  const input = target.price?.inputPerMTok ?? null;
  const output = target.price?.outputPerMTok ?? null;
  return input === null || output === null ? null : input + output;
}

/**
 * Usable targets with a standard input and output price, cheapest (input plus output per million
 * tokens) first; then usable ones without (in rule order); unusable ones last, as in every ranking.
 */
export function byPrice(targets: InvokeTargetView[]): InvokeTargetView[] {
  const ranked = targets.map((target, position) => ({
    target,
    position,
    perMTok: pricePerMTok(target),
  }));
  const group = (r: (typeof ranked)[number]) =>
    r.target.access?.usable === false ? 2 : r.perMTok === null ? 1 : 0;
  return ranked
    .sort(
      (a, b) =>
        group(a) - group(b) || (a.perMTok ?? 0) - (b.perMTok ?? 0) || a.position - b.position,
    )
    .map(({ target }) => target);
}

/**
 * What was measured of the target: its latency (the account's own traffic from CloudWatch when
 * there is any, else the catalog's standard-tier probes), its traffic and quota headroom, and
 * what probes found of each tier.
 */
function measuredOf(
  target: InvokeTarget,
  probes: readonly ProbeRecord[],
  usage: readonly UsageRecord[],
): Pick<InvokeTargetView, 'latency' | 'usage' | 'tiers'> {
  const own = probes.filter((p) => p.targetId === target.targetId);
  const traffic = usage.find(
    (u) =>
      (u.target.id === target.targetId || u.target.id === target.targetArn) &&
      u.tier === 'standard',
  );
  // The last hour when it has calls, else the last day.
  const [windowName, window] = traffic
    ? traffic.windows['1h']?.invocations
      ? (['1h', traffic.windows['1h']] as const)
      : (['24h', traffic.windows['24h']] as const)
    : (['1h', null] as const);
  const tierOf = (tier: 'flex' | 'priority') =>
    own.find((p) => p.tier === tier)?.tierSupport ?? 'unknown';
  return {
    latency:
      (traffic && window && cloudWatchLatency(window, windowName, traffic)) ?? probeLatency(own),
    usage: window ? usageOf(window, windowName, target.quota?.tokensPerMinute ?? null) : null,
    tiers: { flex: tierOf('flex'), priority: tierOf('priority') },
  };
}

function cloudWatchLatency(
  window: UsageWindow,
  name: string,
  record: UsageRecord,
): TargetLatency | null {
  if (!window.ttftMs) return null;
  return {
    ttftMs: { p50: window.ttftMs.p50, p90: window.ttftMs.p90 },
    invocationMs: window.invocationMs
      ? { p50: window.invocationMs.p50, p90: window.invocationMs.p90 }
      : null,
    samples: window.ttftMs.samples,
    window: name,
    source: 'cloudwatch',
    fromRegion: record.region,
    asOf: record.asOf,
  };
}

function probeLatency(own: readonly ProbeRecord[]): TargetLatency | null {
  const standard = own.find((p) => p.tier === 'standard' && p.ttftMs !== null);
  if (!standard?.ttftMs) return null;
  return {
    ttftMs: { p50: standard.ttftMs.p50, p90: standard.ttftMs.p90 },
    invocationMs: null,
    samples: standard.ttftMs.samples,
    window: `last ${standard.ttftMs.samples} probes`,
    source: 'probe',
    fromRegion: standard.sourceRegion,
    asOf: standard.lastProbedAt,
  };
}

/** Headroom: the per-minute quota minus the busiest minute's estimated use, when both are known. */
function usageOf(window: UsageWindow, name: string, tpmQuota: number | null): TargetUsage {
  const tpmUsed = window.tpmPeak;
  return {
    window: name,
    invocations: window.invocations,
    throttles: window.throttles,
    tpmUsed,
    tpmQuota,
    headroom: tpmUsed !== null && tpmQuota !== null ? Math.max(0, tpmQuota - tpmUsed) : null,
  };
}

/**
 * Usable targets with a measured time to first token, fastest p50 first; then usable ones not
 * measured (in rule order); unusable ones last, as in every ranking.
 */
export function byLatency(targets: InvokeTargetView[]): InvokeTargetView[] {
  const group = (t: InvokeTargetView) =>
    t.access?.usable === false ? 2 : t.latency === null ? 1 : 0;
  return targets
    .map((target, position) => ({ target, position }))
    .sort(
      (a, b) =>
        group(a.target) - group(b.target) ||
        (a.target.latency?.ttftMs.p50 ?? 0) - (b.target.latency?.ttftMs.p50 ?? 0) ||
        a.position - b.position,
    )
    .map(({ target }) => target);
}

/** The model's lifecycle is not an account-owned target's: a custom or imported model has none. */
function isAccountOwned(target: InvokeTarget): boolean {
  return target.kind in SERVING_STATUS;
}

/** Targets the account cannot use are kept, but ranked after every usable one. */
function usabilityRank(target: InvokeTarget): number {
  return target.access?.usable === false ? 1 : 0;
}

/** The Service Quotas scope that limits a target; application profiles and throughputs have none. */
function quotaScopeOf(target: InvokeTarget): QuotaRecord['scope'] {
  if (target.kind === 'model') return 'in-region';
  if (target.kind === 'profile' && (target.scope === 'geo' || target.scope === 'global')) {
    return target.scope;
  }
  return null;
}

/**
 * Adds the target's token quotas; a quota of 0 refuses every call, so the target becomes
 * unusable with a reason naming the quota (and is ranked after the usable ones).
 */
function withQuota(target: InvokeTarget, quotas: readonly QuotaRecord[]): InvokeTarget {
  const scope = quotaScopeOf(target);
  if (scope === null) return target;
  const own = quotas.filter((q) => q.tokens && q.scope === scope);
  const perMinute = own.find((q) => q.period === 'minute');
  const perDay = own.find((q) => q.period === 'day');
  const main = perMinute ?? perDay;
  if (!main) return target;
  const quota: TargetQuota = {
    tokensPerMinute: perMinute?.value ?? null,
    tokensPerDay: perDay?.value ?? null,
    quotaCode: main.quotaCode,
    applied: own.some((q) => q.applied),
    adjustable: main.adjustable,
  };
  const zero = [perMinute, perDay].find((q) => q?.value === 0);
  if (!zero) return { ...target, quota };
  const reason = `quota '${zero.quotaName}' (${zero.quotaCode}) is 0`;
  const earlier = target.access?.usable === false ? target.access.reason : null;
  return {
    ...target,
    quota,
    access: { usable: false, reason: earlier ? `${earlier}, ${reason}` : reason },
  };
}

/** The invoke targets of `modelId` from `sourceRegion`, out of what the catalog holds there. */
export function resolveModelInRegion(
  modelId: string,
  sourceRegion: string,
  found: ModelInRegion,
  now: Date,
  rank: TargetRank | undefined,
  pricing?: TargetPricing,
) {
  return resolveInvokeTargets({
    modelId,
    sourceRegion,
    model: found.model,
    profilesInSource: found.profiles,
    throughputsInSource: found.throughputs,
    accountTargetsInSource: found.targets,
    now,
    quotasInSource: found.quotas,
    probesInSource: found.probes,
    usageInSource: found.usage,
    ...(pricing && { pricing }),
    ...(rank && { rank }),
  });
}
