// The one route list: the API's routes and the route grants below are both made from it.
import { SETTINGS } from '@bedrock-profile-catalog/catalog/settings';
import {
  ROUTE_LIST as API_ROUTES,
  type ApiFunction,
  servedBy,
} from '@bedrock-profile-catalog/query-api/routes';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { QUERY_ENV } from '../../../lambdas/contract.js';
import { priceStaleAfterHours } from '../../config.js';
import { acknowledge } from '../nag.js';
import { NodeFunction } from '../node-function.js';
import { type CatalogEventBus, grantScanRequests } from './event-bus.js';
import { type ResolvedCatalogSettings, regionsEnvValue, seconds } from './settings.js';
import { bindCatalogTable, type CatalogTable } from './table.js';

export interface CatalogQueryApi {
  /** Every read route: on each workload's path, so it carries and may do nothing else. */
  readonly query: NodeFunction;
  /** POST /v1/scans: reads the table to join a running scan, else puts a Scan Requested event. */
  readonly scanRequests: NodeFunction;
  readonly api: apigwv2.HttpApi;
  /** The API's `$default` stage; its URL is the API's base URL. */
  readonly apiStage: apigwv2.HttpStage;
}

/** The API's functions, their cursor key, and the IAM-authorised HTTP API in front of them. */
export function addQueryApi(
  scope: Construct,
  props: {
    readonly catalogTable: CatalogTable;
    readonly catalogBus: CatalogEventBus;
    readonly settings: ResolvedCatalogSettings;
    readonly apiThrottle?: apigwv2.ThrottleSettings;
  },
): CatalogQueryApi {
  const { catalogTable, catalogBus, settings } = props;

  // HMAC key for pagination cursors. The function gets only the secret's ARN and reads the
  // AWSCURRENT and AWSPREVIOUS versions at init through the Parameters and Secrets extension, so
  // the key is not readable with lambda:GetFunctionConfiguration, and a rotated key takes effect
  // as execution environments recycle while open cursors stay valid for their lifetime.
  const cursorSecret = new secretsmanager.Secret(scope, 'CursorSecret', {
    description: 'HMAC key that signs the catalog API pagination cursors',
    generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
  });
  acknowledge(
    cursorSecret,
    'AwsSolutions-SMG4',
    "Rotation is supported by the reader (the previous version is honoured for one cursor lifetime, 24 h) but is the operator's action (README, Deploy: rotate-secret / put-secret-value); the key only guards cursors against tampering, not access, so no rotation Lambda is deployed.",
  );

  // What both API functions share: the settings, the cursor key's ARN, the log format and size.
  const apiFunction = {
    memorySize: 512,
    // API Gateway gives up at 30 s; a lookup that takes longer has already failed.
    timeout: Duration.seconds(10),
    logRetention: settings.logRetention,
    // Logs through console (lambdas/query/log.ts): no logging library in the bundle.
    jsonLogLevel: lambda.ApplicationLogLevel.INFO,
    paramsAndSecrets: lambda.ParamsAndSecretsLayerVersion.fromVersion(
      lambda.ParamsAndSecretsVersions.V1_0_103,
    ),
  };
  const apiEnvironment = {
    [QUERY_ENV.cursorSecretArn]: cursorSecret.secretArn,
    [QUERY_ENV.regions]: regionsEnvValue(settings.regions),
    [QUERY_ENV.scanIntervalSeconds]: seconds(settings.scanRate),
    [QUERY_ENV.scanCooldownSeconds]: String(SETTINGS.scanCooldown.default),
    [QUERY_ENV.priceStaleAfterHours]: String(priceStaleAfterHours(settings.priceRefreshInterval)),
  };
  const query = new NodeFunction(scope, 'Query', {
    ...apiFunction,
    entry: 'lambdas/query/handler.ts',
    description: 'Serves the Bedrock profile catalog HTTP API',
    // GET /openapi.json serves the generated document; the bundle never builds it.
    files: { 'docs/openapi.json': 'openapi.json' },
    environment: apiEnvironment,
  });
  const scanRequests = new NodeFunction(scope, 'ScanRequests', {
    ...apiFunction,
    entry: 'lambdas/scan-request/handler.ts',
    description: 'Serves POST /v1/scans of the Bedrock profile catalog HTTP API',
    environment: {
      ...apiEnvironment,
      [QUERY_ENV.eventBusName]: catalogBus.eventBus.eventBusName,
    },
  });
  for (const fn of [query, scanRequests]) {
    bindCatalogTable(fn, catalogTable, QUERY_ENV.tableName, 'read');
    // Only the value of this one secret (the extension's GetSecretValue, both version stages). It
    // is encrypted with the account's aws/secretsmanager key, whose policy already admits reads
    // made through Secrets Manager, so no KMS grant is needed.
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [cursorSecret.secretArn],
      }),
    );
  }
  // POST /v1/scans: one kind of event on the catalog bus, as the catalog, and nothing else.
  grantScanRequests(catalogBus, scanRequests.role);
  for (const fn of [query, scanRequests]) {
    acknowledge(
      fn,
      'Serverless-LambdaTracing',
      'X-Ray is off: it needs xray:PutTraceSegments on Resource * and the CJS X-Ray SDK in an ESM bundle; the functions emit structured logs and EMF metrics and the API logs every request.',
    );
    acknowledge(
      fn,
      'Serverless-LambdaDLQ',
      'The API functions are only invoked synchronously by API Gateway; errors go back to the caller, so there are no async events to dead-letter.',
    );
    acknowledge(
      fn,
      'Serverless-LambdaAsyncFailureDestination',
      'The API functions are only invoked synchronously by API Gateway; an async failure destination would never receive anything.',
    );
  }

  const accessLogs = new logs.LogGroup(scope, 'ApiAccessLogs', {
    retention: settings.logRetention,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const iamAuthorizer = new HttpIamAuthorizer();
  const api = new apigwv2.HttpApi(scope, 'Api', {
    description: 'Bedrock profile catalog lookups (IAM/SigV4 on every route)',
    // Created below with throttling and access logs.
    createDefaultStage: false,
    defaultAuthorizer: iamAuthorizer,
  });
  const apiStage = api.addStage('DefaultStage', {
    stageName: '$default',
    autoDeploy: true,
    throttle: props.apiThrottle ?? { rateLimit: 50, burstLimit: 100 },
    accessLogSettings: {
      destination: new apigwv2.LogGroupLogDestination(accessLogs),
      format: accessLogFormat(),
    },
  });
  // Each route goes to the function the contract names (RouteSpec.servedBy).
  const integrations: Record<ApiFunction, HttpLambdaIntegration> = {
    query: new HttpLambdaIntegration('QueryIntegration', query.function),
    'scan-request': new HttpLambdaIntegration('ScanRequestIntegration', scanRequests.function),
  };
  // Explicit routes only, each IAM-authorised; no `$default` catch-all route.
  for (const route of API_ROUTES) {
    api.addRoutes({
      path: route.path,
      methods: [apigwv2.HttpMethod[route.method]],
      integration: integrations[servedBy(route)],
      authorizer: iamAuthorizer,
    });
  }
  return { query, scanRequests, api, apiStage };
}

/** `read`: every GET route. `start-scan`: POST /v1/scans alone. */
export type ApiRouteGrant = 'read' | 'start-scan';

const GRANTED_ROUTES: Record<ApiRouteGrant, (route: (typeof API_ROUTES)[number]) => boolean> = {
  read: (route) => route.method === 'GET',
  'start-scan': (route) => route.method === 'POST' && route.path === '/v1/scans',
};

/** execute-api:Invoke on the granted routes' ARNs of the `$default` stage. */
export function grantApiRoutes(
  { api, apiStage }: Pick<CatalogQueryApi, 'api' | 'apiStage'>,
  grantee: iam.IGrantable,
  which: ApiRouteGrant,
): iam.Grant {
  return iam.Grant.addToPrincipal({
    grantee,
    actions: ['execute-api:Invoke'],
    // A path parameter matches one or more characters of the request path.
    resourceArns: API_ROUTES.filter(GRANTED_ROUTES[which]).map((route) =>
      api.arnForExecuteApi(route.method, route.path.replace(/\{[^}]+\}/g, '*'), apiStage.stageName),
    ),
  });
}

/** Structured JSON access logs, with the IAM caller for audit. */
function accessLogFormat(): AccessLogFormat {
  return AccessLogFormat.custom(
    JSON.stringify({
      requestId: '$context.requestId',
      requestTime: '$context.requestTime',
      sourceIp: '$context.identity.sourceIp',
      userArn: '$context.identity.userArn',
      httpMethod: '$context.httpMethod',
      routeKey: '$context.routeKey',
      path: '$context.path',
      status: '$context.status',
      protocol: '$context.protocol',
      responseLength: '$context.responseLength',
      responseLatency: '$context.responseLatency',
      integrationLatency: '$context.integration.latency',
      integrationError: '$context.integrationErrorMessage',
    }),
  );
}
