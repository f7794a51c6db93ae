import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ProbeBudgetStore, ProbeWriter, SETTINGS } from '@bedrock-profile-catalog/catalog';
import { createProbeRuntimeClient, createProber } from '@bedrock-profile-catalog/discovery';
import type { CatalogQueryService } from '@bedrock-profile-catalog/query-api';
import type { LocalConfig } from './config.js';
import type { Closer } from './embedded.js';

/**
 * Local mode's probes (opt-in, PROBE_INTERVAL_SECONDS): the probe Lambda's cycle on a timer, from
 * the first catalog region against the Bedrock endpoint in use (the embedded emulator unless
 * BEDROCK_ENDPOINT says otherwise), at the deployed defaults for budget and price.
 */
export function startLocalProbes(deps: {
  probes: NonNullable<LocalConfig['probes']>;
  sourceRegion: string;
  /** The emulator's URL, or undefined for real Bedrock. */
  endpoint: string | undefined;
  credentials: Parameters<typeof createProbeRuntimeClient>[0]['credentials'];
  service: CatalogQueryService;
  documentClient: DynamoDBDocumentClient;
  tableName: string;
  logger: Logger;
}): Closer {
  const { probes, documentClient, tableName, logger } = deps;
  const runtime = createProbeRuntimeClient({
    region: deps.sourceRegion,
    endpoint: deps.endpoint,
    credentials: deps.credentials,
  });
  const writer = new ProbeWriter({
    documentClient,
    tableName,
    window: SETTINGS.latencyWindow.default,
  });
  const prober = createProber({
    sourceRegion: deps.sourceRegion,
    plan: {
      models: probes.models,
      targets: probes.targets,
      serviceTiers: probes.serviceTiers,
      prices: {
        default: {
          inputPer1k: SETTINGS.probeInputPrice.default,
          outputPer1k: SETTINGS.probeOutputPrice.default,
        },
        overrides: {},
      },
    },
    invokeTargets: (modelId, region) => deps.service.invokeTargets(modelId, region),
    clientFor: () => runtime,
    budget: new ProbeBudgetStore({
      documentClient,
      tableName,
      monthlyCapUsd: SETTINGS.probeMonthlyBudget.default,
    }),
    record: (observation) => writer.record(observation),
  });
  let running: Promise<void> = Promise.resolve();
  const cycle = () => {
    // One cycle at a time, as the deployed function's reserved concurrency of 1.
    running = running
      .then(() => prober.runCycle())
      .then(({ results, ...summary }) => logger.info('probe cycle', { summary }))
      .catch((error) => logger.error('probe cycle failed', { error }));
  };
  cycle();
  const timer = setInterval(cycle, probes.intervalSeconds * 1000);
  return async () => {
    clearInterval(timer);
    await running;
    runtime.destroy();
  };
}
