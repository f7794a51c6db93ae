import { Aws, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Construct } from 'constructs';
import { PROBE_ENV, SCANNER_METRICS } from '../../../lambdas/contract.js';
import type { ResolvedProbeSettings } from '../../config.js';
import { acknowledge } from '../nag.js';
import { NodeFunction } from '../node-function.js';
import type { ResolvedCatalogSettings } from './settings.js';
import { bindCatalogTable, type CatalogTable } from './table.js';

/**
 * Active probes (opt-in, docs/probes.md): one function that runs a probe cycle on a schedule, in
 * the catalog's region (`addProbes`) or in another source region (ProbeRegionStack). Its role
 * can call ConverseStream on the listed models' foundation models and system inference profiles
 * only (and on explicitly listed ARNs), and read and write the catalog table.
 */

/** ConverseStream is authorised as InvokeModelWithResponseStream; nothing else is called. */
export const PROBE_BEDROCK_ACTIONS = ['bedrock:InvokeModelWithResponseStream'] as const;

/** Lambda's own ceiling; a cycle also never outlasts its interval. */
const MAX_TIMEOUT = Duration.minutes(15);
const MAX_ASYNC_EVENT_AGE = Duration.hours(6);

export interface CatalogProbes {
  readonly probe: NodeFunction;
  readonly schedule: scheduler.Schedule;
}

export interface ProbeFunctionProps {
  readonly probes: ResolvedProbeSettings;
  readonly settings: Pick<
    ResolvedCatalogSettings,
    'latencyWindow' | 'serviceName' | 'logRetention'
  >;
  /** Hands the function its table: the environment variables and the grant, in one call. */
  readonly bindTable: (probe: NodeFunction) => void;
}

/** The probe function of the catalog's own region, bound to the catalog table. */
export function addProbes(
  scope: Construct,
  props: {
    readonly catalogTable: CatalogTable;
    readonly settings: ResolvedCatalogSettings;
    readonly probes: ResolvedProbeSettings;
  },
): CatalogProbes {
  return addProbeFunction(scope, {
    probes: props.probes,
    settings: props.settings,
    bindTable: (probe) => bindCatalogTable(probe, props.catalogTable, PROBE_ENV.tableName, 'probe'),
  });
}

/** The function, its Bedrock grant and the schedule that runs it at the probe interval. */
export function addProbeFunction(scope: Construct, props: ProbeFunctionProps): CatalogProbes {
  const { probes, settings } = props;
  const { interval } = probes;
  const probe = new NodeFunction(scope, 'Probe', {
    entry: 'lambdas/probe/handler.ts',
    description: 'Probes Bedrock invoke targets (time to first token) into the catalog table',
    memorySize: 256,
    timeout: Duration.seconds(Math.min(interval.toSeconds(), MAX_TIMEOUT.toSeconds())),
    logRetention: settings.logRetention,
    // One cycle at a time: the budget holds either way, but two cycles would time each other.
    reservedConcurrentExecutions: 1,
    // The next interval probes again; a retry would only spend twice.
    retryAttempts: 0,
    maxEventAge: Duration.seconds(Math.min(interval.toSeconds(), MAX_ASYNC_EVENT_AGE.toSeconds())),
    environment: {
      [PROBE_ENV.models]: probes.models.join(','),
      [PROBE_ENV.targets]: probes.targets === 'usable' ? 'usable' : probes.targets.join(','),
      [PROBE_ENV.serviceTiers]: probes.serviceTiers.join(','),
      [PROBE_ENV.monthlyBudgetUsd]: String(probes.monthlyBudgetUsd),
      [PROBE_ENV.inputPricePer1k]: String(probes.defaultPrice.inputPer1k),
      [PROBE_ENV.outputPricePer1k]: String(probes.defaultPrice.outputPer1k),
      [PROBE_ENV.prices]: JSON.stringify(probes.prices),
      [PROBE_ENV.latencyWindow]: String(settings.latencyWindow),
      [PROBE_ENV.powertoolsServiceName]: `${settings.serviceName}-probe`,
      [PROBE_ENV.powertoolsMetricsNamespace]: SCANNER_METRICS.namespace,
    },
  });
  props.bindTable(probe);
  grantProbeInvocations(probe, probes);
  acknowledge(
    probe,
    'Serverless-LambdaDLQ',
    'A failed probe cycle is not retried or kept: the next scheduled cycle probes the same targets again, and every probe outcome is already stored in the catalog table and logged.',
  );
  acknowledge(
    probe,
    'Serverless-LambdaAsyncFailureDestination',
    'Async failures of a probe cycle need no destination: the schedule runs the next cycle at the interval, each probe outcome is stored in the catalog table and the cycle is logged.',
  );
  acknowledge(
    probe,
    'Serverless-LambdaTracing',
    'X-Ray is off: it needs xray:PutTraceSegments on Resource * and the CJS X-Ray SDK in an ESM bundle; the probe function emits structured logs and EMF metrics per cycle.',
  );

  const scheduleRole = new iam.Role(scope, 'ProbeScheduleRole', {
    assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
      conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
    }),
    description: 'Lets EventBridge Scheduler invoke the catalog probe function',
  });
  const probeLogicalId = Stack.of(scope).getLogicalId(
    probe.function.node.defaultChild as lambda.CfnFunction,
  );
  acknowledge(
    scheduleRole,
    `AwsSolutions-IAM5[Resource::<${probeLogicalId}.Arn>:*]`,
    'LambdaInvoke grants lambda:InvokeFunction through Function.grantInvoke, which adds the function ARN with a :* qualifier suffix; the wildcard covers versions and aliases of this one probe function only.',
  );
  const schedule = new scheduler.Schedule(scope, 'ProbeSchedule', {
    description: 'Runs the Bedrock profile catalog probes',
    schedule: scheduler.ScheduleExpression.rate(interval),
    target: new LambdaInvoke(probe.function, {
      role: scheduleRole,
      input: scheduler.ScheduleTargetInput.fromObject({
        source: 'schedule',
        scheduledTime: scheduler.ContextAttribute.scheduledTime,
      }),
      // A missed cycle is superseded by the next one.
      retryAttempts: 0,
      maxEventAge: Duration.seconds(Math.min(interval.toSeconds(), 24 * 60 * 60)),
    }),
  });
  schedule.node.addDependency(scheduleRole);
  return { probe, schedule };
}

/**
 * The ARNs a probe may call. Foundation models in any region (an inference profile routes to
 * them in its destination regions, which the catalog knows only at run time), the system
 * inference profiles of this region that end in a listed model ID (`us.`, `eu.`, `global.`, …),
 * or, for a target list, exactly the listed profiles and ARNs.
 */
export function probeResourceArns(probes: ResolvedProbeSettings): string[] {
  const arn = (region: string, account: string, resource: string) =>
    `arn:${Aws.PARTITION}:bedrock:${region}:${account}:${resource}`;
  const foundationModels = probes.models.map((model) => arn('*', '', `foundation-model/${model}`));
  const targets =
    probes.targets === 'usable'
      ? probes.models.map((model) =>
          arn(Aws.REGION, Aws.ACCOUNT_ID, `inference-profile/*.${model}`),
        )
      : probes.targets
          // A bare model ID is a foundation model (listed above).
          .filter((id) => !probes.models.includes(id))
          .map((id) =>
            id.startsWith('arn:') ? id : arn(Aws.REGION, Aws.ACCOUNT_ID, `inference-profile/${id}`),
          );
  return [...foundationModels, ...targets];
}

function grantProbeInvocations(probe: NodeFunction, probes: ResolvedProbeSettings): void {
  probe.role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: [...PROBE_BEDROCK_ACTIONS],
      resources: probeResourceArns(probes),
    }),
  );
  for (const model of probes.models) {
    acknowledge(
      probe.role,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:bedrock:*::foundation-model/${model}]`,
      `An inference profile of ${model} routes each call to the model in one of its destination regions, which only the catalog knows at run time; the region wildcard covers that one model's foundation-model ARN and nothing else.`,
    );
    if (probes.targets !== 'usable') continue;
    acknowledge(
      probe.role,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:bedrock:<AWS::Region>:<AWS::AccountId>:inference-profile/*.${model}]`,
      `With targets 'usable' the probe calls whichever system inference profiles of ${model} the catalog lists in this region (us., eu., apac., global., …); the wildcard is the geography prefix of that one model's profile IDs.`,
    );
  }
}
