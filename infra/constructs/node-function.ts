import { fileURLToPath } from 'node:url';
import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** The repository root: workspaces share its one package-lock.json. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The esbuild settings every Lambda in this repo is built with. Exported so the bundle benchmark
 * builds exactly what the construct deploys.
 */
export const NODE_BUNDLING = {
  format: nodejs.OutputFormat.ESM,
  target: 'node24',
  platform: 'node',
  // ESM entry points first: smaller bundles and faster module load than the CJS builds.
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  // Bundle the SDK: pins the client versions we test against and loads faster than the
  // runtime-provided copy.
  bundleAwsSDK: true,
  externalModules: [],
  // No createRequire banner: the SDK, Powertools Logger/Metrics and zod all ship ESM. Add one
  // only if a CJS dependency such as Tracer/X-Ray gets bundled.
} as const satisfies nodejs.BundlingOptions;

export interface NodeFunctionProps {
  /** Entry file, relative to the repository root, e.g. `lambdas/query/handler.ts`. */
  readonly entry: string;
  /** Memory in MB; explicit so the cost and CPU share are a decision, not a default. */
  readonly memorySize: number;
  /** Explicit, never the 3 s default. */
  readonly timeout: Duration;
  readonly description?: string;
  /** @default - no extra variables beyond NODE_OPTIONS */
  readonly environment?: Readonly<Record<string, string>>;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** @default - no reserved concurrency */
  readonly reservedConcurrentExecutions?: number;
  /**
   * Async invocation settings (ignored by synchronous callers).
   * @default - Lambda's defaults (2 retries, 6 h max event age, no destination)
   */
  readonly retryAttempts?: number;
  /** @default - 6 hours */
  readonly maxEventAge?: Duration;
  /** @default - no failure destination */
  readonly onFailure?: lambda.IDestination;
  /**
   * Files copied next to the bundle: repository path → file name (the handler reads them with
   * `new URL(name, import.meta.url)`).
   * @default - none
   */
  readonly files?: Readonly<Record<string, string>>;
  /**
   * The AWS Parameters and Secrets extension layer, for a function that reads a secret at init.
   * @default - none
   */
  readonly paramsAndSecrets?: lambda.ParamsAndSecretsLayerVersion;
  /**
   * Lambda's JSON log format at this application log level, for a function that logs through
   * `console` (the runtime adds timestamp, level and requestId) instead of Powertools Logger.
   * @default - text format
   */
  readonly jsonLogLevel?: lambda.ApplicationLogLevel;
}

/**
 * A NodejsFunction with this repo's defaults: Node.js 24 on arm64, bundled by the local esbuild
 * (no Docker) as minified ESM with source maps and the AWS SDK inside, an explicit log group with
 * retention, and a role that can write only to that log group (no AWSLambdaBasicExecutionRole,
 * whose logs:CreateLogGroup on `*` cdk-nag rightly flags).
 */
export class NodeFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: NodeFunctionProps) {
    super(scope, id);

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      // Logs are evidence after an incident; keep them when the stack goes.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: props.description,
    });
    // The log group exists, so the function only needs to create streams in it and write.
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: `${REPO_ROOT}${props.entry}`,
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: `${REPO_ROOT}package-lock.json`,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      description: props.description,
      role: this.role,
      logGroup: this.logGroup,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      retryAttempts: props.retryAttempts,
      maxEventAge: props.maxEventAge,
      onFailure: props.onFailure,
      paramsAndSecrets: props.paramsAndSecrets,
      ...(props.jsonLogLevel && {
        loggingFormat: lambda.LoggingFormat.JSON,
        applicationLogLevelV2: props.jsonLogLevel,
      }),
      // Only relevant to SDK v2; keep the variable out of the environment.
      awsSdkConnectionReuse: false,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        ...NODE_BUNDLING,
        mainFields: [...NODE_BUNDLING.mainFields],
        externalModules: [...NODE_BUNDLING.externalModules],
        // Local esbuild from node_modules; never fall back to Docker.
        forceDockerBundling: false,
        ...(props.files && { commandHooks: copyFiles(props.files) }),
      },
    });
  }
}

/** Bundling hooks that copy `files` (repository path → name) into the bundle's directory. */
function copyFiles(files: Readonly<Record<string, string>>): nodejs.ICommandHooks {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir, outputDir) =>
      Object.entries(files).map(([from, to]) => `cp "${inputDir}/${from}" "${outputDir}/${to}"`),
  };
}
