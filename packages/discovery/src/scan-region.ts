import { performance } from 'node:perf_hooks';
import {
  type BedrockClient,
  type FoundationModelSummary,
  type InferenceProfileSummary,
  ListFoundationModelsCommand,
  ListInferenceProfilesCommand,
  type ProvisionedModelSummary,
  paginateListInferenceProfiles,
  paginateListProvisionedModelThroughputs,
} from '@aws-sdk/client-bedrock';
import {
  type ItemCounts,
  RegionCode,
  type RegionSnapshot,
  type ScanError,
} from '@bedrock-profile-catalog/catalog';
import { SETTINGS } from '@bedrock-profile-catalog/catalog/settings';
import {
  type ClassifiedError,
  classifyScanError,
  DeadlineExceededError,
  RegionScanError,
} from './classify.js';
import { AttemptLog, type AttemptTiming, latencySamplesOf, withAttemptSink } from './latency.js';
import {
  type DroppedItem,
  normaliseModels,
  normaliseProfiles,
  normaliseThroughputs,
} from './normalise.js';

export const DEFAULT_REGION_DEADLINE_MS = SETTINGS.regionDeadline.default;
/** The API's maximum; the service may still return fewer per page. */
export const DEFAULT_PAGE_SIZE = 1000;

export type Listing = 'systemProfiles' | 'applicationProfiles' | 'models' | 'throughputs';

export interface ScanRegionDeps {
  /** The region's client, e.g. from `createBedrockClientFactory().clientFor(region)`. */
  client: BedrockClient;
  /** Wall-clock budget for the whole region, retries included. Default: SETTINGS.regionDeadline. */
  deadlineMs?: number;
  /** Cancels the scan from outside (e.g. the Lambda is about to time out). */
  signal?: AbortSignal;
  /** `maxResults` per listing request. Default 1000. */
  pageSize?: number;
}

interface ScanStats {
  region: string;
  /** Warm-connection per-attempt latencies (ms), in completion order. */
  latencySamples: number[];
  /** Every timed attempt, including the new-connection ones left out of `latencySamples`. */
  attemptTimings: AttemptTiming[];
  /** SDK attempts across all calls (retries included). */
  attempts: number;
  /** Pages read across all listings (ListFoundationModels counts as one). */
  pages: number;
  pagesByListing: Record<Listing, number>;
  durationMs: number;
}

export interface RegionScanSuccess extends ScanStats {
  ok: true;
  snapshot: RegionSnapshot;
  counts: ItemCounts;
  /** Items Bedrock returned that could not be normalised (or were duplicates). */
  dropped: DroppedItem[];
}

export interface RegionScanFailure extends ScanStats {
  ok: false;
  /** What the region record stores: `denied` = not enabled for the account. */
  status: ClassifiedError['status'];
  error: ScanError;
}

export type RegionScanResult = RegionScanSuccess | RegionScanFailure;

interface Listed {
  system: InferenceProfileSummary[];
  application: InferenceProfileSummary[];
  models: FoundationModelSummary[];
  throughputs: ProvisionedModelSummary[];
}

interface Counters {
  attempts: number;
  pages: Record<Listing, number>;
}

/**
 * Reads every page, failing (never stopping quietly) on a repeated token. No page cap: the service
 * may return far fewer items than asked for (8 a page has been seen), so a legitimate listing can
 * run to hundreds of pages; the region deadline bounds a service that hands out fresh tokens forever.
 */
async function drain<P extends { nextToken?: string; $metadata: { attempts?: number } }, T>(
  listing: Listing,
  pages: AsyncIterable<P>,
  itemsOf: (page: P) => T[] | undefined,
  counters: Counters,
  signal: AbortSignal,
): Promise<T[]> {
  const items: T[] = [];
  const tokens = new Set<string>();
  for await (const page of pages) {
    // Past the deadline the result is already decided; a client that ignores the signal must not
    // keep the listing running in the background.
    signal.throwIfAborted();
    counters.pages[listing] += 1;
    counters.attempts += page.$metadata.attempts ?? 1;
    items.push(...(itemsOf(page) ?? []));
    const next = page.nextToken;
    if (!next) continue;
    if (tokens.has(next)) {
      throw new RegionScanError('malformed', `${listing}: nextToken repeated, listing would loop`);
    }
    tokens.add(next);
  }
  return items;
}

async function listAll(
  client: BedrockClient,
  signal: AbortSignal,
  pageSize: number,
  counters: Counters,
): Promise<Listed> {
  const send = { abortSignal: signal };
  const profiles = (listing: Listing, typeEquals: 'SYSTEM_DEFINED' | 'APPLICATION') =>
    drain(
      listing,
      // Without typeEquals Bedrock lists SYSTEM_DEFINED only: application profiles need their own.
      paginateListInferenceProfiles({ client, pageSize }, { typeEquals }, send),
      (page) => page.inferenceProfileSummaries,
      counters,
      signal,
    );
  // Independent listings run concurrently; the longest page chain sets the region's time.
  const [system, application, models, throughputs] = await Promise.all([
    profiles('systemProfiles', 'SYSTEM_DEFINED'),
    profiles('applicationProfiles', 'APPLICATION'),
    client.send(new ListFoundationModelsCommand({}), send).then((out) => {
      counters.pages.models += 1;
      counters.attempts += out.$metadata.attempts ?? 1;
      return out.modelSummaries ?? [];
    }),
    drain(
      'throughputs',
      paginateListProvisionedModelThroughputs({ client, pageSize }, {}, send),
      (page) => page.provisionedModelSummaries,
      counters,
      signal,
    ),
  ]);
  return { system, application, models, throughputs };
}

/** Fewer warm samples than this after the listings, and the scan sends small probes. */
export const MIN_WARM_SAMPLES = 3;

/**
 * When every listing ran on a fresh connection (a cold Lambda, or sockets the service closed
 * between scans), the scan measured only set-up time, which is excluded. A few sequential,
 * one-item requests on the now-open connection measure the region itself instead.
 */
async function topUpLatencySamples(client: BedrockClient, signal: AbortSignal, log: AttemptLog) {
  for (let probe = 0; probe < MIN_WARM_SAMPLES && log.warmSamples < MIN_WARM_SAMPLES; probe++) {
    await client.send(new ListInferenceProfilesCommand({ maxResults: 1 }), { abortSignal: signal });
  }
}

const SIBLING_FAILED = Symbol('sibling listing failed');

/**
 * Scans one region: both profile listings, the foundation models and the provisioned
 * throughputs, all pages. All-or-nothing: any failed listing fails the region, so the writer never
 * sweeps on partial data. Never rejects; failures come back classified.
 */
export async function scanRegion(region: string, deps: ScanRegionDeps): Promise<RegionScanResult> {
  const started = performance.now();
  if (!RegionCode.safeParse(region).success) {
    // Normalisation would drop every item, and an empty snapshot would sweep the region.
    return {
      ok: false,
      status: 'error',
      error: { code: 'error', message: `invalid region code: ${region}` },
      region,
      latencySamples: [],
      attemptTimings: [],
      attempts: 0,
      pages: 0,
      pagesByListing: { systemProfiles: 0, applicationProfiles: 0, models: 0, throughputs: 0 },
      durationMs: 0,
    };
  }
  const deadlineMs = deps.deadlineMs ?? DEFAULT_REGION_DEADLINE_MS;
  const counters: Counters = {
    attempts: 0,
    pages: { systemProfiles: 0, applicationProfiles: 0, models: 0, throughputs: 0 },
  };
  const log = new AttemptLog();
  const controller = new AbortController();
  const deadline = setTimeout(
    () => controller.abort(new DeadlineExceededError(deadlineMs)),
    deadlineMs,
  );
  const onOuterAbort = () => controller.abort(deps.signal?.reason);
  if (deps.signal?.aborted) onOuterAbort();
  else deps.signal?.addEventListener('abort', onOuterAbort, { once: true });

  // Settles at the deadline even if some SDK call ignored the abort signal.
  let stopWaiting: (reason: unknown) => void = () => {};
  const stopped = new Promise<never>((_, reject) => {
    stopWaiting = reject;
  });
  const onAbort = () => stopWaiting(controller.signal.reason);
  if (controller.signal.aborted) onAbort();
  else controller.signal.addEventListener('abort', onAbort, { once: true });

  let listed: Listed | undefined;
  let failure: unknown;
  let deadlineExceeded = false;
  try {
    listed = await Promise.race([
      withAttemptSink(log.sink, async () => {
        const all = await listAll(
          deps.client,
          controller.signal,
          deps.pageSize ?? DEFAULT_PAGE_SIZE,
          counters,
        );
        // Latency is a by-product: a failed probe must not fail a region that listed fine.
        await topUpLatencySamples(deps.client, controller.signal, log).catch(() => {});
        return all;
      }),
      stopped,
    ]);
  } catch (e) {
    failure = e;
    deadlineExceeded = controller.signal.reason instanceof DeadlineExceededError;
    // SDK errors carry the attempts of the call that failed.
    const attempts = (e as { $metadata?: { attempts?: number } } | null)?.$metadata?.attempts;
    counters.attempts += attempts ?? 0;
  } finally {
    clearTimeout(deadline);
    deps.signal?.removeEventListener('abort', onOuterAbort);
    controller.signal.removeEventListener('abort', onAbort);
    // Cancel listings still running after a sibling failed.
    if (!controller.signal.aborted) controller.abort(SIBLING_FAILED);
  }

  const attemptTimings = log.close();
  const stats: ScanStats = {
    region,
    latencySamples: latencySamplesOf(attemptTimings),
    attemptTimings,
    attempts: counters.attempts,
    pages: Object.values(counters.pages).reduce((a, b) => a + b, 0),
    pagesByListing: { ...counters.pages },
    durationMs: Math.round((performance.now() - started) * 100) / 100,
  };

  if (!listed) {
    const { status, ...error } = classifyScanError(failure, { deadlineExceeded });
    return { ok: false, status, error, ...stats };
  }

  const profiles = normaliseProfiles([...listed.system, ...listed.application], region);
  const models = normaliseModels(listed.models, region);
  const throughputs = normaliseThroughputs(listed.throughputs, region);
  const applicationProfiles = profiles.items.filter((p) => p.type === 'APPLICATION').length;
  return {
    ok: true,
    snapshot: {
      region,
      profiles: profiles.items,
      models: models.items,
      throughputs: throughputs.items,
    },
    counts: {
      // All profile types, as the catalog's region record counts them; application ones again below.
      profiles: profiles.items.length,
      applicationProfiles,
      models: models.items.length,
      throughputs: throughputs.items.length,
    },
    dropped: [...profiles.dropped, ...models.dropped, ...throughputs.dropped],
    ...stats,
  };
}
