import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { REGION_LIST, synthStack } from './helpers.js';

const VARIANTS = {
  'regions auto, e-mail alarms': { 'catalog:alarmEmail': 'ops@example.com' },
  'region list, alarm topic, forwarding bus and key': {
    'catalog:regions': REGION_LIST.join(','),
    'catalog:alarmTopicArn': 'arn:aws:sns:us-east-1:123456789012:alarms',
    'catalog:forwardEventBusName': 'catalog-changes',
    'catalog:kmsKeyArn':
      'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555',
  },
} as const;

/** Every acknowledgement recorded in the tree: what cdk-nag reads. */
function acknowledgements(root: IConstruct): { path: string; id: string; reason: string }[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );
}

describe.each(Object.entries(VARIANTS))('cdk-nag: %s', (_, context) => {
  const { app } = synthStack(context);

  it.each([
    ['AwsSolutions', () => new AwsSolutionsChecks(app)],
    ['Serverless', () => new ServerlessChecks(app)],
  ])('%s has no unacknowledged findings', (_pack, create) => {
    const report = create().validateScope(app);
    const findings = report.violations.map(
      (v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );
    expect(findings).toEqual([]);
  });

  it('every acknowledgement carries a specific reason', () => {
    const acks = acknowledgements(app);
    expect(acks.length).toBeGreaterThan(0);
    for (const { id, reason } of acks) {
      expect(id).toMatch(/^(AwsSolutions|Serverless)-[A-Za-z0-9]+(\[.+\])?$/);
      expect(reason.length, id).toBeGreaterThanOrEqual(60);
      expect(reason, id).not.toMatch(/\b(to-?do|tbd|not needed|false positive|suppress)/i);
    }
  });

  it('acknowledges only the known, reviewed findings', () => {
    const ids = [...new Set(acknowledgements(app).map(({ id }) => id.replace(/<[^>]+>/g, '<X>')))];
    expect(ids.sort()).toMatchSnapshot();
  });
});
