import {
  AccountTargetKind,
  ARN_PARTITION_SOURCE,
  lazySchema,
  REGION_CODE_SOURCE,
  RegionCode,
  SCAN_ID_PATTERN,
  ScanRequestedDetail,
  SETTINGS,
} from '@bedrock-profile-catalog/catalog/contract';
import * as z from 'zod/mini';
import { TARGET_RANKS, TARGET_SCOPES } from './constants.js';
import { InvalidParameterError } from './errors.js';
import type { TargetScope } from './schemas.js';

/**
 * The routes' inputs as zod schemas: allow-lists, not block-lists. The router parses path, query
 * and body with them (anything else is a 400 naming the parameter, before the catalog is
 * touched), and the OpenAPI document is generated from the same schemas' input side.
 */

/**
 * Each parameter's schema is built on first use (a route builds its own when it first serves a
 * request). Their descriptions are the API document's (openapi-docs.ts), not the router's.
 */

/** Model IDs contain `.`, `:` and `-` (`anthropic.claude-3-haiku-20240307-v1:0`, `…:200k`). */
export const ModelIdParam = /* @__PURE__ */ lazySchema(() =>
  z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(200),
      z.regex(/^[a-zA-Z0-9][a-zA-Z0-9._:-]*$/, 'not a model ID'),
    ),
);

/**
 * What invoke-targets answers for: a model ID, or an ARN the runtime takes as `modelId` or files
 * account-owned targets under (a custom model, an imported model, a prompt router, a deployment,
 * a Marketplace endpoint or model source). Capped well below DynamoDB's 2048-byte key limit.
 */
const INVOKE_ARN = new RegExp(
  `^arn:${ARN_PARTITION_SOURCE}:(?:bedrock|sagemaker):(?:${REGION_CODE_SOURCE})?:(?:\\d{12}|aws)?:[a-zA-Z0-9][a-zA-Z0-9._:/+=@-]*$`,
);
/** `arn:…:bedrock:R::foundation-model/ID` (R may be empty): the runtime takes it for the ID. */
const FOUNDATION_MODEL_ARN = new RegExp(
  `^arn:${ARN_PARTITION_SOURCE}:bedrock:(?:${REGION_CODE_SOURCE})?::foundation-model/(.+)$`,
);

export const InvokeModelIdParam = /* @__PURE__ */ lazySchema(() =>
  z.pipe(
    z.string().check(
      z.minLength(1),
      z.maxLength(1024),
      z.refine(
        (id: string) => ModelIdParam.safeParse(id).success || INVOKE_ARN.test(id),
        'not a model ID or a Bedrock or SageMaker ARN',
      ),
    ),
    z.transform((id: string) => FOUNDATION_MODEL_ARN.exec(id)?.[1] ?? id),
  ),
);

/** Real region codes are at most 15 characters; the cap keeps DynamoDB keys far from limits. */
export const RegionParam = /* @__PURE__ */ lazySchema(() => RegionCode.check(z.maxLength(32)));

export const SourceRegionParam = /* @__PURE__ */ lazySchema(() =>
  z.pipe(
    RegionParam,
    z.transform((region: string) => region),
  ),
);

const PROFILE_ID = /^[a-zA-Z0-9][a-zA-Z0-9.:-]{0,63}$/;
/** In every partition (`arn:aws:`, `arn:aws-us-gov:`, `arn:aws-eusc:`, …). */
const PROFILE_ARN = new RegExp(
  `^arn:${ARN_PARTITION_SOURCE}:bedrock:(${REGION_CODE_SOURCE}|):(\\d{12}|):(?:application-inference-profile|inference-profile)/([a-zA-Z0-9][a-zA-Z0-9.:-]{0,63})$`,
);
const PROFILE_REF_MESSAGE = 'must be a profile ID or profile ARN';

export interface ProfileRef {
  profileId: string;
  /** The region named in an ARN, when the caller passed one. */
  arnRegion: string | null;
}

/** A profile ID, or a profile ARN (which also names the source region), or null. */
function profileRefOf(raw: string): ProfileRef | null {
  if (PROFILE_ID.test(raw)) return { profileId: raw, arnRegion: null };
  const arn = PROFILE_ARN.exec(raw);
  const [, region = '', , profileId] = arn ?? [];
  if (!profileId) return null;
  // The ARN's region becomes a key lookup, so it gets the same check as a `region` parameter.
  if (region !== '' && !RegionParam.safeParse(region).success) return null;
  return { profileId, arnRegion: region || null };
}

export const ProfileRefParam = /* @__PURE__ */ lazySchema(() =>
  z.pipe(
    z.string().check(
      z.maxLength(2048),
      z.refine((raw: string) => profileRefOf(raw) !== null, PROFILE_REF_MESSAGE),
    ),
    z.transform((raw: string) => profileRefOf(raw) as ProfileRef),
  ),
);

export const RegionTargetKindParam = /* @__PURE__ */ lazySchema(() =>
  z.enum(['provisioned-throughput', ...AccountTargetKind.options]),
);

export const ProfileTypeParam = /* @__PURE__ */ lazySchema(() =>
  z.enum(['SYSTEM_DEFINED', 'APPLICATION']),
);

export const RankParam = /* @__PURE__ */ lazySchema(() => z.enum(TARGET_RANKS));

export const MAX_LIMIT = SETTINGS.pageLimit.max;
export const DEFAULT_LIMIT = SETTINGS.pageLimit.default;
// One message for every failure: `limit=1&limit=2` arrives as "1,2", which is not a number.
const LIMIT_MESSAGE = `expected one whole number from 1 to ${MAX_LIMIT}`;
/** Plain decimal digits only: no `0x10`, `1e2`, ` 5` or `1.0`. */
export const LimitParam = /* @__PURE__ */ lazySchema(() =>
  z._default(
    z.pipe(
      z.string().check(z.maxLength(6, LIMIT_MESSAGE), z.regex(/^[1-9][0-9]*$/, LIMIT_MESSAGE)),
      z.pipe(
        z.transform((value: string) => Number(value)),
        z.number().check(z.lte(MAX_LIMIT, LIMIT_MESSAGE)),
      ),
    ),
    DEFAULT_LIMIT,
  ),
);

export const CursorParam = /* @__PURE__ */ lazySchema(() =>
  z.string().check(z.minLength(1), z.maxLength(4096)),
);

export const ScanIdParam = /* @__PURE__ */ lazySchema(() =>
  z.string().check(z.regex(SCAN_ID_PATTERN, 'not a scan ID')),
);

const SCOPES = `(${TARGET_SCOPES.join('|')})`;
/** `scope=in-region,geo` (or repeated, which API Gateway joins with commas): a set of scopes. */
export const ScopesParam = /* @__PURE__ */ lazySchema(() =>
  z.pipe(
    z
      .string()
      .check(
        z.regex(
          new RegExp(`^${SCOPES}(,${SCOPES})*$`),
          `expected comma-separated scopes: ${TARGET_SCOPES.join(', ')}`,
        ),
      ),
    z.transform((value: string) => [...new Set(value.split(','))] as TargetScope[]),
  ),
);

const SinceTime = /* @__PURE__ */ lazySchema(() => z.iso.datetime({ offset: true }));
const SinceDate = /* @__PURE__ */ lazySchema(() => z.iso.date());
const RELATIVE_SINCE = /^(\d{1,6})([smhd])$/;
const SECONDS_PER_UNIT = { s: 1, m: 60, h: 3600, d: 86_400 } as const;
export const SINCE_FORMATS =
  'an RFC 3339 time (2026-11-01T00:00:00Z), a date (2026-11-01, UTC) or a duration back from now (30m, 24h, 7d)';

/** `30m`, `24h`, `7d` (up to 6 digits of s, m, h or d) in milliseconds; null when not one. */
function durationMsOf(value: string): number | null {
  const relative = RELATIVE_SINCE.exec(value);
  if (!relative) return null;
  const unit = SECONDS_PER_UNIT[relative[2] as keyof typeof SECONDS_PER_UNIT];
  return Number(relative[1]) * unit * 1000;
}

function sinceOf(value: string, now: Date): Date | null {
  const duration = durationMsOf(value);
  if (duration !== null) return new Date(now.getTime() - duration);
  if (SinceTime.safeParse(value).success) return new Date(value);
  if (SinceDate.safeParse(value).success) return new Date(`${value}T00:00:00Z`);
  return null;
}

/**
 * `since` for the API and the CLI alike: an RFC 3339 time with an offset, a plain date (midnight
 * UTC), or a duration back from `now` (`30m`, `24h`, `7d`).
 */
export function parseSince(value: string, now: Date, name = 'since'): Date {
  const since = sinceOf(value, now);
  if (since === null) throw new InvalidParameterError(name, `${name}: expected ${SINCE_FORMATS}`);
  return since;
}

export const SinceParam = /* @__PURE__ */ lazySchema(() =>
  z.pipe(
    z
      .string()
      .check(
        z.refine(
          (value: string) => sinceOf(value, new Date()) !== null,
          `expected ${SINCE_FORMATS}`,
        ),
      ),
    z.transform((value: string) => sinceOf(value, new Date()) as Date),
  ),
);

export const ScanRegionsParam = /* @__PURE__ */ lazySchema(
  () => ScanRequestedDetail.shape.regions.def.innerType,
);

/** POST /v1/scans: the regions of a Scan Requested event (1 to 50 region codes), or none. */
export const ScanRequestBody = /* @__PURE__ */ lazySchema(() =>
  z.strictObject({
    regions: z.optional(ScanRegionsParam),
  }),
);
z.globalRegistry.add(ScanRequestBody, {
  id: 'ScanRequest',
  description: 'Optional: which regions to scan (default: all); an empty body scans all',
});

/** A century: far beyond any announced date, and well inside what a Date can hold. */
const MAX_WITHIN_DAYS = 36_500;
export const WITHIN_FORMATS = `a duration from now, 1s to ${MAX_WITHIN_DAYS}d (12h, 30d, 90d)`;

function withinMsOf(value: string): number | null {
  const duration = durationMsOf(value);
  return duration !== null && duration > 0 && duration <= MAX_WITHIN_DAYS * 86_400_000
    ? duration
    : null;
}

/** `within` for the API and the CLI alike: how far ahead to look, in milliseconds. */
export function parseWithin(value: string, name = 'within'): number {
  const within = withinMsOf(value);
  if (within === null) throw new InvalidParameterError(name, `${name}: expected ${WITHIN_FORMATS}`);
  return within;
}

/** What `within` is when absent: 90 days, the usual notice before an end of life. */
export const DEFAULT_WITHIN = '90d';

/** Optional in the route (`z.optional(WithinParam)`); the handler applies DEFAULT_WITHIN. */
export const WithinParam = /* @__PURE__ */ lazySchema(() =>
  z.pipe(
    z
      .string()
      .check(z.refine((value: string) => withinMsOf(value) !== null, `expected ${WITHIN_FORMATS}`)),
    z.transform((value: string) => withinMsOf(value) as number),
  ),
);
