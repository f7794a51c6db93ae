import * as z from 'zod/mini';
import { PARAMETER_DESCRIPTIONS, ROUTE_DOCS } from './openapi-docs.js';
import { type OperationId, ROUTE_LIST, type RouteSpec } from './routes.js';
import { ErrorBody, RESPONSE_SCHEMAS } from './schemas.js';

/**
 * The OpenAPI 3.1 document, generated from the route table and its zod schemas with zod's own
 * JSON Schema output. Build time only (`npm run openapi` writes docs/openapi.json; a test keeps
 * the committed file current): the query Lambda serves the file and never imports this module.
 */

type JsonSchema = Record<string, unknown>;

// The parameters' descriptions, registered here: the deployed functions carry none (openapi-docs.ts).
for (const [schema, description] of PARAMETER_DESCRIPTIONS) {
  z.globalRegistry.add(schema, { description });
}

const COMPONENT_URI = (id: string) => `#/components/schemas/${id}`;
/** zod spells out the RFC 3339 grammar as a regex and the safe-integer range; `format` says it. */
const FORMAT_PATTERNS = new Set(['date-time', 'date']);
const SAFE_INTEGER = Number.MAX_SAFE_INTEGER;

function tidy({ jsonSchema }: { jsonSchema: JsonSchema }): void {
  if (FORMAT_PATTERNS.has(String(jsonSchema.format))) delete jsonSchema.pattern;
  if (jsonSchema.type === 'integer') {
    if (jsonSchema.maximum === SAFE_INTEGER) delete jsonSchema.maximum;
    if (jsonSchema.minimum === -SAFE_INTEGER) delete jsonSchema.minimum;
  }
}

/** Every registered schema as a component, `$ref`s between them, for one side of the schemas. */
function components(io: 'input' | 'output'): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(z.globalRegistry, {
    uri: COMPONENT_URI,
    io,
    unrepresentable: 'any',
    override: tidy as never,
  }) as { schemas: Record<string, JsonSchema> };
  return Object.fromEntries(
    Object.entries(schemas).map(([id, { $schema: _s, $id: _i, ...schema }]) => [id, schema]),
  );
}

/** One parameter's schema (the string side: that is what travels in a path or query). */
function parameterSchema(schema: z.ZodMiniType): JsonSchema {
  const {
    $schema: _s,
    $defs: _d,
    ...json
  } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    override: tidy as never,
  }) as JsonSchema;
  // A named schema inside a parameter (Region) is a component already: point at it.
  return JSON.parse(JSON.stringify(json).replaceAll('"#/$defs/', '"#/components/schemas/'));
}

function parameters(route: RouteSpec) {
  const inPath = Object.entries(route.params?.shape ?? {}).map(([name, schema]) => {
    const { description, ...json } = parameterSchema(schema as z.ZodMiniType);
    const fallback = z.globalRegistry.get(schema as z.ZodMiniType)?.description;
    return { name, in: 'path', required: true, description: description ?? fallback, schema: json };
  });
  const inQuery = Object.entries(route.query?.shape ?? {}).map(([name, field]) => {
    const schema = field as z.ZodMiniType;
    const { description, ...json } = parameterSchema(schema);
    const { def } = schema._zod;
    // A default travels as the string a caller would send.
    if (def.type === 'default')
      json.default = String((def as unknown as { defaultValue: unknown }).defaultValue);
    return {
      name,
      in: 'query',
      required: def.type !== 'optional' && def.type !== 'default',
      description:
        description ??
        z.globalRegistry.get(schema)?.description ??
        z.globalRegistry.get((def as { innerType?: z.ZodMiniType }).innerType as z.ZodMiniType)
          ?.description,
      schema: json,
    };
  });
  return [...inPath, ...inQuery];
}

const json = (schema: JsonSchema) => ({ 'application/json': { schema } });
const ref = (id: string) => ({ $ref: COMPONENT_URI(id) });

function idOf(schema: z.ZodMiniType): string {
  const id = z.globalRegistry.get(schema)?.id;
  if (!id) throw new Error('every response schema must be a named component');
  return id;
}

const CATALOG_AS_OF_HEADER = {
  'x-catalog-as-of': {
    description: 'The answer’s `catalogAsOf`, when not null',
    schema: { type: 'string', format: 'date-time' },
  },
};

const ERROR_DESCRIPTIONS = {
  400: 'Invalid parameter, cursor or body (`error.parameter` names it)',
  404: 'Not found (an unknown model, profile, scan or region, or no such route)',
  405: 'Method not allowed (the `Allow` header lists the allowed ones)',
  503: 'Catalog unavailable; try again shortly',
} as const;

const CACHEABLE_HEADERS = {
  etag: {
    description:
      'A hash of the answer; send it back as `If-None-Match` to get a 304 while it holds',
    schema: { type: 'string' },
  },
  'content-encoding': {
    description: '`gzip` when the request sent `Accept-Encoding: gzip`',
    schema: { type: 'string', enum: ['gzip'] },
  },
};

function responses(route: RouteSpec & { operationId: OperationId }) {
  const described: Readonly<Record<string, string>> = ROUTE_DOCS[route.operationId].responses;
  const answers = Object.fromEntries(
    Object.entries(route.responses).map(([status, { schema }]) => [
      status,
      {
        description: described[status],
        ...(route.catalogAsOf || route.cacheable
          ? {
              headers: {
                ...(route.catalogAsOf ? CATALOG_AS_OF_HEADER : {}),
                ...(route.cacheable ? CACHEABLE_HEADERS : {}),
              },
            }
          : {}),
        content: json(ref(idOf(RESPONSE_SCHEMAS[schema]))),
      },
    ]),
  );
  const notModified = route.cacheable
    ? {
        304: {
          description: 'Not modified: `If-None-Match` named the current `ETag` (no body)',
          headers: { etag: CACHEABLE_HEADERS.etag },
        },
      }
    : {};
  const errorStatuses: (keyof typeof ERROR_DESCRIPTIONS)[] = [
    ...route.errors,
    405,
    ...(503 in route.responses ? [] : [503 as const]),
  ];
  const errors = Object.fromEntries(
    errorStatuses.map((status) => [
      String(status),
      { description: ERROR_DESCRIPTIONS[status], content: json(ref(idOf(ErrorBody))) },
    ]),
  );
  return { ...answers, ...notModified, ...errors };
}

export function buildOpenApiDocument(serverUrl = 'http://127.0.0.1:3000') {
  const output = components('output');
  const input = components('input');
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTE_LIST) {
    paths[route.path] ??= {};
    const operations = paths[route.path] as Record<string, unknown>;
    operations[route.method.toLowerCase()] = {
      operationId: route.operationId,
      summary: ROUTE_DOCS[route.operationId].summary,
      parameters: parameters(route),
      ...(route.body
        ? {
            requestBody: { required: false, content: json(ref(idOf(route.body))) },
          }
        : {}),
      responses: responses(route),
    };
  }
  const bodyIds = new Set(ROUTE_LIST.flatMap((route) => (route.body ? [idOf(route.body)] : [])));
  const schemas = Object.fromEntries(
    Object.entries(output)
      // Request bodies are described as sent (their input side).
      .map(([id, schema]) => [id, bodyIds.has(id) ? (input[id] ?? schema) : schema]),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'bedrock-profile-catalog',
      version: '1.0.0',
      description:
        'Which Amazon Bedrock inference profile or model ID to call, from which region, and how fast that region is. Catalog answers carry `catalogAsOf` (and the `x-catalog-as-of` header): the oldest successful scan they draw on.',
      license: { name: 'MIT-0', identifier: 'MIT-0' },
    },
    servers: [
      { url: serverUrl, description: 'Local mode (`npm start`)' },
      {
        url: 'https://{apiId}.execute-api.{region}.amazonaws.com',
        description: 'A deployed catalog (the stack output ApiUrl); IAM (SigV4) authorised',
        variables: {
          apiId: { default: 'abcdef1234', description: 'The HTTP API ID' },
          region: { default: 'us-east-1', description: 'The stack region' },
        },
      },
    ],
    security: [{ sigv4: [] }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        sigv4: {
          type: 'apiKey',
          name: 'Authorization',
          in: 'header',
          description:
            'AWS Signature Version 4 (API Gateway IAM authorization; execute-api:Invoke). Local mode needs none.',
        },
      },
    },
  };
}

/** The markers around the generated route table in README.md. */
export const README_ROUTES = [
  '<!-- routes: generated by npm run openapi -->',
  '<!-- /routes -->',
] as const;

/**
 * The README's route table (between `<!-- routes -->` markers), from the same route list: route,
 * operationId, answer schema (see docs/openapi.json) and summary.
 */
export function routeTableMarkdown(): string {
  const rows = ROUTE_LIST.map((route) => {
    const query = Object.keys(route.query?.shape ?? {});
    const target = `${route.method} ${route.path}${query.length > 0 ? `?${query.join('&')}` : ''}`;
    const answers = Object.entries(route.responses)
      .map(([status, { schema }]) => `${status} \`${idOf(RESPONSE_SCHEMAS[schema])}\``)
      .join(', ');
    return `| \`${target}\` | \`${route.operationId}\` | ${answers} | ${ROUTE_DOCS[route.operationId].summary} |`;
  });
  return [
    '| Route | operationId | Answer (schema) | What |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}
