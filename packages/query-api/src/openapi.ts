import { TARGET_SCOPES } from './resolver.js';
import { type QueryParameterName, ROUTES } from './routes.js';

/**
 * The OpenAPI 3.1 document, built from the route table so the two cannot disagree about which
 * routes and parameters exist. Response bodies are described per route below.
 */
const QUERY_PARAMETERS: Record<QueryParameterName, { description: string; schema: object }> = {
  modelId: { description: 'Foundation model ID', schema: { type: 'string', maxLength: 200 } },
  type: {
    description: 'Profile type',
    schema: { type: 'string', enum: ['SYSTEM_DEFINED', 'APPLICATION'] },
  },
  limit: {
    description: 'Page size (default 50)',
    schema: { type: 'integer', minimum: 1, maximum: 100 },
  },
  cursor: {
    description: 'Opaque cursor from a previous page (`nextCursor`); bound to the same query',
    schema: { type: 'string', maxLength: 4096 },
  },
  region: {
    description: 'Source region, e.g. us-east-1',
    schema: { $ref: '#/components/schemas/Region' },
  },
  sourceRegion: {
    description: 'The region you call Bedrock from (required)',
    schema: { $ref: '#/components/schemas/Region' },
  },
  scope: {
    description:
      'Only targets of these scopes, comma-separated (or repeated): in-region, application, geo, global. `in-region,geo` keeps requests in the source geography',
    schema: {
      type: 'string',
      // Empty means no filter; repeated parameters arrive joined with commas.
      pattern: '^((in-region|application|geo|global)(,(in-region|application|geo|global))*)?$',
    },
  },
  since: {
    description: 'RFC 3339 time; changes at or after it (default: 24 hours ago)',
    schema: { type: 'string', format: 'date-time' },
  },
};

const PATH_PARAMETERS: Record<string, { description: string; schema: object }> = {
  region: { description: 'Source region', schema: { $ref: '#/components/schemas/Region' } },
  modelId: {
    description:
      'Foundation model ID, percent-encoded (e.g. anthropic.claude-3-haiku-20240307-v1%3A0)',
    schema: { type: 'string', maxLength: 200 },
  },
  profileId: {
    description: 'Inference profile ID, or its percent-encoded ARN (the ARN also sets the region)',
    schema: { type: 'string', maxLength: 2048 },
  },
  scanId: { description: 'Scan ID from POST /v1/scans', schema: { type: 'string' } },
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const page = (item: string) => ({
  type: 'object',
  required: ['items', 'nextCursor'],
  properties: {
    items: { type: 'array', items: ref(item) },
    nextCursor: { type: ['string', 'null'] },
    catalogAsOf: { type: ['string', 'null'], format: 'date-time' },
  },
});
const list = (item: object) => ({
  type: 'object',
  required: ['items'],
  properties: { items: { type: 'array', items: item } },
});

const RESPONSES: Record<string, { status: string; description: string; schema: object }> = {
  'GET /v1/regions': { status: '200', description: 'Regions', schema: list(ref('RegionStatus')) },
  'GET /v1/regions/{region}/profiles': {
    status: '200',
    description: 'A page of profiles',
    schema: page('Profile'),
  },
  'GET /v1/regions/{region}/throughputs': {
    status: '200',
    description: "A page of this account's provisioned throughputs",
    schema: page('Throughput'),
  },
  'GET /v1/models': {
    status: '200',
    description: 'Models by provider and ID, each with the regions that list it',
    schema: list(ref('ModelSummary')),
  },
  'GET /v1/models/{modelId}/profiles': {
    status: '200',
    description: 'A page of profiles',
    schema: page('Profile'),
  },
  'GET /v1/models/{modelId}/regions': {
    status: '200',
    description: 'Regions offering the model, fastest first',
    schema: list(ref('ModelRegion')),
  },
  'GET /v1/models/{modelId}/invoke-targets': {
    status: '200',
    description: 'Invoke targets, best first; empty with a `hint` when the region has none',
    schema: {
      type: 'object',
      required: ['modelId', 'sourceRegion', 'items', 'hint'],
      properties: {
        modelId: { type: 'string' },
        sourceRegion: { type: 'string' },
        items: { type: 'array', items: ref('InvokeTarget') },
        hint: {
          type: ['object', 'null'],
          description: 'Only when `items` is empty: where the model does have such targets',
          required: ['message', 'regions'],
          properties: {
            message: { type: 'string' },
            regions: { type: 'array', items: { type: 'string' } },
          },
        },
        catalogAsOf: { type: ['string', 'null'], format: 'date-time' },
      },
    },
  },
  'GET /v1/profiles/{profileId}': {
    status: '200',
    description: 'The profile; without `region`, from its fastest source region plus `regions`',
    schema: ref('Profile'),
  },
  'GET /v1/profiles/{profileId}/model': {
    status: '200',
    description: 'The model behind the profile',
    schema: {
      type: 'object',
      required: ['profileId', 'modelId', 'region'],
      properties: {
        profileId: { type: 'string' },
        modelId: { type: 'string' },
        modelIds: { type: 'array', items: { type: 'string' } },
        region: { type: 'string' },
      },
    },
  },
  'POST /v1/scans': {
    status: '202',
    description: 'Scan accepted',
    schema: { type: 'object', required: ['scanId'], properties: { scanId: { type: 'string' } } },
  },
  'GET /v1/scans/{scanId}': { status: '200', description: 'The scan', schema: ref('Scan') },
  'GET /v1/changes': { status: '200', description: 'A page of changes', schema: page('Change') },
  'GET /v1/health': {
    status: '200',
    description: 'Fresh (503 with the same body when stale)',
    schema: ref('Health'),
  },
};

const nullable = (schema: object) => ({ oneOf: [schema, { type: 'null' }] });
const str = { type: 'string' };
const strings = { type: 'array', items: str };
const latency = nullable({
  type: 'object',
  required: ['p50', 'p90', 'p99', 'samples'],
  properties: {
    p50: { type: 'number' },
    p90: { type: 'number' },
    p99: { type: 'number' },
    samples: { type: 'integer' },
  },
});
const error = {
  type: 'object',
  required: ['code', 'message'],
  properties: { code: str, message: str },
};
const access = nullable({
  type: 'object',
  description:
    'Whether this account may invoke the model in the source region (GetFoundationModelAvailability); null until checked. Unusable targets are ranked last, never dropped.',
  required: ['usable', 'reason'],
  properties: {
    usable: { type: 'boolean' },
    reason: { type: ['string', 'null'], examples: ['agreement NOT_AVAILABLE'] },
  },
});

const SCHEMAS = {
  Region: { type: 'string', pattern: '^[a-z]{2}(-[a-z]+)+-\\d{1,2}$', example: 'us-east-1' },
  RegionStatus: {
    type: 'object',
    required: ['region', 'status', 'latencyMs', 'lastScanAt', 'lastSuccessAt', 'error'],
    properties: {
      region: str,
      status: { type: 'string', enum: ['ok', 'error', 'denied'] },
      latencyMs: latency,
      lastScanAt: { type: 'string', format: 'date-time' },
      lastSuccessAt: { type: ['string', 'null'], format: 'date-time' },
      error: nullable(error),
      counts: ref('ItemCounts'),
      lastScanId: str,
    },
  },
  ItemCounts: {
    type: 'object',
    description: "The region's last good snapshot; kept when a later scan fails",
    required: ['profiles', 'applicationProfiles', 'models', 'throughputs'],
    properties: {
      profiles: { type: 'integer', description: 'Every profile type' },
      applicationProfiles: { type: 'integer' },
      models: { type: 'integer' },
      throughputs: { type: 'integer' },
    },
  },
  Throughput: {
    type: 'object',
    required: ['arn', 'name', 'region', 'modelId', 'status', 'modelUnits'],
    properties: {
      arn: { type: 'string', description: 'The provisioned model ARN: pass it as the model ID' },
      name: str,
      region: str,
      modelId: str,
      modelArn: str,
      foundationModelArn: { type: ['string', 'null'] },
      status: { type: 'string', description: 'Creating, InService, Updating or Failed' },
      modelUnits: { type: 'integer' },
      desiredModelUnits: { type: ['integer', 'null'] },
      commitmentDuration: { type: ['string', 'null'] },
      commitmentExpirationTime: { type: ['string', 'null'], format: 'date-time' },
      creationTime: { type: ['string', 'null'], format: 'date-time' },
      lastModifiedTime: { type: ['string', 'null'], format: 'date-time' },
      firstSeenAt: { type: 'string', format: 'date-time' },
      lastSeenAt: { type: 'string', format: 'date-time' },
    },
  },
  Profile: {
    type: 'object',
    required: [
      'profileId',
      'profileArn',
      'name',
      'description',
      'type',
      'status',
      'region',
      'modelId',
      'modelArns',
      'destinationRegions',
      'scope',
      'createdAt',
      'updatedAt',
      'lastSeenAt',
    ],
    properties: {
      profileId: str,
      profileArn: str,
      name: str,
      description: { type: ['string', 'null'] },
      type: { type: 'string', examples: ['SYSTEM_DEFINED', 'APPLICATION'] },
      status: str,
      region: { description: 'Source region', type: 'string' },
      modelId: str,
      modelIds: strings,
      modelArns: strings,
      destinationRegions: strings,
      scope: { type: 'string', enum: ['geo', 'global', 'application'] },
      geoPrefix: { type: ['string', 'null'] },
      routing: { type: 'string', enum: ['in-region', 'geo', 'global'] },
      createdAt: { type: ['string', 'null'], format: 'date-time' },
      updatedAt: { type: ['string', 'null'], format: 'date-time' },
      firstSeenAt: { type: 'string', format: 'date-time' },
      lastSeenAt: { type: 'string', format: 'date-time' },
      regions: { ...strings, description: 'Without `region`: source regions, fastest first' },
    },
  },
  ModelAccess: {
    type: 'object',
    description:
      'GetFoundationModelAvailability for this account and region. Re-checked when the model changes or the check is older than the scanner’s max age (default 24 h).',
    required: [
      'usable',
      'agreement',
      'authorization',
      'entitlement',
      'regionAvailability',
      'checkedAt',
    ],
    properties: {
      usable: { type: 'boolean', description: 'Every signal below allows invocation' },
      agreement: { type: 'string', examples: ['AVAILABLE', 'PENDING', 'NOT_AVAILABLE', 'ERROR'] },
      authorization: { type: 'string', examples: ['AUTHORIZED', 'NOT_AUTHORIZED'] },
      entitlement: { type: 'string', examples: ['AVAILABLE', 'NOT_AVAILABLE'] },
      regionAvailability: { type: 'string', examples: ['AVAILABLE', 'NOT_AVAILABLE'] },
      checkedAt: { type: 'string', format: 'date-time' },
    },
  },
  ModelRegion: {
    type: 'object',
    required: ['region', 'inferenceTypes', 'latencyMs'],
    properties: {
      region: str,
      inferenceTypes: { ...strings, examples: [['ON_DEMAND'], ['INFERENCE_PROFILE'], []] },
      latencyMs: latency,
      access: nullable(ref('ModelAccess')),
    },
  },
  ModelSummary: {
    type: 'object',
    required: ['modelId', 'name', 'provider', 'regions'],
    properties: {
      modelId: str,
      name: { type: ['string', 'null'] },
      provider: { type: ['string', 'null'] },
      regions: {
        type: 'array',
        items: {
          type: 'object',
          required: ['region', 'inferenceTypes', 'lifecycleStatus', 'access'],
          properties: {
            region: str,
            inferenceTypes: { ...strings, examples: [['ON_DEMAND'], ['INFERENCE_PROFILE'], []] },
            lifecycleStatus: { type: ['string', 'null'] },
            access: nullable(ref('ModelAccess')),
          },
        },
      },
    },
  },
  InvokeTarget: {
    type: 'object',
    required: ['targetId', 'kind', 'scope', 'sourceRegion', 'destinationRegions'],
    properties: {
      targetId: str,
      kind: {
        type: 'string',
        enum: ['provisioned-throughput', 'model', 'profile'],
        description:
          '`provisioned-throughput` targets are called by their ARN (`targetId`) and only listed when InService',
      },
      scope: { type: 'string', enum: [...TARGET_SCOPES] },
      sourceRegion: str,
      destinationRegions: {
        ...strings,
        description:
          "Where the request may be served: the source region for `model` and `provisioned-throughput` targets; for profiles, the regions named by the profile's model ARNs (a `global` profile may also be served in any other commercial region)",
      },
      targetArn: { type: ['string', 'null'] },
      geoPrefix: { type: ['string', 'null'] },
      name: { type: ['string', 'null'] },
      access,
    },
  },
  Scan: {
    type: 'object',
    required: ['scanId', 'status', 'startedAt', 'finishedAt', 'durationMs', 'regions'],
    properties: {
      scanId: str,
      trigger: { type: 'string', examples: ['schedule', 'api', 'local'] },
      status: { type: 'string', enum: ['running', 'succeeded', 'partial', 'failed'] },
      startedAt: { type: 'string', format: 'date-time' },
      finishedAt: { type: ['string', 'null'], format: 'date-time' },
      durationMs: { type: ['number', 'null'] },
      regions: {
        type: 'array',
        items: {
          type: 'object',
          required: ['region', 'status', 'durationMs', 'error'],
          properties: {
            region: str,
            status: { type: 'string', enum: ['ok', 'error', 'denied', 'superseded'] },
            durationMs: { type: 'number' },
            error: nullable(error),
            counts: nullable(ref('ItemCounts')),
          },
        },
      },
    },
  },
  Change: {
    type: 'object',
    required: ['at', 'region', 'kind', 'entity', 'id', 'before', 'after'],
    properties: {
      at: { type: 'string', format: 'date-time' },
      region: str,
      kind: { type: 'string', enum: ['added', 'removed', 'changed'] },
      entity: { type: 'string', enum: ['profile', 'model'] },
      id: str,
      before: { type: ['object', 'null'] },
      after: { type: ['object', 'null'] },
    },
  },
  Health: {
    type: 'object',
    required: ['status', 'regions'],
    properties: {
      status: { type: 'string', enum: ['ok', 'stale'] },
      regions: { type: 'array', items: { type: 'object' } },
    },
  },
  Error: {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: {
            type: 'string',
            examples: ['INVALID_PARAMETER', 'INVALID_CURSOR', 'NOT_FOUND', 'ROUTE_NOT_FOUND'],
          },
          message: str,
          parameter: str,
        },
      },
    },
  },
};

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ref('Error') } },
});

export function buildOpenApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    const key = `${route.method} ${route.path}`;
    const response = RESPONSES[key];
    const pathParameters = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name = '']) => ({
      name,
      in: 'path',
      required: true,
      ...PATH_PARAMETERS[name],
    }));
    const queryParameters = route.queryParameters.map((name) => ({
      name,
      in: 'query',
      required: name === 'sourceRegion',
      ...QUERY_PARAMETERS[name],
    }));
    paths[route.path] ??= {};
    const operation = paths[route.path] as Record<string, unknown>;
    operation[route.method.toLowerCase()] = {
      summary: route.summary,
      operationId: key,
      parameters: [...pathParameters, ...queryParameters],
      ...(route.method === 'POST'
        ? {
            requestBody: {
              required: false,
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    additionalProperties: false,
                    properties: {
                      regions: {
                        type: 'array',
                        minItems: 1,
                        maxItems: 50,
                        items: ref('Region'),
                        description: 'Regions this catalog scans; absent means all of them',
                      },
                    },
                  },
                },
              },
            },
          }
        : {}),
      responses: {
        [response?.status ?? '200']: {
          description: response?.description ?? 'OK',
          content: { 'application/json': { schema: response?.schema ?? {} } },
        },
        '400': errorResponse('Invalid parameter, cursor or body'),
        '404': errorResponse('Not found'),
        ...(route.path === '/v1/health'
          ? {
              '503': {
                description: 'Stale',
                content: { 'application/json': { schema: ref('Health') } },
              },
            }
          : { '503': errorResponse('Catalog unavailable') }),
      },
      security: [{ sigv4: [] }],
    };
  }
  paths['/openapi.json'] = {
    get: {
      summary: 'This document',
      operationId: 'GET /openapi.json',
      responses: { '200': { description: 'OpenAPI 3.1 document' } },
      security: [{ sigv4: [] }],
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'bedrock-profile-catalog',
      version: '1.0.0',
      description:
        'Which Amazon Bedrock inference profile or model ID to call, from which region, and how fast that region is. Every catalog answer carries `catalogAsOf` (and the `x-catalog-as-of` header): the oldest successful scan it draws on.',
    },
    paths,
    components: {
      schemas: SCHEMAS,
      securitySchemes: {
        sigv4: {
          type: 'apiKey',
          name: 'Authorization',
          in: 'header',
          description:
            'AWS Signature Version 4 (API Gateway IAM authorization; execute-api:Invoke)',
        },
      },
    },
  };
}
