import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { CatalogConfig } from '../config.js';
import { BedrockProfileCatalog } from '../constructs/bedrock-profile-catalog.js';

export interface CatalogStackProps extends StackProps {
  readonly config: CatalogConfig;
}

/** Composes the catalog from validated config and publishes what callers need as outputs. */
export class CatalogStack extends Stack {
  readonly catalog: BedrockProfileCatalog;

  constructor(scope: Construct, id: string, props: CatalogStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.catalog = new BedrockProfileCatalog(this, 'Catalog', {
      regions: config.regions,
      scanRate: config.scanRate,
      ttl: config.ttl,
      latencyWindow: config.latencyWindow,
      changeRetentionDays: config.changeRetentionDays,
      accessCheckMaxAge: config.accessCheckMaxAge,
      priceRefreshInterval: config.priceRefreshInterval,
      alarmEmail: config.alarmEmail,
      alarmTopic: config.alarmTopicArn
        ? sns.Topic.fromTopicArn(this, 'AlarmTopic', config.alarmTopicArn)
        : undefined,
      forwardChangeEventsTo: config.forwardEventBusName
        ? events.EventBus.fromEventBusName(this, 'ForwardEventBus', config.forwardEventBusName)
        : undefined,
      encryptionKey: config.kmsKeyArn
        ? kms.Key.fromKeyArn(this, 'TableKey', config.kmsKeyArn)
        : undefined,
      probes: config.probes,
    });

    new CfnOutput(this, 'ApiUrl', {
      description: 'Base URL of the catalog HTTP API (SigV4, service execute-api)',
      value: this.catalog.apiUrl,
    });
    new CfnOutput(this, 'TableName', { value: this.catalog.table.tableName });
    new CfnOutput(this, 'TableArn', { value: this.catalog.table.tableArn });
    new CfnOutput(this, 'EventBusName', {
      description: 'The catalog bus: change events, and Scan Requested events for the scanner',
      value: this.catalog.eventBus.eventBusName,
    });
    new CfnOutput(this, 'EventBusArn', { value: this.catalog.eventBus.eventBusArn });
    new CfnOutput(this, 'TableNameParameterName', {
      description: 'SSM parameter holding the table name, for direct readers',
      value: this.catalog.tableNameParameter.parameterName,
    });
  }
}
