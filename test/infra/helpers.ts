import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnElement } from 'aws-cdk-lib/core';
import type { IConstruct } from 'constructs';
import { type CatalogConfig, loadCatalogConfig } from '../../infra/config.js';
import { CatalogStack } from '../../infra/stacks/catalog-stack.js';

export const REGION_LIST = ['us-east-1', 'eu-west-1', 'ap-northeast-1'] as const;

/** A synthesized stack without bundling (no esbuild run, no handler code needed to compile). */
export function synthStack(context: Record<string, unknown> = {}): {
  app: App;
  stack: CatalogStack;
  template: Template;
  config: CatalogConfig;
} {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const config = loadCatalogConfig(context);
  const stack = new CatalogStack(app, 'TestCatalog', { config });
  return { app, stack, template: Template.fromStack(stack), config };
}

export function logicalId(scope: IConstruct): string {
  const child = scope.node.defaultChild ?? scope;
  return Stack.of(scope).getLogicalId(child as CfnElement);
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

export const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Every statement of every identity policy in the template, with the roles it is attached to. */
export function policyStatements(template: Template): { roles: unknown[]; statement: Statement }[] {
  const out: { roles: unknown[]; statement: Statement }[] = [];
  for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']) {
    for (const resource of Object.values(template.findResources(type))) {
      const props = resource.Properties as {
        Roles?: unknown[];
        PolicyDocument: { Statement: Statement[] };
      };
      for (const statement of props.PolicyDocument.Statement) {
        out.push({ roles: props.Roles ?? [], statement });
      }
    }
  }
  for (const resource of Object.values(template.findResources('AWS::IAM::Role'))) {
    const props = resource.Properties as {
      Policies?: { PolicyDocument: { Statement: Statement[] } }[];
      ManagedPolicyArns?: unknown[];
    };
    for (const policy of props.Policies ?? []) {
      for (const statement of policy.PolicyDocument.Statement) out.push({ roles: [], statement });
    }
  }
  return out;
}

/** Statements attached to one role (by its logical id). */
export function statementsOfRole(template: Template, roleLogicalId: string): Statement[] {
  return policyStatements(template)
    .filter(({ roles }) =>
      roles.some((role) => JSON.stringify(role) === JSON.stringify({ Ref: roleLogicalId })),
    )
    .map(({ statement }) => statement);
}
