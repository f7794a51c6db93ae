import type { RunningEmulator } from '@bedrock-profile-catalog/bedrock-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BedrockClientFactory,
  createBedrockClientFactory,
} from '../../packages/discovery/src/client.js';
import { MIN_WARM_SAMPLES, scanRegion } from '../../packages/discovery/src/scan-region.js';
import { startEmulatorClients } from '../support/emulator-clients.js';

let emulator: RunningEmulator;
let factory: BedrockClientFactory;

let close: () => Promise<void>;

beforeAll(async () => {
  ({ emulator, factory, close } = await startEmulatorClients());
});

afterAll(() => close());

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Calls a one-page region scan makes at once: 4 core listings, and 7 optional ones (deployments,
 * custom models, imported models, prompt routers twice, Marketplace endpoints, data retention).
 */
const LISTING_CALLS = 11;

describe('latency measurement against the emulator', () => {
  it('reports a p50 within ±15% + 10 ms of the injected latency', async () => {
    // Large enough that event-loop lag on a busy 2-core CI box (a few ms) stays inside ±15%.
    const injected = 200;
    const region = 'sa-east-1';
    // Warm-up: opens the connections and warms the JIT, so what follows measures the steady state.
    const warmUp = await scanRegion(region, { client: factory.clientFor(region) });
    expect(warmUp.attemptTimings.some((t) => t.newConnection)).toBe(true);
    emulator.setFault(region, { kind: 'latency', fixedMs: injected });
    const samples: number[] = [];
    let newConnections = 0;
    for (let i = 0; i < 8; i++) {
      const result = await scanRegion(region, { client: factory.clientFor(region) });
      expect(result.ok).toBe(true);
      samples.push(...result.latencySamples);
      newConnections += result.attemptTimings.filter((t) => t.newConnection).length;
    }
    expect(samples.length + newConnections).toBe(8 * LISTING_CALLS);
    expect(samples.length).toBeGreaterThanOrEqual(16);
    const p50 = median(samples);
    console.info(
      `injected ${injected} ms → p50 ${p50.toFixed(1)} ms over ${samples.length} samples`,
    );
    expect(Math.abs(p50 - injected)).toBeLessThanOrEqual(injected * 0.15 + 10);
  });

  it('leaves the first request on each new connection out of the samples', async () => {
    const fresh = createBedrockClientFactory({
      endpoint: emulator.url,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    try {
      const result = await scanRegion('ap-southeast-4', {
        client: fresh.clientFor('ap-southeast-4'),
      });
      expect(result.ok).toBe(true);
      // A brand-new handler has no sockets: the concurrent first calls each open one.
      const timings = result.attemptTimings;
      expect(timings.filter((t) => t.newConnection)).toHaveLength(LISTING_CALLS);
      expect(result.latencySamples).toHaveLength(timings.length - LISTING_CALLS);
      // ap-southeast-4 lists in one page each, so every listing ran cold: probes on the open
      // connections still give the region its minimum of warm samples.
      expect(result.latencySamples.length).toBeGreaterThanOrEqual(MIN_WARM_SAMPLES);
    } finally {
      fresh.destroy();
    }
  });

  it('times each attempt on its own, never the back-off between retries', async () => {
    const region = 'eu-north-1';
    emulator.setFault(region, { kind: 'latency', fixedMs: 30 });
    emulator.setFault(region, { kind: 'throttle', times: 2, operation: 'ListFoundationModels' });
    try {
      const result = await scanRegion(region, { client: factory.clientFor(region) });
      expect(result.ok).toBe(true);
      const throttled = result.attemptTimings.filter((t) => t.statusCode === 429);
      expect(throttled).toHaveLength(2);
      expect(result.attemptTimings).toHaveLength(result.attempts);
      // Throttling back-off starts at hundreds of ms; the attempts themselves took ~30 ms each.
      for (const t of result.attemptTimings) expect(t.ms).toBeGreaterThanOrEqual(29);
    } finally {
      emulator.clearFaults(region);
    }
  });
});
