import { Aws, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Construct } from 'constructs';
import { PRICE_REFRESH_ENV, SCANNER_METRICS } from '../../../lambdas/contract.js';
import { acknowledge } from '../nag.js';
import { NodeFunction } from '../node-function.js';
import { type CatalogEventBus, grantChangeEvents } from './event-bus.js';
import { priceRefreshServiceName, type ResolvedCatalogSettings } from './settings.js';
import { bindCatalogTable, type CatalogTable } from './table.js';

/**
 * The Price List refresh (docs/pricing.md): its own function on its own schedule, not a step of
 * the scan. A full refresh (all three offers changed, ~23 MB) peaks at about 230 MiB RSS and
 * several seconds of CPU (bench section h), which would leave the 512 MB scanner, already at
 * ~210 MiB on a 27-region scan, without margin, and would hold up scans (the scanner runs one at
 * a time). Its role can only use the table: the Price List is public HTTPS, with no IAM.
 */
export const PRICE_REFRESH_FUNCTION = {
  /** Peak RSS at most 50 % of this (bench section h); more memory is also more CPU. */
  memorySizeMiB: 1024,
  /** The refresh takes at most 25 % of this (bench section h), on a slow day's download too. */
  timeoutSeconds: 300,
} as const;

/** Scheduler hands a delivery to Lambda for at most this long before the next run supersedes it. */
const MAX_EVENT_AGE = Duration.hours(1);

export interface CatalogPrices {
  readonly priceRefresh: NodeFunction;
  readonly schedule: scheduler.Schedule;
}

export function addPriceRefresh(
  scope: Construct,
  props: {
    readonly catalogTable: CatalogTable;
    readonly catalogBus: CatalogEventBus;
    readonly settings: ResolvedCatalogSettings;
  },
): CatalogPrices {
  const { settings } = props;
  const interval = settings.priceRefreshInterval;
  const priceRefresh = new NodeFunction(scope, 'PriceRefresh', {
    entry: 'lambdas/price-refresh/handler.ts',
    description: 'Refreshes Bedrock prices from the public AWS Price List into the catalog table',
    memorySize: PRICE_REFRESH_FUNCTION.memorySizeMiB,
    timeout: Duration.seconds(PRICE_REFRESH_FUNCTION.timeoutSeconds),
    logRetention: settings.logRetention,
    // One run at a time: two would download the same offers and race on the same cells.
    reservedConcurrentExecutions: 1,
    // A failed offer is already kept at its last good version and retried by the next run.
    retryAttempts: 0,
    maxEventAge: MAX_EVENT_AGE,
    environment: {
      // PRICE_LIST_URL unset: AWS's public host (the handler's default).
      [PRICE_REFRESH_ENV.eventBusName]: props.catalogBus.eventBus.eventBusName,
      [PRICE_REFRESH_ENV.powertoolsServiceName]: priceRefreshServiceName(settings),
      [PRICE_REFRESH_ENV.powertoolsMetricsNamespace]: SCANNER_METRICS.namespace,
    },
  });
  bindCatalogTable(priceRefresh, props.catalogTable, PRICE_REFRESH_ENV.tableName, 'prices');
  // Price changes are change events (Model Price Added/Removed/Changed), put as the scanner's are.
  grantChangeEvents(props.catalogBus, priceRefresh.role);
  acknowledge(
    priceRefresh,
    'Serverless-LambdaDLQ',
    'A failed price refresh is not retried or kept: the schedule runs the next one, a failed offer keeps its last good version in the table (marked stale), and every run is logged with its EMF metrics.',
  );
  acknowledge(
    priceRefresh,
    'Serverless-LambdaAsyncFailureDestination',
    'Async failures of a price refresh need no destination: the next scheduled run refreshes the same offers, the last good version stays in the table, and each run logs one line per offer.',
  );
  acknowledge(
    priceRefresh,
    'Serverless-LambdaTracing',
    'X-Ray is off: it needs xray:PutTraceSegments on Resource * and the CJS X-Ray SDK in an ESM bundle; the price refresh emits structured logs and EMF metrics per offer and run.',
  );

  const scheduleRole = new iam.Role(scope, 'PriceRefreshScheduleRole', {
    assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
      conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
    }),
    description: 'Lets EventBridge Scheduler invoke the catalog price refresh',
  });
  const functionLogicalId = Stack.of(scope).getLogicalId(
    priceRefresh.function.node.defaultChild as lambda.CfnFunction,
  );
  acknowledge(
    scheduleRole,
    `AwsSolutions-IAM5[Resource::<${functionLogicalId}.Arn>:*]`,
    'LambdaInvoke grants lambda:InvokeFunction through Function.grantInvoke, which adds the function ARN with a :* qualifier suffix; the wildcard covers versions and aliases of this one price refresh function only.',
  );
  const schedule = new scheduler.Schedule(scope, 'PriceRefreshSchedule', {
    description: 'Runs the Bedrock profile catalog price refresh',
    schedule: scheduler.ScheduleExpression.rate(interval),
    target: new LambdaInvoke(priceRefresh.function, {
      role: scheduleRole,
      input: scheduler.ScheduleTargetInput.fromObject({
        source: 'schedule',
        scheduledTime: scheduler.ContextAttribute.scheduledTime,
      }),
      retryAttempts: 2,
      maxEventAge: MAX_EVENT_AGE,
    }),
  });
  schedule.node.addDependency(scheduleRole);
  return { priceRefresh, schedule };
}
