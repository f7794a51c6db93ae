import { type Duration, Stack, Token } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import {
  CATALOG_DEFAULTS,
  type CatalogProbeSettings,
  type CatalogRegions,
  type ResolvedProbeSettings,
  resolveProbeSettings,
  validateCatalogSettings,
} from '../config.js';
import { addAlarms } from './catalog/alarms.js';
import {
  addCatalogEventBus,
  type CatalogEventBus,
  forwardChangeEvents,
  grantScanRequests,
} from './catalog/event-bus.js';
import { addPriceRefresh } from './catalog/prices.js';
import { addProbes } from './catalog/probes.js';
import { addQueryApi, grantApiRoutes } from './catalog/query-api.js';
import { addScanner } from './catalog/scanner.js';
import type { ResolvedCatalogSettings } from './catalog/settings.js';
import { addCatalogTable, type CatalogTable, grantCatalogTable } from './catalog/table.js';
import type { NodeFunction } from './node-function.js';

export { PROBE_BEDROCK_ACTIONS } from './catalog/probes.js';
export {
  BEDROCK_REGIONS_PARAMETER_PATH,
  SCANNER_BEDROCK_ACTIONS,
  SCANNER_CLOUDWATCH_ACTIONS,
  SCANNER_SERVICE_QUOTAS_ACTIONS,
} from './catalog/scanner.js';

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
   * Time between Price List checks (docs/pricing.md); an offer is downloaded only when its
   * version changed. Prices turn `stale` after 24 hours or 4 intervals, whichever is longer.
   * Whole hours, 1 hour to 7 days.
   * @default Duration.hours(6)
   */
  readonly priceRefreshInterval?: Duration;
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
   * Another bus that also gets a copy of every change event, through a rule on the catalog's own
   * bus (for subscribers that stay where they are, e.g. the `default` bus while they move). Scan
   * requests put there start nothing: the scanner listens on the catalog's bus only.
   * @default - no forwarding
   */
  readonly forwardChangeEventsTo?: events.IEventBus;
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
  /**
   * Active probes (docs/probes.md): a function that calls ConverseStream with `maxTokens: 1` on
   * the listed models' targets at an interval, under a monthly budget, and stores each target's
   * time to first token. Off unless set; `regions` (other source regions) are deployed as
   * stacks of their own (ProbeRegionStack, from `probeHome()`).
   * @default - no probes
   */
  readonly probes?: CatalogProbeSettings;
}

/** What a probe function in another region needs to know of the catalog: plain strings only. */
export interface ProbeHome {
  /** The catalog's region, where its table is. */
  readonly region: string;
  /** `<stack name>-<table logical ID>-`: how CloudFormation begins the table's generated name. */
  readonly tableNamePrefix: string;
  readonly tableNameParameterName: string;
  readonly encryptionKeyArn?: string;
  readonly probes: ResolvedProbeSettings;
  readonly settings: Pick<
    ResolvedCatalogSettings,
    'latencyWindow' | 'serviceName' | 'logRetention'
  >;
}

/**
 * The Bedrock profile catalog: one DynamoDB table, a scheduled multi-region scanner that fills it
 * and puts change events on a bus, and an IAM-authorised HTTP API that serves lookups.
 *
 * Other workloads can read the table directly: call `grantRead(role)` and hand them the table
 * name, which the construct publishes in the SSM parameter `tableNameParameter` (the stack
 * outputs its name).
 *
 * Each capability is built by a function in `./catalog/` on this construct's own scope (not as
 * a child construct), so construct paths, and with them the logical IDs, stay as they are.
 */
export class BedrockProfileCatalog extends Construct {
  readonly table: dynamodb.Table;
  readonly api: apigwv2.HttpApi;
  /** The API's `$default` stage; its URL is the API's base URL. */
  readonly apiStage: apigwv2.HttpStage;
  /**
   * The catalog's own bus: change events and scan requests. Its policy lets only the scanner put
   * change events and only the query function and `grantStartScan` principals put scan requests;
   * subscribers add their own rules to it (docs/events.md).
   */
  readonly eventBus: events.EventBus;
  /** Copies change events to `forwardChangeEventsTo`, when set. */
  readonly changeForwardRule?: events.Rule;
  readonly scanner: NodeFunction;
  readonly query: NodeFunction;
  /** Serves POST /v1/scans (the one API route that writes: a Scan Requested event). */
  readonly scanRequests: NodeFunction;
  readonly schedule: scheduler.Schedule;
  /**
   * Receives failed schedule, scan-request and change-forward deliveries, and scanner runs that
   * failed asynchronously.
   */
  readonly deadLetterQueue: sqs.Queue;
  /** Delivers Scan Requested events (POST /v1/scans) to the scanner. */
  readonly scanRequestRule: events.Rule;
  /** Holds the table name, for direct readers. */
  readonly tableNameParameter: ssm.StringParameter;
  readonly alarms: readonly cloudwatch.Alarm[];
  readonly alarmTopic?: sns.ITopic;
  /** Refreshes prices from the public AWS Price List (docs/pricing.md). */
  readonly priceRefresh: NodeFunction;
  /** Runs the price refresh every priceRefreshInterval. */
  readonly priceRefreshSchedule: scheduler.Schedule;
  /** The probe function of this region, when `probes` is set. */
  readonly probe?: NodeFunction;
  readonly probeSchedule?: scheduler.Schedule;
  private readonly probeSettings?: ResolvedProbeSettings;
  private readonly settings: ResolvedCatalogSettings;
  private readonly tableNameParameterName: string;
  private readonly catalogTable: CatalogTable;
  private readonly catalogBus: CatalogEventBus;

  constructor(scope: Construct, id: string, props: BedrockProfileCatalogProps = {}) {
    super(scope, id);

    const regions = props.regions ?? CATALOG_DEFAULTS.regions;
    const scanRate = props.scanRate ?? CATALOG_DEFAULTS.scanRate;
    const ttl = props.ttl ?? CATALOG_DEFAULTS.ttl;
    const latencyWindow = props.latencyWindow ?? CATALOG_DEFAULTS.latencyWindow;
    const changeRetentionDays = props.changeRetentionDays ?? CATALOG_DEFAULTS.changeRetentionDays;
    const accessCheckMaxAge = props.accessCheckMaxAge ?? CATALOG_DEFAULTS.accessCheckMaxAge;
    const priceRefreshInterval =
      props.priceRefreshInterval ?? CATALOG_DEFAULTS.priceRefreshInterval;
    const settings: ResolvedCatalogSettings = {
      regions,
      scanRate,
      ttl,
      latencyWindow,
      changeRetentionDays,
      accessCheckMaxAge,
      priceRefreshInterval,
      serviceName: props.serviceName ?? 'bedrock-profile-catalog',
      logRetention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
    };
    validateCatalogSettings(settings);
    if (props.alarmTopic && props.alarmEmail) {
      throw new Error(`set either alarmTopic or alarmEmail, not both (got "${props.alarmEmail}")`);
    }

    this.settings = settings;
    this.probeSettings = props.probes && resolveProbeSettings(props.probes, regions);
    this.tableNameParameterName =
      props.tableNameParameterName ??
      `/bedrock-profile-catalog/${Stack.of(this).stackName}/table-name`;
    this.catalogTable = addCatalogTable(this, {
      encryptionKey: props.encryptionKey,
      tableNameParameterName: this.tableNameParameterName,
    });
    this.table = this.catalogTable.table;
    this.tableNameParameter = this.catalogTable.tableNameParameter;

    // Its own bus, not `default`: there anyone allowed events:PutEvents could forge change
    // events or start scans under a scan ID of their choosing.
    this.catalogBus = addCatalogEventBus(this, 'EventBus');
    this.eventBus = this.catalogBus.eventBus;

    const scanner = addScanner(this, {
      catalogTable: this.catalogTable,
      catalogBus: this.catalogBus,
      settings,
    });
    this.scanner = scanner.scanner;
    this.deadLetterQueue = scanner.deadLetterQueue;
    this.schedule = scanner.schedule;
    this.scanRequestRule = scanner.scanRequestRule;
    if (props.forwardChangeEventsTo) {
      this.changeForwardRule = forwardChangeEvents(
        this,
        this.catalogBus,
        props.forwardChangeEventsTo,
        this.deadLetterQueue,
      );
    }

    const queryApi = addQueryApi(this, {
      catalogTable: this.catalogTable,
      catalogBus: this.catalogBus,
      settings,
      apiThrottle: props.apiThrottle,
    });
    this.query = queryApi.query;
    this.scanRequests = queryApi.scanRequests;
    this.api = queryApi.api;
    this.apiStage = queryApi.apiStage;

    const prices = addPriceRefresh(this, {
      catalogTable: this.catalogTable,
      catalogBus: this.catalogBus,
      settings,
    });
    this.priceRefresh = prices.priceRefresh;
    this.priceRefreshSchedule = prices.schedule;

    const alarms = addAlarms(this, {
      scanner,
      queryApi,
      prices,
      settings,
      alarmTopic: props.alarmTopic,
      alarmEmail: props.alarmEmail,
    });
    this.alarms = alarms.alarms;
    this.alarmTopic = alarms.alarmTopic;

    if (this.probeSettings) {
      const probes = addProbes(this, {
        catalogTable: this.catalogTable,
        settings,
        probes: this.probeSettings,
      });
      this.probe = probes.probe;
      this.probeSchedule = probes.schedule;
    }
  }

  /**
   * For ProbeRegionStack: where the table is and how to find it. Throws without `probes`, or
   * when the stack's region is not known at synth (an environment-agnostic stack).
   */
  probeHome(): ProbeHome {
    if (!this.probeSettings) throw new Error('probeHome() needs the probes prop');
    const stack = Stack.of(this);
    if (Token.isUnresolved(stack.region)) {
      throw new Error(
        "probes.regions needs the catalog stack's region at synth: give the stack an env with a region (CDK_DEFAULT_REGION)",
      );
    }
    const tableLogicalId = stack.getLogicalId(this.table.node.defaultChild as dynamodb.CfnTable);
    return {
      region: stack.region,
      tableNamePrefix: `${stack.stackName}-${tableLogicalId}-`,
      tableNameParameterName: this.tableNameParameterName,
      ...(this.catalogTable.encryptionKey && {
        encryptionKeyArn: this.catalogTable.encryptionKey.keyArn,
      }),
      probes: this.probeSettings,
      settings: this.settings,
    };
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
    return grantCatalogTable(this.catalogTable, grantee, 'read').combine(
      this.tableNameParameter.grantRead(grantee),
    );
  }

  /**
   * Lets `grantee` call every GET route of the API (execute-api:Invoke on those route ARNs of
   * the `$default` stage). Does not include POST /v1/scans: see `grantStartScan`.
   */
  grantInvokeApi(grantee: iam.IGrantable): iam.Grant {
    return grantApiRoutes(this, grantee, 'read');
  }

  /**
   * Lets `grantee` start scans: call POST /v1/scans, and put Scan Requested events on the
   * catalog bus (an identity grant for that one event, and its ARN on the bus policy's list of
   * scan requesters). `grantee` must be an IAM role or user, named by `aws:PrincipalArn`.
   */
  grantStartScan(grantee: iam.IGrantable): iam.Grant {
    return grantApiRoutes(this, grantee, 'start-scan').combine(
      grantScanRequests(this.catalogBus, grantee),
    );
  }
}
