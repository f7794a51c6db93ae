import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { loadCatalogConfig } from '../../infra/config.js';
import { type NodeFunction, PROBE_BEDROCK_ACTIONS } from '../../infra/index.js';
import { CatalogStack } from '../../infra/stacks/catalog-stack.js';
import { addProbeRegionStacks } from '../../infra/stacks/probe-region-stack.js';
import { PROBE_ENV } from '../../lambdas/contract.js';
import { asArray, logicalId, type Statement, statementsOfRole, synthStack } from './helpers.js';

const SONNET = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const HAIKU = 'anthropic.claude-haiku-4-5-20251001-v1:0';
const PROBES = { 'catalog:probeModels': `${SONNET},${HAIKU}` };

const functionsOf = (template: Template) => template.findResources('AWS::Lambda::Function');
const probeFunctions = (template: Template) =>
  Object.entries(functionsOf(template)).filter(([, f]) =>
    JSON.stringify(f.Properties?.Environment ?? {}).includes(PROBE_ENV.models),
  );

function nagFindings(app: App): string[] {
  return [new AwsSolutionsChecks(app), new ServerlessChecks(app)].flatMap((pack) =>
    pack
      .validateScope(app)
      .violations.map(
        (v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
      ),
  );
}

/** Every non-log statement of the probe function's role. */
function probeStatements(template: Template, probe: NodeFunction | undefined): Statement[] {
  if (!probe) throw new Error('no probe function');
  return statementsOfRole(template, logicalId(probe.role)).filter(
    (s) => !asArray(s.Action).every((a) => a.startsWith('logs:')),
  );
}

/** The catalog stack and one stack per probe region, as infra/app.ts builds them. */
function synthWithRegions(context: Record<string, unknown>, homeRegion?: string) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const config = loadCatalogConfig(context);
  const home = new CatalogStack(app, config.stackName, {
    config,
    ...(homeRegion && { env: { region: homeRegion } }),
  });
  const regional = addProbeRegionStacks(app, home, config);
  return { app, home, regional };
}

describe('probes are opt-in', () => {
  it('the default synth has no probe function and only the scan and price schedules', () => {
    const { template } = synthStack();
    expect(Object.keys(functionsOf(template))).toHaveLength(4);
    expect(probeFunctions(template)).toEqual([]);
    template.resourceCountIs('AWS::Scheduler::Schedule', 2);
  });

  it('listing models adds one function, arm64 on Node.js 24, and a schedule at the probe interval', () => {
    const { template } = synthStack({ ...PROBES, 'catalog:probeIntervalMinutes': 10 });
    expect(Object.keys(functionsOf(template))).toHaveLength(5);
    const [[id, fn] = []] = probeFunctions(template);
    expect(fn?.Properties).toMatchObject({
      Architectures: ['arm64'],
      Runtime: 'nodejs24.x',
      ReservedConcurrentExecutions: 1,
      Timeout: 10 * 60,
      Environment: {
        Variables: {
          [PROBE_ENV.models]: `${SONNET},${HAIKU}`,
          [PROBE_ENV.targets]: 'usable',
          [PROBE_ENV.serviceTiers]: '',
          [PROBE_ENV.monthlyBudgetUsd]: '5',
          [PROBE_ENV.tableName]: { Ref: 'CatalogTableBBEA0CBC' },
        },
      },
    });
    template.resourceCountIs('AWS::Scheduler::Schedule', 3);
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(10 minutes)',
      Target: { Arn: { 'Fn::GetAtt': [id, 'Arn'] } },
    });
  });

  it('pins the probe log group and function logical IDs', () => {
    const { template, stack } = synthStack(PROBES);
    const probe = stack.catalog.probe;
    expect(probe && logicalId(probe.logGroup)).toBe('CatalogProbeLogGroup54767218');
    expect(Object.keys(template.findResources('AWS::Logs::LogGroup'))).toContain(
      'CatalogProbeLogGroup54767218',
    );
    expect(probeFunctions(template).map(([id]) => id)).toEqual(['CatalogProbeFunctionD113CAB0']);
  });
});

describe('probe IAM', () => {
  it("'usable': ConverseStream on the models' foundation models and their system profiles, and the table's probe actions only", () => {
    const { template, stack } = synthStack(PROBES);
    const statements = probeStatements(template, stack.catalog.probe);
    for (const s of statements) expect(asArray(s.Action).some((a) => a.includes('*'))).toBe(false);
    const bedrock = statements.filter((s) =>
      asArray(s.Action).some((a) => a.startsWith('bedrock:')),
    );
    expect(bedrock).toHaveLength(1);
    expect(bedrock[0]?.Action).toBe(PROBE_BEDROCK_ACTIONS[0]);
    const resources = JSON.stringify(bedrock[0]?.Resource);
    for (const model of [SONNET, HAIKU]) {
      expect(resources).toContain(`:bedrock:*::foundation-model/${model}`);
      expect(resources).toContain(`:inference-profile/*.${model}`);
    }
    expect(asArray(bedrock[0]?.Resource as unknown[])).toHaveLength(4);
    const dynamo = statements
      .flatMap((s) => asArray(s.Action))
      .filter((a) => a.startsWith('dynamodb:'));
    expect([...new Set(dynamo)].sort()).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
  });

  it('a target list narrows the grant to exactly those profiles and ARNs', () => {
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123';
    const { template, stack } = synthStack({
      ...PROBES,
      'catalog:probeTargets': `us.${SONNET},${arn},${HAIKU}`,
    });
    const bedrock = probeStatements(template, stack.catalog.probe).find(
      (s) => s.Action === PROBE_BEDROCK_ACTIONS[0],
    );
    const resources = JSON.stringify(bedrock?.Resource);
    expect(resources).toContain(`:inference-profile/us.${SONNET}`);
    expect(resources).toContain(arn);
    expect(resources).not.toContain('inference-profile/*');
  });

  it.each([
    [
      'usable targets, flex and priority',
      { ...PROBES, 'catalog:probeServiceTiers': 'flex,priority' },
    ],
    [
      'a target list and a customer key',
      {
        ...PROBES,
        'catalog:probeTargets': `us.${SONNET}`,
        'catalog:kmsKeyArn':
          'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555',
      },
    ],
  ])('cdk-nag finds nothing unacknowledged with %s', (_name, context) => {
    const { app } = synthStack(context);
    expect(nagFindings(app)).toEqual([]);
  });
});

describe('probe regions', () => {
  const context = {
    ...PROBES,
    'catalog:regions': 'us-east-1,eu-west-1,ap-northeast-1',
    'catalog:probeRegions': 'eu-west-1,ap-northeast-1',
  };

  it('deploys one probe stack per listed region, each reading the home table by its parameter', () => {
    const { home, regional } = synthWithRegions(context, 'us-east-1');
    expect(regional.map((s) => [s.stackName, s.region])).toEqual([
      ['BedrockProfileCatalog-Probes-eu-west-1', 'eu-west-1'],
      ['BedrockProfileCatalog-Probes-ap-northeast-1', 'ap-northeast-1'],
    ]);
    for (const stack of regional) {
      expect(stack.dependencies).toContain(home);
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::Lambda::Function', 1);
      template.resourceCountIs('AWS::Scheduler::Schedule', 1);
      template.resourceCountIs('AWS::DynamoDB::Table', 0);
      // Pinned, as the catalog stack's: a new ID would be a new, empty log group.
      expect(Object.keys(template.findResources('AWS::Logs::LogGroup'))).toEqual([
        'ProbeLogGroup9FA09AF1',
      ]);
      template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: Match.objectLike({
            [PROBE_ENV.tableNameParameter]:
              '/bedrock-profile-catalog/BedrockProfileCatalog/table-name',
            [PROBE_ENV.tableRegion]: 'us-east-1',
          }),
        },
      });
      const policy = JSON.stringify(template.findResources('AWS::IAM::Policy'));
      expect(policy).toContain(':dynamodb:us-east-1:');
      expect(policy).toContain('table/BedrockProfileCatalog-CatalogTableBBEA0CBC-*');
      expect(policy).toContain(':ssm:us-east-1:');
    }
  });

  it('cdk-nag finds nothing unacknowledged in the home and regional stacks', () => {
    const { app } = synthWithRegions(context, 'us-east-1');
    expect(nagFindings(app)).toEqual([]);
  });

  it('needs the home region at synth, and refuses it as a probe region', () => {
    expect(() => synthWithRegions(context)).toThrow(/needs the catalog stack's region at synth/);
    expect(() =>
      synthWithRegions({ ...context, 'catalog:probeRegions': 'us-east-1' }, 'us-east-1'),
    ).toThrow("probe region us-east-1 is the catalog's own region");
  });

  it('refuses a probe region the catalog does not scan', () => {
    expect(() => loadCatalogConfig({ ...context, 'catalog:probeRegions': 'eu-central-1' })).toThrow(
      'catalog:probeRegions lists eu-central-1, which the catalog does not scan',
    );
  });
});
