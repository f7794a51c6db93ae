import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { CloudWatchClient, type CloudWatchClientConfig } from '@aws-sdk/client-cloudwatch';
import {
  type ListingStatus,
  RegionCode,
  type RegionSnapshot,
  type UsageRefreshRecord,
  type UsageReplacement,
} from '@bedrock-profile-catalog/catalog';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import {
  DEFAULT_CONNECTION_TIMEOUT_MS,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_REQUEST_TIMEOUT_MS,
} from './client.js';
import { readCloudWatchUsage } from './usage.js';

/**
 * CloudWatch usage per region after each successful listing (see usage.ts), reused for
 * `maxAgeMs` (default every scan). Optional like the other optional listings: AccessDenied leaves
 * the region `ok`, stores `denied` and no usage; any other failure keeps the stored usage.
 */

/** Where usage is kept (UsageWriter implements it). */
export interface UsageStore {
  lastRefresh(region: string): Promise<UsageRefreshRecord | null>;
  replaceRegionUsage(input: UsageReplacement): Promise<{ written: number; deleted: number }>;
}

export interface UsageScanOptions {
  /** CloudWatch usage per region; absent: not read. */
  usage?: {
    clientFor: (region: string) => CloudWatchClient;
    store: UsageStore;
    /** Stored usage younger than this is reused; 0 reads it at every scan. */
    maxAgeMs: number;
  };
}

export type UsageRefreshResult =
  | { status: 'fresh' }
  | { status: 'refreshed'; listing: ListingStatus; modelIds: number; queries: number }
  | { status: 'failed'; error: string; queries: number };

/** Usage refreshes over the regions; `queries` is the scan's cost in GetMetricData metrics. */
export interface UsageScanStats {
  refreshed: number;
  fresh: number;
  denied: number;
  failed: number;
  modelIds: number;
  queries: number;
}

export async function refreshUsage(input: {
  region: string;
  client: CloudWatchClient;
  store: UsageStore;
  snapshot: Pick<RegionSnapshot, 'profiles' | 'throughputs'>;
  now: () => Date;
  signal: AbortSignal;
  maxAgeMs: number;
}): Promise<UsageRefreshResult> {
  const { region, store } = input;
  let queries = 0;
  try {
    const last = await store.lastRefresh(region);
    const now = input.now();
    if (last && now.getTime() - Date.parse(last.refreshedAt) < input.maxAgeMs) {
      return { status: 'fresh' };
    }
    const read = await readCloudWatchUsage({ ...input, now });
    queries = read.queries;
    if (read.listing === 'error') return { status: 'failed', error: read.error, queries };
    const ok = read.listing === 'ok';
    await store.replaceRegionUsage({
      region,
      // Denied: no permission, so nothing is known; stale numbers would look current.
      usage: ok ? read.usage : [],
      state: {
        refreshedAt: now.toISOString(),
        listing: read.listing,
        modelIds: ok ? read.modelIds : 0,
        queries,
        error: ok ? null : read.error,
      },
    });
    return {
      status: 'refreshed',
      listing: read.listing,
      modelIds: ok ? read.modelIds : 0,
      queries,
    };
  } catch (error) {
    return {
      status: 'failed',
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      queries,
    };
  }
}

/** The usage refresh of one region, bounded by what is left of its deadline and the scan signal. */
export async function refreshUsageWithinDeadline(
  region: string,
  snapshot: Pick<RegionSnapshot, 'profiles' | 'throughputs'>,
  options: UsageScanOptions & { signal?: AbortSignal; now?: () => Date },
  remainingMs: number,
  logger: { warn(message: string, detail: Record<string, unknown>): void },
): Promise<UsageRefreshResult | null> {
  const settings = options.usage;
  if (!settings) return null;
  const signals = [AbortSignal.timeout(Math.max(1, remainingMs))];
  if (options.signal) signals.push(options.signal);
  const result = await refreshUsage({
    region,
    client: settings.clientFor(region),
    store: settings.store,
    snapshot,
    now: options.now ?? (() => new Date()),
    signal: AbortSignal.any(signals),
    maxAgeMs: settings.maxAgeMs,
  });
  if (result.status === 'failed') {
    logger.warn('CloudWatch usage not refreshed; stored usage kept', {
      region,
      error: result.error,
    });
  } else if (result.status === 'refreshed' && result.listing === 'denied') {
    logger.warn('CloudWatch usage denied; region has no usage', { region });
  }
  return result;
}

export function usageStatsOf(results: readonly (UsageRefreshResult | null | undefined)[]) {
  const stats: UsageScanStats = {
    refreshed: 0,
    fresh: 0,
    denied: 0,
    failed: 0,
    modelIds: 0,
    queries: 0,
  };
  for (const result of results) {
    if (!result) continue;
    if (result.status === 'fresh') stats.fresh++;
    else if (result.status === 'failed') stats.failed++;
    else if (result.listing === 'denied') stats.denied++;
    else stats.refreshed++;
    if (result.status === 'refreshed') stats.modelIds += result.modelIds;
    if (result.status !== 'fresh') stats.queries += result.queries;
  }
  return stats;
}

export interface CloudWatchClientFactory {
  /** One client per region, created on first use and reused. */
  clientFor(region: string): CloudWatchClient;
  destroy(): void;
}

/** CloudWatch clients per region on one keep-alive handler; `endpoint` for the emulator. */
export function createCloudWatchClientFactory(
  options: {
    endpoint?: string;
    credentials?: CloudWatchClientConfig['credentials'];
    maxAttempts?: number;
  } = {},
): CloudWatchClientFactory {
  const handler = new NodeHttpHandler({
    requestTimeout: DEFAULT_REQUEST_TIMEOUT_MS,
    throwOnRequestTimeout: true,
    connectionTimeout: DEFAULT_CONNECTION_TIMEOUT_MS,
    httpAgent: new HttpAgent({ keepAlive: true }),
    httpsAgent: new HttpsAgent({ keepAlive: true }),
  });
  const clients = new Map<string, CloudWatchClient>();
  return {
    clientFor(region) {
      if (!RegionCode.safeParse(region).success) throw new Error(`invalid region code: ${region}`);
      let client = clients.get(region);
      if (!client) {
        client = new CloudWatchClient({
          region,
          ...(options.endpoint ? { endpoint: options.endpoint } : {}),
          ...(options.credentials ? { credentials: options.credentials } : {}),
          maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
          requestHandler: handler,
        });
        clients.set(region, client);
      }
      return client;
    },
    destroy() {
      clients.clear();
      handler.destroy();
    },
  };
}
