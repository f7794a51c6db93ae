import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { latencyStats, percentile } from '../../packages/catalog/src/percentiles.js';

describe('percentile (nearest rank)', () => {
  it('returns the textbook nearest-rank values', () => {
    // Prepare: the classic example set.
    const samples = [15, 20, 35, 40, 50];

    // Act + Assess
    expect(percentile(samples, 5)).toBe(15);
    expect(percentile(samples, 30)).toBe(20);
    expect(percentile(samples, 40)).toBe(20);
    expect(percentile(samples, 50)).toBe(35);
    expect(percentile(samples, 100)).toBe(50);
  });

  it('does not depend on the order of the samples', () => {
    expect(percentile([50, 15, 40, 20, 35], 50)).toBe(35);
  });

  it('always returns an observed sample, monotone in p', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 60 }),
        (samples) => {
          const p50 = percentile(samples, 50);
          const p90 = percentile(samples, 90);
          const p99 = percentile(samples, 99);
          expect(samples).toContain(p50);
          expect(p50).toBeLessThanOrEqual(p90);
          expect(p90).toBeLessThanOrEqual(p99);
        },
      ),
    );
  });

  it('rejects an empty set and a p outside (0, 100]', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });
});

describe('latencyStats', () => {
  it('summarises a window of 100 samples', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);

    expect(latencyStats(samples)).toEqual({ p50: 50, p90: 90, p99: 99, samples: 100 });
  });

  it('is null for an empty window', () => {
    expect(latencyStats([])).toBeNull();
  });
});
