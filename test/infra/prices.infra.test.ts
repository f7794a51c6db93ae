import { CHANGE_DETAIL_TYPES, CHANGE_EVENT_SOURCE } from '@bedrock-profile-catalog/catalog';
import { SETTINGS } from '@bedrock-profile-catalog/catalog/settings';
import { describe, expect, it } from 'vitest';
import { PRICE_REFRESH_FUNCTION } from '../../infra/constructs/catalog/prices.js';
import { PRICE_REFRESH_ENV, PRICE_REFRESH_METRICS, QUERY_ENV } from '../../lambdas/contract.js';
import { asArray, logicalId, statementsOfRole, synthStack } from './helpers.js';

/**
 * The price refresh runs in its own function (docs/pricing.md: a full refresh peaks at about
 * 230 MiB, which the 512 MB scanner cannot spare), on its own schedule, with table access and the change events only.
 */
describe('price refresh', () => {
  const { template, stack } = synthStack();
  const priceRefresh = stack.catalog.priceRefresh;
  const props =
    template.findResources('AWS::Lambda::Function')[logicalId(priceRefresh.function)]?.Properties;

  it('is its own function, sized by the bench (section h), one run at a time, no async retries', () => {
    expect(logicalId(priceRefresh.function)).toBe('CatalogPriceRefreshFunction43A51763');
    expect(props).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: PRICE_REFRESH_FUNCTION.memorySizeMiB,
      Timeout: PRICE_REFRESH_FUNCTION.timeoutSeconds,
      ReservedConcurrentExecutions: 1,
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalId(priceRefresh.function) },
      MaximumRetryAttempts: 0,
    });
  });

  it("reads AWS's public Price List (no PRICE_LIST_URL) and puts price changes on the catalog's bus", () => {
    const variables = props.Environment.Variables as Record<string, unknown>;
    expect(variables).not.toHaveProperty(PRICE_REFRESH_ENV.priceListUrl);
    expect(variables[PRICE_REFRESH_ENV.eventBusName]).toEqual({
      Ref: logicalId(stack.catalog.eventBus),
    });
    expect(variables[PRICE_REFRESH_ENV.tableName]).toEqual({ Ref: 'CatalogTableBBEA0CBC' });
  });

  it('runs every priceRefreshInterval hours with the documented payload', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: `rate(${SETTINGS.priceRefreshInterval.default} hours)`,
      Target: {
        Arn: { 'Fn::GetAtt': [logicalId(priceRefresh.function), 'Arn'] },
        Input: JSON.stringify({
          source: 'schedule',
          scheduledTime: '<aws.scheduler.scheduled-time>',
        }),
        RetryPolicy: { MaximumRetryAttempts: 2 },
      },
    });
  });

  it('its role can only write logs, use the table and put change events: no Pricing API or Bedrock', () => {
    const statements = statementsOfRole(template, logicalId(priceRefresh.role));
    const actions = statements.flatMap((s) => asArray(s.Action)).sort();
    expect(actions).toEqual([
      'dynamodb:BatchWriteItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:Query',
      'events:PutEvents',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
    ]);
    // Price changes go out as the scanner's do: change events only, on the catalog's bus.
    const putEvents = statements.find((s) => asArray(s.Action).includes('events:PutEvents'));
    expect(putEvents?.Condition).toEqual({
      StringEquals: {
        'events:source': CHANGE_EVENT_SOURCE,
        'events:detail-type': Object.values(CHANGE_DETAIL_TYPES),
      },
    });
  });

  it('alarms on a crash and on an offer failing in two refreshes in a row', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(priceRefresh.function) } }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: PRICE_REFRESH_METRICS.offersFailed,
      Namespace: 'BedrockProfileCatalog',
      Dimensions: [{ Name: 'service', Value: 'bedrock-profile-catalog-prices' }],
      Period: SETTINGS.priceRefreshInterval.default * 60 * 60,
      EvaluationPeriods: 2,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
    expect(props.Environment.Variables[PRICE_REFRESH_ENV.powertoolsServiceName]).toBe(
      'bedrock-profile-catalog-prices',
    );
  });
});

describe('price refresh interval from context (catalog:priceRefreshHours)', () => {
  const { template, stack } = synthStack({ 'catalog:priceRefreshHours': '12' });
  const queryEnv = () =>
    template.findResources('AWS::Lambda::Function')[logicalId(stack.catalog.query.function)]
      ?.Properties.Environment.Variables as Record<string, string>;

  it('sets the Scheduler rate and the failed-offers alarm period', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(12 hours)',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: PRICE_REFRESH_METRICS.offersFailed,
      Period: 12 * 60 * 60,
    });
  });

  it('keeps prices fresh for four refreshes: the query marks them stale after 48 hours, not 24', () => {
    expect(queryEnv()[QUERY_ENV.priceStaleAfterHours]).toBe('48');
    const defaults = synthStack();
    const defaultEnv = defaults.template.findResources('AWS::Lambda::Function')[
      logicalId(defaults.stack.catalog.query.function)
    ]?.Properties.Environment.Variables as Record<string, string>;
    expect(defaultEnv[QUERY_ENV.priceStaleAfterHours]).toBe(
      String(SETTINGS.priceStaleAfter.default),
    );
  });

  it('refuses a bad value at synth with one line naming the key', () => {
    expect(() => synthStack({ 'catalog:priceRefreshHours': '0' })).toThrow(
      'catalog:priceRefreshHours must be whole hours from 1 to 168, got 0 hours',
    );
  });
});
