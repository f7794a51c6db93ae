/**
 * Service Quotas (JSON 1.1: `POST /`, `X-Amz-Target: ServiceQuotasV20190624.<Operation>`,
 * PascalCase members), the two read operations the scanner calls for service code `bedrock`.
 */

import type { ServerResponse } from 'node:http';
import type { ServiceQuotasOperation } from './faults.js';
import type { JsonProtocolService } from './json-protocol.js';
import type { RegionData, ServiceQuota } from './model.js';
import type { PageSizes } from './operations.js';
import { BedrockError, decodePageToken, encodePageToken, sendJson } from './wire.js';

export const SERVICE_QUOTAS_TARGET_PREFIX = 'ServiceQuotasV20190624.';
export const JSON_1_1 = 'application/x-amz-json-1.1';

/** The one service whose quotas the emulator holds. */
const BEDROCK_SERVICE_CODE = 'bedrock';

export interface ServiceQuotasContext {
  region: string;
  accountId: string;
  data: RegionData;
  body: unknown;
  /** Server-side page cap. */
  pageSize: number;
}

/** The operation an `X-Amz-Target` names, or undefined for anything else. */
export function matchServiceQuotasTarget(
  target: string | undefined,
): ServiceQuotasOperation | undefined {
  if (!target?.startsWith(SERVICE_QUOTAS_TARGET_PREFIX)) return undefined;
  const name = target.slice(SERVICE_QUOTAS_TARGET_PREFIX.length);
  return name === 'ListServiceQuotas' || name === 'ListAWSDefaultServiceQuotas' ? name : undefined;
}

function illegal(message: string): BedrockError {
  return new BedrockError('IllegalArgumentException', 400, message);
}

interface ListRequest {
  ServiceCode: string;
  MaxResults?: number;
  NextToken?: string;
}

function listRequestOf(body: unknown): ListRequest {
  const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const { ServiceCode, MaxResults, NextToken } = input;
  if (typeof ServiceCode !== 'string' || ServiceCode === '') {
    throw new BedrockError(
      'ValidationException',
      400,
      "1 validation error detected: Value null at 'serviceCode' failed to satisfy constraint: Member must not be null",
    );
  }
  if (
    MaxResults !== undefined &&
    (typeof MaxResults !== 'number' ||
      !Number.isInteger(MaxResults) ||
      MaxResults < 1 ||
      MaxResults > 100)
  ) {
    throw new BedrockError(
      'ValidationException',
      400,
      `1 validation error detected: Value '${String(MaxResults)}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 100`,
    );
  }
  if (NextToken !== undefined && typeof NextToken !== 'string') {
    throw illegal('NextToken must be a string.');
  }
  return {
    ServiceCode,
    ...(MaxResults === undefined ? {} : { MaxResults }),
    ...(NextToken === undefined ? {} : { NextToken }),
  };
}

function page(
  quotas: readonly ServiceQuota[],
  request: ListRequest,
  serverCap: number,
  scope: string,
): { Quotas: ServiceQuota[]; NextToken?: string } {
  let offset = 0;
  if (request.NextToken !== undefined) {
    try {
      offset = decodePageToken(request.NextToken, scope);
    } catch {
      throw new BedrockError(
        'InvalidPaginationTokenException',
        400,
        'Invalid pagination token provided.',
      );
    }
  }
  const end = offset + Math.min(request.MaxResults ?? serverCap, serverCap);
  const Quotas = quotas.slice(offset, end);
  return end < quotas.length ? { Quotas, NextToken: encodePageToken(scope, end) } : { Quotas };
}

function defaultsOf(ctx: ServiceQuotasContext, request: ListRequest): readonly ServiceQuota[] {
  if (request.ServiceCode !== BEDROCK_SERVICE_CODE) {
    throw new BedrockError(
      'NoSuchResourceException',
      400,
      `The request failed because the specified service does not exist: ${request.ServiceCode}`,
    );
  }
  return ctx.data.serviceQuotas ?? [];
}

function listAWSDefaultServiceQuotas(ctx: ServiceQuotasContext) {
  const request = listRequestOf(ctx.body);
  return page(defaultsOf(ctx, request), request, ctx.pageSize, 'ListAWSDefaultServiceQuotas');
}

/** Only quotas with an account value; the ARN names the account, as the real one does. */
function listServiceQuotas(ctx: ServiceQuotasContext) {
  const request = listRequestOf(ctx.body);
  const applied = ctx.data.appliedQuotaValues ?? {};
  const quotas = defaultsOf(ctx, request)
    .filter((quota) => Object.hasOwn(applied, quota.QuotaCode))
    .map((quota) => ({
      ...quota,
      QuotaArn: quota.QuotaArn.replace('::', `:${ctx.accountId}:`),
      Value: applied[quota.QuotaCode] as number,
    }));
  return page(quotas, request, ctx.pageSize, 'ListServiceQuotas');
}

export const SERVICE_QUOTAS_HANDLERS: Record<
  ServiceQuotasOperation,
  (ctx: ServiceQuotasContext) => unknown
> = {
  ListServiceQuotas: listServiceQuotas,
  ListAWSDefaultServiceQuotas: listAWSDefaultServiceQuotas,
};

/** Service Quotas on the shared JSON-protocol pipeline (json-protocol.ts). */
export function serviceQuotasService(
  pageSizes: PageSizes,
): JsonProtocolService<ServiceQuotasOperation> {
  return {
    signingName: 'servicequotas',
    contentType: JSON_1_1,
    internalErrorType: 'ServiceException',
    matchTarget: matchServiceQuotasTarget,
    sendError: sendJson11Error,
    answer: (operation, request) =>
      SERVICE_QUOTAS_HANDLERS[operation]({ ...request, pageSize: pageSizes.serviceQuotas }),
  };
}

/** JSON 1.1 errors name their type in the body (`__type`) as well as in the header. */
export function sendJson11Error(
  res: ServerResponse,
  error: { errorType: string; status: number; message: string },
  requestId: string,
): void {
  sendJson(
    res,
    error.status,
    JSON.stringify({ __type: error.errorType, message: error.message }),
    requestId,
    { 'Content-Type': JSON_1_1, 'x-amzn-ErrorType': error.errorType },
  );
}
