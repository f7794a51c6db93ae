import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import {
  type BedrockClient,
  type CustomModelDeploymentSummary,
  type CustomModelSummary,
  type FoundationModelSummary,
  GetAccountDataRetentionCommand,
  type ImportedModelSummary,
  type InferenceProfileSummary,
  ListFoundationModelsCommand,
  ListInferenceProfilesCommand,
  type MarketplaceModelEndpointSummary,
  type PromptRouterSummary,
  type ProvisionedModelSummary,
  paginateListCustomModelDeployments,
  paginateListCustomModels,
  paginateListImportedModels,
  paginateListInferenceProfiles,
  paginateListMarketplaceModelEndpoints,
  paginateListPromptRouters,
  paginateListProvisionedModelThroughputs,
} from '@aws-sdk/client-bedrock';
import {
  type DataRetention,
  type ItemCounts,
  type ListingStatus,
  type ListingStatuses,
  OptionalListing,
  RegionCode,
  type RegionSnapshot,
  type ScanError,
  type TargetContent,
} from '@bedrock-profile-catalog/catalog';
import { SETTINGS } from '@bedrock-profile-catalog/catalog/settings';
import {
  type ClassifiedError,
  classifyListingError,
  classifyScanError,
  DeadlineExceededError,
  RegionScanError,
} from './classify.js';
import { AttemptLog, type AttemptTiming, latencySamplesOf, withAttemptSink } from './latency.js';
import {
  type DroppedItem,
  type NormalisedListing,
  normaliseDeployments,
  normaliseImportedModels,
  normaliseMarketplaceEndpoints,
  normaliseModels,
  normaliseProfiles,
  normalisePromptRouters,
  normaliseThroughputs,
} from './normalise.js';

export const DEFAULT_REGION_DEADLINE_MS = SETTINGS.regionDeadline.default;
/** The API's maximum; the service may still return fewer per page. */
export const DEFAULT_PAGE_SIZE = 1000;

/** The core listings: any failure fails the region, so the writer never sweeps on partial data. */
export type CoreListing = 'systemProfiles' | 'applicationProfiles' | 'models' | 'throughputs';
/** Core and optional listings (an optional one fails alone; see OptionalListing). */
export type Listing = CoreListing | OptionalListing;

/** Zero pages for every listing. */
export function emptyPageCounts(): Record<Listing, number> {
  const optional = Object.fromEntries(OptionalListing.options.map((l) => [l, 0]));
  return {
    systemProfiles: 0,
    applicationProfiles: 0,
    models: 0,
    throughputs: 0,
    ...(optional as Record<OptionalListing, number>),
  };
}

export interface ScanRegionDeps {
  /** The region's client, e.g. from `createBedrockClientFactory().clientFor(region)`. */
  client: BedrockClient;
  /** Wall-clock budget for the whole region, retries included. Default: SETTINGS.regionDeadline. */
  deadlineMs?: number;
  /** Cancels the scan from outside (e.g. the Lambda is about to time out). */
  signal?: AbortSignal;
  /** `maxResults` per listing request. Default 1000. */
  pageSize?: number;
  /** Stamps `dataRetention.checkedAt`. */
  now?: () => Date;
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
  /** Why each failed optional listing failed (its status is in `snapshot.listings`). */
  listingErrors: Partial<Record<OptionalListing, ScanError>>;
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

/** An optional listing's outcome: its items, or why it failed (it never fails the region). */
type Optional<T> =
  | { status: 'ok'; value: T }
  | { status: Exclude<ListingStatus, 'ok'>; error: ScanError };

interface OptionalListed {
  customModelDeployments: Optional<CustomModelDeploymentSummary[]>;
  customModels: Optional<CustomModelSummary[]>;
  importedModels: Optional<ImportedModelSummary[]>;
  promptRouters: Optional<PromptRouterSummary[]>;
  marketplaceEndpoints: Optional<MarketplaceModelEndpointSummary[]>;
  dataRetention: Optional<DataRetention>;
}

/**
 * Runs one optional listing to an outcome. It settles when the region's signal aborts even if
 * the SDK call ignores it (deadline, caller abort, or a failed core listing).
 */
async function optionalListing<T>(
  run: () => Promise<T>,
  signal: AbortSignal,
  counters: Counters,
): Promise<Optional<T>> {
  const failed = (error: unknown): Optional<T> => {
    const attempts = (error as { $metadata?: { attempts?: number } } | null)?.$metadata?.attempts;
    counters.attempts += attempts ?? 0;
    const deadlineExceeded = signal.reason instanceof DeadlineExceededError;
    const { status, ...classified } = classifyListingError(error, { deadlineExceeded });
    return { status, error: classified };
  };
  let onAbort = () => {};
  const aborted = new Promise<Optional<T>>((resolve) => {
    onAbort = () => resolve(failed(signal.reason));
  });
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await Promise.race([
      run().then((value): Optional<T> => ({ status: 'ok', value }), failed),
      aborted,
    ]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** The optional listings, concurrently; never rejects. */
async function listOptional(
  client: BedrockClient,
  signal: AbortSignal,
  pageSize: number,
  counters: Counters,
  now: () => Date,
): Promise<OptionalListed> {
  const send = { abortSignal: signal };
  const paging = { client, pageSize };
  const optional = <T>(run: () => Promise<T>) => optionalListing(run, signal, counters);
  const routers = (type: 'default' | 'custom') =>
    drain(
      'promptRouters',
      // Lowercase on the wire; AWS's default routers and the account's own are listed apart.
      paginateListPromptRouters(paging, { type }, send),
      (page) => page.promptRouterSummaries,
      counters,
      signal,
    );
  const listings = {
    customModelDeployments: optional(() =>
      drain(
        'customModelDeployments',
        paginateListCustomModelDeployments(paging, {}, send),
        (page) => page.modelDeploymentSummaries,
        counters,
        signal,
      ),
    ),
    customModels: optional(() =>
      drain(
        'customModels',
        paginateListCustomModels(paging, {}, send),
        (page) => page.modelSummaries,
        counters,
        signal,
      ),
    ),
    importedModels: optional(() =>
      drain(
        'importedModels',
        paginateListImportedModels(paging, {}, send),
        (page) => page.modelSummaries,
        counters,
        signal,
      ),
    ),
    promptRouters: optional(async () =>
      (await Promise.all([routers('default'), routers('custom')])).flat(),
    ),
    marketplaceEndpoints: optional(() =>
      drain(
        'marketplaceEndpoints',
        paginateListMarketplaceModelEndpoints(paging, {}, send),
        (page) => page.marketplaceModelEndpoints,
        counters,
        signal,
      ),
    ),
    dataRetention: optional(async (): Promise<DataRetention> => {
      const out = await client.send(new GetAccountDataRetentionCommand({}), send);
      counters.pages.dataRetention += 1;
      counters.attempts += out.$metadata.attempts ?? 1;
      // An open string: the docs list four modes, the SDK five, and more may come.
      const mode: unknown = out.mode;
      if (typeof mode !== 'string' || mode === '') {
        throw new RegionScanError('malformed', 'GetAccountDataRetention: mode missing');
      }
      return {
        mode,
        updatedAt: out.updatedAt instanceof Date ? out.updatedAt.toISOString() : null,
        checkedAt: now().toISOString(),
      };
    }),
  };
  const [deployments, customModels, importedModels, promptRouters, endpoints, dataRetention] =
    await Promise.all([
      listings.customModelDeployments,
      listings.customModels,
      listings.importedModels,
      listings.promptRouters,
      listings.marketplaceEndpoints,
      listings.dataRetention,
    ]);
  return {
    customModelDeployments: deployments,
    customModels,
    importedModels,
    promptRouters,
    marketplaceEndpoints: endpoints,
    dataRetention,
  };
}

/**
 * The snapshot's part of the optional listings: the targets of every kind whose listings all
 * succeeded, each listing's status, and the data retention mode when it was read.
 */
function optionalSnapshot(optional: OptionalListed, region: string) {
  const listings: ListingStatuses = {};
  const listingErrors: Partial<Record<OptionalListing, ScanError>> = {};
  for (const listing of OptionalListing.options) {
    const outcome = optional[listing];
    listings[listing] = outcome.status;
    if (outcome.status !== 'ok') listingErrors[listing] = outcome.error;
  }
  const value = <T>(o: Optional<T[]>): T[] | null => (o.status === 'ok' ? o.value : null);
  const parts: NormalisedListing<TargetContent>[] = [];
  const deployments = value(optional.customModelDeployments);
  const customModels = value(optional.customModels);
  // Without the custom models the deployments' links would read null: keep the stored ones.
  if (deployments && customModels) {
    parts.push(normaliseDeployments(deployments, region, customModels));
  }
  const imported = value(optional.importedModels);
  if (imported) parts.push(normaliseImportedModels(imported, region));
  const routers = value(optional.promptRouters);
  if (routers) parts.push(normalisePromptRouters(routers, region));
  const endpoints = value(optional.marketplaceEndpoints);
  if (endpoints) parts.push(normaliseMarketplaceEndpoints(endpoints, region));
  return {
    targets: parts.flatMap((p) => p.items),
    dropped: parts.flatMap((p) => p.dropped),
    listings,
    listingErrors,
    dataRetention: optional.dataRetention.status === 'ok' ? optional.dataRetention.value : null,
  };
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
/** Abort listeners one region scan may hold at once: the SDK's per call plus the scan's own. */
const LISTENERS_PER_REGION = 64;

/**
 * Scans one region: both profile listings, the foundation models and the provisioned
 * throughputs, all pages: all-or-nothing, any failed core listing fails the region, so the writer
 * never sweeps on partial data. The optional listings (deployments, custom and imported models,
 * prompt routers, Marketplace endpoints, data retention) run alongside and fail one by one: a
 * failed one is only marked in `snapshot.listings`. Never rejects; failures come back classified.
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
      pagesByListing: emptyPageCounts(),
      durationMs: 0,
    };
  }
  const deadlineMs = deps.deadlineMs ?? DEFAULT_REGION_DEADLINE_MS;
  const counters: Counters = { attempts: 0, pages: emptyPageCounts() };
  const pageSize = deps.pageSize ?? DEFAULT_PAGE_SIZE;
  const log = new AttemptLog();
  const controller = new AbortController();
  // Eleven listings share the signal, each call adding a listener: more than Node's default 10.
  setMaxListeners(LISTENERS_PER_REGION, controller.signal);
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
  let optional: OptionalListed | undefined;
  let failure: unknown;
  let deadlineExceeded = false;
  // Alongside the core listings; they settle by the deadline whatever happens, never reject.
  const optionalListed = withAttemptSink(log.sink, () =>
    listOptional(
      deps.client,
      controller.signal,
      pageSize,
      counters,
      deps.now ?? (() => new Date()),
    ),
  );
  try {
    listed = await Promise.race([
      withAttemptSink(log.sink, async () => {
        const all = await listAll(deps.client, controller.signal, pageSize, counters);
        // Latency is a by-product: a failed probe must not fail a region that listed fine.
        await topUpLatencySamples(deps.client, controller.signal, log).catch(() => {});
        return all;
      }),
      stopped,
    ]);
    optional = await optionalListed;
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
  const extras = optionalSnapshot(optional ?? (await optionalListed), region);
  const applicationProfiles = profiles.items.filter((p) => p.type === 'APPLICATION').length;
  return {
    ok: true,
    snapshot: {
      region,
      profiles: profiles.items,
      models: models.items,
      throughputs: throughputs.items,
      targets: extras.targets,
      listings: extras.listings,
      dataRetention: extras.dataRetention,
    },
    counts: {
      // All profile types, as the catalog's region record counts them; application ones again below.
      profiles: profiles.items.length,
      applicationProfiles,
      models: models.items.length,
      throughputs: throughputs.items.length,
    },
    dropped: [...profiles.dropped, ...models.dropped, ...throughputs.dropped, ...extras.dropped],
    listingErrors: extras.listingErrors,
    ...stats,
  };
}
