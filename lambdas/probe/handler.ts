import { randomBytes } from 'node:crypto';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  CatalogReader,
  ProbeBudgetStore,
  ProbeWriter,
  SETTINGS,
} from '@bedrock-profile-catalog/catalog';
import { createProbeRuntimeClient, createProber } from '@bedrock-profile-catalog/discovery';
import { CatalogQueryService } from '@bedrock-profile-catalog/query-api';
import type { Context } from 'aws-lambda';
import * as z from 'zod/mini';
import { PROBE_METRICS, SCANNER_METRICS } from '../contract.js';
import { logger } from '../shared/observability.js';
import { loadProbeConfig } from './config.js';

// Module scope: config validated once; clients stay warm across invocations.
const config = loadProbeConfig(process.env);
const metrics = new Metrics({ namespace: SCANNER_METRICS.namespace });
// The table may be in another region (a probeRegions function): its client goes there.
const documentClient = DynamoDBDocumentClient.from(
  new DynamoDBClient({ region: config.tableRegion }),
  { marshallOptions: { removeUndefinedValues: true } },
);
const tableName =
  'name' in config.table ? config.table.name : await readTableName(config.table.parameter);
// The probes call from this function's region: that is the latency they measure.
const runtime = createProbeRuntimeClient({ region: config.sourceRegion });
const service = new CatalogQueryService({
  // Cursors are never handed out here; the reader only needs some key.
  reader: new CatalogReader({
    documentClient,
    tableName,
    cursorSecret: randomBytes(32).toString('hex'),
  }),
  configuredRegions: 'auto',
  scanIntervalSeconds: SETTINGS.scanInterval.default,
});
const writer = new ProbeWriter({ documentClient, tableName, window: config.latencyWindow });
const prober = createProber({
  sourceRegion: config.sourceRegion,
  plan: config.plan,
  invokeTargets: (modelId, sourceRegion) => service.invokeTargets(modelId, sourceRegion),
  clientFor: () => runtime,
  budget: new ProbeBudgetStore({
    documentClient,
    tableName,
    monthlyCapUsd: config.monthlyBudgetUsd,
  }),
  record: (observation) => writer.record(observation),
});

async function readTableName(parameter: string): Promise<string> {
  const ssm = new SSMClient({ region: config.tableRegion });
  try {
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: parameter }));
    if (!Parameter?.Value) throw new Error(`parameter ${parameter} has no value`);
    return Parameter.Value;
  } finally {
    ssm.destroy();
  }
}

/** The schedule's payload; a direct invocation may send `{}`. */
const ProbeEvent = z.object({ source: z.optional(z.literal('schedule')) });

export async function handler(rawEvent: unknown, context: Context) {
  logger.addContext(context);
  if (!ProbeEvent.safeParse(rawEvent ?? {}).success) {
    logger.error('unrecognised probe event', { event: rawEvent });
    return { status: 'rejected' as const };
  }
  try {
    const { results, ...summary } = await prober.runCycle();
    const failed = Object.values(summary.errors).reduce((sum, n) => sum + n, 0);
    metrics.addMetric(PROBE_METRICS.ok, MetricUnit.Count, summary.ok);
    metrics.addMetric(PROBE_METRICS.failed, MetricUnit.Count, failed);
    metrics.addMetric(PROBE_METRICS.skippedForBudget, MetricUnit.Count, summary.skippedForBudget);
    metrics.addMetric(
      PROBE_METRICS.budgetUsedPercent,
      MetricUnit.Percent,
      (100 * summary.budget.spentUsd) / summary.budget.capUsd,
    );
    if (summary.unresolved.length > 0)
      logger.warn('unresolved probe targets', { unresolved: summary.unresolved });
    logger.info('probe cycle', { summary, results });
    return { status: 'ok' as const, ...summary };
  } finally {
    metrics.publishStoredMetrics();
  }
}
