import type { LatencyStats } from './records.js';

/**
 * Nearest-rank percentile: the smallest sample such that at least p% of the samples are ≤ it.
 * Always returns an observed value, which keeps small windows honest (no invented latencies).
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new RangeError('percentile of an empty sample set');
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[rank - 1] as number;
}

/** p50/p90/p99 of a latency window, or null when there is nothing to measure. */
export function latencyStats(samples: readonly number[]): LatencyStats | null {
  if (samples.length === 0) return null;
  return {
    p50: percentile(samples, 50),
    p90: percentile(samples, 90),
    p99: percentile(samples, 99),
    samples: samples.length,
  };
}
