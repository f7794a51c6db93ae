import {
  type BedrockRuntimeClient,
  ConverseCommand,
  type ConverseCommandInput,
  ConverseStreamCommand,
  type ConverseStreamCommandInput,
  InvokeModelCommand,
  type InvokeModelCommandInput,
  InvokeModelWithResponseStreamCommand,
  type InvokeModelWithResponseStreamCommandInput,
} from '@aws-sdk/client-bedrock-runtime';
import { SETTINGS } from '@bedrock-profile-catalog/catalog/settings';
import type {
  InvokeTargetView,
  SnapshotView,
  TargetRank,
  TargetScope,
} from '@bedrock-profile-catalog/query-api';
import type {
  FinalizeRequestMiddleware,
  HandlerExecutionContext,
  InitializeHandlerArguments,
  InitializeHandlerOutput,
  InitializeMiddleware,
  MetadataBearer,
  MiddlewareStack,
} from '@smithy/types';
import { isBareModelId, isFailoverError, resolveTargets } from './resolve.js';
import { loaderFor, type SnapshotSource, SnapshotStore, type WarningLogger } from './sources.js';

/** The runtime operations the middleware routes, by the SDK's command name. */
const OPERATIONS = {
  ConverseCommand: 'Converse',
  ConverseStreamCommand: 'ConverseStream',
  InvokeModelCommand: 'InvokeModel',
  InvokeModelWithResponseStreamCommand: 'InvokeModelWithResponseStream',
} as const;
type CommandName = keyof typeof OPERATIONS;
export type RoutedOperation = (typeof OPERATIONS)[CommandName];

/** One attempt of a routed call, for logs and metrics. */
export interface RouteEvent {
  operation: RoutedOperation;
  /** The bare model ID the caller passed. */
  modelId: string;
  /** The source region the attempt was sent from (the client's, or a failover client's). */
  sourceRegion: string;
  /** The target sent as `modelId`, as the catalog describes it. */
  target: InvokeTargetView;
  /** 1 for the first target, 2 for the next, … */
  attempt: number;
  /** Why this attempt failed; null when it served the call. */
  error: Error | null;
  /** The snapshot the target came from. */
  catalogAsOf: string | null;
}

export interface CatalogRoutingOptions {
  source: SnapshotSource;
  /** Allowed target scopes (default all); `['in-region', 'application', 'geo']` keeps data in the geography. */
  scope?: readonly TargetScope[];
  /** `scope` (default): the catalog's rule order. `latency`: measured time to first token first. */
  rank?: TargetRank;
  /**
   * On ThrottlingException, ServiceUnavailableException, ModelNotReadyException or a 5xx, send
   * the call to the next target (instead of the SDK retrying the same one), up to `maxTargets`
   * per source region (default 3); then to the same model from each of `regionClients`, other
   * source regions with quota buckets of their own. The last target gets the SDK's retries.
   * Absent: only the best target, no failover.
   */
  failover?: { maxTargets?: number; regionClients?: readonly BedrockRuntimeClient[] };
  onRoute?: (event: RouteEvent) => void;
  /** Reload a held snapshot in the background once it is this old (default: the scan interval). */
  refreshIntervalMs?: number;
  /** Retry a failed snapshot load after this long (default 30 s). */
  retryIntervalMs?: number;
  /** Where the one warning of a missing snapshot goes (default console). */
  logger?: WarningLogger;
}

/** What `withCatalogRouting` adds to the client. */
export interface CatalogRouting {
  /** The held snapshot's `catalogAsOf` for `region` (default: the client's), loading it on first use. */
  catalogAsOf(region?: string): Promise<string | null>;
  /** The targets a bare model ID would be sent to, best first ([] when it is sent as given). */
  resolve(modelId: string, region?: string): Promise<InvokeTargetView[]>;
  /** The snapshot held for `region`, loading it on first use; null when none can be had. */
  snapshot(region?: string): Promise<SnapshotView | null>;
  /** Reload now rather than in the background. */
  refresh(region?: string): Promise<void>;
}

export type RoutedClient<C extends BedrockRuntimeClient> = C & {
  readonly catalogRouting: CatalogRouting;
};

const DEFAULT_MAX_TARGETS = 3;
/** Set on a call's context while a next target exists: see `failFast` below. */
const FAIL_FAST = 'catalogRoutingFailFast';

/**
 * A failover error of one attempt, thrown past the SDK's retry middleware so that, when another
 * target exists, the call moves on at once rather than retrying the throttled target. Not
 * retryable by any of the SDK's rules (no `$metadata` status, no `cause`, no retryable name).
 */
class FailoverSignal extends Error {
  override readonly name = 'CatalogRoutingFailover';
  constructor(readonly original: Error) {
    super(original.message);
  }
}

/**
 * Inside the SDK's retry loop: while a next target exists (FAIL_FAST on the call's context), a
 * failover error leaves at once as a FailoverSignal instead of being retried on this target.
 */
const failFast: FinalizeRequestMiddleware<object, MetadataBearer> =
  (next, context) => async (args) => {
    try {
      return await next(args);
    } catch (error) {
      if (context[FAIL_FAST] === true && isFailoverError(error)) {
        throw new FailoverSignal(error as Error);
      }
      throw error;
    }
  };

const FAIL_FAST_OPTIONS = {
  relation: 'after',
  toMiddleware: 'retryMiddleware',
  name: 'catalogRoutingFailFastMiddleware',
  override: true,
} as const;

/**
 * Adds catalog routing to a BedrockRuntimeClient: a bare foundation-model ID passed to Converse,
 * ConverseStream, InvokeModel or InvokeModelWithResponseStream is sent to the best usable target
 * the catalog lists for the client's region (e.g. the `us.` profile of an INFERENCE_PROFILE-only
 * model), from a snapshot held in process. Profile IDs, ARNs and IDs the catalog does not know
 * are sent as given, and failover only moves among the targets of an ID it rewrote.
 */
export function withCatalogRouting<C extends BedrockRuntimeClient>(
  client: C,
  options: CatalogRoutingOptions,
): RoutedClient<C> {
  const store = new SnapshotStore(loaderFor(options.source), {
    refreshMs: options.refreshIntervalMs ?? SETTINGS.scanInterval.default * 1000,
    retryMs: options.retryIntervalMs ?? 30_000,
    logger: options.logger ?? console,
  });
  const maxTargets = options.failover ? (options.failover.maxTargets ?? DEFAULT_MAX_TARGETS) : 1;
  const regionClients = options.failover?.regionClients ?? [];
  const resolveOptions = { scope: options.scope, rank: options.rank };
  const regionOf = async (c: BedrockRuntimeClient) => c.config.region();
  const targetsFrom = async (region: string, modelId: string) => {
    const snapshot = await store.get(region);
    return snapshot
      ? {
          snapshot,
          targets: resolveTargets(snapshot, modelId, resolveOptions).slice(0, maxTargets),
        }
      : null;
  };

  const routing: InitializeMiddleware<object, MetadataBearer> = (next, context) => async (args) => {
    const commandName = context.commandName as CommandName | undefined;
    const operation = commandName && OPERATIONS[commandName];
    const input = args.input as { modelId?: unknown };
    if (!operation || typeof input.modelId !== 'string') return next(args);
    const modelId = input.modelId;
    const region = await regionOf(client);
    const own = await targetsFrom(region, modelId);
    if (!own || !isBareModelId(own.snapshot, modelId) || own.targets.length === 0) {
      return next(args);
    }
    let attempt = 0;
    let failure: Error | null = null;
    const tryTargets = async (
      from: { region: string; client: BedrockRuntimeClient | null },
      found: { snapshot: SnapshotView; targets: InvokeTargetView[] },
      moreAfter: boolean,
    ): Promise<InitializeHandlerOutput<MetadataBearer> | null> => {
      for (const [index, target] of found.targets.entries()) {
        attempt += 1;
        const hasNext = index < found.targets.length - 1 || moreAfter;
        const event = {
          operation,
          modelId,
          sourceRegion: from.region,
          target,
          attempt,
          catalogAsOf: found.snapshot.catalogAsOf,
        };
        try {
          const result = from.client
            ? await sendVia(
                from.client,
                commandName,
                { ...input, modelId: target.targetId },
                hasNext,
              )
            : await nextWith(next, context, args, target.targetId, hasNext);
          options.onRoute?.({ ...event, error: null });
          return result;
        } catch (thrown) {
          const error = thrown instanceof FailoverSignal ? thrown.original : asError(thrown);
          options.onRoute?.({ ...event, error });
          if (!hasNext || !isFailoverError(error)) throw error;
          failure = error;
        }
      }
      return null;
    };
    const served = await tryTargets(
      { region, client: null },
      own,
      options.failover !== undefined && regionClients.length > 0,
    );
    if (served) return served;
    for (const [index, other] of regionClients.entries()) {
      const otherRegion = await regionOf(other);
      const found = await targetsFrom(otherRegion, modelId);
      if (!found || found.targets.length === 0) continue;
      const result = await tryTargets(
        { region: otherRegion, client: other },
        found,
        index < regionClients.length - 1,
      );
      if (result) return result;
    }
    throw failure ?? new Error(`no target served ${modelId}`);
  };

  client.middlewareStack.add(routing, {
    step: 'initialize',
    name: 'catalogRoutingMiddleware',
    override: true,
  });
  client.middlewareStack.addRelativeTo(failFast, FAIL_FAST_OPTIONS);

  const catalogRouting: CatalogRouting = {
    async catalogAsOf(region) {
      return (await store.get(region ?? (await regionOf(client))))?.catalogAsOf ?? null;
    },
    async resolve(modelId, region) {
      const snapshot = await store.get(region ?? (await regionOf(client)));
      return snapshot ? resolveTargets(snapshot, modelId, resolveOptions) : [];
    },
    async snapshot(region) {
      return store.get(region ?? (await regionOf(client)));
    },
    async refresh(region) {
      await store.refresh(region ?? (await regionOf(client)));
    },
  };
  Object.defineProperty(client, 'catalogRouting', { value: catalogRouting, enumerable: false });
  return client as RoutedClient<C>;
}

/** The attempt on the client itself, with the SDK's retries only when no next target exists. */
function nextWith(
  next: (
    args: InitializeHandlerArguments<object>,
  ) => Promise<InitializeHandlerOutput<MetadataBearer>>,
  context: HandlerExecutionContext,
  args: InitializeHandlerArguments<object>,
  modelId: string,
  hasNext: boolean,
) {
  context[FAIL_FAST] = hasNext;
  return next({ ...args, input: { ...args.input, modelId } });
}

/**
 * The same operation through a client of another source region, failing fast there too while a
 * next target exists (the command's own stack carries the flag and the fail-fast step).
 */
async function sendVia(
  client: BedrockRuntimeClient,
  commandName: CommandName,
  input: object,
  hasNext: boolean,
): Promise<InitializeHandlerOutput<MetadataBearer>> {
  const output = await (() => {
    switch (commandName) {
      case 'ConverseCommand':
        return client.send(flagged(new ConverseCommand(input as ConverseCommandInput), hasNext));
      case 'ConverseStreamCommand':
        return client.send(
          flagged(new ConverseStreamCommand(input as ConverseStreamCommandInput), hasNext),
        );
      case 'InvokeModelCommand':
        return client.send(
          flagged(new InvokeModelCommand(input as InvokeModelCommandInput), hasNext),
        );
      case 'InvokeModelWithResponseStreamCommand':
        return client.send(
          flagged(
            new InvokeModelWithResponseStreamCommand(
              input as InvokeModelWithResponseStreamCommandInput,
            ),
            hasNext,
          ),
        );
    }
  })();
  return { output, response: undefined };
}

/** A command that fails fast (see failFast) while `hasNext`, on whichever client sends it. */
function flagged<C extends { middlewareStack: unknown }>(command: C, hasNext: boolean): C {
  // Each command's stack is typed by its own input and output; these steps read neither.
  const stack = command.middlewareStack as MiddlewareStack<object, MetadataBearer>;
  stack.add(
    (next, context) => (args) => {
      context[FAIL_FAST] = hasNext;
      return next(args);
    },
    { step: 'initialize', name: 'catalogRoutingFailFastFlag', override: true },
  );
  stack.addRelativeTo(failFast, {
    ...FAIL_FAST_OPTIONS,
    name: 'catalogRoutingRegionFailFast',
  });
  return command;
}

function asError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(String(thrown));
}
