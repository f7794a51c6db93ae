import { RegionCode, SCAN_ID_PATTERN } from '@bedrock-profile-catalog/catalog';
import * as z from 'zod/mini';
import { type ErrorCode, InvalidParameterError } from './errors.js';
import { TARGET_SCOPES, type TargetScope } from './resolver.js';

/**
 * Input validation for every route: allow-lists, not block-lists. Anything that does not match
 * is a 400 with the parameter's name, before the catalog is touched.
 */

/** Model IDs contain `.`, `:` and `-` (`anthropic.claude-3-haiku-20240307-v1:0`, `…:200k`). */
export const ModelIdParam = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(200),
    z.regex(/^[a-zA-Z0-9][a-zA-Z0-9._:-]*$/, 'not a model ID'),
  );

const PROFILE_ID = /^[a-zA-Z0-9][a-zA-Z0-9.:-]{0,63}$/;
const PROFILE_ARN =
  /^arn:aws(?:-[a-z]+)*:bedrock:([a-z0-9-]*):(\d{12}|):(?:application-inference-profile|inference-profile)\/([a-zA-Z0-9][a-zA-Z0-9.:-]{0,63})$/;

export interface ProfileRef {
  profileId: string;
  /** The region named in an ARN, when the caller passed one. */
  arnRegion: string | null;
}

/** A profile ID, or a profile ARN (which also names the source region). */
export function parseProfileRef(raw: string): ProfileRef {
  if (PROFILE_ID.test(raw)) return { profileId: raw, arnRegion: null };
  const arn = PROFILE_ARN.exec(raw);
  const id = arn?.[3];
  // The ARN's region becomes a key lookup, so it gets the same check as a `region` parameter.
  if (id) return { profileId: id, arnRegion: arn[1] ? parseRegion('profileId', arn[1]) : null };
  throw new InvalidParameterError('profileId', 'profileId must be a profile ID or profile ARN');
}

export const ProfileTypeParam = z.enum(['SYSTEM_DEFINED', 'APPLICATION']);
// One message for every failure: `limit=1&limit=2` arrives as "1,2", which is not a number.
const LIMIT_MESSAGE = 'expected one whole number from 1 to 100';
export const LimitParam = z.coerce
  .number({ error: LIMIT_MESSAGE })
  .check(z.int(LIMIT_MESSAGE), z.gte(1, LIMIT_MESSAGE), z.lte(100, LIMIT_MESSAGE));
export const CursorParam = z.string().check(z.minLength(1), z.maxLength(4096));
export const ScanIdParam = z.string().check(z.regex(SCAN_ID_PATTERN, 'not a scan ID'));
const SinceTime = z.iso.datetime({ offset: true });
const SinceDate = z.iso.date();
const RELATIVE_SINCE = /^(\d{1,6})([smhd])$/;
const SECONDS_PER_UNIT = { s: 1, m: 60, h: 3600, d: 86_400 } as const;
export const SINCE_FORMATS =
  'an RFC 3339 time (2026-11-01T00:00:00Z), a date (2026-11-01, UTC) or a duration back from now (30m, 24h, 7d)';

/**
 * `since` for the API and the CLI alike: an RFC 3339 time with an offset, a plain date (midnight
 * UTC), or a duration back from `now` (`30m`, `24h`, `7d`).
 */
export function parseSince(value: string, now: Date, name = 'since'): Date {
  const relative = RELATIVE_SINCE.exec(value);
  if (relative) {
    const unit = SECONDS_PER_UNIT[relative[2] as keyof typeof SECONDS_PER_UNIT];
    return new Date(now.getTime() - Number(relative[1]) * unit * 1000);
  }
  if (SinceTime.safeParse(value).success) return new Date(value);
  if (SinceDate.safeParse(value).success) return new Date(`${value}T00:00:00Z`);
  throw new InvalidParameterError(name, `${name}: expected ${SINCE_FORMATS}`);
}

export const DEFAULT_LIMIT = 50;

/** Parses one parameter or throws a 400 naming it (`INVALID_BODY` for a body field). */
export function parseParam<T>(
  schema: z.ZodMiniType<T>,
  name: string,
  value: unknown,
  code?: ErrorCode,
): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const reason = result.error.issues[0]?.message ?? 'invalid value';
  throw new InvalidParameterError(name, `${name}: ${reason}`, code);
}

/** Real region codes are at most 15 characters; the cap keeps DynamoDB keys far from limits. */
const RegionParam = RegionCode.check(z.maxLength(32));

export function parseRegion(name: string, value: string, code?: ErrorCode): string {
  return parseParam(RegionParam, name, value, code);
}

/** Query strings: only the listed names are accepted, each at most once. */
export function readQuery(
  query: Readonly<Record<string, string | undefined>> | undefined,
  allowed: readonly string[],
): Record<string, string | undefined> {
  const values: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(query ?? {})) {
    if (!allowed.includes(name)) {
      throw new InvalidParameterError(
        name,
        `unknown query parameter '${name.slice(0, 64)}'; allowed: ${allowed.join(', ') || 'none'}`,
        'UNKNOWN_PARAMETER',
      );
    }
    if (value === undefined) continue;
    values[name] = value;
  }
  return values;
}

export function optionalParam<T>(
  schema: z.ZodMiniType<T>,
  name: string,
  value: string | undefined,
): T | undefined {
  return value === undefined || value === '' ? undefined : parseParam(schema, name, value);
}

const TargetScopeParam = z.enum(TARGET_SCOPES);

/**
 * `scope=in-region,geo` (or repeated, which API Gateway joins with commas): a set of scopes. Exact
 * names, no spaces or empty entries, as the OpenAPI pattern says.
 */
export function parseScopes(value: string): TargetScope[] {
  return [...new Set(value.split(',').map((name) => parseParam(TargetScopeParam, 'scope', name)))];
}
