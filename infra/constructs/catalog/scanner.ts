import { SETTINGS } from '@bedrock-profile-catalog/catalog/settings';
import { Aws, Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import {
  REGION_DEADLINE_MS,
  SCAN_REQUEST_SOURCE,
  SCAN_REQUESTED_DETAIL_TYPE,
  SCANNER_ENV,
  SCANNER_METRICS,
  type ScheduledScanEvent,
} from '../../../lambdas/contract.js';
import type { CatalogRegions } from '../../config.js';
import { acknowledge } from '../nag.js';
import { NodeFunction } from '../node-function.js';
import { type CatalogEventBus, grantChangeEvents } from './event-bus.js';
import {
  type ResolvedCatalogSettings,
  regionsEnvValue,
  scannerServiceName,
  seconds,
} from './settings.js';
import { bindCatalogTable, type CatalogTable } from './table.js';

/** Bedrock control-plane actions the scanner calls; all are List/Read with no resource type. */
export const SCANNER_BEDROCK_ACTIONS = [
  'bedrock:ListInferenceProfiles',
  'bedrock:ListFoundationModels',
  'bedrock:ListProvisionedModelThroughputs',
  'bedrock:GetFoundationModelAvailability',
  // The optional account listings: one missing (or denied by an SCP) marks only that listing.
  'bedrock:ListCustomModelDeployments',
  'bedrock:ListCustomModels',
  'bedrock:ListImportedModels',
  'bedrock:ListPromptRouters',
  'bedrock:ListMarketplaceModelEndpoints',
  'bedrock:GetAccountDataRetention',
] as const;

/** Service Quotas reads (service code `bedrock`), also without a resource type. */
export const SCANNER_SERVICE_QUOTAS_ACTIONS = [
  'servicequotas:ListServiceQuotas',
  'servicequotas:ListAWSDefaultServiceQuotas',
] as const;

/** CloudWatch `AWS/Bedrock` usage reads; CloudWatch requires Resource '*' for both. */
export const SCANNER_CLOUDWATCH_ACTIONS = [
  'cloudwatch:ListMetrics',
  'cloudwatch:GetMetricData',
] as const;

/** The public parameter path listing Bedrock's regions, read only when regions are `auto`. */
export const BEDROCK_REGIONS_PARAMETER_PATH =
  '/aws/service/global-infrastructure/services/bedrock/regions';

/** The scanner stops launching region calls at 20 s; the rest is the write and sweep budget. */
const SCANNER_TIMEOUT = Duration.seconds(120);
/** Lambda's async queue keeps an event for at most 6 h. */
const MAX_ASYNC_EVENT_AGE = Duration.hours(6);

export interface CatalogScanner {
  readonly scanner: NodeFunction;
  /** Receives failed schedule and scan-request deliveries, and scanner runs that failed asynchronously. */
  readonly deadLetterQueue: sqs.Queue;
  readonly schedule: scheduler.Schedule;
  /** Delivers Scan Requested events (POST /v1/scans) to the scanner. */
  readonly scanRequestRule: events.Rule;
}

/** The scanner function, its dead-letter queue, the schedule that runs it and the scan-request rule. */
export function addScanner(
  scope: Construct,
  props: {
    readonly catalogTable: CatalogTable;
    readonly catalogBus: CatalogEventBus;
    readonly settings: ResolvedCatalogSettings;
  },
): CatalogScanner {
  const { catalogTable, catalogBus, settings } = props;
  const { eventBus } = catalogBus;
  const { scanRate } = settings;

  const deadLetterQueue = new sqs.Queue(scope, 'ScanDeadLetterQueue', {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  acknowledge(
    deadLetterQueue,
    'Serverless-SQSRedrivePolicy',
    'This queue is itself the dead-letter queue for failed Scheduler and scan-request deliveries and failed async scanner runs; a redrive policy would only move the evidence to yet another queue.',
  );
  acknowledge(
    deadLetterQueue,
    'AwsSolutions-SQS3',
    'This queue is itself the dead-letter queue: it receives failed Scheduler and scan-request deliveries and failed async scanner runs, so it needs no DLQ of its own.',
  );

  const scanner = new NodeFunction(scope, 'Scanner', {
    entry: 'lambdas/scanner/handler.ts',
    description: 'Scans every configured Bedrock region into the catalog table',
    memorySize: 512,
    timeout: SCANNER_TIMEOUT,
    logRetention: settings.logRetention,
    // A cost guard only: overlapping runs queue up; correctness comes from the lease in the table.
    reservedConcurrentExecutions: 1,
    // The schedule re-runs the scan; a Lambda retry would only duplicate the next run.
    retryAttempts: 0,
    maxEventAge: Duration.seconds(Math.min(scanRate.toSeconds(), MAX_ASYNC_EVENT_AGE.toSeconds())),
    onFailure: new SqsDestination(deadLetterQueue),
    environment: {
      [SCANNER_ENV.regions]: regionsEnvValue(settings.regions),
      [SCANNER_ENV.scanIntervalSeconds]: seconds(scanRate),
      [SCANNER_ENV.ttlSeconds]: seconds(settings.ttl),
      [SCANNER_ENV.latencyWindow]: String(settings.latencyWindow),
      [SCANNER_ENV.changeRetentionDays]: String(settings.changeRetentionDays),
      [SCANNER_ENV.eventBusName]: eventBus.eventBusName,
      [SCANNER_ENV.regionDeadlineMs]: String(REGION_DEADLINE_MS),
      [SCANNER_ENV.accessCheckMaxAgeHours]: String(settings.accessCheckMaxAge.toHours()),
      [SCANNER_ENV.quotaRefreshHours]: String(SETTINGS.quotaRefreshInterval.default),
      [SCANNER_ENV.usageRefreshSeconds]: String(SETTINGS.usageRefreshInterval.default),
      [SCANNER_ENV.powertoolsServiceName]: scannerServiceName(settings),
      [SCANNER_ENV.powertoolsMetricsNamespace]: SCANNER_METRICS.namespace,
    },
  });
  grantScannerPermissions(scanner, catalogTable, settings.regions);
  // Change events only: no other source, and no scan requests; the bus policy refuses anyone else.
  grantChangeEvents(catalogBus, scanner.role);
  acknowledge(
    scanner,
    'Serverless-LambdaDLQ',
    'Async failures of the scanner go to an on-failure destination (the same SQS dead-letter queue, alarmed), which supersedes DeadLetterConfig and also records the error.',
  );
  acknowledge(
    scanner,
    'Serverless-LambdaTracing',
    'X-Ray is off: it needs xray:PutTraceSegments on Resource * and the CJS X-Ray SDK in an ESM bundle; the functions emit structured logs and EMF metrics and the API logs every request.',
  );

  const scheduledScan: ScheduledScanEvent = {
    source: 'schedule',
    scheduledTime: scheduler.ContextAttribute.scheduledTime,
  };
  // Our own role (not the target's stack-level singleton), so the acknowledgement below sits
  // on a construct this catalog owns.
  const scheduleRole = new iam.Role(scope, 'ScheduleRole', {
    assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
      conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
    }),
    description: 'Lets EventBridge Scheduler invoke the catalog scanner',
  });
  const scannerLogicalId = Stack.of(scope).getLogicalId(
    scanner.function.node.defaultChild as lambda.CfnFunction,
  );
  acknowledge(
    scheduleRole,
    `AwsSolutions-IAM5[Resource::<${scannerLogicalId}.Arn>:*]`,
    'LambdaInvoke grants lambda:InvokeFunction through Function.grantInvoke, which adds the function ARN with a :* qualifier suffix; the wildcard covers versions and aliases of this one scanner function only.',
  );
  const schedule = new scheduler.Schedule(scope, 'ScanSchedule', {
    description: 'Runs the Bedrock profile catalog scanner',
    schedule: scheduler.ScheduleExpression.rate(scanRate),
    // Fire on time: scannedAt should not jitter.
    timeWindow: scheduler.TimeWindow.off(),
    target: new LambdaInvoke(scanner.function, {
      role: scheduleRole,
      input: scheduler.ScheduleTargetInput.fromObject(scheduledScan),
      // A few delivery retries within one interval; after that the next run supersedes it.
      retryAttempts: 2,
      maxEventAge: scanRate,
      deadLetterQueue,
    }),
  });
  // The role's policy must exist before the first delivery.
  schedule.node.addDependency(scheduleRole);

  // Scans out of schedule (POST /v1/scans, or any workload allowed to put the event): the whole
  // event goes to the scanner, which reads the request from its detail.
  const scanRequestRule = new events.Rule(scope, 'ScanRequestRule', {
    description: 'Runs the Bedrock profile catalog scanner on each Scan Requested event',
    eventBus,
    eventPattern: {
      source: [SCAN_REQUEST_SOURCE],
      detailType: [SCAN_REQUESTED_DETAIL_TYPE],
      // A shared bus may accept other accounts' events; only this account may start a scan.
      account: [Stack.of(scope).account],
    },
    targets: [
      new eventTargets.LambdaFunction(scanner.function, {
        retryAttempts: 2,
        maxEventAge: scanRate,
        deadLetterQueue,
      }),
    ],
  });

  return { scanner, deadLetterQueue, schedule, scanRequestRule };
}

function grantScannerPermissions(
  scanner: NodeFunction,
  catalogTable: CatalogTable,
  regions: CatalogRegions,
): void {
  const role = scanner.role;
  // These actions have no resource type, so Resource must be '*'; the region condition is
  // what narrows them.
  const readActions = [
    ...SCANNER_BEDROCK_ACTIONS,
    ...SCANNER_SERVICE_QUOTAS_ACTIONS,
    ...SCANNER_CLOUDWATCH_ACTIONS,
  ];
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: readActions,
      resources: ['*'],
      ...(regions === 'auto'
        ? {}
        : { conditions: { StringEquals: { 'aws:RequestedRegion': [...regions] } } }),
    }),
  );
  acknowledge(
    role,
    'AwsSolutions-IAM5[Resource::*]',
    regions === 'auto'
      ? `${readActions.join(', ')} have no resource type in the Service Authorization Reference, so Resource must be '*'; with regions 'auto' the region list is only known at scan time, so aws:RequestedRegion cannot narrow it (configure a region list to get that condition).`
      : `${readActions.join(', ')} have no resource type in the Service Authorization Reference, so Resource must be '*'; the statement is narrowed with aws:RequestedRegion to ${regions.join(', ')}.`,
  );

  if (regions === 'auto') {
    // The public parameter can be read in any region; '*' lets the scanner ask any of them.
    const parameterArn = `arn:${Aws.PARTITION}:ssm:*::parameter${BEDROCK_REGIONS_PARAMETER_PATH}`;
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['ssm:GetParametersByPath'],
        resources: [parameterArn],
      }),
    );
    acknowledge(
      role,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ssm:*::parameter${BEDROCK_REGIONS_PARAMETER_PATH}]`,
      "Regions 'auto' reads AWS's public, read-only Bedrock region list; the region wildcard only lets the scanner read it from whichever region it calls, and the path names exactly that list.",
    );
  }

  bindCatalogTable(scanner, catalogTable, SCANNER_ENV.tableName, 'scan');
}
