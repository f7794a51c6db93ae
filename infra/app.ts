import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { CONTEXT_KEYS, loadCatalogConfig, REMOVED_CONTEXT_KEYS } from './config.js';
import { CatalogStack } from './stacks/catalog-stack.js';
import { addProbeRegionStacks } from './stacks/probe-region-stack.js';

const app = new App();

const context: Record<string, unknown> = {};
for (const key of [...Object.values(CONTEXT_KEYS), ...REMOVED_CONTEXT_KEYS]) {
  context[key] = app.node.tryGetContext(key);
}
const config = loadCatalogConfig(context);

const catalogStack = new CatalogStack(app, config.stackName, {
  config,
  description: 'Bedrock profile catalog: scheduled multi-region scanner, table and lookup API',
  // Environment-agnostic unless the CLI knows an account: synth works offline, no credentials.
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});

// catalog:probeRegions: one small stack per source region, writing into the table above.
addProbeRegionStacks(app, catalogStack, config, process.env.CDK_DEFAULT_ACCOUNT);

// Any unacknowledged finding fails synthesis.
Validations.of(app).addPlugins(
  new AwsSolutionsChecks(app, { verbose: true }),
  new ServerlessChecks(app, { verbose: true }),
);
