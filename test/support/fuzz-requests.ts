import fc from 'fast-check';
import type { ApiEventInit } from './api-gateway-event.js';

/**
 * fast-check arbitraries for hostile requests against the query API: paths built from the route
 * templates with bad values, free-form paths, query strings, cursors, methods and bodies.
 */

const HAIKU_3 = 'anthropic.claude-3-haiku-20240307-v1:0';
export const GOOD_VALUES = {
  region: ['us-east-1', 'eu-west-1', 'ap-southeast-1', 'xx-nowhere-9'],
  modelId: [HAIKU_3, 'amazon.nova-pro-v1:0', `${HAIKU_3}:48k`, 'acme.unknown-v1:0'],
  profileId: [
    `us.${HAIKU_3}`,
    'hq2of259skzs',
    `arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.${HAIKU_3}`,
    'arn:aws:bedrock:eu-west-1:111122223333:application-inference-profile/r4t8w0zn5e6d',
  ],
  scanId: ['20261126T210000000Z-0a1b2c3d', 'nope'],
} as const;

const TEMPLATES = [
  '/v1/regions',
  '/v1/regions/{region}/profiles',
  '/v1/models',
  '/v1/models/{modelId}/profiles',
  '/v1/models/{modelId}/regions',
  '/v1/models/{modelId}/invoke-targets',
  '/v1/profiles/{profileId}',
  '/v1/profiles/{profileId}/model',
  '/v1/scans',
  '/v1/scans/{scanId}',
  '/v1/changes',
  '/v1/health',
  '/openapi.json',
];

const BAD_ESCAPES = ['%E0%A4%A', '%', '%%', '%zz', '%C0%AF', '%FF', '%u0041', '%2', '%ED%A0%80'];
const NASTY = [
  '..',
  '.',
  '../../etc/passwd',
  '%2e%2e%2f',
  '%2F',
  '%00',
  "' OR '1'='1",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal injection probe, not a template
  '${jndi:ldap://x}',
  '<script>',
  '__proto__',
  'constructor',
  'us-east-1 ',
  'US-EAST-1',
  'us-east-1\n',
  '🙂',
  'ü',
  '\u202e',
  'null',
  'undefined',
  '-1',
];

const anyText = fc.string({ unit: 'binary', maxLength: 40 });
const longText = fc
  .tuple(fc.constantFrom('a', 'us-', '9', '%41', 'é'), fc.integer({ min: 100, max: 3000 }))
  .map(([unit, n]) => unit.repeat(n));

/** Values that pass the shape checks but not the deeper ones: long regions, odd ARNs. */
const regionLike = fc.oneof(
  fc.stringMatching(/^[a-z]{2}(-[a-z]{1,12}){1,3}-\d{1,2}$/),
  fc.integer({ min: 20, max: 2000 }).map((n) => `us-${'a'.repeat(n)}-1`),
);
const arnLike = fc
  .tuple(
    fc.oneof(regionLike, fc.stringMatching(/^[a-z0-9-]{0,12}$/)),
    fc.constantFrom('111122223333', '', '1'),
    fc.constantFrom('inference-profile', 'application-inference-profile', 'foundation-model'),
    fc.constantFrom(...GOOD_VALUES.profileId.slice(0, 2), 'x'.repeat(64), 'x'.repeat(65)),
  )
  .map(([region, account, kind, id]) => `arn:aws:bedrock:${region}:${account}:${kind}/${id}`);

/** One path segment, as it appears in the raw (still encoded) path. */
export const segment: fc.Arbitrary<string> = fc.oneof(
  regionLike,
  arnLike.map(encodeURIComponent),
  fc.constantFrom(...Object.values(GOOD_VALUES).flat()).map(encodeURIComponent),
  fc.constantFrom(...Object.values(GOOD_VALUES).flat()),
  fc.constantFrom(...BAD_ESCAPES, ...NASTY),
  anyText,
  anyText.map(encodeURIComponent),
  longText,
  fc.constantFrom('v1', 'regions', 'models', 'profiles', 'scans', 'changes', 'health', 'model', ''),
);

/** A path from a route template with each `{param}` replaced by a hostile or valid value. */
const templatedPath = fc
  .tuple(fc.constantFrom(...TEMPLATES), fc.array(segment, { minLength: 3, maxLength: 3 }))
  .map(([template, values]) => {
    let index = 0;
    return template.replace(/\{\w+\}/g, () => values[index++] ?? '');
  });

const freePath = fc
  .array(segment, { minLength: 0, maxLength: 6 })
  .chain((parts) =>
    fc.constantFrom(`/${parts.join('/')}`, `/${parts.join('/')}/`, `//${parts.join('//')}`),
  );

export const path: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: templatedPath },
  { weight: 1, arbitrary: freePath },
);

const PARAM_NAMES = ['modelId', 'type', 'limit', 'cursor', 'region', 'sourceRegion', 'since'];

/** Cursors: garbage, shaped like ours, or (via `real`) real ones tampered with. */
export function cursorValue(real: readonly string[]): fc.Arbitrary<string> {
  const tampered = fc
    .tuple(fc.constantFrom(...real), fc.nat(), fc.constantFrom('A', 'z', '.', '-', '_', '='))
    .map(([cursor, at, char]) => {
      const i = at % cursor.length;
      return `${cursor.slice(0, i)}${char}${cursor.slice(i + 1)}`;
    });
  return fc.oneof(
    fc.constantFrom(...real),
    tampered,
    fc.base64String({ maxLength: 200 }).map((b64) => `v1.${b64}.${b64}`),
    fc.constantFrom('v1..', 'v1.e30.AAAA', 'v2.e30.AAAA', '....', 'v1.%%%.%%%'),
    anyText,
    longText,
  );
}

function paramValue(real: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    regionLike,
    fc.constantFrom(...GOOD_VALUES.region, ...GOOD_VALUES.modelId, 'SYSTEM_DEFINED', 'APPLICATION'),
    fc.integer({ min: -1000, max: 100_000 }).map(String),
    fc.constantFrom('1e2', '0x10', 'NaN', 'Infinity', '1.5', ' 5', '', '2026-11-26T21:00:00Z'),
    fc.constantFrom('2026-02-31T00:00:00Z', '9999-12-31T23:59:59Z', '0000-01-01T00:00:00Z'),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    cursorValue(real),
    fc.constantFrom(...NASTY, ...BAD_ESCAPES),
    anyText,
  );
}

/** A raw query string: known and unknown names, repeats, raw and encoded values. */
export function queryString(real: readonly string[]): fc.Arbitrary<string> {
  const pair = fc
    .tuple(
      fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...PARAM_NAMES) },
        { weight: 1, arbitrary: anyText },
      ),
      paramValue(real),
      fc.boolean(),
    )
    .map(([name, value, raw]) =>
      raw ? `${name}=${value}` : `${encodeURIComponent(name)}=${encodeURIComponent(value)}`,
    );
  return fc.array(pair, { maxLength: 4 }).map((pairs) => pairs.join('&'));
}

export const method = fc.oneof(
  { weight: 6, arbitrary: fc.constant('GET') },
  { weight: 2, arbitrary: fc.constant('POST') },
  {
    weight: 2,
    arbitrary: fc.constantFrom('PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'get', 'TRACE', ''),
  },
);

export const body: fc.Arbitrary<Pick<ApiEventInit, 'body' | 'isBase64Encoded'>> = fc.oneof(
  fc.constant({}),
  fc.jsonValue({ maxDepth: 3 }).map((value) => ({ body: JSON.stringify(value) })),
  fc
    .array(fc.oneof(fc.constantFrom(...GOOD_VALUES.region, ...NASTY), anyText), { maxLength: 3 })
    .map((regions) => ({ body: JSON.stringify({ regions }) })),
  anyText.map((text) => ({ body: text })),
  anyText.map((text) => ({ body: Buffer.from(text).toString('base64'), isBase64Encoded: true })),
  anyText.map((text) => ({ body: text, isBase64Encoded: true })),
);

/** A whole request; `real` are valid cursors to tamper with. */
export function request(real: readonly string[]): fc.Arbitrary<ApiEventInit> {
  return fc
    .record({ method, path, query: queryString(real), body })
    .map(({ body: b, ...rest }) => ({ ...rest, ...b }));
}

export interface ObservedResponse {
  status: number;
  contentType: string | undefined;
  body: string;
}

/**
 * The API's promise for any input: no 5xx (bar the health check's 503), JSON always, the error
 * shape on every 4xx, and nothing that looks like a stack trace. Returns the problem, or null.
 */
export function contractViolation(response: ObservedResponse): string | null {
  const { status, contentType, body } = response;
  if (![200, 202, 400, 404, 405, 503].includes(status)) return `status ${status}`;
  if (!contentType?.startsWith('application/json')) return `content-type ${contentType}`;
  // A stack frame: `at fn (file:line:col)` or `at file:line:col` (not an example time such as
  // `at or after 2026-11-01T00:00:00Z`, which the OpenAPI document carries).
  if (/\bat (?:\S+ \()?\S+:\d+:\d+\)?|\.ts\b|node_modules|Error:/.test(body)) {
    return 'stack trace in body';
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return 'body is not JSON';
  }
  if (status === 503) {
    return (json as { healthy?: unknown }).healthy === false ? null : '503 outside /v1/health';
  }
  if (status >= 400) {
    const error = (json as { error?: { code?: unknown; message?: unknown } }).error;
    if (typeof error?.code !== 'string' || typeof error.message !== 'string') {
      return 'error body without {error:{code,message}}';
    }
  }
  return null;
}
