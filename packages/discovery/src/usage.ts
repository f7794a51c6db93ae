import {
  type CloudWatchClient,
  GetMetricDataCommand,
  type MetricDataQuery,
  paginateListMetrics,
} from '@aws-sdk/client-cloudwatch';
import type {
  LatencyStats,
  ListingStatus,
  RegionSnapshot,
  UsageContent,
  UsageTarget,
  UsageTargetKind,
  UsageTier,
  UsageWindow,
  UsageWindowName,
} from '@bedrock-profile-catalog/catalog';
import { parseArn } from './arn.js';
import { classifyScanError } from './classify.js';

/**
 * The account's own Bedrock traffic in one region, from CloudWatch `AWS/Bedrock`: ListMetrics
 * first (only ModelIds with data are ever queried), then GetMetricData in batches of at most
 * 500 queries for the last hour and the last 24 hours. Each ModelId is attributed to the target
 * it names and the tier its suffix names.
 */

export const BEDROCK_METRICS_NAMESPACE = 'AWS/Bedrock';
export const MODEL_ID_DIMENSION = 'ModelId';
/** GetMetricData takes at most this many queries per request. */
export const MAX_QUERIES_PER_REQUEST = 500;

const USAGE_METRICS = [
  'TimeToFirstToken',
  'InvocationLatency',
  'Invocations',
  'InvocationThrottles',
  'EstimatedTPMQuotaUsage',
] as const;
type UsageMetric = (typeof USAGE_METRICS)[number];

export const USAGE_WINDOWS: Record<UsageWindowName, number> = { '1h': 3600, '24h': 86_400 };

// ---------------------------------------------------------------------------------------------
// Attribution: what a ModelId value names.

const TIER_SUFFIXES: Record<string, UsageTier> = {
  priority: 'priority',
  flex: 'flex',
  'latency-optimized': 'latency-optimized',
  reserved: 'reserved',
};

/** Geo and global prefixes of system profile IDs (`us.`, `eu.`, `apac.`, `global.`…). */
const PROFILE_ID = /^(?:[a-z]{2,4}(?:-gov)?|global)\.[a-z0-9-]+\.[^/]+$/;

const ARN_TARGET_KINDS: Record<string, UsageTargetKind> = {
  'foundation-model': 'in-region',
  'inference-profile': 'profile',
  'application-inference-profile': 'application-profile',
  'provisioned-model': 'throughput',
  'custom-model-deployment': 'custom-model-deployment',
  'imported-model': 'imported-model',
  'prompt-router': 'prompt-router',
  'default-prompt-router': 'prompt-router',
  endpoint: 'marketplace-endpoint',
};

export interface ParsedMetricModelId {
  tier: UsageTier;
  kind: UsageTargetKind;
  /** The runtime `modelId` without the tier suffix: an ID or an ARN. */
  id: string;
  /** The model, when the value alone says it (bare IDs, system profiles); else null. */
  modelId: string | null;
}

/**
 * Reads a CloudWatch `ModelId` value: an optional `+tier` suffix, then a bare model ID
 * (in-region), a system profile ID, or an ARN (profile, application profile, throughput,
 * deployment, imported model, router, Marketplace endpoint). Pure.
 */
export function parseMetricModelId(value: string): ParsedMetricModelId {
  const plus = value.lastIndexOf('+');
  const suffix = plus > 0 ? TIER_SUFFIXES[value.slice(plus + 1)] : undefined;
  const tier = suffix ?? 'standard';
  const id = suffix ? value.slice(0, plus) : value;
  if (id.startsWith('arn:')) {
    const arn = parseArn(id);
    const kind = arn ? ARN_TARGET_KINDS[arn.resourceType] : undefined;
    if (!arn || !kind) return { tier, kind: 'unknown', id, modelId: null };
    if (kind === 'in-region') return { tier, kind, id, modelId: arn.resourceId };
    if (kind === 'profile') return { tier, kind, id, modelId: modelOfProfileId(arn.resourceId) };
    return { tier, kind, id, modelId: null };
  }
  if (PROFILE_ID.test(id)) return { tier, kind: 'profile', id, modelId: modelOfProfileId(id) };
  return { tier, kind: 'in-region', id, modelId: id };
}

function modelOfProfileId(profileId: string): string | null {
  const dot = profileId.indexOf('.');
  return dot > 0 && PROFILE_ID.test(profileId) ? profileId.slice(dot + 1) : null;
}

/** The target a ModelId value names, its model taken from the region's snapshot where needed. */
export function attributeMetricModelId(
  value: string,
  snapshot: Pick<RegionSnapshot, 'profiles' | 'throughputs'>,
): { target: UsageTarget; tier: UsageTier } {
  const parsed = parseMetricModelId(value);
  let { modelId } = parsed;
  if (parsed.kind === 'profile' || parsed.kind === 'application-profile') {
    const profile = snapshot.profiles.find(
      (p) => p.profileArn === parsed.id || p.profileId === parsed.id,
    );
    modelId = profile?.modelId ?? modelId;
  } else if (parsed.kind === 'throughput') {
    modelId = snapshot.throughputs.find((t) => t.arn === parsed.id)?.modelId ?? null;
  }
  return { target: { kind: parsed.kind, id: parsed.id, modelId }, tier: parsed.tier };
}

// ---------------------------------------------------------------------------------------------
// Reading.

export type UsageRead =
  | { listing: 'ok'; usage: UsageContent[]; modelIds: number; queries: number }
  | { listing: Exclude<ListingStatus, 'ok'>; error: string; queries: number };

interface PlannedQuery {
  query: MetricDataQuery;
  modelId: string;
  window: UsageWindowName;
  metric: UsageMetric;
  stat: string;
}

const LATENCY_STATS = ['p50', 'p90', 'p99', 'SampleCount'];

function statsFor(metric: UsageMetric): { stat: string; perMinute: boolean }[] {
  switch (metric) {
    case 'TimeToFirstToken':
    case 'InvocationLatency':
      return LATENCY_STATS.map((stat) => ({ stat, perMinute: false }));
    case 'EstimatedTPMQuotaUsage':
      // Tokens per minute: the Sum of each minute; the window's peak is the largest of them.
      return [{ stat: 'Sum', perMinute: true }];
    default:
      return [{ stat: 'Sum', perMinute: false }];
  }
}

/** The queries for every (ModelId, metric) ListMetrics showed, in both windows. */
export function planUsageQueries(
  metrics: ReadonlyMap<string, ReadonlySet<UsageMetric>>,
): PlannedQuery[] {
  const planned: PlannedQuery[] = [];
  for (const [modelId, names] of metrics) {
    for (const window of Object.keys(USAGE_WINDOWS) as UsageWindowName[]) {
      for (const metric of USAGE_METRICS) {
        if (!names.has(metric)) continue;
        for (const { stat, perMinute } of statsFor(metric)) {
          planned.push({
            modelId,
            window,
            metric,
            stat,
            query: {
              Id: `q${planned.length}`,
              MetricStat: {
                Metric: {
                  Namespace: BEDROCK_METRICS_NAMESPACE,
                  MetricName: metric,
                  Dimensions: [{ Name: MODEL_ID_DIMENSION, Value: modelId }],
                },
                Period: perMinute ? 60 : USAGE_WINDOWS[window],
                Stat: stat,
              },
              ReturnData: true,
            },
          });
        }
      }
    }
  }
  return planned;
}

function isUsageMetric(name: string | undefined): name is UsageMetric {
  return (USAGE_METRICS as readonly string[]).includes(name ?? '');
}

async function listMetricModelIds(
  client: CloudWatchClient,
  signal: AbortSignal,
): Promise<Map<string, Set<UsageMetric>>> {
  const found = new Map<string, Set<UsageMetric>>();
  const pages = paginateListMetrics(
    { client },
    { Namespace: BEDROCK_METRICS_NAMESPACE, Dimensions: [{ Name: MODEL_ID_DIMENSION }] },
    { abortSignal: signal },
  );
  for await (const page of pages) {
    for (const metric of page.Metrics ?? []) {
      const dimensions = metric.Dimensions ?? [];
      const modelId = dimensions.find((d) => d.Name === MODEL_ID_DIMENSION)?.Value;
      // A metric with more dimensions than ModelId is a different series; ours have only it.
      if (!isUsageMetric(metric.MetricName) || !modelId || dimensions.length !== 1) continue;
      const names = found.get(modelId) ?? new Set<UsageMetric>();
      names.add(metric.MetricName);
      found.set(modelId, names);
    }
  }
  return found;
}

/** Sends one batch, following NextToken; values by query Id. Counts queries per request sent. */
async function fetchBatch(
  client: CloudWatchClient,
  batch: readonly PlannedQuery[],
  window: { start: Date; end: Date },
  signal: AbortSignal,
  count: (queries: number) => void,
): Promise<Map<string, number[]>> {
  const values = new Map<string, number[]>();
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new GetMetricDataCommand({
        MetricDataQueries: batch.map((p) => p.query),
        StartTime: window.start,
        EndTime: window.end,
        ...(nextToken ? { NextToken: nextToken } : {}),
      }),
      { abortSignal: signal },
    );
    count(batch.length);
    for (const result of page.MetricDataResults ?? []) {
      const id = result.Id ?? '';
      values.set(id, [...(values.get(id) ?? []), ...(result.Values ?? [])]);
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return values;
}

function latencyOf(stats: Map<string, number | undefined>): LatencyStats | null {
  const [p50, p90, p99, samples] = LATENCY_STATS.map((s) => stats.get(s));
  if (p50 === undefined || p90 === undefined || p99 === undefined || !samples) return null;
  return { p50, p90, p99, samples };
}

function windowOf(
  planned: readonly PlannedQuery[],
  values: ReadonlyMap<string, number[]>,
  bounds: { start: Date; end: Date },
): UsageWindow | null {
  const byMetric = new Map<UsageMetric, Map<string, number | undefined>>();
  let anyData = false;
  for (const p of planned) {
    const points = values.get(p.query.Id ?? '') ?? [];
    if (points.length > 0) anyData = true;
    const reduced =
      points.length === 0
        ? undefined
        : p.metric === 'EstimatedTPMQuotaUsage'
          ? Math.max(...points)
          : points.reduce((a, b) => a + b, 0);
    const stats = byMetric.get(p.metric) ?? new Map<string, number | undefined>();
    stats.set(p.stat, reduced);
    byMetric.set(p.metric, stats);
  }
  if (!anyData) return null;
  const sum = (metric: UsageMetric) => byMetric.get(metric)?.get('Sum') ?? 0;
  return {
    startTime: bounds.start.toISOString(),
    endTime: bounds.end.toISOString(),
    ttftMs: latencyOf(byMetric.get('TimeToFirstToken') ?? new Map()),
    invocationMs: latencyOf(byMetric.get('InvocationLatency') ?? new Map()),
    invocations: sum('Invocations'),
    throttles: sum('InvocationThrottles'),
    tpmPeak: byMetric.get('EstimatedTPMQuotaUsage')?.get('Sum') ?? null,
  };
}

function isDenied(error: unknown): boolean {
  // CloudWatch is query-compatible: the SDK names the error by its Query code, `AccessDenied`.
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'AccessDenied' || classifyScanError(error).code === 'denied';
}

/** Minute-aligned, as CloudWatch aligns periods, so both windows end on the same boundary. */
function windowEnd(now: Date): Date {
  return new Date(Math.floor(now.getTime() / 60_000) * 60_000);
}

/**
 * Reads one region's usage. Never throws: AccessDenied → `denied`, anything else → `error`,
 * with the metric queries already requested counted either way.
 */
export async function readCloudWatchUsage(input: {
  region: string;
  client: CloudWatchClient;
  snapshot: Pick<RegionSnapshot, 'profiles' | 'throughputs'>;
  now: Date;
  signal: AbortSignal;
}): Promise<UsageRead> {
  let queries = 0;
  try {
    const metrics = await listMetricModelIds(input.client, input.signal);
    const planned = planUsageQueries(metrics);
    const end = windowEnd(input.now);
    const bounds = (window: UsageWindowName) => ({
      start: new Date(end.getTime() - USAGE_WINDOWS[window] * 1000),
      end,
    });
    // StartTime and EndTime belong to the request, so each window gets its own batches.
    const values = new Map<string, number[]>();
    for (const window of Object.keys(USAGE_WINDOWS) as UsageWindowName[]) {
      const ofWindow = planned.filter((p) => p.window === window);
      for (let i = 0; i < ofWindow.length; i += MAX_QUERIES_PER_REQUEST) {
        const batch = ofWindow.slice(i, i + MAX_QUERIES_PER_REQUEST);
        const fetched = await fetchBatch(input.client, batch, bounds(window), input.signal, (n) => {
          queries += n;
        });
        for (const [id, points] of fetched) values.set(id, points);
      }
    }
    const asOf = end.toISOString();
    const usage: UsageContent[] = [];
    for (const metricModelId of metrics.keys()) {
      const own = planned.filter((p) => p.modelId === metricModelId);
      const windowed = (window: UsageWindowName) =>
        windowOf(
          own.filter((p) => p.window === window),
          values,
          bounds(window),
        );
      const windows = { '1h': windowed('1h'), '24h': windowed('24h') };
      if (!windows['1h'] && !windows['24h']) continue;
      const { target, tier } = attributeMetricModelId(metricModelId, input.snapshot);
      usage.push({ region: input.region, metricModelId, target, tier, windows, asOf });
    }
    return { listing: 'ok', usage, modelIds: metrics.size, queries };
  } catch (error) {
    const { message } = classifyScanError(error);
    return { listing: isDenied(error) ? 'denied' : 'error', error: message, queries };
  }
}
