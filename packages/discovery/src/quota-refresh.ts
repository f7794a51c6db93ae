import {
  paginateListAWSDefaultServiceQuotas,
  paginateListServiceQuotas,
  type ServiceQuota,
  type ServiceQuotasClient,
} from '@aws-sdk/client-service-quotas';
import type {
  ModelContent,
  QuotaContent,
  QuotaPeriod,
  QuotaRefreshRecord,
} from '@bedrock-profile-catalog/catalog';
import { createQuotaMatcher } from './quota-match.js';

/**
 * A region's Service Quotas (service code `bedrock`): the account's applied values merged over
 * AWS's defaults (ListServiceQuotas leaves out quotas that were never changed), each matched to
 * a model and scope. Read at most every `maxAgeMs`; optional: a failure (AccessDenied included)
 * never fails the region, and the stored quotas stay as they were.
 */

export const BEDROCK_SERVICE_CODE = 'bedrock';
/** The API's maximum page size. */
const QUOTA_PAGE_SIZE = 100;

/** Where quotas are kept (QuotaWriter implements it). */
export interface QuotaStore {
  lastRefresh(region: string): Promise<QuotaRefreshRecord | null>;
  replaceRegionQuotas(
    region: string,
    quotas: readonly QuotaContent[],
    refreshedAt: Date,
  ): Promise<{ written: number; deleted: number }>;
}

export interface QuotaRefreshOptions {
  /** Stored quotas younger than this are reused. Default SETTINGS.quotaRefreshInterval. */
  maxAgeMs: number;
}

export type QuotaRefreshResult =
  | { status: 'fresh' }
  | { status: 'refreshed'; matched: number; unmatched: number; other: number }
  | { status: 'failed'; error: string };

async function drain(pages: AsyncIterable<{ Quotas?: ServiceQuota[] }>): Promise<ServiceQuota[]> {
  const quotas: ServiceQuota[] = [];
  for await (const page of pages) quotas.push(...(page.Quotas ?? []));
  return quotas;
}

const PERIOD_OF_UNIT: Record<string, QuotaPeriod> = { MINUTE: 'minute', DAY: 'day' };

/** Merges applied values over defaults and matches every quota; pure, for tests and benches. */
export function mergeQuotas(
  region: string,
  defaults: readonly ServiceQuota[],
  applied: readonly ServiceQuota[],
  models: readonly Pick<ModelContent, 'modelId' | 'name' | 'provider' | 'inferenceTypes'>[],
): QuotaContent[] {
  const match = createQuotaMatcher(models);
  const defaultByCode = new Map(defaults.map((q) => [q.QuotaCode, q]));
  const appliedByCode = new Map(applied.map((q) => [q.QuotaCode, q]));
  // Every default, plus applied quotas AWS lists no default for.
  const codes = [...new Set([...defaultByCode.keys(), ...appliedByCode.keys()])].filter(
    (code): code is string => typeof code === 'string' && code.length > 0,
  );
  return codes.map((quotaCode) => {
    const fallback = defaultByCode.get(quotaCode);
    const own = appliedByCode.get(quotaCode);
    const quota = (own ?? fallback) as ServiceQuota;
    const quotaName = quota.QuotaName ?? quotaCode;
    const matched = match(quotaName);
    const defaultValue = fallback?.Value ?? null;
    const value = own?.Value ?? defaultValue ?? 0;
    return {
      region,
      quotaCode,
      quotaName,
      value,
      defaultValue,
      applied: own?.Value !== undefined && own.Value !== defaultValue,
      adjustable: quota.Adjustable ?? false,
      unit: quota.Unit ?? 'None',
      period: matched.period ?? PERIOD_OF_UNIT[quota.Period?.PeriodUnit ?? ''] ?? null,
      modelId: matched.modelId,
      scope: matched.scope,
      tokens: matched.kind === 'tokens',
    };
  });
}

export async function refreshQuotas(input: {
  region: string;
  client: ServiceQuotasClient;
  store: QuotaStore;
  models: readonly ModelContent[];
  now: () => Date;
  signal: AbortSignal;
  maxAgeMs: number;
}): Promise<QuotaRefreshResult> {
  const { region, client, store, signal } = input;
  try {
    const last = await store.lastRefresh(region);
    if (last && input.now().getTime() - Date.parse(last.refreshedAt) < input.maxAgeMs) {
      return { status: 'fresh' };
    }
    const request = { ServiceCode: BEDROCK_SERVICE_CODE };
    const paging = { client, pageSize: QUOTA_PAGE_SIZE };
    const [defaults, applied] = await Promise.all([
      drain(paginateListAWSDefaultServiceQuotas(paging, request, { abortSignal: signal })),
      drain(paginateListServiceQuotas(paging, request, { abortSignal: signal })),
    ]);
    const quotas = mergeQuotas(region, defaults, applied, input.models);
    await store.replaceRegionQuotas(region, quotas, input.now());
    const matched = quotas.filter((q) => q.tokens && q.modelId !== null).length;
    const unmatched = quotas.filter((q) => q.tokens && q.modelId === null).length;
    return {
      status: 'refreshed',
      matched,
      unmatched,
      other: quotas.length - matched - unmatched,
    };
  } catch (error) {
    return {
      status: 'failed',
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    };
  }
}
