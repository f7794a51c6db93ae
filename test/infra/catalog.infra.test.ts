import { readdirSync, readFileSync } from 'node:fs';
import { ROUTE_LIST as API_ROUTES } from '@bedrock-profile-catalog/query-api/routes';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { describe, expect, it } from 'vitest';
import {
  BEDROCK_REGIONS_PARAMETER_PATH,
  BedrockProfileCatalog,
  type BedrockProfileCatalogProps,
  SCANNER_BEDROCK_ACTIONS,
  SCANNER_CLOUDWATCH_ACTIONS,
  SCANNER_SERVICE_QUOTAS_ACTIONS,
} from '../../infra/index.js';
import {
  QUERY_ENV,
  REGION_DEADLINE_MS,
  SCANNER_ENV,
  SCANNER_METRICS,
} from '../../lambdas/contract.js';
import {
  CHANGE_DETAIL_TYPES,
  CHANGE_EVENT_SOURCE,
  SCAN_REQUEST_SOURCE,
  SCAN_REQUESTED_DETAIL_TYPE,
} from '../../packages/catalog/src/events.js';
import { CATALOG_TABLE } from '../../packages/catalog/src/table.js';
import {
  asArray,
  logicalId,
  policyStatements,
  REGION_LIST,
  type Statement,
  statementsOfRole,
  synthStack,
} from './helpers.js';

const DYNAMODB_WRITES = [
  'dynamodb:PutItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
];

const listed = synthStack({ 'catalog:regions': REGION_LIST.join(',') });
const auto = synthStack({ 'catalog:alarmEmail': 'ops@example.com' });

function constructOnly(props: BedrockProfileCatalogProps = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Embedding');
  const catalog = new BedrockProfileCatalog(stack, 'Catalog', props);
  return { stack, catalog, template: () => Template.fromStack(stack) };
}

describe('table', () => {
  const { template } = listed;

  it('takes keys, indexes and the TTL attribute from CATALOG_TABLE', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: CATALOG_TABLE.partitionKey, KeyType: 'HASH' },
        { AttributeName: CATALOG_TABLE.sortKey, KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: CATALOG_TABLE.ttlAttribute, Enabled: true },
      GlobalSecondaryIndexes: Object.values(CATALOG_TABLE.indexes).map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    });
  });

  it('has PITR, deletion protection, AWS managed encryption and is retained', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        SSESpecification: { SSEEnabled: true },
      }),
    });
  });

  it('uses a customer KMS key when given, and grants it to the functions', () => {
    const { catalog, template: build } = constructOnly({
      encryptionKey: kms.Key.fromKeyArn(
        new Stack(new App(), 'Keys'),
        'Key',
        'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555',
      ),
    });
    const t = build();
    t.hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: {
        SSEEnabled: true,
        SSEType: 'KMS',
        KMSMasterKeyId: Match.stringLikeRegexp('key/11111111'),
      },
    });
    const queryActions = statementsOfRole(t, logicalId(catalog.query.role)).flatMap((s) =>
      asArray(s.Action),
    );
    expect(queryActions).toContain('kms:Decrypt');
    expect(queryActions).not.toContain('kms:Encrypt');
    const scannerActions = statementsOfRole(t, logicalId(catalog.scanner.role)).flatMap((s) =>
      asArray(s.Action),
    );
    expect(scannerActions).toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:Encrypt']));
    // The key is usable only through DynamoDB, by the four roles (scanner, query, scan requests,
    // price refresh).
    const keyStatements = policyStatements(t)
      .map(({ statement }) => statement)
      .filter((s) => asArray(s.Action).includes('kms:Decrypt'));
    expect(keyStatements).toHaveLength(4);
    for (const statement of keyStatements) {
      expect(JSON.stringify(statement.Condition)).toContain('"kms:ViaService"');
    }
  });
});

describe('functions', () => {
  const { template, stack } = listed;
  const functions = Object.values(template.findResources('AWS::Lambda::Function'));

  it('run nodejs24.x on arm64 with explicit memory, timeout and log group', () => {
    // The scanner, the query function, the scan-request function and the price refresh.
    expect(functions).toHaveLength(4);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        MemorySize: expect.any(Number),
        Timeout: expect.any(Number),
        LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
        Environment: { Variables: { NODE_OPTIONS: '--enable-source-maps' } },
      });
      expect(fn.Properties.Environment.Variables).not.toHaveProperty(
        'AWS_NODEJS_CONNECTION_REUSE_ENABLED',
      );
    }
    template.allResourcesProperties('AWS::Logs::LogGroup', {
      RetentionInDays: Match.anyValue(),
    });
  });

  it("query: Lambda's JSON log format at INFO (the runtime adds timestamp, level, requestId)", () => {
    const byId = template.findResources('AWS::Lambda::Function');
    const query = byId[logicalId(stack.catalog.query.function)]?.Properties;
    expect(query.LoggingConfig).toEqual({
      LogGroup: { Ref: expect.any(String) },
      LogFormat: 'JSON',
      ApplicationLogLevel: 'INFO',
    });
    // The scanner logs through Powertools, which writes its own JSON lines.
    const scanner = byId[logicalId(stack.catalog.scanner.function)]?.Properties;
    expect(scanner.LoggingConfig).not.toHaveProperty('LogFormat');
  });

  it('scanner: reserved concurrency 1, timeout above the region deadline, no async retries', () => {
    const scanner = stack.catalog.scanner.function;
    const props = template.findResources('AWS::Lambda::Function')[logicalId(scanner)]?.Properties;
    expect(props.ReservedConcurrentExecutions).toBe(1);
    expect(props.Timeout).toBeGreaterThanOrEqual(REGION_DEADLINE_MS / 1000 + 60);
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalId(scanner) },
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 900,
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('DeadLetter'), 'Arn'] } },
      },
    });
  });

  it('get the documented environment contract', () => {
    const byId = template.findResources('AWS::Lambda::Function');
    const scannerEnv = byId[logicalId(stack.catalog.scanner.function)]?.Properties.Environment
      .Variables as Record<string, unknown>;
    const queryEnv = byId[logicalId(stack.catalog.query.function)]?.Properties.Environment
      .Variables as Record<string, unknown>;
    const scanRequestEnv = byId[logicalId(stack.catalog.scanRequests.function)]?.Properties
      .Environment.Variables as Record<string, unknown>;
    expect(Object.keys(scannerEnv).sort()).toEqual(
      [...Object.values(SCANNER_ENV), 'NODE_OPTIONS'].sort(),
    );
    // CURSOR_SECRET (a plain key) is for local runs only; the deployed function gets the ARN.
    // The Parameters and Secrets extension layer brings its own settings.
    // Only the scan-request function puts events, so only it is told the bus.
    const { cursorSecret: _localOnly, eventBusName, ...deployedQueryEnv } = QUERY_ENV;
    const names = (env: Record<string, unknown>) =>
      Object.keys(env)
        .filter(
          (name) =>
            !/^(PARAMETERS_SECRETS_EXTENSION|SECRETS_MANAGER|SSM_PARAMETER_STORE)_/.test(name),
        )
        .sort();
    expect(names(queryEnv)).toEqual([...Object.values(deployedQueryEnv), 'NODE_OPTIONS'].sort());
    expect(names(scanRequestEnv)).toEqual(
      [...Object.values(deployedQueryEnv), eventBusName, 'NODE_OPTIONS'].sort(),
    );
    expect(scannerEnv).toMatchObject({
      [SCANNER_ENV.regions]: REGION_LIST.join(','),
      [SCANNER_ENV.scanIntervalSeconds]: '900',
      [SCANNER_ENV.ttlSeconds]: String(72 * 3600),
      [SCANNER_ENV.latencyWindow]: '50',
      [SCANNER_ENV.changeRetentionDays]: '30',
      [SCANNER_ENV.eventBusName]: { Ref: logicalId(stack.catalog.eventBus) },
      [SCANNER_ENV.regionDeadlineMs]: '20000',
      [SCANNER_ENV.accessCheckMaxAgeHours]: '24',
      [SCANNER_ENV.powertoolsMetricsNamespace]: SCANNER_METRICS.namespace,
    });
    expect(scanRequestEnv).toMatchObject({
      [QUERY_ENV.eventBusName]: { Ref: logicalId(stack.catalog.eventBus) },
    });
    // The secret's ARN, read at init; no value (nor a dynamic reference that resolves to one).
    expect(queryEnv[QUERY_ENV.cursorSecretArn]).toEqual({
      Ref: logicalId(stack.catalog.node.findChild('CursorSecret')),
    });
    expect(queryEnv).not.toHaveProperty(QUERY_ENV.cursorSecret);
    expect(JSON.stringify(queryEnv)).not.toContain('resolve:secretsmanager');
    const autoScannerEnv = auto.template.findResources('AWS::Lambda::Function')[
      logicalId(auto.stack.catalog.scanner.function)
    ]?.Properties.Environment.Variables as Record<string, unknown>;
    expect(autoScannerEnv[SCANNER_ENV.regions]).toBe('auto');
  });
});

describe('schedule', () => {
  it('runs the scanner on the rate with a retry policy, a DLQ and the documented payload', () => {
    const { template, stack } = listed;
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(15 minutes)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: { 'Fn::GetAtt': [logicalId(stack.catalog.scanner.function), 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 900 },
        DeadLetterConfig: {
          Arn: { 'Fn::GetAtt': [logicalId(stack.catalog.deadLetterQueue), 'Arn'] },
        },
        Input: JSON.stringify({
          source: 'schedule',
          scheduledTime: '<aws.scheduler.scheduled-time>',
        }),
      },
    });
  });

  it('runs the scanner on each Scan Requested event, with a retry policy and the same DLQ', () => {
    const { template, stack } = listed;
    const rules = template.findResources('AWS::Events::Rule');
    const scanRule = Object.values(rules).find((rule) =>
      JSON.stringify(rule.Properties.EventPattern).includes(SCAN_REQUESTED_DETAIL_TYPE),
    );
    expect(scanRule?.Properties).toMatchObject({
      EventBusName: { Ref: logicalId(stack.catalog.eventBus) },
      // Only this account's requests: a shared bus may accept events from other accounts.
      EventPattern: {
        source: [SCAN_REQUEST_SOURCE],
        'detail-type': [SCAN_REQUESTED_DETAIL_TYPE],
        account: [{ Ref: 'AWS::AccountId' }],
      },
      Targets: [
        {
          Arn: { 'Fn::GetAtt': [logicalId(stack.catalog.scanner.function), 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 900 },
          DeadLetterConfig: {
            Arn: { 'Fn::GetAtt': [logicalId(stack.catalog.deadLetterQueue), 'Arn'] },
          },
        },
      ],
    });
    // The whole event is delivered: the scanner reads the envelope (no input transformer).
    expect(scanRule?.Properties.Targets[0].Input).toBeUndefined();
    expect(scanRule?.Properties.Targets[0].InputTransformer).toBeUndefined();
  });

  it('its DLQ is encrypted and refuses non-TLS access', () => {
    const { template } = listed;
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });
});

describe('HTTP API', () => {
  const { template } = listed;
  const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route'));

  it('has exactly the shared route list, each with IAM authorization', () => {
    expect(routes.map((route) => route.Properties.RouteKey).sort()).toEqual(
      API_ROUTES.map((route) => `${route.method} ${route.path}`).sort(),
    );
    for (const route of routes) {
      expect(route.Properties.AuthorizationType).toBe('AWS_IAM');
    }
    expect(routes.some((route) => route.Properties.RouteKey === '$default')).toBe(false);
  });

  it('the $default stage throttles and writes JSON access logs', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    const stage = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0];
    expect(stage?.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } },
    });
    const format = JSON.parse(stage?.Properties.AccessLogSettings.Format);
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      userArn: '$context.identity.userArn',
    });
  });
});

describe('IAM', () => {
  it.each([
    ['regions list', listed],
    ['regions auto', auto],
  ])('%s: no Action "*" and no service-wide action wildcard', (_, { template }) => {
    for (const { statement } of policyStatements(template)) {
      for (const action of asArray(statement.Action)) {
        expect(action).not.toBe('*');
        expect(action).not.toMatch(/:\*$/);
      }
    }
  });

  it('the scanner reads exactly these Bedrock actions', () => {
    expect([...SCANNER_BEDROCK_ACTIONS].sort()).toEqual([
      'bedrock:GetAccountDataRetention',
      'bedrock:GetFoundationModelAvailability',
      'bedrock:ListCustomModelDeployments',
      'bedrock:ListCustomModels',
      'bedrock:ListFoundationModels',
      'bedrock:ListImportedModels',
      'bedrock:ListInferenceProfiles',
      'bedrock:ListMarketplaceModelEndpoints',
      'bedrock:ListPromptRouters',
      'bedrock:ListProvisionedModelThroughputs',
    ]);
  });

  it('reads CloudWatch with exactly ListMetrics and GetMetricData, nothing wider', () => {
    expect([...SCANNER_CLOUDWATCH_ACTIONS].sort()).toEqual([
      'cloudwatch:GetMetricData',
      'cloudwatch:ListMetrics',
    ]);
    const cloudWatchActions = policyStatements(listed.template)
      .flatMap(({ statement }) => asArray(statement.Action))
      .filter((action) => String(action).startsWith('cloudwatch:'));
    expect(cloudWatchActions.sort()).toEqual([
      'cloudwatch:GetMetricData',
      'cloudwatch:ListMetrics',
    ]);
  });

  it('Resource "*" only for the Bedrock list actions, narrowed to the configured regions', () => {
    const wildcard = policyStatements(listed.template).filter(({ statement }) =>
      asArray(statement.Resource).includes('*'),
    );
    expect(wildcard).toHaveLength(1);
    const statement = wildcard[0]?.statement as Statement;
    expect(asArray(statement.Action).sort()).toEqual(
      [
        ...SCANNER_BEDROCK_ACTIONS,
        ...SCANNER_SERVICE_QUOTAS_ACTIONS,
        ...SCANNER_CLOUDWATCH_ACTIONS,
      ].sort(),
    );
    expect(statement.Condition).toEqual({
      StringEquals: { 'aws:RequestedRegion': [...REGION_LIST] },
    });
    expect(wildcard[0]?.roles).toEqual([{ Ref: logicalId(listed.stack.catalog.scanner.role) }]);
  });

  it('Service Quotas: exactly the operations the scanner calls, in the region-narrowed statement', () => {
    // The operations come from the discovery code's own imports of the Service Quotas client,
    // so a new call without its IAM action (or an action nothing calls) fails here.
    const called = new Set<string>();
    const dir = new URL('../../packages/discovery/src/', import.meta.url);
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.ts'))) {
      const source = readFileSync(new URL(file, dir), 'utf8');
      for (const [, names] of source.matchAll(
        /import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'@aws-sdk\/client-service-quotas'/g,
      )) {
        for (const name of (names ?? '').split(',').map((n) => n.trim())) {
          const operation = /^(?:paginate(\w+)|(\w+)Command)$/.exec(name);
          if (operation) called.add(`servicequotas:${operation[1] ?? operation[2]}`);
        }
      }
    }
    expect([...called].sort()).toEqual([
      'servicequotas:ListAWSDefaultServiceQuotas',
      'servicequotas:ListServiceQuotas',
    ]);

    const quotaStatements = ({ template, stack }: typeof listed) =>
      statementsOfRole(template, logicalId(stack.catalog.scanner.role)).filter((s) =>
        asArray(s.Action).some((action) => action.startsWith('servicequotas:')),
      );
    const quotaActions = (statement: Statement | undefined) =>
      asArray(statement?.Action ?? [])
        .filter((action) => action.startsWith('servicequotas:'))
        .sort();

    const narrowed = quotaStatements(listed);
    expect(narrowed).toHaveLength(1);
    expect(narrowed[0]).toMatchObject({
      Effect: 'Allow',
      Resource: '*',
      Condition: { StringEquals: { 'aws:RequestedRegion': [...REGION_LIST] } },
    });
    expect(quotaActions(narrowed[0])).toEqual([...called].sort());

    // With regions 'auto' the same actions, without a region condition (the list is unknown).
    const unnarrowed = quotaStatements(auto);
    expect(unnarrowed).toHaveLength(1);
    expect(unnarrowed[0]?.Condition).toBeUndefined();
    expect(quotaActions(unnarrowed[0])).toEqual([...called].sort());
  });

  it('with regions \'auto\', Resource "*" is still only the Bedrock actions, plus the SSM path', () => {
    const statements = policyStatements(auto.template).map(({ statement }) => statement);
    const wildcard = statements.filter((s) => asArray(s.Resource).includes('*'));
    expect(wildcard).toHaveLength(1);
    expect(asArray(wildcard[0]?.Action ?? []).sort()).toEqual(
      [
        ...SCANNER_BEDROCK_ACTIONS,
        ...SCANNER_SERVICE_QUOTAS_ACTIONS,
        ...SCANNER_CLOUDWATCH_ACTIONS,
      ].sort(),
    );
    const ssm = statements.filter((s) => asArray(s.Action).includes('ssm:GetParametersByPath'));
    expect(ssm).toHaveLength(1);
    expect(JSON.stringify(ssm[0]?.Resource)).toContain(
      `:ssm:*::parameter${BEDROCK_REGIONS_PARAMETER_PATH}`,
    );
    // With a region list there is nothing to discover.
    const listedActions = policyStatements(listed.template).flatMap(({ statement }) =>
      asArray(statement.Action),
    );
    expect(listedActions).not.toContain('ssm:GetParametersByPath');
  });

  it('the scanner puts change events on the bus only', () => {
    const { template, stack } = listed;
    const statements = statementsOfRole(template, logicalId(stack.catalog.scanner.role));
    const putEvents = statements.filter((s) => asArray(s.Action).includes('events:PutEvents'));
    expect(putEvents).toHaveLength(1);
    expect(putEvents[0]?.Resource).toEqual({
      'Fn::GetAtt': [logicalId(stack.catalog.eventBus), 'Arn'],
    });
    // Only change events as the catalog: no other source, and no scan requests.
    expect(putEvents[0]?.Condition).toEqual({
      StringEquals: {
        'events:source': CHANGE_EVENT_SOURCE,
        'events:detail-type': Object.values(CHANGE_DETAIL_TYPES),
      },
    });
    expect(CHANGE_EVENT_SOURCE).not.toBe(SCAN_REQUEST_SOURCE);
  });

  it('the scanner gets only the DynamoDB actions it calls, and Query only on the by-region index', () => {
    const { template, stack } = listed;
    const tableArn = { 'Fn::GetAtt': [logicalId(stack.catalog.table), 'Arn'] };
    const dynamodb = statementsOfRole(template, logicalId(stack.catalog.scanner.role))
      .filter((s) => asArray(s.Action).some((a) => a.startsWith('dynamodb:')))
      .map((s) => ({ actions: asArray(s.Action).sort(), resource: s.Resource }));
    // Put (scan records, region records), BatchWrite (journals, snapshots, sweeps, change
    // records), Get (region records), Query (journals; a region's items on the by-region index).
    expect(dynamodb).toEqual([
      {
        actions: [
          'dynamodb:BatchWriteItem',
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:Query',
        ],
        resource: tableArn,
      },
      {
        actions: ['dynamodb:Query'],
        resource: {
          'Fn::Join': ['', [tableArn, `/index/${CATALOG_TABLE.indexes.byRegion.indexName}`]],
        },
      },
    ]);
  });

  it('the query role is read-only: no table writes, no functions, no events', () => {
    const { template, stack } = listed;
    const statements = statementsOfRole(template, logicalId(stack.catalog.query.role));
    const actions = statements.flatMap((s) => asArray(s.Action));
    for (const write of DYNAMODB_WRITES) expect(actions).not.toContain(write);
    expect(actions.filter((a) => a.startsWith('dynamodb:')).sort()).toEqual(
      ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Query'].sort(),
    );
    expect(actions.filter((a) => a.startsWith('lambda:'))).toEqual([]);
    expect(actions.filter((a) => a.startsWith('events:'))).toEqual([]);
    // The cursor key: GetSecretValue on that one secret, nothing else of Secrets Manager.
    const secretStatements = statements.filter((s) =>
      asArray(s.Action).some((a) => a.startsWith('secretsmanager:')),
    );
    expect(secretStatements).toEqual([
      {
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: { Ref: logicalId(stack.catalog.node.findChild('CursorSecret')) },
      },
    ]);
  });

  it('POST /v1/scans has its own function, which reads the table and puts one kind of event', () => {
    const { template, stack } = listed;
    const scanRequests = stack.catalog.scanRequests;
    const statements = statementsOfRole(template, logicalId(scanRequests.role));
    const actions = statements.flatMap((s) => asArray(s.Action));
    for (const write of DYNAMODB_WRITES) expect(actions).not.toContain(write);
    expect(actions.filter((a) => a.startsWith('lambda:'))).toEqual([]);
    const putEvents = statements.filter((s) => asArray(s.Action).includes('events:PutEvents'));
    expect(putEvents).toHaveLength(1);
    expect(putEvents[0]?.Resource).toEqual({
      'Fn::GetAtt': [logicalId(stack.catalog.eventBus), 'Arn'],
    });
    expect(putEvents[0]?.Condition).toEqual({
      StringEquals: {
        'events:source': SCAN_REQUEST_SOURCE,
        'events:detail-type': SCAN_REQUESTED_DETAIL_TYPE,
      },
    });
    // API Gateway sends POST /v1/scans to it, and every other route to the query function.
    const integrationOf = (routeKey: string) => {
      const [route] = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).filter(
        (r) => r.Properties.RouteKey === routeKey,
      );
      const target = JSON.stringify(route?.Properties.Target);
      const [id] = Object.entries(template.findResources('AWS::ApiGatewayV2::Integration')).find(
        ([logical]) => target.includes(logical),
      ) ?? [''];
      return JSON.stringify(template.toJSON().Resources[id].Properties.IntegrationUri);
    };
    expect(integrationOf('POST /v1/scans')).toContain(logicalId(scanRequests.function));
    expect(integrationOf('GET /v1/scans/{scanId}')).toContain(
      logicalId(stack.catalog.query.function),
    );
    expect(integrationOf('GET /v1/models/{modelId}/invoke-targets')).toContain(
      logicalId(stack.catalog.query.function),
    );
  });

  it('no role uses an AWS managed policy', () => {
    for (const role of Object.values(listed.template.findResources('AWS::IAM::Role'))) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('grantRead gives read-only table access and the table-name parameter', () => {
    const { stack, catalog, template } = constructOnly();
    const reader = new iam.Role(stack, 'Reader', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
    });
    catalog.grantRead(reader);
    const actions = statementsOfRole(template(), logicalId(reader)).flatMap((s) =>
      asArray(s.Action),
    );
    expect(actions).toEqual(
      expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'ssm:GetParameter']),
    );
    for (const write of DYNAMODB_WRITES) expect(actions).not.toContain(write);
  });
});

describe('API grants', () => {
  it('grantInvokeApi covers the GET routes only; grantStartScan only POST /v1/scans and its event', () => {
    const { stack, catalog, template } = constructOnly();
    const reader = new iam.Role(stack, 'ApiReader', {
      assumedBy: new iam.AccountRootPrincipal(),
    });
    const operator = new iam.Role(stack, 'Operator', {
      assumedBy: new iam.AccountRootPrincipal(),
    });
    catalog.grantInvokeApi(reader);
    catalog.grantStartScan(operator);
    const t = template();
    const resources = (role: iam.Role) =>
      statementsOfRole(t, logicalId(role))
        // grantStartScan's Scan Requested grant on the bus: test/infra/event-bus.infra.test.ts.
        .filter((s) => s.Action !== 'events:PutEvents')
        .flatMap((s) => {
          expect(s.Action).toBe('execute-api:Invoke');
          return asArray(s.Resource).map((r) => JSON.stringify(r));
        });
    const readerArns = resources(reader);
    expect(readerArns).toHaveLength(API_ROUTES.filter((r) => r.method === 'GET').length);
    expect(readerArns.join()).not.toContain('POST');
    expect(readerArns.join()).toContain('/$default/GET/v1/models/*/invoke-targets');
    expect(resources(operator)).toHaveLength(1);
    expect(resources(operator)[0]).toContain('/$default/POST/v1/scans');
  });
});

describe('events', () => {
  it('passes the access-check age to the scanner', () => {
    const { catalog, template } = constructOnly({ accessCheckMaxAge: Duration.hours(6) });
    const env = template().findResources('AWS::Lambda::Function')[
      logicalId(catalog.scanner.function)
    ]?.Properties.Environment.Variables as Record<string, string>;
    expect(env[SCANNER_ENV.accessCheckMaxAgeHours]).toBe('6');
  });

  it('forwards change events to a given bus, which no function may put on', () => {
    const busArn = 'arn:aws:events:us-east-1:123456789012:event-bus/catalog-changes';
    const { catalog, template } = constructOnly({
      forwardChangeEventsTo: events.EventBus.fromEventBusArn(
        new Stack(new App(), 'Bus'),
        'Bus',
        busArn,
      ),
    });
    expect(catalog.changeForwardRule).toBeDefined();
    template().hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: logicalId(catalog.eventBus) },
      EventPattern: { source: [CHANGE_EVENT_SOURCE] },
      Targets: [Match.objectLike({ Arn: busArn })],
    });
    // The functions put on the catalog bus only; the forwarding rule's own role puts on the other.
    for (const role of [catalog.scanner.role, catalog.scanRequests.role]) {
      const resources = statementsOfRole(template(), logicalId(role))
        .filter((s) => asArray(s.Action).includes('events:PutEvents'))
        .map((s) => s.Resource);
      expect(resources).toEqual([{ 'Fn::GetAtt': [logicalId(catalog.eventBus), 'Arn'] }]);
    }
  });
});

describe('alarms', () => {
  it('has the nine alarms, with the stale alarm treating missing data as breaching', () => {
    const { template, stack } = listed;
    template.resourceCountIs('AWS::CloudWatch::Alarm', 9);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Dimensions: [
        { Name: 'FunctionName', Value: { Ref: logicalId(stack.catalog.scanner.function) } },
      ],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: SCANNER_METRICS.regionsFailed,
      Namespace: SCANNER_METRICS.namespace,
      Dimensions: [{ Name: 'service', Value: 'bedrock-profile-catalog-scanner' }],
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: SCANNER_METRICS.regionsScanned,
      Namespace: SCANNER_METRICS.namespace,
      Statistic: 'Sum',
      Period: 3 * 900,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'breaching',
    });
  });

  it('alarms on API-function errors and API 5xx, notifying the same topic', () => {
    const { template, stack } = auto;
    const topic = { Ref: logicalId(stack.catalog.alarmTopic as sns.ITopic) };
    for (const fn of [stack.catalog.query, stack.catalog.scanRequests]) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(fn.function) } }],
        Statistic: 'Sum',
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [topic],
        OKActions: [topic],
      });
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Dimensions: [{ Name: 'ApiId', Value: { Ref: logicalId(stack.catalog.api) } }],
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 5,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [topic],
      OKActions: [topic],
    });
  });

  it('notifies the e-mail topic when one is configured, and nothing otherwise', () => {
    auto.template.resourceCountIs('AWS::SNS::Topic', 1);
    auto.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
    auto.template.allResourcesProperties('AWS::CloudWatch::Alarm', {
      AlarmActions: [{ Ref: Match.stringLikeRegexp('AlarmTopic') }],
    });
    listed.template.resourceCountIs('AWS::SNS::Topic', 0);
    for (const alarm of Object.values(listed.template.findResources('AWS::CloudWatch::Alarm'))) {
      expect(alarm.Properties.AlarmActions).toBeUndefined();
    }
  });
});

describe('outputs', () => {
  it('publishes the API URL, table name and ARN, bus name and the table-name parameter', () => {
    const outputs = listed.template.toJSON().Outputs as Record<string, unknown>;
    expect(Object.keys(outputs).sort()).toEqual(
      [
        'ApiUrl',
        'EventBusArn',
        'EventBusName',
        'TableArn',
        'TableName',
        'TableNameParameterName',
      ].sort(),
    );
    listed.template.hasResourceProperties('AWS::SSM::Parameter', {
      Type: 'String',
      Name: '/bedrock-profile-catalog/TestCatalog/table-name',
      Value: { Ref: logicalId(listed.stack.catalog.table) },
    });
  });
});

describe('construct validation', () => {
  it.each<[BedrockProfileCatalogProps, string]>([
    [{ regions: ['us-east-1', 'moon-1'] }, 'invalid region "moon-1" in regions'],
    [{ scanRate: Duration.minutes(1) }, 'scanRate must be between 5 minutes and 8 hours'],
    [{ scanRate: Duration.hours(1), ttl: Duration.hours(2) }, 'ttl must exceed 2 scan intervals'],
    [{ latencyWindow: -1 }, 'latencyWindow must be an integer'],
    [{ accessCheckMaxAge: Duration.minutes(90) }, 'accessCheckMaxAge must be whole hours'],
    [
      {
        alarmEmail: 'ops@example.com',
        alarmTopic: {} as unknown as BedrockProfileCatalogProps['alarmTopic'],
      },
      'set either alarmTopic or alarmEmail, not both',
    ],
  ])('rejects %o', (props, message) => {
    expect(() => constructOnly(props)).toThrow(message);
  });
});
