import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { PRICE_REFRESH_METRICS, SCANNER_METRICS } from '../../../lambdas/contract.js';
import { acknowledge } from '../nag.js';
import type { NodeFunction } from '../node-function.js';
import type { CatalogPrices } from './prices.js';
import type { CatalogQueryApi } from './query-api.js';
import type { CatalogScanner } from './scanner.js';
import {
  priceRefreshServiceName,
  type ResolvedCatalogSettings,
  scannerServiceName,
} from './settings.js';

export interface CatalogAlarms {
  readonly alarms: readonly cloudwatch.Alarm[];
  readonly alarmTopic?: sns.ITopic;
}

/**
 * The four scanner alarms, the three API alarms and the two price refresh alarms, notifying `alarmTopic`, or a new topic with an
 * e-mail subscription when only `alarmEmail` is given, or nobody.
 */
export function addAlarms(
  scope: Construct,
  props: {
    readonly scanner: Pick<CatalogScanner, 'scanner' | 'deadLetterQueue'>;
    readonly queryApi: Pick<CatalogQueryApi, 'query' | 'scanRequests' | 'api'>;
    readonly prices: Pick<CatalogPrices, 'priceRefresh'>;
    readonly settings: ResolvedCatalogSettings;
    readonly alarmTopic?: sns.ITopic;
    readonly alarmEmail?: string;
  },
): CatalogAlarms {
  const alarmTopic = props.alarmTopic ?? addAlarmTopic(scope, props.alarmEmail);
  const alarms = [
    ...scannerAlarms(scope, props.scanner, props.settings),
    ...apiAlarms(scope, props.queryApi),
    ...priceAlarms(scope, props.prices, props.settings),
  ];
  if (alarmTopic) {
    const action = new cloudwatchActions.SnsAction(alarmTopic);
    for (const alarm of alarms) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
  }
  return { alarms, alarmTopic };
}

function addAlarmTopic(scope: Construct, email: string | undefined): sns.ITopic | undefined {
  if (email === undefined) return undefined;
  const topic = new sns.Topic(scope, 'AlarmTopic', {
    displayName: 'Bedrock profile catalog alarms',
    enforceSSL: true,
  });
  const subscription = new sns.Subscription(scope, 'AlarmEmailSubscription', {
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

function scannerAlarms(
  scope: Construct,
  { scanner, deadLetterQueue }: Pick<CatalogScanner, 'scanner' | 'deadLetterQueue'>,
  settings: ResolvedCatalogSettings,
): cloudwatch.Alarm[] {
  const { scanRate } = settings;
  const customMetric = (metricName: string, statistic: string, period: Duration) =>
    new cloudwatch.Metric({
      namespace: SCANNER_METRICS.namespace,
      metricName,
      dimensionsMap: { [SCANNER_METRICS.serviceDimension]: scannerServiceName(settings) },
      statistic,
      period,
    });

  const scannerErrors = functionErrorsAlarm(
    scope,
    'ScannerErrorsAlarm',
    scanner,
    'The catalog scanner threw or timed out.',
  );

  const regionsFailed = new cloudwatch.Alarm(scope, 'RegionsFailedAlarm', {
    alarmDescription: 'At least one region failed in the last scan; its data is going stale.',
    metric: customMetric(SCANNER_METRICS.regionsFailed, cloudwatch.Stats.MAXIMUM, scanRate),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });

  const deadLetters = new cloudwatch.Alarm(scope, 'DeadLetterQueueAlarm', {
    alarmDescription:
      'A scheduled scan or a scan request could not be delivered, or an async scanner run failed.',
    metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(5),
      statistic: cloudwatch.Stats.MAXIMUM,
    }),
    threshold: 0,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });

  // No data at all means no scan ran: that is exactly the failure this alarm exists for.
  const stale = new cloudwatch.Alarm(scope, 'StaleCatalogAlarm', {
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

function apiAlarms(
  scope: Construct,
  { query, scanRequests, api }: Pick<CatalogQueryApi, 'query' | 'scanRequests' | 'api'>,
): cloudwatch.Alarm[] {
  // The handler answers every error it meets with an HTTP status, so a Lambda error is a crash,
  // a timeout or a bad deployment: one is worth a look.
  const queryErrors = functionErrorsAlarm(
    scope,
    'QueryErrorsAlarm',
    query,
    'The catalog query function threw, timed out or failed to start.',
  );
  const scanRequestErrors = functionErrorsAlarm(
    scope,
    'ScanRequestErrorsAlarm',
    scanRequests,
    'The catalog scan-request function threw, timed out or failed to start.',
  );

  // A count, not a rate: callers are few, so one failed request in two would page on a rate.
  // Five in 5 minutes is an outage or a bad deploy, not a lone DynamoDB hiccup. Throttling is a
  // 429 and never counts. One stage only, so the API-wide metric is the stage's.
  const serverErrors = new cloudwatch.Alarm(scope, 'ApiServerErrorsAlarm', {
    alarmDescription: 'The catalog API answered 5 or more requests with a 5xx in 5 minutes.',
    metric: api.metricServerError({
      period: Duration.minutes(5),
      statistic: cloudwatch.Stats.SUM,
    }),
    threshold: 5,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });

  return [queryErrors, scanRequestErrors, serverErrors];
}

function priceAlarms(
  scope: Construct,
  { priceRefresh }: Pick<CatalogPrices, 'priceRefresh'>,
  settings: ResolvedCatalogSettings,
): cloudwatch.Alarm[] {
  const errors = functionErrorsAlarm(
    scope,
    'PriceRefreshErrorsAlarm',
    priceRefresh,
    'The catalog price refresh threw, timed out or failed to start.',
  );
  // One failed run is often a blip (the next one retries); two in a row leave prices stale.
  const offersFailed = new cloudwatch.Alarm(scope, 'PriceOffersFailedAlarm', {
    alarmDescription:
      'A Price List offer failed to download or parse in two refreshes in a row; its prices are kept at the last good version and marked stale.',
    metric: new cloudwatch.Metric({
      namespace: SCANNER_METRICS.namespace,
      metricName: PRICE_REFRESH_METRICS.offersFailed,
      dimensionsMap: { [SCANNER_METRICS.serviceDimension]: priceRefreshServiceName(settings) },
      statistic: cloudwatch.Stats.MINIMUM,
      period: settings.priceRefreshInterval,
    }),
    threshold: 1,
    evaluationPeriods: 2,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  return [errors, offersFailed];
}

/** Any error of a function that handles its own failures is a crash, a timeout or a bad deploy. */
function functionErrorsAlarm(
  scope: Construct,
  id: string,
  fn: NodeFunction,
  alarmDescription: string,
): cloudwatch.Alarm {
  return new cloudwatch.Alarm(scope, id, {
    alarmDescription,
    metric: fn.function.metricErrors({
      period: Duration.minutes(5),
      statistic: cloudwatch.Stats.SUM,
    }),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
}
