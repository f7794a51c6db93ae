/**
 * Default CloudWatch traffic: a few us-east-1 callers of `AWS/Bedrock`, under `ModelId` values in
 * every form real callers send (a bare model ID, a geo profile ID, a profile ARN, an application
 * profile ARN and a tier-suffixed ID). Every other model has no metrics at all, as an idle model
 * has none. Samples are placed before `anchor` (the emulator's start), so "the last hour" and
 * "the last 24 hours" both hold data; values come from a seeded generator, so they are stable.
 */

import type { MetricSeries } from './cloudwatch.js';
import type { RegionData } from './model.js';
import { seededRandom } from './scale.js';

export const BEDROCK_NAMESPACE = 'AWS/Bedrock';
export const MODEL_ID_DIMENSION = 'ModelId';

const MINUTE_MS = 60_000;

interface Caller {
  modelId: string;
  /** Invocations per hour over the last 24 h (evenly spread, one sample each). */
  perHour: number;
  /** TTFT is published for streaming calls only: null for a caller that never streams. */
  ttftMs: { base: number; spread: number } | null;
  latencyMs: { base: number; spread: number };
  tokensPerCall: number;
  /** Every n-th invocation is throttled; 0: never. */
  throttleEvery: number;
}

function callers(accountId: string): Caller[] {
  const arn = (resource: string) => `arn:aws:bedrock:us-east-1:${accountId}:${resource}`;
  return [
    {
      modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
      perHour: 12,
      ttftMs: { base: 180, spread: 60 },
      latencyMs: { base: 900, spread: 400 },
      tokensPerCall: 1_200,
      throttleEvery: 0,
    },
    {
      modelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      perHour: 20,
      ttftMs: { base: 420, spread: 200 },
      latencyMs: { base: 2_400, spread: 1_500 },
      tokensPerCall: 4_000,
      throttleEvery: 9,
    },
    {
      modelId: arn('inference-profile/global.anthropic.claude-haiku-4-5-20251001-v1:0'),
      perHour: 8,
      ttftMs: { base: 260, spread: 90 },
      latencyMs: { base: 1_100, spread: 500 },
      tokensPerCall: 2_000,
      throttleEvery: 0,
    },
    {
      modelId: 'us.amazon.nova-pro-v1:0+priority',
      perHour: 6,
      ttftMs: { base: 150, spread: 40 },
      latencyMs: { base: 700, spread: 300 },
      tokensPerCall: 1_500,
      throttleEvery: 0,
    },
    {
      // Non-streaming only: InvocationLatency without TimeToFirstToken.
      modelId: arn('application-inference-profile/hq2of259skzs'),
      perHour: 4,
      ttftMs: null,
      latencyMs: { base: 650, spread: 250 },
      tokensPerCall: 800,
      throttleEvery: 0,
    },
  ];
}

/** One series of `metricName` for `modelId`, in the shape ListMetrics and GetMetricData serve. */
export function bedrockSeries(
  modelId: string,
  metricName: string,
  unit: string,
  samples: MetricSeries['samples'],
): MetricSeries {
  return {
    namespace: BEDROCK_NAMESPACE,
    metricName,
    dimensions: [{ Name: MODEL_ID_DIMENSION, Value: modelId }],
    unit,
    samples,
  };
}

function seriesOf(caller: Caller, seed: number, anchor: number): MetricSeries[] {
  const random = seededRandom(seed);
  const count = caller.perHour * 24;
  const step = (24 * 60 * MINUTE_MS) / count;
  const at = (i: number) => new Date(anchor - MINUTE_MS - i * step).toISOString();
  const value = (shape: { base: number; spread: number }) =>
    Math.round(shape.base + random() * shape.spread);
  const calls = Array.from({ length: count }, (_, i) => at(i));
  const served = calls.filter(
    (_, i) => caller.throttleEvery === 0 || i % caller.throttleEvery !== 0,
  );
  const throttled = calls.filter(
    (_, i) => caller.throttleEvery > 0 && i % caller.throttleEvery === 0,
  );
  const series = [
    bedrockSeries(
      caller.modelId,
      'Invocations',
      'Count',
      served.map((t) => ({ at: t, value: 1 })),
    ),
    bedrockSeries(
      caller.modelId,
      'InvocationLatency',
      'Milliseconds',
      served.map((t) => ({ at: t, value: value(caller.latencyMs) })),
    ),
    bedrockSeries(
      caller.modelId,
      'EstimatedTPMQuotaUsage',
      'Count',
      served.map((t) => ({ at: t, value: caller.tokensPerCall })),
    ),
  ];
  const { ttftMs } = caller;
  if (ttftMs) {
    series.push(
      bedrockSeries(
        caller.modelId,
        'TimeToFirstToken',
        'Milliseconds',
        served.map((t) => ({ at: t, value: value(ttftMs) })),
      ),
    );
  }
  if (throttled.length > 0) {
    series.push(
      bedrockSeries(
        caller.modelId,
        'InvocationThrottles',
        'Count',
        throttled.map((t) => ({ at: t, value: 1 })),
      ),
    );
  }
  return series;
}

/** Adds the default traffic to us-east-1; `anchor` (ms) is "now" for the samples. */
export function addDefaultUsage(
  region: RegionData,
  accountId: string,
  anchor: number = Date.now(),
): void {
  region.metrics = callers(accountId).flatMap((caller, i) => seriesOf(caller, 1_000 + i, anchor));
}
