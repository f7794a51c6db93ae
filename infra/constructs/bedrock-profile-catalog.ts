import { ROUTE_LIST as API_ROUTES } from '@bedrock-profile-catalog/query-api/routes';
import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import {
  CHANGE_DETAIL_TYPES,
  CHANGE_EVENT_SOURCE,
  QUERY_ENV,
  REGION_DEADLINE_MS,
  SCAN_REQUEST_SOURCE,
  SCAN_REQUESTED_DETAIL_TYPE,
  SCANNER_ENV,
  SCANNER_METRICS,
  type ScheduledScanEvent,
} from '../../lambdas/contract.js';
// The schema module alone: the package index also pulls in the SDK and zod, which synth needs not.
import { CATALOG_TABLE } from '../../packages/catalog/src/table.js';
import { CATALOG_DEFAULTS, type CatalogRegions, validateCatalogSettings } from '../config.js';
import { acknowledge } from './nag.js';
import { NodeFunction } from './node-function.js';

/** Bedrock control-plane actions the scanner calls; all are List/Read with no resource type. */
export const SCANNER_BEDROCK_ACTIONS = [
  'bedrock:ListInferenceProfiles',
  'bedrock:ListFoundationModels',
  'bedrock:ListProvisionedModelThroughputs',
  'bedrock:GetFoundationModelAvailability',
] as const;

/** The public parameter path listing Bedrock's regions, read only when regions are `auto`. */
export const BEDROCK_REGIONS_PARAMETER_PATH =
  '/aws/service/global-infrastructure/services/bedrock/regions';

/** Read-only item access, for the query function and for direct readers. */
const TABLE_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];
/** Snapshot writes, conditional pointer/lease updates, sweeps, and reading back what it wrote. */
const SCANNER_TABLE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:GetItem',
  'dynamodb:Query',
];

/** The scanner stops launching region calls at 20 s; the rest is the write and sweep budget. */
const SCANNER_TIMEOUT = Duration.seconds(120);
/** Lambda's async queue keeps an event for at most 6 h. */
const MAX_ASYNC_EVENT_AGE = Duration.hours(6);

export interface BedrockProfileCatalogProps {
  /**
   * Regions to scan: a list, or `'auto'` to discover Bedrock's regions from the public SSM
   * parameters at scan time. A list lets the scanner's IAM policy be narrowed with
   * `aws:RequestedRegion`; `'auto'` cannot be.
   * @default 'auto'
   */
  readonly regions?: CatalogRegions;
  /**
   * How often EventBridge Scheduler runs the scanner. Whole minutes, 5 minutes to 8 hours.
   * @default Duration.minutes(15)
   */
  readonly scanRate?: Duration;
  /**
   * How long an item lives after the scan that wrote it (the TTL attribute). Must exceed two
   * scan intervals, so one failed scan never lets a region's items expire; 1 hour to 365 days.
   * @default Duration.days(3)
   */
  readonly ttl?: Duration;
  /**
   * How many latency samples per region the scanner keeps for percentiles.
   * @default 50
   */
  readonly latencyWindow?: number;
  /**
   * Days a change record stays queryable at `GET /v1/changes`; an integer from 1 to 365.
   * @default 30
   */
  readonly changeRetentionDays?: number;
  /**
   * How long the scanner reuses a model's access check (GetFoundationModelAvailability) before it
   * checks again; re-checks are spread over the last quarter of this age. A changed model is
   * re-checked at once. Whole hours, 1 hour to 30 days.
   * @default Duration.hours(24)
   */
  readonly accessCheckMaxAge?: Duration;
  /**
   * Where alarms notify. Mutually exclusive with `alarmEmail`.
   * @default - a new topic if `alarmEmail` is set, else alarms have no actions
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * An e-mail address subscribed to a new alarm topic. Mutually exclusive with `alarmTopic`.
   * @default - no e-mail subscription
   */
  readonly alarmEmail?: string;
  /**
   * The bus change events are put on; the scan-request rule (POST /v1/scans) listens on it too.
   * @default - the account's default event bus (nothing is created)
   */
  readonly eventBus?: events.IEventBus;
  /**
   * A customer managed KMS key for the table.
   * @default - the AWS managed key for DynamoDB (`aws/dynamodb`)
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Name of the SSM String parameter that holds the table name for direct readers.
   * @default `/bedrock-profile-catalog/<stack name>/table-name`
   */
  readonly tableNameParameterName?: string;
  /**
   * Retention of the functions' and the API's log groups.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Default-stage throttling of the HTTP API (steady requests per second and burst).
   * @default { rateLimit: 50, burstLimit: 100 }
   */
  readonly apiThrottle?: apigwv2.ThrottleSettings;
  /**
   * Prefix of the functions' Powertools service names (`<prefix>-scanner`, `<prefix>-query`);
   * also the `service` dimension of the custom metrics the alarms watch. Change it to run two
   * catalogs in one account and region without their metrics mixing.
   * @default 'bedrock-profile-catalog'
   */
  readonly serviceName?: string;
}

/**
 * The Bedrock profile catalog: one DynamoDB table, a scheduled multi-region scanner that fills it
 * and puts change events on a bus, and an IAM-authorised HTTP API that serves lookups.
 *
 * Other workloads can read the table directly: call `grantRead(role)` and hand them the table
 * name, which the construct publishes in the SSM parameter `tableNameParameter` (the stack
 * outputs its name).
 */
export class BedrockProfileCatalog extends Construct {
  readonly table: dynamodb.Table;
  readonly api: apigwv2.HttpApi;
  /** The API's `$default` stage; its URL is the API's base URL. */
  readonly apiStage: apigwv2.HttpStage;
  readonly eventBus: events.IEventBus;
  readonly scanner: NodeFunction;
  readonly query: NodeFunction;
  readonly schedule: scheduler.Schedule;
  /** Receives failed schedule and scan-request deliveries, and scanner runs that failed asynchronously. */
  readonly deadLetterQueue: sqs.Queue;
  /** Delivers Scan Requested events (POST /v1/scans) to the scanner. */
  readonly scanRequestRule: events.Rule;
  /** Holds the table name, for direct readers. */
  readonly tableNameParameter: ssm.StringParameter;
  readonly alarms: readonly cloudwatch.Alarm[];
  readonly alarmTopic?: sns.ITopic;
  private readonly encryptionKey?: kms.IKey;

  constructor(scope: Construct, id: string, props: BedrockProfileCatalogProps = {}) {
    super(scope, id);

    const regions = props.regions ?? CATALOG_DEFAULTS.regions;
    const scanRate = props.scanRate ?? CATALOG_DEFAULTS.scanRate;
    const ttl = props.ttl ?? CATALOG_DEFAULTS.ttl;
    const latencyWindow = props.latencyWindow ?? CATALOG_DEFAULTS.latencyWindow;
    const changeRetentionDays = props.changeRetentionDays ?? CATALOG_DEFAULTS.changeRetentionDays;
    const accessCheckMaxAge = props.accessCheckMaxAge ?? CATALOG_DEFAULTS.accessCheckMaxAge;
    validateCatalogSettings({
      regions,
      scanRate,
      ttl,
      latencyWindow,
      changeRetentionDays,
      accessCheckMaxAge,
    });
    if (props.alarmTopic && props.alarmEmail) {
      throw new Error(`set either alarmTopic or alarmEmail, not both (got "${props.alarmEmail}")`);
    }
    const serviceName = props.serviceName ?? 'bedrock-profile-catalog';
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    const stack = Stack.of(this);
    const regionsValue = regions === 'auto' ? 'auto' : regions.join(',');
    this.encryptionKey = props.encryptionKey;

    // ---- Table ---------------------------------------------------------------------------
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: CATALOG_TABLE.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: CATALOG_TABLE.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: CATALOG_TABLE.ttlAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // Scan history and change records cannot be rebuilt from one scan: never delete them
      // with the stack, and never replace the table on an update.
      removalPolicy: RemovalPolicy.RETAIN,
      ...(props.encryptionKey
        ? {
            encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
            encryptionKey: props.encryptionKey,
          }
        : { encryption: dynamodb.TableEncryption.AWS_MANAGED }),
    });
    for (const index of Object.values(CATALOG_TABLE.indexes)) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }

    this.tableNameParameter = new ssm.StringParameter(this, 'TableNameParameter', {
      parameterName:
        props.tableNameParameterName ?? `/bedrock-profile-catalog/${stack.stackName}/table-name`,
      stringValue: this.table.tableName,
      description: 'Name of the Bedrock profile catalog table, for direct readers',
    });

    // Default bus unless told otherwise: no resource to own, and it is where rules look first.
    this.eventBus =
      props.eventBus ?? events.EventBus.fromEventBusName(this, 'DefaultBus', 'default');

    // ---- Scanner -------------------------------------------------------------------------
    this.deadLetterQueue = new sqs.Queue(this, 'ScanDeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      this.deadLetterQueue,
      'Serverless-SQSRedrivePolicy',
      'This queue is itself the dead-letter queue for failed Scheduler and scan-request deliveries and failed async scanner runs; a redrive policy would only move the evidence to yet another queue.',
    );
    acknowledge(
      this.deadLetterQueue,
      'AwsSolutions-SQS3',
      'This queue is itself the dead-letter queue: it receives failed Scheduler and scan-request deliveries and failed async scanner runs, so it needs no DLQ of its own.',
    );

    const scannerServiceName = `${serviceName}-scanner`;
    this.scanner = new NodeFunction(this, 'Scanner', {
      entry: 'lambdas/scanner/handler.ts',
      description: 'Scans every configured Bedrock region into the catalog table',
      memorySize: 512,
      timeout: SCANNER_TIMEOUT,
      logRetention,
      // A cost guard only: overlapping runs queue up; correctness comes from the lease in the table.
      reservedConcurrentExecutions: 1,
      // The schedule re-runs the scan; a Lambda retry would only duplicate the next run.
      retryAttempts: 0,
      maxEventAge: Duration.seconds(
        Math.min(scanRate.toSeconds(), MAX_ASYNC_EVENT_AGE.toSeconds()),
      ),
      onFailure: new SqsDestination(this.deadLetterQueue),
      environment: {
        [SCANNER_ENV.tableName]: this.table.tableName,
        [SCANNER_ENV.regions]: regionsValue,
        [SCANNER_ENV.scanIntervalSeconds]: String(scanRate.toSeconds()),
        [SCANNER_ENV.ttlSeconds]: String(ttl.toSeconds()),
        [SCANNER_ENV.latencyWindow]: String(latencyWindow),
        [SCANNER_ENV.changeRetentionDays]: String(changeRetentionDays),
        [SCANNER_ENV.eventBusName]: this.eventBus.eventBusName,
        [SCANNER_ENV.regionDeadlineMs]: String(REGION_DEADLINE_MS),
        [SCANNER_ENV.accessCheckMaxAgeHours]: String(accessCheckMaxAge.toHours()),
        [SCANNER_ENV.powertoolsServiceName]: scannerServiceName,
        [SCANNER_ENV.powertoolsMetricsNamespace]: SCANNER_METRICS.namespace,
      },
    });
    this.grantScannerPermissions(regions);
    acknowledge(
      this.scanner,
      'Serverless-LambdaDLQ',
      'Async failures of the scanner go to an on-failure destination (the same SQS dead-letter queue, alarmed), which supersedes DeadLetterConfig and also records the error.',
    );

    const scheduledScan: ScheduledScanEvent = {
      source: 'schedule',
      scheduledTime: scheduler.ContextAttribute.scheduledTime,
    };
    // Our own role (not the target's stack-level singleton), so the acknowledgement below sits
    // on a construct this catalog owns.
    const scheduleRole = new iam.Role(this, 'ScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
      description: 'Lets EventBridge Scheduler invoke the catalog scanner',
    });
    const scannerLogicalId = stack.getLogicalId(
      this.scanner.function.node.defaultChild as lambda.CfnFunction,
    );
    acknowledge(
      scheduleRole,
      `AwsSolutions-IAM5[Resource::<${scannerLogicalId}.Arn>:*]`,
      'LambdaInvoke grants lambda:InvokeFunction through Function.grantInvoke, which adds the function ARN with a :* qualifier suffix; the wildcard covers versions and aliases of this one scanner function only.',
    );
    this.schedule = new scheduler.Schedule(this, 'ScanSchedule', {
      description: 'Runs the Bedrock profile catalog scanner',
      schedule: scheduler.ScheduleExpression.rate(scanRate),
      // Fire on time: scannedAt should not jitter.
      timeWindow: scheduler.TimeWindow.off(),
      target: new LambdaInvoke(this.scanner.function, {
        role: scheduleRole,
        input: scheduler.ScheduleTargetInput.fromObject(scheduledScan),
        // A few delivery retries within one interval; after that the next run supersedes it.
        retryAttempts: 2,
        maxEventAge: scanRate,
        deadLetterQueue: this.deadLetterQueue,
      }),
    });

    // The role's policy must exist before the first delivery.
    this.schedule.node.addDependency(scheduleRole);

    // Scans out of schedule (POST /v1/scans, or any workload allowed to put the event): the whole
    // event goes to the scanner, which reads the request from its detail.
    this.scanRequestRule = new events.Rule(this, 'ScanRequestRule', {
      description: 'Runs the Bedrock profile catalog scanner on each Scan Requested event',
      eventBus: this.eventBus,
      eventPattern: {
        source: [SCAN_REQUEST_SOURCE],
        detailType: [SCAN_REQUESTED_DETAIL_TYPE],
        // A shared bus may accept other accounts' events; only this account may start a scan.
        account: [stack.account],
      },
      targets: [
        new eventTargets.LambdaFunction(this.scanner.function, {
          retryAttempts: 2,
          maxEventAge: scanRate,
          deadLetterQueue: this.deadLetterQueue,
        }),
      ],
    });

    // ---- Query function and HTTP API -----------------------------------------------------
    // HMAC key for pagination cursors. It reaches the function as a CloudFormation dynamic
    // reference, resolved at deploy time into the environment: no Secrets Manager call (and no
    // SDK client or cold-start latency) at runtime. The trade-off: the value is visible to
    // anyone allowed lambda:GetFunctionConfiguration, and a new value needs a redeploy.
    const cursorSecret = new secretsmanager.Secret(this, 'CursorSecret', {
      description: 'HMAC key that signs the catalog API pagination cursors',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
    });
    acknowledge(
      cursorSecret,
      'AwsSolutions-SMG4',
      'The cursor HMAC key is injected at deploy time, so rotation needs a redeploy and would invalidate every open cursor; cursors are short-lived and only guard against tampering, not access.',
    );

    this.query = new NodeFunction(this, 'Query', {
      entry: 'lambdas/query/handler.ts',
      description: 'Serves the Bedrock profile catalog HTTP API',
      memorySize: 512,
      // API Gateway gives up at 30 s; a lookup that takes longer has already failed.
      timeout: Duration.seconds(10),
      logRetention,
      environment: {
        [QUERY_ENV.tableName]: this.table.tableName,
        [QUERY_ENV.cursorSecret]: cursorSecret.secretValue.unsafeUnwrap(),
        [QUERY_ENV.regions]: regionsValue,
        [QUERY_ENV.scanIntervalSeconds]: String(scanRate.toSeconds()),
        [QUERY_ENV.eventBusName]: this.eventBus.eventBusName,
        [QUERY_ENV.powertoolsServiceName]: `${serviceName}-query`,
      },
    });
    this.grantTableRead(this.query.role);
    // POST /v1/scans: one kind of event on this bus, as the catalog, and nothing else.
    this.query.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['events:PutEvents'],
        resources: [this.eventBus.eventBusArn],
        conditions: {
          StringEquals: {
            'events:source': SCAN_REQUEST_SOURCE,
            'events:detail-type': SCAN_REQUESTED_DETAIL_TYPE,
          },
        },
      }),
    );
    for (const fn of [this.scanner, this.query]) {
      acknowledge(
        fn,
        'Serverless-LambdaTracing',
        'X-Ray is off: it needs xray:PutTraceSegments on Resource * and the CJS X-Ray SDK in an ESM bundle; the functions emit structured logs and EMF metrics and the API logs every request.',
      );
    }
    acknowledge(
      this.query,
      'Serverless-LambdaDLQ',
      'The query function is only invoked synchronously by API Gateway; errors go back to the caller, so there are no async events to dead-letter.',
    );
    acknowledge(
      this.query,
      'Serverless-LambdaAsyncFailureDestination',
      'The query function is only invoked synchronously by API Gateway; an async failure destination would never receive anything.',
    );

    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', {
      retention: logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const iamAuthorizer = new HttpIamAuthorizer();
    this.api = new apigwv2.HttpApi(this, 'Api', {
      description: 'Bedrock profile catalog lookups (IAM/SigV4 on every route)',
      // Created below with throttling and access logs.
      createDefaultStage: false,
      defaultAuthorizer: iamAuthorizer,
    });
    this.apiStage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: props.apiThrottle ?? { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        format: accessLogFormat(),
      },
    });
    const integration = new HttpLambdaIntegration('QueryIntegration', this.query.function);
    // Explicit routes only, each IAM-authorised; no `$default` catch-all route.
    for (const route of API_ROUTES) {
      this.api.addRoutes({
        path: route.path,
        methods: [apigwv2.HttpMethod[route.method]],
        integration,
        authorizer: iamAuthorizer,
      });
    }

    // ---- Alarms --------------------------------------------------------------------------
    this.alarmTopic = props.alarmTopic ?? this.createAlarmTopic(props.alarmEmail);
    this.alarms = this.createAlarms(scanRate, scannerServiceName);
    if (this.alarmTopic) {
      const action = new cloudwatchActions.SnsAction(this.alarmTopic);
      for (const alarm of this.alarms) {
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
      }
    }
  }

  /** The API's base URL, e.g. `https://abc123.execute-api.eu-west-1.amazonaws.com/`. */
  get apiUrl(): string {
    return this.apiStage.url;
  }

  /**
   * Lets `grantee` read the catalog directly: GetItem, BatchGetItem and Query on the table,
   * Query on its indexes, kms:Decrypt if the table has a customer key, and ssm:GetParameter on
   * `tableNameParameter`, which is how the reader learns the table name. Grants no writes.
   */
  grantRead(grantee: iam.IGrantable): iam.Grant {
    return this.grantTableRead(grantee).combine(this.tableNameParameter.grantRead(grantee));
  }

  /**
   * Lets `grantee` call every GET route of the API (execute-api:Invoke on those route ARNs of
   * the `$default` stage). Does not include POST /v1/scans: see `grantStartScan`.
   */
  grantInvokeApi(grantee: iam.IGrantable): iam.Grant {
    return this.grantRoutes(
      grantee,
      API_ROUTES.filter((route) => route.method === 'GET'),
    );
  }

  /** Lets `grantee` call POST /v1/scans, which starts a scan of every region. */
  grantStartScan(grantee: iam.IGrantable): iam.Grant {
    return this.grantRoutes(
      grantee,
      API_ROUTES.filter((route) => route.method === 'POST' && route.path === '/v1/scans'),
    );
  }

  private grantRoutes(
    grantee: iam.IGrantable,
    routes: readonly { method: string; path: string }[],
  ): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['execute-api:Invoke'],
      // A path parameter matches one or more characters of the request path.
      resourceArns: routes.map((route) =>
        this.api.arnForExecuteApi(
          route.method,
          route.path.replace(/\{[^}]+\}/g, '*'),
          this.apiStage.stageName,
        ),
      ),
    });
  }

  private grantTableRead(grantee: iam.IGrantable): iam.Grant {
    let grant = iam.Grant.addToPrincipal({
      grantee,
      actions: TABLE_READ_ACTIONS,
      resourceArns: [this.table.tableArn],
    }).combine(
      iam.Grant.addToPrincipal({
        grantee,
        actions: ['dynamodb:Query'],
        resourceArns: this.indexArns(),
      }),
    );
    const keyGrant = this.grantKeyViaDynamoDb(grantee, ['kms:Decrypt', 'kms:DescribeKey']);
    if (keyGrant) grant = grant.combine(keyGrant);
    return grant;
  }

  /**
   * Explicit KMS actions (no `GenerateDataKey*`/`ReEncrypt*` wildcards), usable only through
   * DynamoDB in this region.
   */
  private grantKeyViaDynamoDb(grantee: iam.IGrantable, actions: string[]): iam.Grant | undefined {
    if (!this.encryptionKey) return undefined;
    return iam.Grant.addToPrincipal({
      grantee,
      actions,
      resourceArns: [this.encryptionKey.keyArn],
      conditions: {
        StringEquals: { 'kms:ViaService': `dynamodb.${Aws.REGION}.${Aws.URL_SUFFIX}` },
      },
    });
  }

  /** Each index named, rather than `<table>/index/*`. */
  private indexArns(): string[] {
    return Object.values(CATALOG_TABLE.indexes).map(
      (index) => `${this.table.tableArn}/index/${index.indexName}`,
    );
  }

  private grantScannerPermissions(regions: CatalogRegions): void {
    const role = this.scanner.role;
    // These actions have no resource type, so Resource must be '*'; the region condition is
    // what narrows them.
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [...SCANNER_BEDROCK_ACTIONS],
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
        ? `${SCANNER_BEDROCK_ACTIONS.join(', ')} have no resource type in the Service Authorization Reference, so Resource must be '*'; with regions 'auto' the region list is only known at scan time, so aws:RequestedRegion cannot narrow it (configure a region list to get that condition).`
        : `${SCANNER_BEDROCK_ACTIONS.join(', ')} have no resource type in the Service Authorization Reference, so Resource must be '*'; the statement is narrowed with aws:RequestedRegion to ${regions.join(', ')}.`,
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

    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: SCANNER_TABLE_ACTIONS,
        resources: [this.table.tableArn],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['dynamodb:Query'], resources: this.indexArns() }),
    );
    this.grantKeyViaDynamoDb(role, [
      'kms:Decrypt',
      'kms:Encrypt',
      'kms:GenerateDataKey',
      'kms:DescribeKey',
    ]);
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['events:PutEvents'],
        resources: [this.eventBus.eventBusArn],
        // Change events only: no other source, and no scan requests.
        conditions: {
          StringEquals: {
            'events:source': CHANGE_EVENT_SOURCE,
            'events:detail-type': Object.values(CHANGE_DETAIL_TYPES),
          },
        },
      }),
    );
  }

  private createAlarmTopic(email: string | undefined): sns.ITopic | undefined {
    if (email === undefined) return undefined;
    const topic = new sns.Topic(this, 'AlarmTopic', {
      displayName: 'Bedrock profile catalog alarms',
      enforceSSL: true,
    });
    const subscription = new sns.Subscription(this, 'AlarmEmailSubscription', {
      topic,
      protocol: sns.SubscriptionProtocol.EMAIL,
      endpoint: email,
    });
    acknowledge(
      subscription,
      'Serverless-SNSRedrivePolicy',
      'E-mail alarm notifications: SNS retries e-mail delivery itself, and the alarm state stays visible in CloudWatch, so a subscription dead-letter queue would only hold copies of alarm messages.',
    );
    acknowledge(
      topic,
      'AwsSolutions-SNS2',
      'Alarm notifications carry only alarm names and states; CloudWatch cannot publish to a topic encrypted with the AWS managed aws/sns key, and a customer key per alarm topic is not worth its cost here. Pass alarmTopic to use your own encrypted topic.',
    );
    return topic;
  }

  private createAlarms(scanRate: Duration, scannerServiceName: string): cloudwatch.Alarm[] {
    const customMetric = (metricName: string, statistic: string, period: Duration) =>
      new cloudwatch.Metric({
        namespace: SCANNER_METRICS.namespace,
        metricName,
        dimensionsMap: { [SCANNER_METRICS.serviceDimension]: scannerServiceName },
        statistic,
        period,
      });

    const scannerErrors = new cloudwatch.Alarm(this, 'ScannerErrorsAlarm', {
      alarmDescription: 'The catalog scanner threw or timed out.',
      metric: this.scanner.function.metricErrors({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.SUM,
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    const regionsFailed = new cloudwatch.Alarm(this, 'RegionsFailedAlarm', {
      alarmDescription: 'At least one region failed in the last scan; its data is going stale.',
      metric: customMetric(SCANNER_METRICS.regionsFailed, cloudwatch.Stats.MAXIMUM, scanRate),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    const deadLetters = new cloudwatch.Alarm(this, 'DeadLetterQueueAlarm', {
      alarmDescription:
        'A scheduled scan or a scan request could not be delivered, or an async scanner run failed.',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 0,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    // No data at all means no scan ran: that is exactly the failure this alarm exists for.
    const stale = new cloudwatch.Alarm(this, 'StaleCatalogAlarm', {
      alarmDescription: 'No region was scanned successfully in the last 3 scan intervals.',
      metric: customMetric(
        SCANNER_METRICS.regionsScanned,
        cloudwatch.Stats.SUM,
        Duration.seconds(scanRate.toSeconds() * 3),
      ),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });

    return [scannerErrors, regionsFailed, deadLetters, stale];
  }
}

/** Structured JSON access logs, with the IAM caller for audit. */
function accessLogFormat(): AccessLogFormat {
  return AccessLogFormat.custom(
    JSON.stringify({
      requestId: '$context.requestId',
      requestTime: '$context.requestTime',
      sourceIp: '$context.identity.sourceIp',
      userArn: '$context.identity.userArn',
      httpMethod: '$context.httpMethod',
      routeKey: '$context.routeKey',
      path: '$context.path',
      status: '$context.status',
      protocol: '$context.protocol',
      responseLength: '$context.responseLength',
      responseLatency: '$context.responseLatency',
      integrationLatency: '$context.integration.latency',
      integrationError: '$context.integrationErrorMessage',
    }),
  );
}
