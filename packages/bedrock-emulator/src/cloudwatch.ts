/**
 * CloudWatch (AWS JSON 1.0: `POST /`, `X-Amz-Target: GraniteServiceVersion20100801.<Operation>`,
 * PascalCase members, timestamps as epoch seconds, query-compatible errors), the two read
 * operations the scanner calls for the `AWS/Bedrock` metrics: ListMetrics and GetMetricData.
 * Served on the Bedrock port, told apart by the SigV4 service name `monitoring`.
 *
 * Metric data is raw samples per (metric, ModelId), as Bedrock publishes them per request; every
 * statistic is computed from the samples that fall in the period, percentiles by nearest rank.
 */

import type { ServerResponse } from 'node:http';
import * as z from 'zod';
import { CLOUDWATCH_OPERATIONS, type CloudWatchOperation } from './faults.js';
import type { JsonProtocolService } from './json-protocol.js';
import type { RegionData } from './model.js';
import { BedrockError, decodePageToken, encodePageToken, sendJson } from './wire.js';

export const CLOUDWATCH_TARGET_PREFIX = 'GraniteServiceVersion20100801.';
export const JSON_1_0 = 'application/x-amz-json-1.0';

/** ListMetrics pages hold at most 500 metrics, as the real service's do. */
export const LIST_METRICS_PAGE_SIZE = 500;
/** GetMetricData's limit on queries per request. */
export const MAX_METRIC_DATA_QUERIES = 500;
/** GetMetricData's default (and largest) number of datapoints per response. */
export const MAX_DATAPOINTS = 100_800;

/** One metric of one ModelId, with its raw samples (`at`: RFC 3339). */
export interface MetricSeries {
  namespace: string;
  metricName: string;
  dimensions: { Name: string; Value: string }[];
  unit: string;
  samples: { at: string; value: number }[];
}

export const metricSeriesSchema: z.ZodType<MetricSeries> = z.strictObject({
  namespace: z.string().min(1),
  metricName: z.string().min(1),
  dimensions: z.array(z.strictObject({ Name: z.string().min(1), Value: z.string().min(1) })),
  unit: z.string().min(1),
  samples: z.array(
    z.strictObject({ at: z.iso.datetime({ offset: true }), value: z.number().finite() }),
  ),
});

/** Replaces the series of the same metric and dimensions, or adds it. */
export function putMetricSeries(data: RegionData, series: MetricSeries): void {
  const key = seriesKey(series);
  const all = data.metrics ?? [];
  const index = all.findIndex((s) => seriesKey(s) === key);
  if (index >= 0) all[index] = structuredClone(series);
  else all.push(structuredClone(series));
  data.metrics = all;
}

function seriesKey(s: Pick<MetricSeries, 'namespace' | 'metricName' | 'dimensions'>): string {
  const dims = [...s.dimensions].sort((a, b) => a.Name.localeCompare(b.Name));
  return JSON.stringify([s.namespace, s.metricName, dims.map((d) => [d.Name, d.Value])]);
}

/** The operation an `X-Amz-Target` names, or undefined for anything else. */
export function matchCloudWatchTarget(target: string | undefined): CloudWatchOperation | undefined {
  if (!target?.startsWith(CLOUDWATCH_TARGET_PREFIX)) return undefined;
  const name = target.slice(CLOUDWATCH_TARGET_PREFIX.length);
  return (CLOUDWATCH_OPERATIONS as readonly string[]).includes(name)
    ? (name as CloudWatchOperation)
    : undefined;
}

/** Query-compatible error codes (`x-amzn-query-error`), as the AWS Query API named them. */
const QUERY_CODES: Record<string, string> = {
  AccessDeniedException: 'AccessDenied',
  ThrottlingException: 'Throttling',
  InternalServerException: 'InternalServiceError',
  ServiceUnavailableException: 'ServiceUnavailable',
  ValidationException: 'ValidationError',
  InvalidParameterValueException: 'InvalidParameterValue',
  InvalidNextToken: 'InvalidNextToken',
  UnrecognizedClientException: 'UnrecognizedClientException',
};

/** JSON 1.0 errors: the type in the body, plus the Query code the SDK prefers (awsQueryCompatible). */
export function sendJson10Error(
  res: ServerResponse,
  error: { errorType: string; status: number; message: string },
  requestId: string,
): void {
  const code = QUERY_CODES[error.errorType] ?? error.errorType;
  const sender = error.status >= 500 ? 'Receiver' : 'Sender';
  sendJson(
    res,
    error.status,
    JSON.stringify({
      __type: `com.amazonaws.cloudwatch#${error.errorType}`,
      message: error.message,
    }),
    requestId,
    {
      'Content-Type': JSON_1_0,
      'x-amzn-ErrorType': error.errorType,
      'x-amzn-query-error': `${code};${sender}`,
    },
  );
}

function validation(message: string): BedrockError {
  return new BedrockError('ValidationException', 400, message);
}

function invalidParameter(message: string): BedrockError {
  return new BedrockError('InvalidParameterValueException', 400, message);
}

function objectOf(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : {};
}

function optionalString(input: Record<string, unknown>, member: string): string | undefined {
  const value = input[member];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw validation(`${member} must be a string.`);
  return value;
}

function dimensionsOf(value: unknown, member: string): { Name: string; Value?: string }[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw validation(`${member} must be a list.`);
  if (value.length > 30) {
    throw validation(`The collection ${member} must not have a size greater than 30.`);
  }
  return value.map((raw) => {
    const d = objectOf(raw);
    if (typeof d.Name !== 'string' || d.Name === '') {
      throw new BedrockError(
        'MissingRequiredParameterException',
        400,
        `The parameter ${member}.member.Name is required.`,
      );
    }
    if (d.Value !== undefined && typeof d.Value !== 'string') {
      throw validation(`${member}.member.Value must be a string.`);
    }
    return d.Value === undefined ? { Name: d.Name } : { Name: d.Name, Value: d.Value };
  });
}

/** An ISO 8601 duration the RecentlyActive member accepts: only `PT3H`. */
const RECENTLY_ACTIVE_MS = { PT3H: 3 * 60 * 60 * 1000 } as const;
/** ListMetrics shows metrics with data in the last two weeks. */
const LISTED_FOR_MS = 14 * 24 * 60 * 60 * 1000;

export interface CloudWatchContext {
  data: RegionData;
  body: unknown;
  now: number;
  /** Server-side caps. */
  listPageSize: number;
  maxDatapoints: number;
}

/** Where a page starts: 0 without a token; a foreign or unreadable token is InvalidNextToken. */
function offsetOf(token: string | undefined, scope: string): number {
  if (token === undefined) return 0;
  try {
    return decodePageToken(token, scope);
  } catch {
    throw new BedrockError('InvalidNextToken', 400, 'The service returned an invalid token.');
  }
}

function listMetrics(ctx: CloudWatchContext) {
  const input = objectOf(ctx.body);
  const namespace = optionalString(input, 'Namespace');
  const metricName = optionalString(input, 'MetricName');
  const filters = dimensionsOf(input.Dimensions, 'Dimensions');
  const recentlyActive = optionalString(input, 'RecentlyActive');
  if (recentlyActive !== undefined && !(recentlyActive in RECENTLY_ACTIVE_MS)) {
    throw invalidParameter(
      `The value ${recentlyActive} for parameter RecentlyActive is not valid.`,
    );
  }
  const token = optionalString(input, 'NextToken');
  const activeFor =
    recentlyActive === undefined
      ? LISTED_FOR_MS
      : RECENTLY_ACTIVE_MS[recentlyActive as keyof typeof RECENTLY_ACTIVE_MS];
  const scope = `ListMetrics:${JSON.stringify([namespace, metricName, filters, recentlyActive])}`;
  const matching = (ctx.data.metrics ?? []).filter(
    (s) =>
      (namespace === undefined || s.namespace === namespace) &&
      (metricName === undefined || s.metricName === metricName) &&
      filters.every((f) =>
        s.dimensions.some(
          (d) => d.Name === f.Name && (f.Value === undefined || d.Value === f.Value),
        ),
      ) &&
      s.samples.some((p) => ctx.now - Date.parse(p.at) <= activeFor),
  );
  const offset = offsetOf(token, scope);
  const end = offset + ctx.listPageSize;
  const Metrics = matching.slice(offset, end).map((s) => ({
    Namespace: s.namespace,
    MetricName: s.metricName,
    Dimensions: s.dimensions.map((d) => ({ Name: d.Name, Value: d.Value })),
  }));
  return end < matching.length ? { Metrics, NextToken: encodePageToken(scope, end) } : { Metrics };
}

const QUERY_ID = /^[a-z][a-zA-Z0-9_]*$/;
const PERCENTILE = /^p(\d{1,2}(?:\.\d{1,10})?|100)$/;
const SIMPLE_STATS = new Set(['Average', 'Sum', 'Minimum', 'Maximum', 'SampleCount']);

interface MetricQuery {
  id: string;
  label: string;
  returnData: boolean;
  namespace: string;
  metricName: string;
  dimensions: { Name: string; Value: string }[];
  period: number;
  stat: string;
  unit?: string;
}

function epochSeconds(value: unknown, member: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new BedrockError(
      'MissingRequiredParameterException',
      400,
      `The parameter ${member} is required.`,
    );
  }
  return value;
}

function metricQueryOf(raw: unknown, index: number): MetricQuery {
  const q = objectOf(raw);
  const member = `MetricDataQueries.member.${index + 1}`;
  if (typeof q.Id !== 'string' || !QUERY_ID.test(q.Id)) {
    throw validation(
      `The value ${String(q.Id)} for parameter ${member}.Id is not valid: it must start with a lowercase letter and contain only letters, numbers and underscores.`,
    );
  }
  if (q.Expression !== undefined) {
    throw validation(`${member}: the emulator serves MetricStat queries only, not expressions.`);
  }
  const stat = objectOf(q.MetricStat);
  const metric = objectOf(stat.Metric);
  if (q.MetricStat === undefined) {
    throw validation(`Exactly one of ${member}.MetricStat or ${member}.Expression must be set.`);
  }
  if (typeof metric.Namespace !== 'string' || typeof metric.MetricName !== 'string') {
    throw validation(`${member}.MetricStat.Metric needs a Namespace and a MetricName.`);
  }
  const period = stat.Period;
  if (typeof period !== 'number' || !Number.isInteger(period) || period < 60 || period % 60 !== 0) {
    throw validation(
      `The parameter ${member}.MetricStat.Period must be a multiple of 60 and at least 60.`,
    );
  }
  if (
    typeof stat.Stat !== 'string' ||
    !(SIMPLE_STATS.has(stat.Stat) || PERCENTILE.test(stat.Stat))
  ) {
    throw validation(
      `The value ${String(stat.Stat)} for parameter ${member}.MetricStat.Stat is not valid.`,
    );
  }
  const dimensions = dimensionsOf(metric.Dimensions, `${member}.MetricStat.Metric.Dimensions`).map(
    (d) => {
      if (d.Value === undefined) throw validation(`${member}: every dimension needs a Value.`);
      return { Name: d.Name, Value: d.Value };
    },
  );
  return {
    id: q.Id,
    label: typeof q.Label === 'string' ? q.Label : metric.MetricName,
    returnData: q.ReturnData !== false,
    namespace: metric.Namespace,
    metricName: metric.MetricName,
    dimensions,
    period,
    stat: stat.Stat,
    ...(typeof stat.Unit === 'string' ? { unit: stat.Unit } : {}),
  };
}

/** Nearest rank: the smallest sample with at least p% of the samples at or below it. */
function nearestRank(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

export function statisticOf(values: readonly number[], stat: string): number {
  switch (stat) {
    case 'Sum':
      return values.reduce((a, b) => a + b, 0);
    case 'Average':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'Minimum':
      return Math.min(...values);
    case 'Maximum':
      return Math.max(...values);
    case 'SampleCount':
      return values.length;
    default:
      return nearestRank(
        [...values].sort((a, b) => a - b),
        Number(stat.slice(1)),
      );
  }
}

interface Datapoint {
  timestamp: number;
  value: number;
}

/** A query's datapoints, newest first (or oldest first with ScanBy TimestampAscending). */
function datapointsOf(
  query: MetricQuery,
  series: readonly MetricSeries[],
  startMs: number,
  endMs: number,
  ascending: boolean,
): Datapoint[] {
  const key = seriesKey(query);
  const found = series.find((s) => seriesKey(s) === key);
  if (!found || (query.unit !== undefined && query.unit !== found.unit)) return [];
  const periodMs = query.period * 1000;
  const byBucket = new Map<number, number[]>();
  for (const sample of found.samples) {
    const at = Date.parse(sample.at);
    if (at < startMs || at >= endMs) continue;
    const bucket = startMs + Math.floor((at - startMs) / periodMs) * periodMs;
    const values = byBucket.get(bucket) ?? [];
    values.push(sample.value);
    byBucket.set(bucket, values);
  }
  return [...byBucket.entries()]
    .sort(([a], [b]) => (ascending ? a - b : b - a))
    .map(([bucket, values]) => ({
      timestamp: bucket / 1000,
      value: statisticOf(values, query.stat),
    }));
}

function getMetricData(ctx: CloudWatchContext) {
  const input = objectOf(ctx.body);
  const rawQueries = input.MetricDataQueries;
  if (!Array.isArray(rawQueries) || rawQueries.length === 0) {
    throw new BedrockError(
      'MissingRequiredParameterException',
      400,
      'The parameter MetricDataQueries is required.',
    );
  }
  if (rawQueries.length > MAX_METRIC_DATA_QUERIES) {
    throw validation(
      `The collection MetricDataQueries must not have a size greater than ${MAX_METRIC_DATA_QUERIES}.`,
    );
  }
  const queries = rawQueries.map(metricQueryOf);
  const ids = new Set<string>();
  for (const q of queries) {
    if (ids.has(q.id)) throw validation(`The value ${q.id} for parameter Id is not unique.`);
    ids.add(q.id);
  }
  // CloudWatch rounds StartTime down and EndTime up to the minute.
  const startMs = Math.floor(epochSeconds(input.StartTime, 'StartTime') / 60) * 60_000;
  const endMs = Math.ceil(epochSeconds(input.EndTime, 'EndTime') / 60) * 60_000;
  if (startMs >= endMs) {
    throw validation('The parameter StartTime must be less than the parameter EndTime.');
  }
  const scanBy = optionalString(input, 'ScanBy') ?? 'TimestampDescending';
  if (scanBy !== 'TimestampDescending' && scanBy !== 'TimestampAscending') {
    throw validation(`The value ${scanBy} for parameter ScanBy is not valid.`);
  }
  const maxDatapoints = input.MaxDatapoints;
  if (
    maxDatapoints !== undefined &&
    (typeof maxDatapoints !== 'number' || !Number.isInteger(maxDatapoints) || maxDatapoints < 1)
  ) {
    throw validation('The parameter MaxDatapoints must be a positive integer.');
  }
  const pageSize = Math.min(
    (maxDatapoints as number | undefined) ?? MAX_DATAPOINTS,
    ctx.maxDatapoints,
  );
  const token = optionalString(input, 'NextToken');
  const scope = `GetMetricData:${JSON.stringify([queries.map((q) => q.id), startMs, endMs, scanBy])}`;
  const offset = offsetOf(token, scope);

  // Datapoints of all returned queries in query order; a page is the next `pageSize` of them.
  const returned = queries.filter((q) => q.returnData);
  const points = returned.map((q) =>
    datapointsOf(q, ctx.data.metrics ?? [], startMs, endMs, scanBy === 'TimestampAscending'),
  );
  const total = points.reduce((n, p) => n + p.length, 0);
  const end = Math.min(total, offset + pageSize);
  let before = 0;
  const MetricDataResults = returned.map((q, i) => {
    const all = points[i] ?? [];
    const from = Math.min(all.length, Math.max(0, offset - before));
    const to = Math.min(all.length, Math.max(0, end - before));
    before += all.length;
    const page = all.slice(from, to);
    return {
      Id: q.id,
      Label: q.label,
      Timestamps: page.map((p) => p.timestamp),
      Values: page.map((p) => p.value),
      StatusCode: to < all.length ? 'PartialData' : 'Complete',
      Messages: [],
    };
  });
  return end < total
    ? { MetricDataResults, NextToken: encodePageToken(scope, end), Messages: [] }
    : { MetricDataResults, Messages: [] };
}

export const CLOUDWATCH_HANDLERS: Record<CloudWatchOperation, (ctx: CloudWatchContext) => unknown> =
  { ListMetrics: listMetrics, GetMetricData: getMetricData };

/** CloudWatch on the shared JSON-protocol pipeline (json-protocol.ts). */
export const CLOUDWATCH_SERVICE: JsonProtocolService<CloudWatchOperation> = {
  signingName: 'monitoring',
  contentType: JSON_1_0,
  internalErrorType: 'InternalServerException',
  matchTarget: matchCloudWatchTarget,
  sendError: sendJson10Error,
  answer: (operation, { data, body }) =>
    CLOUDWATCH_HANDLERS[operation]({
      data,
      body,
      now: Date.now(),
      listPageSize: LIST_METRICS_PAGE_SIZE,
      maxDatapoints: MAX_DATAPOINTS,
    }),
};
