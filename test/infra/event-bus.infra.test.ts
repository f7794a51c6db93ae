import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { BedrockProfileCatalog, type NodeFunction } from '../../infra/index.js';
import { QUERY_ENV, SCANNER_ENV } from '../../lambdas/contract.js';
import {
  CHANGE_DETAIL_TYPES,
  CHANGE_EVENT_SOURCE,
  SCAN_REQUEST_SOURCE,
  SCAN_REQUESTED_DETAIL_TYPE,
} from '../../packages/catalog/src/events.js';
import { asArray, logicalId, type Statement, statementsOfRole, synthStack } from './helpers.js';

interface BusStatement extends Statement {
  Sid: string;
  Principal: unknown;
}

const { template, stack } = synthStack();
const busId = logicalId(stack.catalog.eventBus);
const busRef = { Ref: busId };
const busArn = { 'Fn::GetAtt': [busId, 'Arn'] };
const roleArn = (role: iam.IRole) => ({ 'Fn::GetAtt': [logicalId(role), 'Arn'] });

function busPolicy(t: Template): BusStatement[] {
  const buses = Object.values(t.findResources('AWS::Events::EventBus'));
  expect(buses).toHaveLength(1);
  return buses[0]?.Properties.Policy.Statement as BusStatement[];
}

function statement(t: Template, sid: string): BusStatement {
  const found = busPolicy(t).find((s) => s.Sid === sid);
  expect(found, sid).toBeDefined();
  return found as BusStatement;
}

function embedded() {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const host = new Stack(app, 'Embedding');
  const catalog = new BedrockProfileCatalog(host, 'Catalog');
  return { host, catalog, template: () => Template.fromStack(host) };
}

describe('the catalog event bus', () => {
  it('is the catalog’s own bus, named after the stack, not the default bus', () => {
    template.resourceCountIs('AWS::Events::EventBus', 1);
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'TestCatalog-Catalog' });
    // No separate AWS::Events::EventBusPolicy: their statement IDs are account-wide physical IDs.
    template.resourceCountIs('AWS::Events::EventBusPolicy', 0);
  });

  it('lets only the scanner and the price refresh put change events', () => {
    expect(statement(template, 'OnlyCatalogPublishersPutChangeEvents')).toEqual({
      Sid: 'OnlyCatalogPublishersPutChangeEvents',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'events:PutEvents',
      Resource: expect.anything(),
      Condition: {
        'ForAnyValue:StringEquals': { 'events:source': CHANGE_EVENT_SOURCE },
        ArnNotEquals: {
          'aws:PrincipalArn': [
            roleArn(stack.catalog.scanner.role),
            roleArn(stack.catalog.priceRefresh.role),
          ],
        },
      },
    });
  });

  it('lets only the scan-request function (and grantStartScan principals) put scan requests', () => {
    expect(statement(template, 'OnlyGrantedPrincipalsRequestScans')).toEqual({
      Sid: 'OnlyGrantedPrincipalsRequestScans',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'events:PutEvents',
      Resource: expect.anything(),
      Condition: {
        'ForAnyValue:StringEquals': { 'events:source': SCAN_REQUEST_SOURCE },
        ArnNotEquals: { 'aws:PrincipalArn': [roleArn(stack.catalog.scanRequests.role)] },
      },
    });
  });

  it('refuses every other source, and allows nobody (no other account) anything', () => {
    expect(statement(template, 'NoOtherSources')).toMatchObject({
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'events:PutEvents',
      Condition: {
        'ForAnyValue:StringNotEquals': {
          'events:source': [CHANGE_EVENT_SOURCE, SCAN_REQUEST_SOURCE],
        },
      },
    });
    const statements = busPolicy(template);
    expect(statements.map((s) => s.Effect)).toEqual(['Deny', 'Deny', 'Deny']);
    // The policy names the bus by an ARN built from its name: GetAtt on itself would be a cycle.
    for (const s of statements)
      expect(JSON.stringify(s.Resource)).toContain('event-bus/TestCatalog-Catalog');
  });

  it('grantStartScan adds the grantee to the scan-request list and lets it put only that event', () => {
    const { host, catalog, template: t } = embedded();
    const pipeline = new iam.Role(host, 'Pipeline', {
      assumedBy: new iam.AccountRootPrincipal(),
    });
    catalog.grantStartScan(pipeline);
    const synthed = t();
    const allowed = statement(synthed, 'OnlyGrantedPrincipalsRequestScans').Condition?.ArnNotEquals;
    expect(allowed).toEqual({
      'aws:PrincipalArn': [roleArn(catalog.scanRequests.role), roleArn(pipeline)],
    });
    // The change-event list is untouched.
    expect(
      statement(synthed, 'OnlyCatalogPublishersPutChangeEvents').Condition?.ArnNotEquals,
    ).toEqual({
      'aws:PrincipalArn': [roleArn(catalog.scanner.role), roleArn(catalog.priceRefresh.role)],
    });
    const putEvents = statementsOfRole(synthed, logicalId(pipeline)).filter((s) =>
      asArray(s.Action).includes('events:PutEvents'),
    );
    expect(putEvents).toEqual([
      {
        Effect: 'Allow',
        Action: 'events:PutEvents',
        Resource: { 'Fn::GetAtt': [logicalId(catalog.eventBus), 'Arn'] },
        Condition: {
          StringEquals: {
            'events:source': SCAN_REQUEST_SOURCE,
            'events:detail-type': SCAN_REQUESTED_DETAIL_TYPE,
          },
        },
      },
    ]);
  });

  it('grantStartScan refuses a principal the bus policy cannot name by ARN', () => {
    const { catalog } = embedded();
    expect(() => catalog.grantStartScan(new iam.ServicePrincipal('lambda.amazonaws.com'))).toThrow(
      'grantStartScan needs an IAM role or user',
    );
  });

  it('grantStartScan names a role in another stack as the cycle it would make, and the way out', () => {
    const { host, catalog } = embedded();
    const other = new Stack(host.node.scope as App, 'Workers');
    const worker = new iam.Role(other, 'Worker', { assumedBy: new iam.AccountRootPrincipal() });
    expect(() => catalog.grantStartScan(worker)).toThrow(
      'grantStartScan: Workers/Worker is in stack Workers, but the bus policy lives in Embedding; give the role a fixed name and pass iam.Role.fromRoleArn(',
    );
    // Imported by ARN into the catalog's stack, it is a literal: no reference, no cycle.
    const imported = iam.Role.fromRoleArn(host, 'Imported', 'arn:aws:iam::123456789012:role/w');
    catalog.grantStartScan(imported);
    expect(
      statement(Template.fromStack(host), 'OnlyGrantedPrincipalsRequestScans').Condition
        ?.ArnNotEquals,
    ).toEqual({
      'aws:PrincipalArn': [roleArn(catalog.scanRequests.role), 'arn:aws:iam::123456789012:role/w'],
    });
  });

  it('the scan-request rule listens on the catalog bus', () => {
    const rules = Object.values(template.findResources('AWS::Events::Rule'));
    const scanRule = rules.find((rule) =>
      JSON.stringify(rule.Properties.EventPattern).includes(SCAN_REQUESTED_DETAIL_TYPE),
    );
    expect(scanRule?.Properties.EventBusName).toEqual(busRef);
  });

  it('the scanner and the scan-request function put on the catalog bus, and are told its name; the query function does neither', () => {
    const putEventsOf = (role: iam.IRole) =>
      statementsOfRole(template, logicalId(role)).filter((s) =>
        asArray(s.Action).includes('events:PutEvents'),
      );
    expect(putEventsOf(stack.catalog.scanner.role)).toEqual([
      {
        Effect: 'Allow',
        Action: 'events:PutEvents',
        Resource: busArn,
        Condition: {
          StringEquals: {
            'events:source': CHANGE_EVENT_SOURCE,
            'events:detail-type': Object.values(CHANGE_DETAIL_TYPES),
          },
        },
      },
    ]);
    expect(putEventsOf(stack.catalog.scanRequests.role).map((s) => s.Resource)).toEqual([busArn]);
    const functions = template.findResources('AWS::Lambda::Function');
    const env = (fn: NodeFunction) =>
      functions[logicalId(fn.function)]?.Properties.Environment.Variables;
    expect(env(stack.catalog.scanner)[SCANNER_ENV.eventBusName]).toEqual(busRef);
    expect(env(stack.catalog.scanRequests)[QUERY_ENV.eventBusName]).toEqual(busRef);
    expect(putEventsOf(stack.catalog.query.role)).toEqual([]);
    expect(env(stack.catalog.query)).not.toHaveProperty(QUERY_ENV.eventBusName);
  });

  it('publishes the bus name and ARN', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.EventBusName?.Value).toEqual(busRef);
    expect(outputs.EventBusArn?.Value).toEqual(busArn);
  });
});

describe('forwarding change events to another bus', () => {
  const forwardRule = (t: Template) =>
    Object.values(t.findResources('AWS::Events::Rule')).filter((rule) =>
      JSON.stringify(rule.Properties.Targets).includes(':event-bus/'),
    );

  it('is off by default', () => {
    expect(forwardRule(template)).toEqual([]);
  });

  it('copies every change event, and nothing else, to the named bus, with the DLQ', () => {
    const forwarding = synthStack({ 'catalog:forwardEventBusName': 'default' });
    const rules = forwardRule(forwarding.template);
    expect(rules).toHaveLength(1);
    expect(rules[0]?.Properties).toMatchObject({
      EventBusName: { Ref: logicalId(forwarding.stack.catalog.eventBus) },
      EventPattern: { source: [CHANGE_EVENT_SOURCE], account: [{ Ref: 'AWS::AccountId' }] },
      Targets: [
        {
          DeadLetterConfig: {
            Arn: { 'Fn::GetAtt': [logicalId(forwarding.stack.catalog.deadLetterQueue), 'Arn'] },
          },
        },
      ],
    });
    expect(JSON.stringify(rules[0]?.Properties.Targets[0].Arn)).toContain(':event-bus/default');
  });
});
