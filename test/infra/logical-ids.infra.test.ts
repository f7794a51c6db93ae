import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { synthStack } from './helpers.js';

/**
 * CloudFormation replaces a resource whose logical ID changes: a new, empty table (the retained
 * old one is orphaned), a new cursor key (every open cursor breaks), a new API (a new URL), a new
 * e-mail subscription (to be confirmed again). The IDs below are literals copied from the synth
 * output on purpose: computing them with `getLogicalId()` would follow a moved construct and
 * never fail. If one changes, the change is a migration, not a refactor.
 */
const STATEFUL_TYPES = [
  'AWS::DynamoDB::Table',
  'AWS::SecretsManager::Secret',
  'AWS::SSM::Parameter',
  'AWS::SQS::Queue',
  'AWS::Logs::LogGroup',
  'AWS::KMS::Key',
  'AWS::SNS::Topic',
  'AWS::SNS::Subscription',
  'AWS::Events::EventBus',
  'AWS::ApiGatewayV2::Api',
  'AWS::ApiGatewayV2::Stage',
  'AWS::Lambda::Function',
] as const;

const PINNED: Record<(typeof STATEFUL_TYPES)[number], string[]> = {
  'AWS::DynamoDB::Table': ['CatalogTableBBEA0CBC'],
  'AWS::SecretsManager::Secret': ['CatalogCursorSecret31C4FBA6'],
  'AWS::SSM::Parameter': ['CatalogTableNameParameterF3DDCAE0'],
  'AWS::SQS::Queue': ['CatalogScanDeadLetterQueue4503A54F'],
  'AWS::Logs::LogGroup': [
    'CatalogApiAccessLogs15007B35',
    'CatalogPriceRefreshLogGroup26205EA7',
    'CatalogQueryLogGroupE315B558',
    'CatalogScanRequestsLogGroupC60FBF17',
    'CatalogScannerLogGroupFBF709DF',
  ],
  // Bring-your-own key: the catalog creates none.
  'AWS::KMS::Key': [],
  'AWS::SNS::Topic': [],
  'AWS::SNS::Subscription': [],
  // Its own bus: a new ID would be a new bus name's twin, and every subscriber's rule stays on the old one.
  'AWS::Events::EventBus': ['CatalogEventBusFB0C4EAA'],
  'AWS::ApiGatewayV2::Api': ['CatalogApiA3A7D030'],
  'AWS::ApiGatewayV2::Stage': ['CatalogApiDefaultStage68537D62'],
  'AWS::Lambda::Function': [
    'CatalogPriceRefreshFunction43A51763',
    'CatalogQueryFunction328500D8',
    'CatalogScanRequestsFunctionF5021A4B',
    'CatalogScannerFunction62B8C5B0',
  ],
};

/** Only with `alarmEmail` does the catalog own a topic and its subscription. */
const PINNED_EMAIL_ALARMS = {
  'AWS::SNS::Topic': ['CatalogAlarmTopicC957D5AF'],
  'AWS::SNS::Subscription': ['CatalogAlarmEmailSubscription4282D869'],
};

const RETAINED = [
  'CatalogApiAccessLogs15007B35',
  'CatalogPriceRefreshLogGroup26205EA7',
  'CatalogQueryLogGroupE315B558',
  'CatalogScanRequestsLogGroupC60FBF17',
  'CatalogScannerLogGroupFBF709DF',
  'CatalogTableBBEA0CBC',
];

function idsOf(template: Template, type: string): string[] {
  return Object.keys(template.findResources(type)).sort();
}

function statefulIds(template: Template): Record<string, string[]> {
  return Object.fromEntries(STATEFUL_TYPES.map((type) => [type, idsOf(template, type)]));
}

function retainedIds(template: Template): string[] {
  const resources = template.toJSON().Resources as Record<
    string,
    { DeletionPolicy?: string; UpdateReplacePolicy?: string }
  >;
  return Object.entries(resources)
    .filter(([, r]) => r.DeletionPolicy === 'Retain' || r.UpdateReplacePolicy === 'Retain')
    .map(([id]) => id)
    .sort();
}

describe('logical IDs of stateful resources', () => {
  it('are pinned with the default settings', () => {
    expect(statefulIds(synthStack().template)).toEqual(PINNED);
  });

  it('are the same with a region list, an alarm topic, a forwarding bus and a customer key', () => {
    const { template } = synthStack({
      'catalog:regions': 'us-east-1,eu-west-1',
      'catalog:alarmTopicArn': 'arn:aws:sns:us-east-1:123456789012:alarms',
      'catalog:forwardEventBusName': 'catalog-changes',
      'catalog:kmsKeyArn':
        'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555',
    });
    expect(statefulIds(template)).toEqual(PINNED);
  });

  it('add only the alarm topic and its subscription with e-mail alarms', () => {
    const { template } = synthStack({ 'catalog:alarmEmail': 'ops@example.com' });
    expect(statefulIds(template)).toEqual({ ...PINNED, ...PINNED_EMAIL_ALARMS });
  });

  it('cover every retained resource', () => {
    expect(retainedIds(synthStack().template)).toEqual(RETAINED);
    const pinned = Object.values(PINNED).flat();
    for (const id of RETAINED) expect(pinned).toContain(id);
  });
});
